"""`--extension` with an extension that cannot work stops the run before any
browser starts, with the message that says how to fix it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.mark.unsupported_on(
    "chromium", reason="Chromium needs no gecko id: such an extension runs there", raises=AssertionError
)
def test_an_extension_without_a_gecko_id_stops_the_run(pytester: pytest.Pytester, tmp_path: Path) -> None:
    extension = tmp_path / "no-id"
    extension.mkdir()
    manifest = {"manifest_version": 3, "name": "no id", "version": "1", "permissions": ["sessions"]}
    (extension / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    pytester.makepyfile(test_it="def test_it(browser):\n    pass\n")
    result = pytester.runpytest_subprocess("--extension", str(extension), "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [f"ERROR: extension {extension}: no explicit add-on id.*browser_specific_settings.gecko.id*my-extension@*"]
    )
    assert "test_it" not in result.stdout.str()  # nothing ran


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
