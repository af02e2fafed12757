"""The wheel carries the fixture extension and the plugin entry point."""

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
