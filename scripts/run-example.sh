#!/usr/bin/env bash
# Runs the CLI on the bundled example (examples/go-web) with passing budgets and prints the
# report. Uses the public golang and busybox images when they can be pulled, else local stand-ins.
set -euo pipefail
cd "$(dirname "$0")/.."

build_args=()
pullable() { docker image inspect "$1" >/dev/null 2>&1 || timeout 120 docker pull -q "$1" >/dev/null 2>&1; }
if ! pullable golang:1.19 || ! pullable busybox:1.36; then
  echo "example: public base images cannot be pulled; using local stand-ins" >&2
  bash scripts/make-base-images.sh
  build_args=(--build-args GO_IMAGE=isb-local/golang:1.19 --build-args RUNTIME_IMAGE=isb-local/busybox:latest)
fi

exec node_modules/.bin/node dist/cli/index.js \
  --context examples/go-web \
  --max-size 20MB --max-ratio 5% --max-layers 10 \
  --report .tmp/example-report.json \
  "${build_args[@]}" "$@"
