"""Results files from real runs of the conformance suite on real Firefox:
`sessions-conformance run` from an installed wheel (the suite found in
site-packages, two workers, inside a project whose pytest configuration must
not apply), and plain pytest on the checkout's suite in one process."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from harness.browsers import engine_for
from harness.conformance import expectations
from harness.discovery import parse_version
from harness.report import catalogue, results

ROOT = Path(__file__).resolve().parents[2]
SUBSET = "max_session_results_is"  # SURF-3 (Firefox differs, pinned) and SURF-3 + MAX-1 (passed)
SCHEMA = json.loads(results.SCHEMA_PATH.read_text())


def validated(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text())
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)
    return data


def firefox() -> tuple[str, str]:
    """The Firefox the harness finds, and its version as `--version` says it (`153.8.0esr`; through the
    driver the browser reports `153.8.0`, which the results file holds)."""
    binary = engine_for("firefox").find_binary(None)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60).stdout.split()[-1]
    return binary, version


def check_subset(data: dict[str, Any], version: str) -> None:
    env = data["environment"]
    assert (env["browser"], parse_version(env["version"])) == ("firefox", parse_version(version))
    row = expectations.resolve("firefox", env["version"]).row
    assert row is not None and env["expectations"] == row.label
    items = {item["id"]: item for item in data["items"]}
    assert items["SURF-3"]["outcome"] == "differs"
    assert row.known_failures["test_max_session_results_is_read_only"].reason in items["SURF-3"]["reason"]
    assert {t["nodeid"].split("::")[-1]: t["outcome"] for t in items["SURF-3"]["tests"]} == {
        "test_max_session_results_is_25": "passed",
        "test_max_session_results_is_read_only": "differs",
    }
    assert items["MAX-1"]["outcome"] == "passed"
    assert items["SURF-1"]["outcome"] == "not_run" and items["SURF-1"]["reason"] == "deselected"
    assert items["SURF-3"]["duration"] > 0
    counts = {o: sum(1 for i in data["items"] if i["outcome"] == o) for o in ("passed", "differs")}
    assert counts == {"passed": 1, "differs": 1}
    assert list(items) == list(catalogue.load(ROOT / "harness" / "conformance" / "CATALOGUE.md"))


def install_wheel(tmp_path: Path) -> Path:
    """A virtualenv with the built wheel installed (its dependencies are this environment's,
    through a .pth file, so nothing is downloaded); returns its bin folder."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)], check=True, timeout=300
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    [wheel] = wheels.glob("*.whl")
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        check=True,
        timeout=300,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    (Path(purelib) / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return venv / "bin"


def test_run_from_the_installed_wheel_with_two_workers(tmp_path: Path) -> None:
    bin_dir = install_wheel(tmp_path)
    project = tmp_path / "project"  # an unrelated project around the run: its settings must not apply
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.pytest.ini_options]\naddopts = "--no-such-option"\n')
    (project / "conftest.py").write_text("raise RuntimeError('a conftest outside the suite was loaded')\n")
    binary, version = firefox()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = [str(bin_dir / "sessions-conformance"), "run", "--browser-binary", binary, "-k", SUBSET, "--out", "out"]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 workers [2 items]" in done.stdout  # pytest's own progress, streamed
    [path] = (project / "out").glob("*.json")
    data = validated(path)
    check_subset(data, version)
    label = f"firefox {data['environment']['version']}"
    assert f"run 1: {label}: 1 differs, 1 passed, " in done.stdout
    assert sorted(p.name for p in (project / "out").iterdir()) == [
        f"{label.replace(' ', '-')}.{x}" for x in ("json", "xml")
    ]
    suite = Path(data["run"]["args"][0])
    assert suite.name == "conformance" and str(suite).startswith(str(tmp_path / "venv")), suite


def test_pytest_on_the_checkout_suite_in_one_process(tmp_path: Path) -> None:
    binary, version = firefox()
    report, junit = tmp_path / "r.json", tmp_path / "r.xml"
    command = [sys.executable, "-m", "pytest", "harness/conformance", "-p", "no:xdist", "-k", SUBSET]
    command += ["--browser-binary", binary, "--conformance-report", str(report), "--junit-catalogue", str(junit)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    data = validated(report)
    check_subset(data, version)
    assert data["items"][0]["tests"][0]["nodeid"].startswith("harness/conformance/test_surface.py::")
    env = data["environment"]
    assert env["binary"] == binary and env["driver"] and env["driver_version"].startswith("geckodriver ")
    cases = {c.get("name", "").split()[0]: c for c in ET.parse(junit).getroot().iter("testcase")}
    skipped = cases["SURF-3"].find("skipped")
    assert skipped is not None and skipped.get("type") == "differs"
    assert len(cases["MAX-1"]) == 1  # passed: only its system-out


@pytest.fixture(autouse=True)
def _firefox_is_there() -> None:
    """In this project's CI a missing browser is a failure, never a skip."""
    engine_for("firefox").find_binary(None)


def test_run_on_chromium_reports_its_row_and_what_it_lacks(tmp_path: Path) -> None:
    """`sessions-conformance run --browser chromium`: the results file names Chromium and
    its expectations row; an item whose members Chromium lacks (ARG-13: the value
    functions) is reported unsupported with the reason, never passed or skipped."""
    command = [sys.executable, "-m", "harness.cli", "run", "--browser", "chromium", "-n", "0"]
    command += ["-k", f"{SUBSET} or test_unstorable_values", "--out", str(tmp_path / "out")]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    [path] = (tmp_path / "out").glob("*.json")
    data = validated(path)
    env = data["environment"]
    row = expectations.resolve("chromium", env["version"]).row
    assert env["browser"] == "chromium" and row is not None and env["expectations"] == row.label
    items = {item["id"]: item for item in data["items"]}
    assert items["ARG-13"]["outcome"] == "unsupported"
    assert row.lacks["setTabValue"].note in items["ARG-13"]["reason"]  # needs("setTabValue"): Chromium lacks it
    assert items["MAX-1"]["outcome"] == "passed"
    assert {i["outcome"] for i in data["items"]} <= {"passed", "differs", "unsupported", "not_run"}
