"""`sessions-conformance`: run the conformance suite and report on it.

    sessions-conformance run [--browser NAME] [--browser-binary PATH ...] [-n N] [-k EXPR] [--out DIR]
                             [--suite DIR] [-- PYTEST ARGS]
    sessions-conformance report RESULTS.json ... [--html PAGE] [--markdown FILE] [--junit FILE] [--bcd PATH]
    sessions-conformance diff OLD.json NEW.json

`run` runs the suite once per binary (one after the other), streaming
pytest's output, and writes OUT/<browser>-<version>.json (the results file)
and .xml (JUnit, one test case per catalogue item) for each. `report` merges
results files into a matrix: Markdown on stdout (or --markdown), a static
HTML page, JUnit XML, and with --bcd the comparison with MDN's
browser-compat-data. `diff` lists the items whose outcome changed (see
harness/report/diff.py for what counts as a regression).

Exit status: run: 0 when every run passed, else the first failing pytest
exit status (130 when interrupted); report: 0; diff: 1 on a regression,
else 0; 2 for bad input (a file that is not a results file, ...).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

from .processes import interrupt_group
from .report import bcd, diff, html, junit, markdown, matrix, results, suite
from .timeouts import DEFAULT

INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return run(args)
        if args.command == "report":
            return report(args)
        return compare(args)
    except (results.ResultsError, bcd.BcdError, FileNotFoundError) as exc:
        print(f"sessions-conformance {args.command}: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sessions-conformance", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the conformance suite on one or more browser binaries")
    run.add_argument("--browser", default="firefox", help="the browser to test (default firefox)")
    run.add_argument(
        "--browser-binary",
        action="append",
        default=[],
        metavar="PATH",
        help="a binary to test (repeatable)",
    )
    run.add_argument("-n", dest="workers", default="2", help="pytest-xdist workers per run (default 2; 0: none)")
    run.add_argument("-k", dest="keyword", help="only the tests matching this pytest -k expression")
    run.add_argument("--out", type=Path, default=Path("conformance-results"), help="where results files go")
    run.add_argument("--suite", type=Path, help="the suite's folder (default: the one installed with the harness)")
    run.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    report = commands.add_parser("report", help="merge results files into a matrix")
    report.add_argument("results", nargs="+", type=Path, help="results files (JSON), one column each")
    report.add_argument("--markdown", type=Path, help="write the Markdown here instead of printing it")
    report.add_argument("--html", type=Path, help="write the HTML page here")
    report.add_argument("--junit", type=Path, help="write JUnit XML (one test case per item and run) here")
    report.add_argument("--bcd", type=Path, help="MDN browser-compat-data: data.json, its npm package, or node_modules")
    compare = commands.add_parser("diff", help="items whose outcome changed; exit 1 on a regression")
    compare.add_argument("old", type=Path)
    compare.add_argument("new", type=Path)
    return parser


# -- run ----------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    folder = args.suite.resolve() if args.suite else suite.suite_dir()
    if not (folder / "CATALOGUE.md").is_file():
        raise FileNotFoundError(f"--suite {folder}: not a conformance suite (no CATALOGUE.md)")
    binaries: list[str | None] = list(args.browser_binary) or [None]
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, _interrupt)  # a CI runner's SIGTERM stops the running suite too
    written: list[Path] = []
    first_failure = 0
    for index, binary in enumerate(binaries, 1):
        print(f"== sessions-conformance run {index}/{len(binaries)}: {args.browser} {binary or '(found)'}", flush=True)
        try:
            code, path = run_once(args, folder, binary, out, index, written)
        except KeyboardInterrupt:
            code, path = INTERRUPTED, None
        if path is not None:
            written.append(path)
        if code == INTERRUPTED:
            print(f"interrupted during run {index}; results files written: {len(written)}", file=sys.stderr)
            return INTERRUPTED
        first_failure = first_failure or code
    print(f"\n{len(written)} results file(s) in {out}:")
    for path in written:
        print(f"  {path}")
    if written:
        listed = " ".join(shlex.quote(str(p)) for p in written)
        print(f"next: sessions-conformance report {listed} --html {shlex.quote(str(out / 'report.html'))}")
    return first_failure


def run_once(
    args: argparse.Namespace, folder: Path, binary: str | None, out: Path, index: int, taken: list[Path]
) -> tuple[int, Path | None]:
    """One pytest run; its results file renamed to <browser>-<version>.json (and its .xml beside).
    Interrupted (Ctrl-C, SIGTERM), the suite gets one Ctrl-C and time to stop its browsers; what
    it wrote of its results is kept, and the exit status is INTERRUPTED."""
    report, xml = out / f".run-{index}.json", out / f".run-{index}.xml"
    report.unlink(missing_ok=True)
    command = [sys.executable, "-m", "pytest", *suite.pytest_args(folder), "--browser", args.browser]
    command += ["--conformance-report", str(report), "--junit-catalogue", str(xml)]
    if binary:
        command += ["--browser-binary", binary]
    if args.workers not in ("0", ""):
        command += ["-n", args.workers, "--dist", "loadscope"]  # a module's own browser is launched once
    if args.keyword:
        command += ["-k", args.keyword]
    command += args.pytest_args
    print(f"$ {shlex.join(command)}", flush=True)
    process = subprocess.Popen(command, start_new_session=True)
    try:
        code = process.wait()
    except KeyboardInterrupt:
        interrupt_group(process, DEFAULT.scaled(DEFAULT.suite_teardown))
        code = INTERRUPTED
    if not report.exists():
        print(f"run {index}: pytest exited {code} without writing a results file (see its output above)", flush=True)
        return code or 1, None
    run_results = results.load(report)
    path = _free_name(out, run_results.environment.label, taken)
    report.replace(path)
    if xml.exists():
        xml.replace(path.with_suffix(".xml"))
    counts = ", ".join(f"{n} {o}" for o, n in run_results.counts().items() if n)
    print(f"run {index}: {run_results.environment.label}: {counts} (pytest exit {code}) -> {path}", flush=True)
    return code, path


def _free_name(out: Path, label: str, taken: list[Path]) -> Path:
    """out/firefox-153.7.0esr.json, or -2, -3 ... when this invocation already wrote that name."""
    stem = re.sub(r"[^A-Za-z0-9._]+", "-", label).strip("-") or "results"
    path, n = out / f"{stem}.json", 1
    while path in taken:
        n += 1
        path = out / f"{stem}-{n}.json"
    return path


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


# -- report, diff --------------------------------------------------------------------------


def report(args: argparse.Namespace) -> int:
    runs = [results.load(path) for path in args.results]
    table = matrix.build(runs)
    comparisons = None
    if args.bcd is not None:
        data = bcd.load(args.bcd)
        comparisons = [bcd.compare(data, column.results, column.label) for column in table.columns]
    text = markdown.render(table, comparisons)
    if args.markdown is not None:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text, encoding="utf-8")
    else:
        emit(text)
    if args.html is not None:
        html.write(args.html, table, comparisons)
    if args.junit is not None:
        junit.write(runs, args.junit)
    for what, path in (("Markdown", args.markdown), ("HTML", args.html), ("JUnit XML", args.junit)):
        if path is not None:
            print(f"{what}: {path}", file=sys.stderr)
    return 0


def compare(args: argparse.Namespace) -> int:
    old, new = results.load(args.old), results.load(args.new)
    changes = diff.compare(old, new)
    emit(diff.describe(old, new, changes) + "\n")
    return 1 if any(c.regression for c in changes) else 0


def emit(text: str) -> None:
    """Write to stdout; a reader that stopped early (`| head`) is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # keeps the final flush at exit quiet


if __name__ == "__main__":
    sys.exit(main())
