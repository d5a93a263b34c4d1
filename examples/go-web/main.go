// Command go-web is the example service image-size-budget measures: a page and a JSON endpoint.
package main

import (
	"encoding/json"
	"html/template"
	"log"
	"net/http"
	"os"
	"time"
)

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>go-web</title></head>
<body>
<h1>Hello from go-web</h1>
<p>Served at {{.Now}} by a static Go binary on a minimal base image.</p>
<p>Try <a href="/api/status">/api/status</a>.</p>
</body>
</html>
`))

type status struct {
	Service string    `json:"service"`
	Status  string    `json:"status"`
	Time    time.Time `json:"time"`
	Uptime  string    `json:"uptime"`
}

var started = time.Now()

func handlePage(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := page.Execute(w, struct{ Now string }{time.Now().UTC().Format(time.RFC3339)}); err != nil {
		log.Printf("render page: %v", err)
	}
}

func handleStatus(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	body := status{Service: "go-web", Status: "ok", Time: time.Now().UTC(), Uptime: time.Since(started).Round(time.Second).String()}
	if err := json.NewEncoder(w).Encode(body); err != nil {
		log.Printf("encode status: %v", err)
	}
}

func main() {
	addr := ":8080"
	if port := os.Getenv("PORT"); port != "" {
		addr = ":" + port
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", handlePage)
	mux.HandleFunc("/api/status", handleStatus)
	log.Printf("go-web listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
