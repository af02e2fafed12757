"""The wheel carries the fixture extension, the plugin entry point, and the
conformance suite with the `sessions-conformance` command and the report's
template and schema (tests/integration/test_real_conformance_runs.py runs the
suite from an installed wheel)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_built_wheel_contains_the_fixture_extension_and_the_entry_point(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in ("manifest.json", "background.js", "bridge.js", "helpers.js", "encoding.js", "page.html"):
        assert f"harness/fixture_extension/{path}" in names
    for path in ("call.js", "execute.js", "firefox/wait_page.js", "firefox/prelude.js", "firefox/prefs.js"):
        assert f"harness/js/{path}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[pytest11]" in text and "harness = harness.plugin" in text
    assert "[console_scripts]" in text and "sessions-conformance = harness.cli:main" in text
    suite = {"__init__.py", "CATALOGUE.md", "conftest.py", "catalogue_coverage.py", "expectations.py"}
    suite |= {"test_surface.py", "scenarios.py", "rows/firefox-esr-153.toml", "rows/chromium-156.toml"}
    suite |= {"extensions/peer/manifest.json", "extensions/probe_sessions/probe.js"}
    for path in suite:
        assert f"harness/conformance/{path}" in names
    for path in ("results.schema.json", "suite_pytest.ini", "templates/report.html.j2"):
        assert f"harness/report/{path}" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
