#!/usr/bin/env bash
# Everything the example and the tests need, on a fresh machine: Debian packages (when missing
# and apt-get is there), a running Docker engine, npm dependencies, the local stand-in base
# images, and the newer engines (scripts/engines.sh). Idempotent; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# 1. Debian packages: the engine, and what the stand-in images and the tests are made from.
missing=()
docker info >/dev/null 2>&1 || command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
[ -x /usr/lib/go-1.19/bin/go ] || missing+=(golang-1.19-go)
command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v git >/dev/null 2>&1 || missing+=(git)
# scripts/engines.sh and scripts/buildkitd.sh: loopback registry checks, buildkitd's runtime.
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v runc >/dev/null 2>&1 || missing+=(runc)
# The size-history page test opens the page in headless Chromium.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: please install: ${missing[*]}" >&2
    exit 1
  fi
fi

# 2. A Docker engine that answers.
if ! docker info >/dev/null 2>&1; then
  echo "setup: starting dockerd"
  nohup dockerd >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { echo "setup: dockerd did not start; see /tmp/dockerd.log" >&2; tail -20 /tmp/dockerd.log >&2; exit 1; }
fi

# 3. npm dependencies (they include the Node 24 binary the tests run on).
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# 4. Local stand-ins for the public base images (no image can be pulled here).
bash scripts/make-base-images.sh

# 5. The newer engines the integration tests also run on (Docker 26 with the classic and the
# containerd image store, buildx), from Debian trixie's packages, beside the engine above.
# Needs root; ISB_SKIP_ENGINES=1 skips it (the engine tests then skip, or fail when CI=true).
if [ "${ISB_SKIP_ENGINES:-}" != 1 ]; then
  bash scripts/engines.sh
fi
