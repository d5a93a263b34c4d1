#!/usr/bin/env bash
# Makes the local stand-ins for public base images, for machines that cannot pull:
#   isb-local/busybox:latest   a busybox rootfs (Debian's busybox-static), ~1-2 MB
#   isb-local/golang:1.19      a Go toolchain image from Debian's golang-1.19-go, ~480 MB
# Idempotent: an image that already exists is kept. Needs: docker, busybox-static, golang-1.19-go.
# Makes them in the daemon DOCKER_HOST points at (default: the local socket). The newer engines get
# copies of these (same image IDs) from scripts/engines.sh, through a loopback registry.
set -euo pipefail

docker_bin=${DOCKER:-docker}
have() { "$docker_bin" image inspect "$1" >/dev/null 2>&1; }

busybox_rootfs() {
  # $1: target directory. A minimal root: busybox and its applet links, /tmp, /etc/passwd.
  local root=$1
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root" "$root/usr/bin" "$root/usr/sbin" "$root/sbin"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! have isb-local/busybox:latest; then
  busybox_rootfs "$work/busybox"
  tar -C "$work/busybox" -c . | "$docker_bin" import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["sh"]' - isb-local/busybox:latest >/dev/null
  echo "made isb-local/busybox:latest"
fi

if ! have isb-local/golang:1.19; then
  root="$work/golang"
  busybox_rootfs "$root"
  mkdir -p "$root/usr/lib" "$root/usr/share" "$root/lib64" "$root/lib/x86_64-linux-gnu" "$root/go" "$root/root/.cache"
  cp -a /usr/lib/go-1.19 "$root/usr/lib/go-1.19"
  cp -a /usr/share/go-1.19 "$root/usr/share/go-1.19"
  # The toolchain binaries are dynamically linked: bring libc and the loader they name.
  for lib in $(ldd /usr/lib/go-1.19/bin/go | awk '/=>/ {print $3} /ld-linux/ {print $1}'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  tar -C "$root" -c . | "$docker_bin" import \
    -c 'ENV PATH=/usr/lib/go-1.19/bin:/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV GOPATH=/go' -c 'ENV HOME=/root' -c 'ENV GOCACHE=/root/.cache/go-build' \
    -c 'ENV GOFLAGS=-mod=mod' -c 'ENV GOPROXY=off' \
    -c 'WORKDIR /go' - isb-local/golang:1.19 >/dev/null
  echo "made isb-local/golang:1.19"
fi
