#!/usr/bin/env bash
# Rebuilds the compressed-size estimator's WebAssembly module, src/image/gogzip/gogzip.wasm, from
# src/image/gogzip/main.go, and copies the runtime glue it needs (wasm_exec.js) from the same Go
# toolchain. Reproducible: Debian's Go 1.19 (golang-1.19-go, what the Docker 20.10 engine here is
# built with), -trimpath, no VCS stamp, no build ID, so the same toolchain gives the same bytes
# (checked by __tests__/itg/gogzip-wasm.itg.test.ts).
#
#   scripts/build-gogzip.sh [OUT_DIR]   (default src/image/gogzip; GO=path/to/go to override)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
GO=${GO:-/usr/lib/go-1.19/bin/go}
out=${1:-src/image/gogzip}
case "$out" in /*) ;; *) out="$root/$out" ;; esac
mkdir -p "$out"

[ -x "$GO" ] || { echo "build-gogzip: no Go toolchain at $GO (apt-get install golang-1.19-go)" >&2; exit 1; }
version=$("$GO" env GOVERSION)
case "$version" in
  go1.19.*) ;;
  *) echo "build-gogzip: $GO is $version; the committed module is built with Go 1.19" >&2; exit 1 ;;
esac

cd src/image/gogzip
env GOOS=js GOARCH=wasm CGO_ENABLED=0 GOFLAGS= GO111MODULE=on GOWORK=off GOTOOLCHAIN=local \
  "$GO" build -trimpath -buildvcs=false -ldflags='-s -w -buildid=' -o "$out/gogzip.wasm" .
cp "$("$GO" env GOROOT)/misc/wasm/wasm_exec.js" "$out/wasm_exec.js"
echo "build-gogzip: $version → $out/gogzip.wasm ($(wc -c <"$out/gogzip.wasm") bytes)"
