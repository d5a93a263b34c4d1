#!/usr/bin/env bash
# The newer engines the tests also run on, beside the machine's Docker 20.10 (classic store):
#   docker26-classic     dockerd 26.1 with the classic (graphdriver) image store
#   docker26-containerd  dockerd 26.1 with the containerd image store (containerd-snapshotter)
# both on one containerd 1.7 of their own (separate namespaces), plus the buildx 0.13 CLI plugin in
# a DOCKER_CONFIG for the v28 CLI at /usr/local/bin/docker (what GitHub's runners use).
#
# Everything comes from Debian trixie's packages (docker.io, containerd, docker-buildx), fetched
# with a package list of our own that points at this machine's Debian mirror (read from its apt
# sources), unpacked with `dpkg-deb -x` under $ISB_ENGINES_DIR. Nothing is installed system-wide.
# Each daemon gets a bridge of its own: `--bridge=none` would delete the host's docker0 and break
# every RUN of the 20.10 daemon.
#
# Writes $ISB_ENGINES_DIR/engines.json (read by __tests__/helpers/engines.ts) and engines.env.
# Idempotent: what exists and answers is kept, so a second run takes a few seconds.
# `scripts/engines.sh stop` stops the daemons this script started and removes their bridges.
# A second set beside the first (to try the script from cold): other ISB_ENGINES_DIR,
# ISB_ENGINES_RUN_DIR, ISB_ENGINES_NET (first two octets) and ISB_ENGINES_BRIDGE (name prefix).
# Needs: root, apt-get, dpkg-deb, ip, docker-registry (to copy the base images), the 20.10 daemon
# with isb-local/* images (scripts/make-base-images.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${ISB_ENGINES_DIR:-/opt/isb-engines}
# Sockets, pid files and exec roots live on /run: short paths (unix sockets are limited to 108
# bytes) and gone after a reboot, like the daemons.
run_dir=${ISB_ENGINES_RUN_DIR:-/run/isb-engines}
net=${ISB_ENGINES_NET:-10.226}
bridge_prefix=${ISB_ENGINES_BRIDGE:-isb-br26}
suite=trixie
packages=(docker.io containerd docker-buildx)
host_docker=${HOST_DOCKER:-/usr/bin/docker} # the 20.10 CLI, talks to the default socket
cli=${ISB_DOCKER_CLI:-/usr/local/bin/docker}  # the v28 CLI the new engines are driven with
base_images=(isb-local/busybox:latest isb-local/golang:1.19)

log() { echo "engines: [${SECONDS}s] $*"; }
die() {
  echo "engines: $*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || die "must run as root (starts daemons, creates bridges)"

if [ "${1:-}" = stop ]; then
  # Each daemon by the pid it recorded; containerd last (the daemons use it).
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
  bash scripts/buildkitd.sh stop
  for name in docker26-classic docker26-containerd; do stop_pid "$run_dir/$name/docker.pid"; done
  stop_pid "$run_dir/containerd/containerd.pid"
  for br in "${bridge_prefix}a" "${bridge_prefix}c"; do ip link del "$br" 2>/dev/null || true; done
  log "stopped"
  exit 0
fi
mkdir -p "$dir" "$run_dir"

# --- 1. The packages -------------------------------------------------------------------------

# The machine's own Debian mirror and keyring: the first non-security `URIs:` stanza of the
# deb822 sources, else the first `deb` line of sources.list.
mirror_and_keyring() {
  local f uri='' keyring=''
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    # Stanzas are separated by blank lines; take URIs and Signed-By of the first stanza whose
    # URIs is not a security mirror.
    read -r uri keyring < <(awk '
      BEGIN { RS = ""; FS = "\n" }
      {
        u = ""; k = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); u = a[2] }
          if ($i ~ /^Signed-By:/) { split($i, b, /[ \t]+/); k = b[2] }
        }
        if (u != "" && u !~ /security/) { print u, k; exit }
      }' "$f") || true
    [ -n "$uri" ] && break
  done
  if [ -z "$uri" ] && [ -e /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || die "no Debian mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
  echo "$uri" "${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}"
}

