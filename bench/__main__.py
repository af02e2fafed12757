"""`python -m bench`: run the benchmark, print the table, write the JSON.

python -m bench                          everything, 5 runs each, calls and reset on Firefox and Chromium
python -m bench --only calls,reset --runs 2
python -m bench --browsers firefox       calls and reset on Firefox only
python -m bench --suite tests/integration --json bench-results/bench.json
python -m bench --update-doc docs/PERFORMANCE.md   also rewrite the doc's table
python -m bench --only grid --runs 2     the suite through a local Selenium Grid against local runs
"""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
from contextlib import ExitStack
from pathlib import Path

from harness.grid import positive

from . import calls, grid, machine, per_test, suite
from .report import Results, markdown_block, rows, text_table, to_json, update_doc

PARTS = ("calls", "reset", "suite", "memory", "grid")
# Every part runs on each browser, but the suite through the Grid: on Firefox.
BROWSERS = ("firefox", "chromium")
# What the Grid's figures are compared with, shown with them even without the `suite` part.
GRID_BASELINES = ("suite.serial_s", "suite.parallel_s")


def part(key: str, browser: str) -> str:
    """The part a figure's key belongs to (`chromium.suite.serial_s`: suite)."""
    return key.removeprefix(f"{browser}.").split(".")[0]


def parse_parts(text: str) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in text.split(",") if p.strip())
    unknown = [p for p in parts if p not in PARTS]
    if unknown or not parts:
        wrong = ", ".join(unknown) or "(none)"
        raise argparse.ArgumentTypeError(f"unknown part {wrong}; choose from {','.join(PARTS)}")
    return parts


def parse_browsers(text: str) -> tuple[str, ...]:
    browsers = tuple(b.strip().lower() for b in text.split(",") if b.strip())
    unknown = [b for b in browsers if b not in BROWSERS]
    if unknown or not browsers:
        wrong = ", ".join(unknown) or "(none)"
        raise argparse.ArgumentTypeError(f"unknown browser {wrong}; choose from {','.join(BROWSERS)}")
    return browsers


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--only", type=parse_parts, default=PARTS, help=f"parts to run, comma-separated: {','.join(PARTS)}")
    p.add_argument(
        "--browsers",
        type=parse_browsers,
        default=BROWSERS,
        help=f"browsers to measure, comma-separated ({','.join(BROWSERS)}); the suite through the Grid runs on Firefox",
    )
    p.add_argument("--runs", type=positive, default=5, help="runs per figure; each figure is their median (5)")
    p.add_argument("--calls", type=positive, default=500, help="calls of each kind per run, for `calls` (500)")
    p.add_argument("--resets", type=positive, default=20, help="reset()s per run, for `reset` (20)")
    p.add_argument("--suite", default=None, help="the tests to run (harness/conformance, else tests/integration)")
    p.add_argument("--out", type=Path, default=Path("bench-results"), help="directory for logs (bench-results)")
    p.add_argument("--json", type=Path, default=None, help="where to write the JSON (default: OUT/bench.json)")
    p.add_argument("--markdown", type=Path, default=None, help="also write the markdown block to this file")
    p.add_argument("--update-doc", type=Path, default=None, help="rewrite the generated block of this doc")
    return p


def stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so every browser and suite run started is stopped."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    args = parser().parse_args(argv)
    if args.update_doc is not None and not args.update_doc.exists():
        parser().error(f"--update-doc {args.update_doc}: no such file")
    runs_suite = bool({"suite", "memory", "grid"} & set(args.only))
    suite_path = args.suite or (suite.default_path() if runs_suite else "")
    if runs_suite and not (suite.ROOT / suite_path).exists():
        parser().error(f"--suite {suite_path}: no such path under {suite.ROOT}")
    results = Results(machine=machine.describe())
    results.config = {
        "command": reproduce(args, suite_path),
        "parts": list(args.only),
        "runs": args.runs,
        "calls": args.calls,
        "resets": args.resets,
        "browsers": list(args.browsers),
        "suite_path": suite_path,
    }
    results.machine.update(machine.browsers(args.browsers))
    for browser in args.browsers:
        if "calls" in args.only:
            log(f"calls on {browser}: {args.runs} runs of {args.calls} calls each way")
            results.figures += calls.measure(args.runs, args.calls, browser)
        if "reset" in args.only:
            log(f"reset on {browser}: {args.runs} runs of one fresh launch, one harness launch, {args.resets} resets")
            results.figures += per_test.measure(args.runs, args.resets, browser)
    with ExitStack() as stack:
        local_grid = None
        if "grid" in args.only:
            log(f"grid: hub + {grid.NODES} nodes x {grid.SLOTS} slots; {args.runs} runs of {args.calls} calls each way")
            local_grid, started = grid.start(str(args.out / "grid-logs"))
            stack.callback(local_grid.close)
            results.figures.append(started)
            for browser in args.browsers:
                # The Grid above has Firefox nodes; Chromium's call gets a Grid of its own.
                url = local_grid.url if browser == "firefox" else None
                results.figures += grid.calls(url, args.runs, args.calls, browser)
        if runs_suite:
            wanted = {"suite", "memory", "grid"} & set(args.only)
            baselines = GRID_BASELINES if "grid" in args.only else ()
            failures = []
            for browser in args.browsers:
                # The Grid's suite runs on Firefox; the Grid's calls above ran on each browser.
                on_grid = local_grid if browser == "firefox" else None
                if on_grid is None and not {"suite", "memory"} & set(args.only):
                    continue  # only the Grid's figures asked for, and they are Firefox's
                figures, details = suite.measure(suite_path, args.runs, args.out, on_grid, browser)
                results.figures += [f for f in figures if part(f.key, browser) in wanted or f.key in baselines]
                failures += [details.pop("suite_failures")] if "suite_failures" in details else []
                results.details.update(details)
            if failures:
                results.details["suite_failures"] = ", ".join(failures)
    results.machine["load_after"] = machine.load()

    print()
    print(text_table(rows(results.figures)))
    json_path = args.json or args.out / "bench.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(to_json(results), indent=2) + "\n")
    print(f"\nJSON: {json_path}")
    block = markdown_block(results)
    if args.markdown is not None:
        args.markdown.write_text(block + "\n")
        print(f"markdown: {args.markdown}")
    if args.update_doc is not None:
        args.update_doc.write_text(update_doc(args.update_doc.read_text(), block))
        print(f"updated: {args.update_doc}")
    return 0


def reproduce(args: argparse.Namespace, suite_path: str) -> str:
    """The command that measures the same again (output options left out)."""
    words = ["python", "-m", "bench", "--runs", str(args.runs)]
    if tuple(args.only) != PARTS:
        words += ["--only", ",".join(args.only)]
    if tuple(args.browsers) != BROWSERS and {"calls", "reset", "grid"} & set(args.only):
        words += ["--browsers", ",".join(args.browsers)]
    if "calls" in args.only or "grid" in args.only:
        words += ["--calls", str(args.calls)]
    if "reset" in args.only:
        words += ["--resets", str(args.resets)]
    if suite_path:
        words += ["--suite", suite_path]
    return shlex.join(words)


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted; everything it started is stopped")
        sys.exit(130)
