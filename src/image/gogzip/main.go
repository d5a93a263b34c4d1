//go:build js && wasm

// Command gogzip counts the bytes Go's compress/gzip writes at its default level, the
// compression `docker push` applies to each layer of the classic image store (moby
// daemon/internal/distribution/push.go: compress() wraps the layer in gzip.NewWriter) and
// BuildKit's default (moby/buildkit util/compression, gzip at the default level).
// gzip.NewWriter is compress/flate at DefaultCompression (level 6) between a 10-byte header
// and an 8-byte trailer; this program runs the flate part and leaves the framing to its caller.
//
// Built for WebAssembly (GOOS=js GOARCH=wasm, scripts/build-gogzip.sh) and driven from
// JavaScript through the object it sets as globalThis.__gogzip:
//
//	begin(dict)  start a raw deflate stream; dict (a Uint8Array or null) primes its window
//	             with the bytes that came before (flate.NewWriterDict)
//	write(data)  compress a Uint8Array (copied into Go's memory, output only counted)
//	end()        finish the stream; returns its size in bytes (a number)
//
// One stream at a time per instance. The compressed bytes are never kept: memory stays at the
// compressor's window and tables plus the largest chunk written.
package main

import (
	"compress/flate"
	"syscall/js"
)

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

var (
	out counter
	zw  *flate.Writer
	buf []byte
)

// bytesOf copies a JavaScript Uint8Array into buf (grown as needed) and returns that slice.
func bytesOf(v js.Value) []byte {
	n := v.Get("length").Int()
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	b := buf[:n]
	js.CopyBytesToGo(b, v)
	return b
}

func begin(_ js.Value, args []js.Value) any {
	out = counter{}
	var err error
	if len(args) > 0 && args[0].Truthy() {
		zw, err = flate.NewWriterDict(&out, flate.DefaultCompression, bytesOf(args[0]))
	} else {
		zw, err = flate.NewWriter(&out, flate.DefaultCompression)
	}
	if err != nil {
		panic(err)
	}
	return nil
}

func write(_ js.Value, args []js.Value) any {
	if zw == nil {
		panic("gogzip: write before begin")
	}
	if _, err := zw.Write(bytesOf(args[0])); err != nil {
		panic(err)
	}
	return nil
}

func end(_ js.Value, _ []js.Value) any {
	if zw == nil {
		panic("gogzip: end before begin")
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	zw = nil
	return float64(out.n)
}

func main() {
	api := js.Global().Get("Object").New()
	api.Set("begin", js.FuncOf(begin))
	api.Set("write", js.FuncOf(write))
	api.Set("end", js.FuncOf(end))
	js.Global().Set("__gogzip", api)
	select {}
}