fetch_packages() {
  local root=$dir/root
  if [ -x "$root/usr/sbin/dockerd" ] && [ -x "$root/usr/bin/containerd" ] &&
    [ -x "$root/usr/libexec/docker/cli-plugins/docker-buildx" ]; then
    return
  fi
  local mirror keyring
  read -r mirror keyring < <(mirror_and_keyring)
  # apt verifies trixie's Release file with the keyring of the machine's sources: bookworm's
  # debian-archive-keyring (2023.3+deb12u1 and later) carries the trixie keys.
  [ -r "$keyring" ] || die "keyring $keyring not readable"
  log "fetching ${packages[*]} from $mirror $suite"
  local apt=$dir/apt
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
  echo "deb [signed-by=$keyring] $mirror $suite main" >"$apt/sources.list"
  # A package list of our own: the machine's lists, cache and dpkg status stay untouched.
  local opts=(
    -o "Dir::Etc::sourcelist=$apt/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Dir::State::status=/dev/null
    -o APT::Sandbox::User=root
  )
  apt-get "${opts[@]}" -qq update || die "apt-get update of $suite from $mirror failed (see above)"
  rm -f "$apt/debs"/*.deb
  (cd "$apt/debs" && apt-get "${opts[@]}" -qq download "${packages[@]}") ||
    die "apt-get download ${packages[*]} failed"
  rm -rf "$root.new"
  mkdir -p "$root.new"
  local deb
  for deb in "$apt/debs"/*.deb; do
    dpkg-deb -x "$deb" "$root.new"
    log "unpacked $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"
  done
  rm -rf "$root"
  mv "$root.new" "$root"
  changed=1
}

changed=0 # set when this run started, fetched or copied something
fetch_packages
root=$dir/root
# Our binaries first: containerd finds its shim on PATH, dockerd its docker-proxy; runc comes
# from the machine.
engine_path=$root/usr/bin:$root/usr/sbin:$PATH
dockerd_version=$("$root/usr/sbin/dockerd" --version | sed -E 's/^Docker version ([^,]+),.*/\1/')
containerd_version=$("$root/usr/bin/containerd" --version | awk '{print $3}')

# --- 2. buildx for the v28 CLI ---------------------------------------------------------------
docker_config=$dir/docker-config
mkdir -p "$docker_config/cli-plugins"
ln -sfn "$root/usr/libexec/docker/cli-plugins/docker-buildx" "$docker_config/cli-plugins/docker-buildx"
[ -e "$docker_config/config.json" ] || echo '{}' >"$docker_config/config.json"
buildx_version=$(DOCKER_CONFIG=$docker_config "$cli" buildx version | awk '{print $2}')

# --- 3. containerd 1.7 -----------------------------------------------------------------------
ctrd_sock=$run_dir/containerd/containerd.sock
ctrd_up() { "$root/usr/bin/ctr" --address "$ctrd_sock" version >/dev/null 2>&1; }
if ! ctrd_up; then
  mkdir -p "$dir/containerd/root" "$run_dir/containerd"
  cat >"$dir/containerd/config.toml" <<EOF
version = 2
root = "$dir/containerd/root"
state = "$run_dir/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$ctrd_sock"
[debug]
  address = ""
[metrics]
  address = ""
EOF
  changed=1
  log "starting containerd $containerd_version"
  PATH=$engine_path nohup "$root/usr/bin/containerd" --config "$dir/containerd/config.toml" \
    >"$dir/containerd/containerd.log" 2>&1 &
  echo $! >"$run_dir/containerd/containerd.pid"
  for _ in $(seq 1 100); do
    ctrd_up && break
    sleep 0.1
  done
  ctrd_up || {
    tail -20 "$dir/containerd/containerd.log" >&2
    die "containerd did not start; see $dir/containerd/containerd.log"
  }
fi

# --- 4. Two dockerd 26 ------------------------------------------------------------------------
# name, store, bridge, subnet (a /24 on 10.226/16, far from docker0's 172.17/16 and from the
# pools 20.10 allocates networks from: 172.17-31/16 and 192.168/16).
engines=(
  "docker26-classic classic ${bridge_prefix}a $net.1"
  "docker26-containerd containerd ${bridge_prefix}c $net.2"
)

bridge() {
  local name=$1 net=$2
  if ! ip link show "$name" >/dev/null 2>&1; then
    ip link add "$name" type bridge
  fi
  ip addr show dev "$name" | grep -q "inet $net.1/24" || ip addr add "$net.1/24" dev "$name"
  ip link set "$name" up
}

start_dockerd() {
  local name=$1 store=$2 br=$3 net=$4
  local d=$dir/$name r=$run_dir/$name
  local sock=$r/docker.sock
  if DOCKER_HOST=unix://$sock "$cli" version >/dev/null 2>&1; then return; fi
  bridge "$br" "$net"
  mkdir -p "$d/data" "$r"
  local snapshotter=false
  [ "$store" = containerd ] && snapshotter=true
  echo "{\"features\":{\"containerd-snapshotter\":$snapshotter}}" >"$d/daemon.json"
  changed=1
  log "starting $name (dockerd $dockerd_version, $store store, bridge $br $net.1/24)"
  # Its own containerd namespaces: both daemons share one containerd.
  PATH=$engine_path nohup "$root/usr/sbin/dockerd" \
    --config-file "$d/daemon.json" \
    --containerd "$ctrd_sock" --containerd-namespace "isb-$name" \
    --containerd-plugins-namespace "isb-$name-plugins" \
    -H "unix://$sock" --data-root "$d/data" --exec-root "$r/exec" --pidfile "$r/docker.pid" \
    -b "$br" --fixed-cidr "$net.128/25" --iptables=false --ip-masq=false \
    --cgroup-parent "/isb-$name" \
    >"$d/dockerd.log" 2>&1 &
  for _ in $(seq 1 150); do
    DOCKER_HOST=unix://$sock "$cli" version >/dev/null 2>&1 && return
    sleep 0.2
  done
  tail -20 "$d/dockerd.log" >&2
  die "$name did not start; see $d/dockerd.log"
}

for e in "${engines[@]}"; do
  # shellcheck disable=SC2086
  start_dockerd $e
done

# --- 5. The base images, copied from the 20.10 daemon through a loopback registry -------------
# A pull stores what a pull from Docker Hub stores: on the containerd store, the registry's gzip
# blobs (a `docker load` of a 20.10 save would leave uncompressed layer blobs there). Image IDs
# (config digests) stay those of the 20.10 daemon on every engine.
missing_on() {
  local sock=$1 img
  for img in "${base_images[@]}"; do
    DOCKER_HOST=unix://$sock "$cli" image inspect "$img" >/dev/null 2>&1 || echo "$img"
  done
}

registry_pid=''
registry_dir=''
stop_registry() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; fi
  if [ -n "$registry_dir" ]; then rm -rf "$registry_dir"; fi
}
trap stop_registry EXIT

