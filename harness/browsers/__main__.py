"""`python -m harness.browsers check [firefox|chromium] [--binary PATH] [--driver PATH]`:
are a browser the harness supports and its driver installed? Prints what was
found and exits 0, or says what is wrong (missing, broken, older than the
floor, a driver of another version) and exits 1. ./run.sh uses it to decide
whether to install the browser."""

from __future__ import annotations

import argparse
import sys

from ..discovery import version_output
from ..errors import SetupError
from . import ENGINES, engine_for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.browsers", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="is a supported browser installed?")
    check.add_argument("browser", nargs="?", default="firefox", choices=sorted(ENGINES))
    check.add_argument("--binary", help="a browser binary to check instead of the one discovery finds")
    check.add_argument("--driver", help="a driver binary to check instead of the one discovery finds")
    args = parser.parse_args(argv)
    engine = engine_for(args.browser)
    try:
        binary = engine.find_binary(args.binary)
    except SetupError as exc:
        print(f"missing: {exc}")
        return 1
    try:
        version = version_output(binary)
        engine.check_version(version, binary)
    except SetupError as exc:
        print(f"unusable: {exc}")
        return 1
    try:
        driver = engine.find_driver(args.driver)
        engine.check_driver(binary, driver)
    except SetupError as exc:
        print(f"missing: {exc}")
        return 1
    print(
        f"ok: {version} ({binary}), {engine.driver_name} {driver}; "
        f"supported: {engine.title} {engine.min_version} and newer"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
