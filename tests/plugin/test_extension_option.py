"""`--extension` with an extension that cannot work stops the run before any
browser starts, with the message that says how to fix it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Any browser's start would leave this file: the run must not get that far.
NO_LAUNCH = """
import harness.browser

def _start(self):
    open("launched", "a").write("a browser was started\\n")
    raise AssertionError("a browser was started")

harness.browser.Browser._start = _start
"""


def test_a_manifest_v2_extension_on_chromium_stops_the_run_once_before_any_launch(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    extension = tmp_path / "mv2"
    extension.mkdir()
    manifest = {"manifest_version": 2, "name": "mv2", "version": "1", "permissions": ["sessions"]}
    (extension / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    pytester.makeconftest(NO_LAUNCH)
    pytester.makepyfile(test_it="def test_one(browser):\n    pass\n\ndef test_two(browser):\n    pass\n")
    result = pytester.runpytest_subprocess(
        "--browser", "chromium", "--extension", str(extension), "-p", "no:cacheprovider"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [f"ERROR: extension {extension}: it is a Manifest V2 extension*port it to Manifest V3*"]
    )
    assert result.stderr.str().count("Manifest V2 extension") == 1
    assert "test_one" not in result.stdout.str()  # nothing ran
    assert not (pytester.path / "launched").exists()


@pytest.mark.unsupported_on("firefox", reason="Firefox ignores the manifest key", raises=AssertionError)
def test_an_extension_with_a_broken_key_stops_the_run(pytester: pytest.Pytester, tmp_path: Path) -> None:
    extension = tmp_path / "bad-key"
    extension.mkdir()
    manifest = {
        "manifest_version": 3,
        "name": "bad key",
        "version": "1",
        "permissions": ["sessions"],
        "browser_specific_settings": {"gecko": {"id": "bad-key@example.com"}},
        "key": "not base64!",
    }
    (extension / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    pytester.makepyfile(test_it="def test_it(browser):\n    pass\n")
    result = pytester.runpytest_subprocess("--extension", str(extension), "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f'ERROR: extension {extension}: the manifest "key" is not base64*'])


def test_a_file_that_is_not_an_extension_stops_the_run(pytester: pytest.Pytester, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not an extension", encoding="utf-8")
    pytester.makepyfile(test_it="def test_it():\n    pass\n")
    result = pytester.runpytest_subprocess("--extension", str(notes), "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: extension *notes.txt: not an extension: a file must be an .xpi or .zip*"])