start_registry() {
  local port
  for port in $(seq 5790 5899); do
    ss -Htln "sport = :$port" | grep -q . || break
  done
  registry_dir=$(mktemp -d /tmp/isb-engines-registry.XXXXXX)
  registry_host=127.0.0.1:$port
  printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' \
    "$registry_dir/data" "$registry_host" >"$registry_dir/config.yml"
  docker-registry serve "$registry_dir/config.yml" >"$registry_dir/log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://$registry_host/v2/" >/dev/null 2>&1 && return
    sleep 0.1
  done
  cat "$registry_dir/log" >&2
  die "docker-registry did not start on $registry_host"
}

pull_base_images() {
  local name=$1 img
  shift
  for img in "$@"; do
    log "$name: pulling $img"
    DOCKER_HOST=unix://$run_dir/$name/docker.sock "$cli" pull -q "$registry_host/$img" >/dev/null
    DOCKER_HOST=unix://$run_dir/$name/docker.sock "$cli" tag "$registry_host/$img" "$img"
    DOCKER_HOST=unix://$run_dir/$name/docker.sock "$cli" image rm "$registry_host/$img" >/dev/null
  done
}

declare -A missing_by_engine=()
to_push=()
for e in "${engines[@]}"; do
  name=${e%% *}
  mapfile -t missing < <(missing_on "$run_dir/$name/docker.sock")
  [ ${#missing[@]} -gt 0 ] || continue
  missing_by_engine[$name]="${missing[*]}"
  for img in "${missing[@]}"; do
    [[ " ${to_push[*]} " == *" $img "* ]] || to_push+=("$img")
  done
done
if [ ${#to_push[@]} -gt 0 ]; then
  changed=1
  start_registry
  for img in "${to_push[@]}"; do
    "$host_docker" image inspect "$img" >/dev/null 2>&1 ||
      die "$img is missing on the 20.10 daemon: run scripts/make-base-images.sh first"
    log "pushing $img from the 20.10 daemon to $registry_host"
    "$host_docker" tag "$img" "$registry_host/$img"
    "$host_docker" push -q "$registry_host/$img" >/dev/null
    "$host_docker" image rm "$registry_host/$img" >/dev/null
  done
  # The engines pull at the same time (each decompresses on its own core).
  pids=()
  for name in "${!missing_by_engine[@]}"; do
    # shellcheck disable=SC2086
    pull_base_images "$name" ${missing_by_engine[$name]} &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || die "pulling the base images failed (see above)"; done
  stop_registry
  registry_pid=''
  registry_dir=''
fi

# --- 6. Check: each engine runs a container, and the 20.10 daemon still does ------------------
# (after a change only: a container run costs a couple of seconds per engine)
ip link show docker0 >/dev/null 2>&1 || die "docker0 is gone: the 20.10 daemon's RUN would fail"
for e in "${engines[@]}"; do
  [ "$changed" = 1 ] || break
  name=${e%% *}
  DOCKER_HOST=unix://$run_dir/$name/docker.sock "$cli" run --rm isb-local/busybox:latest true ||
    die "$name cannot run a container; see $dir/$name/dockerd.log"
done
[ "$changed" = 0 ] || "$host_docker" run --rm isb-local/busybox:latest true ||
  die "the 20.10 daemon cannot run a container any more"

# --- 6b. A BuildKit daemon of its own, attached to buildx as the `remote` builder isb-remote ----
# (scripts/buildkitd.sh: built from Debian's BuildKit source once, about 3 minutes from cold).
bash scripts/buildkitd.sh || die "scripts/buildkitd.sh failed (see above)"

# --- 7. The description the tests read -------------------------------------------------------
host_version=$("$host_docker" version --format '{{.Server.Version}}')
cat >"$dir/engines.json.new" <<EOF
{
  "dockerConfig": "$docker_config",
  "buildxVersion": "$buildx_version",
  "remoteBuilder": $(cat "$dir/buildkitd/builder.json"),
  "engines": [
    {
      "name": "docker20-classic",
      "host": "unix:///var/run/docker.sock",
      "serverVersion": "$host_version",
      "store": "classic",
      "docker": "$host_docker",
      "builders": ["classic", "buildkit", "buildx"]
    },
    {
      "name": "docker26-classic",
      "host": "unix://$run_dir/docker26-classic/docker.sock",
      "serverVersion": "$dockerd_version",
      "store": "classic",
      "docker": "$cli",
      "builders": ["buildx"]
    },
    {
      "name": "docker26-containerd",
      "host": "unix://$run_dir/docker26-containerd/docker.sock",
      "serverVersion": "$dockerd_version",
      "store": "containerd",
      "docker": "$cli",
      "builders": ["buildx"]
    }
  ]
}
EOF
mv "$dir/engines.json.new" "$dir/engines.json"
cat >"$dir/engines.env" <<EOF
# source this file: the buildx plugin for $cli, and each engine's DOCKER_HOST
export DOCKER_CONFIG=$docker_config
ISB_DOCKER20_CLASSIC=unix:///var/run/docker.sock
ISB_DOCKER26_CLASSIC=unix://$run_dir/docker26-classic/docker.sock
ISB_DOCKER26_CONTAINERD=unix://$run_dir/docker26-containerd/docker.sock
ISB_REMOTE_BUILDER=${ISB_REMOTE_BUILDER:-isb-remote}
EOF
log "ready: docker20-classic ($host_version), docker26-classic and docker26-containerd ($dockerd_version, containerd $containerd_version), buildx $buildx_version; see $dir/engines.json"
