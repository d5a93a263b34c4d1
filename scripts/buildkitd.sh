#!/usr/bin/env bash
# A BuildKit daemon of its own (buildkitd, oci worker, its own image store), attached to buildx as
# a `remote` builder named isb-remote: what users of docker/setup-buildx-action build on (a
# builder that keeps its own store, so `--load` or an exporter is the only way out of it).
#
# No BuildKit binary is packaged in Debian, but Debian trixie's golang-github-docker-docker-dev
# (the source of docker.io 26.1.5) ships BuildKit's source, cmd/buildkitd included. This script
# builds buildkitd from it with trixie's Go 1.24 and the golang-*-dev packages it imports
# (GOPATH mode, CGO_ENABLED=0, a static binary), all fetched with a package list of our own as
# scripts/engines.sh does, unpacked with `dpkg-deb -x` under $ISB_ENGINES_DIR/buildkitd. Three
# imports have no Debian package and get small stand-ins (go-archvariant, packageurl-go: SBOM
# purls only; fuse-overlayfs-snapshotter: reported unavailable); the gha and azblob cache
# backends (no Debian package either) are left out of the daemon. The binary is built once:
# a second run takes seconds.
#
# It runs as root with the machine's runc (trixie's runc needs a newer glibc than bookworm's),
# host networking for RUN (`networkMode = "host"`: no CNI, no bridge, docker0 untouched), and a
# buildkitd.toml that lets it pull from a loopback plain-HTTP registry. That registry (a
# docker-registry of its own, kept running) holds the base images copied from the 20.10 daemon,
# so `FROM 127.0.0.1:<port>/isb-local/busybox:latest` builds on the remote builder, and so does
# `FROM isb-local/busybox:latest` (the registry mirrors docker.io). ISB_BUILDKITD_IMAGES lists
# the images copied (default: isb-local/busybox:latest isb-local/golang:1.19).
#
# The same buildkitd also runs as a buildx `docker-container` builder, isb-container (step 7),
# in a container on the docker26-classic engine (ISB_CONTAINER_BUILDER names it).
#
# Writes $ISB_ENGINES_DIR/buildkitd/builder.json ({"name","driver","endpoint","socket",
# "registry","buildkitVersion"[,"containerBuilder"]}; engines.sh puts it into engines.json as
# "remoteBuilder"). `scripts/buildkitd.sh stop` stops the daemon and the registry and removes the builders.
# Needs: root, apt-get, dpkg-deb, runc, docker-registry, curl, the 20.10 daemon with isb-local/*
# images, and scripts/engines.sh run once (its apt sources and the buildx plugin's DOCKER_CONFIG);
# for isb-container also Go 1.19 (golang-1.19-go) and engines.sh's docker26-classic running.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${ISB_ENGINES_DIR:-/opt/isb-engines}
run_dir=${ISB_ENGINES_RUN_DIR:-/run/isb-engines}
bk=$dir/buildkitd
bk_run=$run_dir/buildkitd
sock=$bk_run/buildkitd.sock
builder=${ISB_REMOTE_BUILDER:-isb-remote}
container_builder=${ISB_CONTAINER_BUILDER:-isb-container} # the docker-container builder (step 7)
first_port=${ISB_BUILDKITD_REGISTRY_PORT:-5780} # the registry takes the first free of 10 ports
host_docker=${HOST_DOCKER:-/usr/bin/docker}    # the 20.10 CLI, talks to the default socket
cli=${ISB_DOCKER_CLI:-/usr/local/bin/docker}     # the v28 CLI with the buildx plugin
docker_config=$dir/docker-config
# shellcheck disable=SC2206
registry_images=(${ISB_BUILDKITD_IMAGES:-isb-local/busybox:latest isb-local/golang:1.19})
suite=trixie
go_version=1.24
# What `go list -deps ./cmd/buildkitd` reaches, by package (plus the Go toolchain). Found by
# building against the whole dependency closure of golang-github-docker-docker-dev.
packages=(
  "golang-$go_version-go" "golang-$go_version-src"
  golang-github-docker-docker-dev
  golang-github-agext-levenshtein-dev golang-github-anchore-go-struct-converter-dev
  golang-github-appc-cni-dev golang-github-armon-circbuf-dev golang-github-aws-aws-sdk-go-v2-dev
  golang-github-aws-smithy-go-dev golang-github-beorn7-perks-dev golang-github-cenkalti-backoff-dev
  golang-github-cespare-xxhash-dev golang-github-containerd-console-dev
  golang-github-containerd-containerd-dev golang-github-containerd-continuity-dev
  golang-github-containerd-errdefs-dev golang-github-containerd-fifo-dev
  golang-github-containerd-go-cni-dev golang-github-containerd-go-runc-dev
  golang-github-containerd-log-dev golang-github-containerd-nydus-snapshotter-dev
  golang-github-containerd-platforms-dev golang-github-containerd-stargz-snapshotter-dev
  golang-github-containerd-ttrpc-dev golang-github-containerd-typeurl-dev
  golang-github-containernetworking-plugins-dev golang-github-coreos-bbolt-dev
  golang-github-coreos-go-systemd-dev golang-github-cpuguy83-go-md2man-v2-dev
  golang-github-distribution-reference-dev golang-github-docker-go-connections-dev
  golang-github-docker-go-events-dev golang-github-docker-go-metrics-dev
  golang-github-docker-go-units-dev golang-github-felixge-httpsnoop-dev golang-github-go-logr-logr-dev
  golang-github-go-logr-stdr-dev golang-github-gofrs-flock-dev golang-github-gogo-googleapis-dev
  golang-github-gogo-protobuf-dev golang-github-golang-groupcache-dev
  golang-github-golang-protobuf-1-5-dev golang-github-google-go-cmp-dev golang-github-google-shlex-dev
  golang-github-google-uuid-dev golang-github-grpc-ecosystem-grpc-gateway-dev
  golang-github-hanwen-go-fuse-dev golang-github-hashicorp-errwrap-dev
  golang-github-hashicorp-go-cleanhttp-dev golang-github-hashicorp-go-immutable-radix-dev
  golang-github-hashicorp-go-multierror-dev golang-github-hashicorp-go-retryablehttp-dev
  golang-github-hashicorp-golang-lru-dev golang-github-in-toto-in-toto-golang-dev
  golang-github-klauspost-compress-dev golang-github-mitchellh-hashstructure-v2-dev
  golang-github-moby-docker-image-spec-dev golang-github-moby-locker-dev
  golang-github-moby-patternmatcher-dev golang-github-moby-sys-dev golang-github-munnerz-goautoneg-dev
  golang-github-opencontainers-go-digest-dev golang-github-opencontainers-image-spec-dev
  golang-github-opencontainers-selinux-dev golang-github-opencontainers-specs-dev
  golang-github-pelletier-go-toml-dev golang-github-pkg-errors-dev golang-github-pkg-profile-dev
  golang-github-prometheus-client-golang-dev golang-github-prometheus-client-model-dev
  golang-github-prometheus-common-dev golang-github-prometheus-procfs-dev
  golang-github-russross-blackfriday-v2-dev golang-github-secure-systems-lab-go-securesystemslib-dev
  golang-github-shibumi-go-pathspec-dev golang-github-sirupsen-logrus-dev
  golang-github-spdx-tools-golang-dev golang-github-tonistiigi-fsutil-dev
  golang-github-tonistiigi-units-dev golang-github-urfave-cli-dev golang-github-vbatts-tar-split-dev
  golang-github-vishvananda-netlink-dev golang-github-vishvananda-netns-dev golang-golang-x-crypto-dev
  golang-golang-x-net-dev golang-golang-x-sync-dev golang-golang-x-sys-dev golang-golang-x-text-dev
  golang-golang-x-time-dev golang-google-genproto-dev golang-google-grpc-dev
  golang-google-protobuf-dev golang-opentelemetry-contrib-dev golang-opentelemetry-otel-dev
  golang-opentelemetry-proto-dev
)

