"""Flake gate: run the whole suite N times with pytest-xdist and list every
failure with its test id.

    python scripts/flake_gate.py --runs 20 [--workers 2] [--out DIR] [--dir DIR] [-- extra pytest args]

In this repository pass `-- tests harness/conformance`: plain pytest runs only the unit tier.

Each run writes a JUnit XML report; failures and errors are read from it (so
a crashed worker counts too). One JSON line per run is appended to
DIR/runs.jsonl, and a summary is printed at the end. Exits 1 if any run
failed, 0 if every run passed, 130 if interrupted (Ctrl-C or SIGTERM): the
running suite then gets one Ctrl-C of its own and time to stop its browsers.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from harness.processes import interrupt_group
from harness.timeouts import DEFAULT

ROOT = Path(__file__).resolve().parent.parent


def node_id(classname: str, name: str, rootdir: Path) -> str:
    """The pytest node id of a JUnit test case: `tests.unit.test_x.TestC` + `test_y` is
    `tests/unit/test_x.py::TestC::test_y` (the longest dotted prefix that is a file under rootdir)."""
    parts = classname.split(".") if classname else []
    for cut in range(len(parts), 0, -1):
        module = "/".join(parts[:cut]) + ".py"
        if (rootdir / module).is_file():
            return "::".join([module, *parts[cut:], name])
    return "::".join([classname.replace(".", "/") + ".py", name]) if classname else name


def failures(junit: Path, rootdir: Path = ROOT) -> tuple[dict[str, int], list[str]]:
    """Counts, and `kind: test id: first line of the message` for every failure and error."""
    if not junit.exists():
        return {}, ["(no JUnit report: pytest did not get as far as writing one)"]
    root = ET.parse(junit).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    counts = {k: sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "errors", "skipped")}
    found = []
    for case in root.iter("testcase"):
        for problem in case:
            if problem.tag in ("failure", "error"):
                node = node_id(case.get("classname", ""), case.get("name", ""), rootdir)
                message = (problem.get("message") or "").strip().splitlines()
                found.append(f"{problem.tag}: {node}: {message[0] if message else ''}"[:300])
    return counts, found


def run_once(index: int, out: Path, workers: str, extra: list[str], rootdir: Path = ROOT) -> dict[str, Any]:
    junit = out / f"run-{index:03d}.xml"
    log = out / f"run-{index:03d}.log"
    command = [sys.executable, "-m", "pytest", "-n", workers, "-q", f"--junitxml={junit}", *extra]
    started = time.monotonic()
    with log.open("w") as stream:
        # Its own session, so that a Ctrl-C reaches it once, from stop(), not twice (a second
        # KeyboardInterrupt would cut pytest's teardown short).
        suite = subprocess.Popen(command, cwd=rootdir, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            code = suite.wait()
        except KeyboardInterrupt:
            stop(suite)
            raise
    seconds = round(time.monotonic() - started, 1)
    counts, found = failures(junit, rootdir)
    if code != 0 and not found:
        found = [f"exit code {code} with no failing test (see {log}): e.g. the orphan check or a collection error"]
    return {
        "run": index,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": seconds,
        "exit": code,
        **counts,  # tests, failures, errors, skipped (numbers)
        "failed": found,  # every failure and error: "kind: test id: message"
    }


def stop(suite: subprocess.Popen[bytes]) -> None:
    """Interrupt the suite as Ctrl-C would and wait for its teardown; kill what outlives Timeouts.suite_teardown."""
    interrupt_group(suite, DEFAULT.scaled(DEFAULT.suite_teardown))


def interrupt_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """A CI runner's SIGTERM stops the gate like Ctrl-C, so that the running suite is stopped too."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="how many times to run the suite (default 20)")
    parser.add_argument("--workers", default="2", help="pytest-xdist workers, passed to -n (default 2)")
    parser.add_argument("--out", type=Path, default=ROOT / "flake-gate", help="where reports go")
    parser.add_argument("--dir", type=Path, default=ROOT, help="where pytest runs (default: this repository)")
    parser.add_argument("--keep-going", action="store_true", help="do not stop at the first failing run")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.out.mkdir(parents=True, exist_ok=True)
    record = args.out / "runs.jsonl"
    signal.signal(signal.SIGTERM, interrupt_on_sigterm)
    results: list[dict[str, Any]] = []
    for index in range(1, args.runs + 1):
        try:
            result = run_once(index, args.out, args.workers, args.pytest_args, args.dir.resolve())
        except KeyboardInterrupt:
            print(f"interrupted during run {index}; {len(results)} runs finished, records in {record}", flush=True)
            return 130
        results.append(result)
        with record.open("a") as stream:
            stream.write(json.dumps(result) + "\n")
        verdict = "ok" if result["exit"] == 0 else f"FAILED (exit {result['exit']})"
        print(f"run {index}/{args.runs}: {verdict}, {result.get('tests', '?')} tests, {result['seconds']}s", flush=True)
        for line in result["failed"]:
            print(f"    {line}", flush=True)
        if result["exit"] != 0 and not args.keep_going:
            break
    failed = [r for r in results if r["exit"] != 0]
    print(f"\n{len(results) - len(failed)} of {len(results)} runs passed; records in {record}")
    for r in failed:
        for line in r["failed"]:
            print(f"run {r['run']}: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
