"""Checking a user's extension before Firefox starts (no browser needed):
each mistake stops the launch with what is wrong and how to fix it, and the
harness works on a copy, never on their files."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

import harness
from harness.browsers.firefox import Firefox
from harness.extensions import CONTEXT_PAGE
from harness.extensions import prepare_extensions as prepare

FIXTURE_ID = Firefox.fixture_id


def prepare_extensions(sources: tuple[str, ...], workdir: Path) -> list[Any]:
    """What the Firefox engine prepares before launch."""
    return prepare(sources, workdir, Firefox())


GOOD: dict[str, Any] = {
    "manifest_version": 2,
    "name": "groups",
    "version": "1.0",
    "browser_specific_settings": {"gecko": {"id": "groups@example.com"}},
    "permissions": ["sessions", "tabs"],
    "background": {"scripts": ["background.js"]},
}


def write_extension(folder: Path, manifest: Any, raw: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(raw if raw is not None else json.dumps(manifest), encoding="utf-8")
    (folder / "background.js").write_text("// background\n", encoding="utf-8")
    return folder


def refused(path: Path) -> str:
    """The SetupError message `harness.launch` gives, before any browser starts."""
    with pytest.raises(harness.SetupError) as info:
        harness.launch(extensions=[path], binary="/nonexistent/firefox-never-started")
    return str(info.value)


@pytest.mark.parametrize("version", [2, 3])
def test_no_gecko_id_loads_under_a_given_id_with_a_warning_naming_the_value_functions(
    tmp_path: Path, version: int
) -> None:
    manifest = {k: v for k, v in GOOD.items() if k != "browser_specific_settings"}
    source = write_extension(tmp_path / "my ext", {**manifest, "manifest_version": version})
    with pytest.warns(harness.HarnessWarning) as caught:
        [extension] = prepare_extensions((str(source),), tmp_path / "work")
    [warning] = [str(w.message) for w in caught]
    assert "no explicit add-on id" in warning
    assert "setTabValue" in warning and "setWindowValue" in warning
    assert '"browser_specific_settings": {"gecko": {"id": ' in warning
    assert extension.id == "my-ext@no-gecko-id.invalid" and repr(extension.id) in warning
    copied = json.loads((extension.copy / "manifest.json").read_text(encoding="utf-8"))
    assert copied["browser_specific_settings"]["gecko"]["id"] == extension.id
    assert "browser_specific_settings" not in json.loads((source / "manifest.json").read_text(encoding="utf-8"))


def test_an_extension_with_a_gecko_id_loads_without_a_warning(tmp_path: Path, recwarn: pytest.WarningsRecorder) -> None:
    [extension] = prepare_extensions((str(write_extension(tmp_path / "ext", GOOD)),), tmp_path / "work")
    assert extension.id == "groups@example.com"
    assert [str(w.message) for w in recwarn] == []


def test_manifest_v2_is_refused_for_chromium_before_it_starts(tmp_path: Path) -> None:
    source = write_extension(tmp_path / "ext", GOOD)
    with pytest.raises(harness.SetupError) as info:
        harness.launch(browser="chromium", extensions=[source], binary="/nonexistent/chromium-never-started")
    message = str(info.value)
    assert f"extension {source}: it is a Manifest V2 extension" in message
    assert "--browser firefox" in message and '"manifest_version": 3' in message


def test_manifest_v2_is_accepted_for_firefox(tmp_path: Path) -> None:
    [extension] = prepare_extensions((str(write_extension(tmp_path / "ext", GOOD)),), tmp_path / "work")
    assert extension.manifest_version == 2


def test_mv3_id_under_applications_is_ignored_by_firefox(tmp_path: Path) -> None:
    manifest = {**GOOD, "manifest_version": 3, "applications": {"gecko": {"id": "groups@example.com"}}}
    del manifest["browser_specific_settings"]
    message = refused(write_extension(tmp_path / "ext", manifest))
    assert '"applications", which Firefox ignores in Manifest V3' in message
    assert "browser_specific_settings" in message


def test_malformed_gecko_id(tmp_path: Path) -> None:
    manifest = {**GOOD, "browser_specific_settings": {"gecko": {"id": "no spaces allowed"}}}
    assert "'no spaces allowed' is not one Firefox accepts" in refused(write_extension(tmp_path / "ext", manifest))


def test_no_sessions_permission(tmp_path: Path) -> None:
    message = refused(write_extension(tmp_path / "ext", {**GOOD, "permissions": ["tabs"]}))
    assert 'does not ask for the "sessions" permission' in message
    assert 'Add "sessions" to "permissions"' in message


def test_sessions_only_optional(tmp_path: Path) -> None:
    manifest = {**GOOD, "permissions": [], "optional_permissions": ["sessions"]}
    assert 'only in "optional_permissions"' in refused(write_extension(tmp_path / "ext", manifest))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('{"manifest_version": 2,, }', "broken manifest: manifest.json is not valid JSON (Expecting"),
        ("[1, 2]", "must hold a JSON object, not a list"),
        (json.dumps({**GOOD, "manifest_version": 4}), "manifest_version must be 2 or 3, not 4"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "version"}), '"version" is missing'),
    ],
)
def test_broken_manifest(tmp_path: Path, raw: str, expected: str) -> None:
    assert expected in refused(write_extension(tmp_path / "ext", None, raw=raw))


def test_not_an_extension(tmp_path: Path) -> None:
    assert "no such file or directory" in refused(tmp_path / "missing")
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello", encoding="utf-8")
    assert "not an extension: a file must be an .xpi or .zip archive" in refused(text_file)
    (tmp_path / "empty").mkdir()
    assert "not an extension: the folder has no manifest.json" in refused(tmp_path / "empty")


def test_folder_or_archive_one_level_too_high(tmp_path: Path) -> None:
    inner = write_extension(tmp_path / "outer" / "ext", GOOD)
    assert f"Did you mean {inner}?" in refused(tmp_path / "outer")
    archive = tmp_path / "wrapped.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(inner / "manifest.json", "ext/manifest.json")
    assert "zip the extension's files, not the folder around them" in refused(archive)


def test_id_clashes(tmp_path: Path) -> None:
    one = write_extension(tmp_path / "one", GOOD)
    two = write_extension(tmp_path / "two", GOOD)
    with pytest.raises(harness.SetupError, match=f"already used by {one}"):
        prepare_extensions((str(one), str(two)), tmp_path / "work")
    fixture = {**GOOD, "browser_specific_settings": {"gecko": {"id": FIXTURE_ID}}}
    with pytest.raises(harness.SetupError, match="fixture extension"):
        prepare_extensions((str(write_extension(tmp_path / "three", fixture)),), tmp_path / "work2")


def test_comment_lines_are_accepted_as_firefox_does(tmp_path: Path) -> None:
    raw = "// a comment Firefox allows\n" + json.dumps(GOOD)
    [ext] = prepare_extensions((str(write_extension(tmp_path / "ext", None, raw=raw)),), tmp_path / "work")
    assert ext.id == "groups@example.com"


def test_the_copy_gets_the_page_and_the_source_is_untouched(tmp_path: Path) -> None:
    source = write_extension(tmp_path / "ext", GOOD)
    os.chmod(source, 0o555)  # even a read-only source
    try:
        [ext] = prepare_extensions((str(source),), tmp_path / "work")
    finally:
        os.chmod(source, 0o755)
    assert sorted(p.name for p in source.iterdir()) == ["background.js", "manifest.json"]
    assert (ext.copy / CONTEXT_PAGE).is_file()
    assert (ext.copy / "background.js").read_text(encoding="utf-8") == "// background\n"
    assert ext.manifest_version == 2 and ext.source == source
    archive = tmp_path / "ext.xpi"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("manifest.json", "background.js"):
            z.write(source / name, name)
    [from_archive] = prepare_extensions((str(archive),), tmp_path / "work3")
    assert (from_archive.copy / CONTEXT_PAGE).is_file() and (from_archive.copy / "manifest.json").is_file()