log() { echo "buildkitd: [${SECONDS}s] $*"; }
die() {
  echo "buildkitd: $*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || die "must run as root (buildkitd's oci worker runs containers)"

stop_pid() {
  local pidfile=$1 pid
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
}

if [ "${1:-}" = stop ]; then
  if [ -x "$cli" ] && [ -d "$docker_config/buildx/instances" ]; then
    DOCKER_CONFIG=$docker_config "$cli" buildx rm "$builder" >/dev/null 2>&1 || true
    # Removes its container and state volume from docker26-classic (engines.sh stops that later).
    DOCKER_CONFIG=$docker_config "$cli" buildx rm "$container_builder" >/dev/null 2>&1 || true
  fi
  stop_pid "$bk_run/buildkitd.pid"
  stop_pid "$bk_run/registry.pid"
  rm -f "$bk/builder.json"
  log "stopped"
  exit 0
fi

command -v runc >/dev/null 2>&1 || die "runc not found (bookworm's runc package; docker.io depends on it)"
command -v docker-registry >/dev/null 2>&1 || die "docker-registry not found (Debian package docker-registry)"
[ -x "$docker_config/cli-plugins/docker-buildx" ] || die "no buildx plugin in $docker_config: run scripts/engines.sh first"
mkdir -p "$bk" "$bk_run"

# --- 1. The packages -------------------------------------------------------------------------
pkgs=$bk/pkgs # the unpacked packages: Go in usr/lib/go-$go_version, sources in usr/share/gocode
bin=$bk/bin
fetch_packages() {
  [ -x "$bin/buildkitd" ] && return
  [ -e "$pkgs/.complete" ] && return
  # The mirror and keyring engines.sh found in the machine's apt sources.
  [ -s "$dir/apt/sources.list" ] || die "$dir/apt/sources.list missing: run scripts/engines.sh first"
  local apt=$bk/apt
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
  cp "$dir/apt/sources.list" "$apt/sources.list"
  local opts=(
    -o "Dir::Etc::sourcelist=$apt/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Dir::State::status=/dev/null
    -o APT::Sandbox::User=root
  )
  log "fetching ${#packages[@]} packages (Go $go_version, BuildKit's source and its imports) from $suite"
  apt-get "${opts[@]}" -qq update || die "apt-get update of $suite failed (see above)"
  rm -f "$apt/debs"/*.deb
  (cd "$apt/debs" && apt-get "${opts[@]}" -qq download "${packages[@]}") ||
    die "apt-get download failed (see above)"
  log "fetched $(du -sm "$apt/debs" | cut -f1) MB"
  rm -rf "$pkgs"
  mkdir -p "$pkgs"
  local deb
  for deb in "$apt/debs"/*.deb; do dpkg-deb -x "$deb" "$pkgs"; done
  dpkg-deb -f "$apt/debs"/golang-github-docker-docker-dev_*.deb Version >"$pkgs/.docker-dev-version"
  touch "$pkgs/.complete"
  rm -f "$apt/debs"/*.deb
  log "unpacked"
}

# --- 2. buildkitd, built once ----------------------------------------------------------------
# A GOPATH entry of our own in front of Debian's: a copy of BuildKit's tree (with a go.mod, so
# that Go's "minimal module compatibility" resolves imports like go-systemd/v22 to Debian's
# unversioned directories), minus the gha and azblob cache backends, plus three stand-ins.
write_overlay() {
  local src=$1/src/github.com
  mkdir -p "$src/moby" "$src/tonistiigi/go-archvariant" "$src/package-url/packageurl-go" \
    "$src/containerd/fuse-overlayfs-snapshotter"
  cp -a "$pkgs/usr/share/gocode/src/github.com/moby/buildkit" "$src/moby/"
  printf 'module github.com/moby/buildkit\n\ngo 1.21\n' >"$src/moby/buildkit/go.mod"
  sed -i \
    -e '\#"github.com/moby/buildkit/cache/remotecache/azblob"#d' \
    -e '\#"github.com/moby/buildkit/cache/remotecache/gha"#d' \
    -e '/"gha": *gha\./d' -e '/"azblob": *azblob\./d' \
    "$src/moby/buildkit/cmd/buildkitd/main.go"
  ! grep -qE 'gha\.|azblob\.' "$src/moby/buildkit/cmd/buildkitd/main.go" ||
    die "could not take the gha/azblob cache backends out of cmd/buildkitd/main.go"
  cat >"$src/tonistiigi/go-archvariant/archvariant.go" <<'EOF'
// Package archvariant stands in for github.com/tonistiigi/go-archvariant (not in Debian).
package archvariant

// AMD64Variant returns the amd64 level BuildKit records for the host: the baseline.
func AMD64Variant() string { return "v1" }
EOF
  cat >"$src/package-url/packageurl-go/packageurl.go" <<'EOF'
// Package packageurl stands in for github.com/package-url/packageurl-go (not in Debian): enough
// for BuildKit's util/purl (SBOM and provenance attestations).
package packageurl

import (
	"errors"
	"net/url"
	"strings"
)

const (
	TypeDocker = "docker"
	TypeOCI    = "oci"
)

type Qualifier struct {
	Key   string
	Value string
}

type Qualifiers []Qualifier

type PackageURL struct {
	Type       string
	Namespace  string
	Name       string
	Version    string
	Qualifiers Qualifiers
	Subpath    string
}

func NewPackageURL(purlType, namespace, name, version string, qualifiers Qualifiers, subpath string) *PackageURL {
	return &PackageURL{Type: purlType, Namespace: namespace, Name: name, Version: version, Qualifiers: qualifiers, Subpath: subpath}
}

// ToString renders pkg:type/namespace/name@version?key=value&...
func (p *PackageURL) ToString() string {
	var b strings.Builder
	b.WriteString("pkg:" + p.Type + "/")
	if p.Namespace != "" {
		b.WriteString(p.Namespace + "/")
	}
	b.WriteString(url.PathEscape(p.Name))
	if p.Version != "" {
		b.WriteString("@" + url.PathEscape(p.Version))
	}
	for i, q := range p.Qualifiers {
		if i == 0 {
			b.WriteString("?")
		} else {
			b.WriteString("&")
		}
		b.WriteString(q.Key + "=" + url.QueryEscape(q.Value))
	}
	return b.String()
}

// FromString is not supported by this stand-in.
func FromString(purl string) (PackageURL, error) {
	return PackageURL{}, errors.New("packageurl: parsing is not supported in this build")
}
EOF
  cat >"$src/containerd/fuse-overlayfs-snapshotter/fuseoverlayfs.go" <<'EOF'
// Package fuseoverlayfs stands in for github.com/containerd/fuse-overlayfs-snapshotter (not in
// Debian): the snapshotter is reported unavailable, so "auto" picks overlayfs or native.
package fuseoverlayfs

import (
	"errors"

	"github.com/containerd/containerd/snapshots"
)

var errUnsupported = errors.New("fuse-overlayfs snapshotter is not included in this build")

type Opt func(*struct{}) error

func Supported(root string) error { return errUnsupported }

func NewSnapshotter(root string, opts ...Opt) (snapshots.Snapshotter, error) {
	return nil, errUnsupported
}
EOF
}

build_buildkitd() {
  [ -x "$bin/buildkitd" ] && return
  local overlay=$bk/gopath goroot=$pkgs/usr/lib/go-$go_version
  rm -rf "$overlay"
  write_overlay "$overlay"
  local deb_version version
  deb_version=$(cat "$pkgs/.docker-dev-version")
  # docker.io 26.1 vendors BuildKit's v0.13 line (the patch level is not recorded in the
  # package): a semver "v0.13.0" plus, as build metadata, the Debian source it came from.
  version="v0.13.0+docker.io-${deb_version//[^0-9A-Za-z.-]/-}"
  log "building buildkitd $version with Go $("$goroot/bin/go" env GOVERSION 2>/dev/null || echo "$go_version") (a few minutes from cold)"
  mkdir -p "$bin"
  (
    cd "$overlay/src/github.com/moby/buildkit"
    GOROOT=$goroot GOPATH=$overlay:$pkgs/usr/share/gocode GO111MODULE=off CGO_ENABLED=0 \
      GOCACHE=$bk/gocache GOFLAGS= GOTOOLCHAIN=local GOPROXY=off \
      "$goroot/bin/go" build -trimpath \
      -ldflags "-s -w -X github.com/moby/buildkit/version.Version=$version -X github.com/moby/buildkit/version.Revision=debian-$deb_version" \
      -o "$bin/buildkitd.new" ./cmd/buildkitd
  ) || die "building buildkitd failed (see above)"
  mv "$bin/buildkitd.new" "$bin/buildkitd"
  changed=1
  log "built $("$bin/buildkitd" --version 2>/dev/null)"
  # Only the binary is kept (the sources, Go and its build cache take 1.6 GB).
  rm -rf "$overlay" "$bk/gocache" "$pkgs"
}

changed=0
fetch_packages
build_buildkitd
bk_version=$("$bin/buildkitd" --version 2>/dev/null | awk '{print $3}')

# --- 3. A loopback registry with the base images -----------------------------------------------
registry_up() { curl -fsS "http://$1/v2/" >/dev/null 2>&1; }
registry_host=''
if [ -s "$bk/registry.host" ] && [ -s "$bk_run/registry.pid" ] && kill -0 "$(cat "$bk_run/registry.pid")" 2>/dev/null &&
  registry_up "$(cat "$bk/registry.host")"; then
  registry_host=$(cat "$bk/registry.host")
else
  stop_pid "$bk_run/registry.pid"
  for port in $(seq "$first_port" $((first_port + 9))); do
    ss -Htln "sport = :$port" | grep -q . || break
  done
  ss -Htln "sport = :$port" | grep -q . && die "no free port in $first_port-$((first_port + 9)) for the registry"
  registry_host=127.0.0.1:$port
  mkdir -p "$bk/registry"
  printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\nhttp:\n  addr: %s\n' \
    "$bk/registry/data" "$registry_host" >"$bk/registry/config.yml"
  log "starting docker-registry on $registry_host"
  nohup docker-registry serve "$bk/registry/config.yml" >"$bk/registry/registry.log" 2>&1 &
  echo $! >"$bk_run/registry.pid"
  for _ in $(seq 1 100); do
    registry_up "$registry_host" && break
    sleep 0.1
  done
  registry_up "$registry_host" || {
    tail -20 "$bk/registry/registry.log" >&2
    die "docker-registry did not start on $registry_host"
  }
  echo "$registry_host" >"$bk/registry.host"
  changed=1
fi
for img in "${registry_images[@]}"; do
  name=${img%:*} tag=${img##*:}
  curl -fsS -o /dev/null -I -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$registry_host/v2/$name/manifests/$tag" 2>/dev/null && continue
  "$host_docker" image inspect "$img" >/dev/null 2>&1 ||
    die "$img is missing on the 20.10 daemon: run scripts/make-base-images.sh first"
  log "pushing $img from the 20.10 daemon to $registry_host"
  "$host_docker" tag "$img" "$registry_host/$img"
  "$host_docker" push -q "$registry_host/$img" >/dev/null
  "$host_docker" image rm "$registry_host/$img" >/dev/null
  changed=1
done

# --- 4. buildkitd ------------------------------------------------------------------------------
config=$bk/buildkitd.toml
cat >"$config.new" <<EOF
# written by scripts/buildkitd.sh
root = "$bk/state"
[grpc]
  address = ["unix://$sock"]
[worker.oci]
  enabled = true
  snapshotter = "auto"
  # RUN steps share the host's network: no CNI, no bridge of its own (docker0 stays untouched).
  networkMode = "host"
[worker.containerd]
  enabled = false
[registry."$registry_host"]
  http = true
# Docker Hub names (FROM isb-local/busybox:latest) resolve through the loopback registry first,
# so the Dockerfiles the other engines build work here unchanged.
[registry."docker.io"]
  mirrors = ["$registry_host"]
EOF
# Up: the recorded process runs the current binary (after a rebuild its exe reads "… (deleted)").
bk_up() {
  [ -S "$sock" ] && [ -s "$bk_run/buildkitd.pid" ] &&
    [ "$(readlink "/proc/$(cat "$bk_run/buildkitd.pid")/exe" 2>/dev/null)" = "$bin/buildkitd" ]
}
if ! bk_up || ! cmp -s "$config" "$config.new"; then
  stop_pid "$bk_run/buildkitd.pid"
  mv "$config.new" "$config"
  rm -f "$sock"
  mkdir -p "$bk/state"
  log "starting buildkitd $bk_version on $sock"
  nohup "$bin/buildkitd" --config "$config" >"$bk/buildkitd.log" 2>&1 &
  echo $! >"$bk_run/buildkitd.pid"
  for _ in $(seq 1 100); do
    [ -S "$sock" ] && break
    sleep 0.1
  done
  [ -S "$sock" ] || {
    tail -20 "$bk/buildkitd.log" >&2
    die "buildkitd did not start; see $bk/buildkitd.log"
  }
  changed=1
else
  rm -f "$config.new"
fi

# --- 5. The buildx builder -----------------------------------------------------------------------
bx() { DOCKER_CONFIG=$docker_config "$cli" buildx "$@"; }
# (grep reads a here-string, not a pipe: under pipefail, grep -q quitting early fails the pipe.)
if ! grep -q "Endpoint: *unix://$sock\$" <<<"$(bx inspect "$builder" 2>/dev/null)"; then
  bx rm "$builder" >/dev/null 2>&1 || true
  bx create --name "$builder" --driver remote "unix://$sock" >/dev/null
  changed=1
fi
# Bootstrapping asks buildkitd for its workers: proof that it answers.
grep -q '^Status: *running' <<<"$(bx inspect --bootstrap "$builder")" ||
  die "builder $builder does not answer; see $bk/buildkitd.log"

# --- 6. Check (after a change only): a RUN on a base image from the registry ---------------------
if [ "$changed" = 1 ]; then
  ctx=$(mktemp -d /tmp/isb-buildkitd-check.XXXXXX)
  printf 'FROM %s/%s\nRUN echo ok >/ok\n' "$registry_host" "${registry_images[0]}" >"$ctx/Dockerfile"
  bx build --builder "$builder" --progress quiet --no-cache --output type=cacheonly "$ctx" >/dev/null || {
    rm -rf "$ctx"
    die "a RUN on $builder failed; see $bk/buildkitd.log"
  }
  rm -rf "$ctx"
fi

# --- 7. The same buildkitd as a docker-container builder ------------------------------------------
# What `docker/setup-buildx-action` creates by default: buildx runs the builder image as a
# privileged container and talks to it through `docker exec buildctl dial-stdio`. No
# moby/buildkit image can be pulled, so the image is made here (isb-local/buildkit): the static
# buildkitd above as ENTRYPOINT (buildx passes its flags as CMD), the machine's runc with the
# libraries ldd names and their loader, busybox's sh, and a stand-in `buildctl` with only the two
# subcommands the driver runs (`debug workers`, its readiness probe; `dial-stdio`), built with
# the machine's Go 1.19 (BuildKit's own buildctl needs sources this script does not keep).
# The container runs on docker26-classic, not the 20.10 daemon: 20.10's --privileged asks for
# every capability the kernel knows and this machine's bounding set lacks CAP_SYS_RESOURCE
# ("unable to apply caps: operation not permitted"); 26.1 grants the bounding set. `--load`
# still loads into the current docker context (the 20.10 daemon by default).
container_json=''
ctr_sock=$run_dir/docker26-classic/docker.sock
host_go=${ISB_HOST_GO:-/usr/lib/go-1.19/bin/go}
container_builder_up() {
  local ctx=$bk/container ctr_config=$bk/buildkitd-container.toml
  mkdir -p "$ctx"
  if [ ! -x "$bin/buildctl" ]; then
    [ -x "$host_go" ] || {
      log "no Go at $host_go (golang-1.19-go): no docker-container builder"
      return 0
    }
    mkdir -p "$ctx/buildctl"
    cat >"$ctx/buildctl/main.go" <<'EOF'
// Command buildctl stands in for BuildKit's buildctl inside the isb-local/buildkit image, with
// the two subcommands buildx's docker-container driver runs in the builder container:
// `buildctl debug workers` (readiness: succeeds once buildkitd's socket accepts a connection)
// and `buildctl dial-stdio` (buildx's gRPC connection: stdin/stdout spliced to the socket).
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strings"
)

func main() {
	addr := "unix:///run/buildkit/buildkitd.sock"
	if v := os.Getenv("BUILDKIT_HOST"); v != "" {
		addr = v
	}
	var cmd []string
	for i := 1; i < len(os.Args); i++ {
		switch a := os.Args[i]; {
		case a == "--addr" && i+1 < len(os.Args):
			i++
			addr = os.Args[i]
		case strings.HasPrefix(a, "--addr="):
			addr = strings.TrimPrefix(a, "--addr=")
		case !strings.HasPrefix(a, "-"):
			cmd = append(cmd, a)
		}
	}
	if !strings.HasPrefix(addr, "unix://") {
		fmt.Fprintf(os.Stderr, "buildctl (stand-in): only unix:// addresses, got %q\n", addr)
		os.Exit(2)
	}
	sub := strings.Join(cmd, " ")
	if sub != "debug workers" && sub != "dial-stdio" {
		fmt.Fprintln(os.Stderr, "buildctl (stand-in): only `debug workers` and `dial-stdio`")
		os.Exit(2)
	}
	c, err := net.Dial("unix", strings.TrimPrefix(addr, "unix://"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "buildctl (stand-in): %v\n", err)
		os.Exit(1)
	}
	if sub == "debug workers" {
		c.Close()
		return
	}
	done := make(chan struct{})
	go func() {
		io.Copy(os.Stdout, c)
		close(done)
	}()
	io.Copy(c, os.Stdin)
	c.(*net.UnixConn).CloseWrite()
	<-done
}
EOF
    log "building the stand-in buildctl with $("$host_go" env GOVERSION)"
    (cd "$ctx/buildctl" && CGO_ENABLED=0 GO111MODULE=off GOFLAGS= GOTOOLCHAIN=local GOPROXY=off \
      GOCACHE=$ctx/gocache "$host_go" build -trimpath -ldflags "-s -w" -o "$bin/buildctl.new" main.go) ||
      die "building the stand-in buildctl failed (see above)"
    mv "$bin/buildctl.new" "$bin/buildctl"
    rm -rf "$ctx/gocache" "$ctx/buildctl"
  fi
  [ -S "$ctr_sock" ] && "$host_docker" -H "unix://$ctr_sock" version >/dev/null 2>&1 || {
    log "docker26-classic is not running at $ctr_sock (scripts/engines.sh): no docker-container builder"
    return 0
  }
  cat >"$ctr_config" <<EOF
# written by scripts/buildkitd.sh: buildkitd.toml of the $container_builder builder (the
# container's own state in /var/lib/buildkit, its socket /run/buildkit/buildkitd.sock)
[worker.oci]
  enabled = true
  snapshotter = "auto"
  networkMode = "host"
[worker.containerd]
  enabled = false
[registry."$registry_host"]
  http = true
[registry."docker.io"]
  mirrors = ["$registry_host"]
EOF
  # The image's tag names what went into it, the builder's container is recreated when it changes
  # (buildx copies the config into the container when it creates it).
  local runc_bin libs=() lib inputs tag
  runc_bin=$(command -v runc)
  mapfile -t libs < <(ldd "$runc_bin" | awk '/=>/ {print $3} /ld-linux/ {print $1}')
  inputs=$(cat "$bin/buildkitd" "$bin/buildctl" "$runc_bin" /bin/busybox "${libs[@]}" "$ctr_config" | sha256sum)
  tag=isb-local/buildkit:${bk_version//[^0-9A-Za-z_.-]/-}-${inputs:0:12}
  local d26=("$host_docker" -H "unix://$ctr_sock")
  if ! "${d26[@]}" image inspect "$tag" >/dev/null 2>&1; then
    local root=$ctx/rootfs
    rm -rf "$root"
    mkdir -p "$root/usr/bin" "$root/usr/sbin" "$root/bin" "$root/tmp" "$root/run" "$root/etc/buildkit" \
      "$root/var/lib/buildkit"
    chmod 1777 "$root/tmp"
    cp "$bin/buildkitd" "$bin/buildctl" "$root/usr/bin/"
    cp "$runc_bin" "$root/usr/sbin/runc"
    cp /bin/busybox "$root/bin/busybox"
    ln -s busybox "$root/bin/sh"
    for lib in "${libs[@]}"; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
    printf 'root:x:0:\n' >"$root/etc/group"
    log "making $tag on docker26-classic"
    tar -C "$root" -c . | "${d26[@]}" import \
      -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      -c 'ENTRYPOINT ["buildkitd"]' -c 'VOLUME /var/lib/buildkit' - "$tag" >/dev/null
    rm -rf "$root"
    changed=1
  fi
  # The node's endpoint is the engine's socket itself (no docker context of its own).
  local node
  node=$(bx inspect "$container_builder" 2>/dev/null || true)
  if ! grep -q "^Endpoint: *unix://$ctr_sock\$" <<<"$node" || ! grep -q "^Driver Options:.* image=\"$tag\"" <<<"$node"; then
    bx rm "$container_builder" >/dev/null 2>&1 || true
    bx create --name "$container_builder" --driver docker-container \
      --driver-opt "image=$tag,network=host" --config "$ctr_config" "unix://$ctr_sock" >/dev/null
    changed=1
  fi
  bx inspect --bootstrap "$container_builder" >"$ctx/inspect.log" 2>&1 && grep -q '^Status: *running' "$ctx/inspect.log" || {
    cat "$ctx/inspect.log" >&2
    die "builder $container_builder does not start (see above)"
  }
  if [ "$changed" = 1 ]; then
    local check
    check=$(mktemp -d /tmp/isb-buildkitd-check.XXXXXX)
    printf 'FROM %s\nRUN echo ok >/ok\n' "${registry_images[0]}" >"$check/Dockerfile"
    bx build --builder "$container_builder" --progress quiet --no-cache --output type=cacheonly "$check" >/dev/null || {
      rm -rf "$check"
      die "a RUN on $container_builder failed (docker -H unix://$ctr_sock logs buildx_buildkit_${container_builder}0)"
    }
    rm -rf "$check"
  fi
  container_json=",
  \"containerBuilder\": \"$container_builder\""
  log "ready: builder $container_builder (docker-container on docker26-classic, image $tag)"
}
container_builder_up

cat >"$bk/builder.json.new" <<EOF
{
  "name": "$builder",
  "driver": "remote",
  "endpoint": "unix://$sock",
  "socket": "$sock",
  "registry": "$registry_host",
  "buildkitVersion": "$bk_version"$container_json
}
EOF
mv "$bk/builder.json.new" "$bk/builder.json"
log "ready: builder $builder (remote, buildkitd $bk_version at unix://$sock), registry $registry_host with ${registry_images[*]}"
