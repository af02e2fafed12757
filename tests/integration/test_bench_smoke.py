"""The benchmark runs on the browser this run tests (CI runs the integration
tests on Firefox and on Chromium): its calls and reset parts, a few calls
each, end with every figure measured and every target judged."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from harness.plugin import launch_options
from harness.timeouts import multiplier

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_benchmark_measures_calls_and_resets(pytestconfig: pytest.Config, tmp_path: Path) -> None:
    browser = str(launch_options(pytestconfig)["browser"]).lower()
    out = tmp_path / "bench.json"
    command = [sys.executable, "-m", "bench", "--only", "calls,reset", "--browsers", browser]
    command += ["--runs", "1", "--calls", "5", "--resets", "2", "--out", str(tmp_path), "--json", str(out)]
    # What a plain geckodriver, and a plain Chromium's singleton socket, leave in $TMPDIR.
    patterns = ("addon-*.xpi", "org.chromium.Chromium.*")
    temp = Path(tempfile.gettempdir())
    leftovers = {path for pattern in patterns for path in temp.glob(pattern)}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300 * multiplier())
    assert done.returncode == 0, done.stderr[-3000:]
    assert {path for pattern in patterns for path in temp.glob(pattern)} <= leftovers
    figures = json.loads(out.read_text())["figures"]
    prefix = "" if browser == "firefox" else f"{browser}."
    for key in ("calls.harness_ms", "calls.bare_ms", "reset.reset_ms", "launch.plain_s", "launch.harness_s"):
        assert figures[prefix + key]["median"] > 0, key
    for key in ("calls.ratio", "reset.share", "launch.ratio"):
        assert isinstance(figures[prefix + key]["target"]["met"], bool), key
    ratio = figures[prefix + "launch.ratio"]
    launched = figures[prefix + "launch.harness_s"]["median"] / figures[prefix + "launch.plain_s"]["median"]
    assert ratio["median"] == pytest.approx(launched)
    assert "launch: harness / plain Selenium + add-on" in done.stdout
