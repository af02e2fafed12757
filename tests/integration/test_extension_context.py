"""`browser.extension(id)`: sessions, execute and wait_for running inside a
user's extension, installed from a directory or an .xpi/.zip, Manifest V2
and V3, with their files left untouched. The mv2 and mv3 probes keep tab
values (Firefox only: Chromium has no value functions and no Manifest V2);
mv3_any runs on every browser."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import harness
from harness import UNDEFINED, Browser, ExtensionError, HarnessError, HarnessTimeout
from harness.extensions import CONTEXT_DIR, CONTEXT_PAGE
from harness.pages import Pages

HERE = Path(__file__).parent / "user_extensions"
IDS = {"mv2": "mv2-probe@tests.invalid", "mv3": "mv3-probe@tests.invalid", "mv3_any": "any-probe@tests.invalid"}
NO_VALUES = "Chromium has no sessions tab/window value functions, and refuses Manifest V2 extensions"


def snapshot(path: Path) -> dict[str, str]:
    """Every file under path (or the file itself) with a hash of its bytes."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(f.relative_to(path.parent)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def as_archive(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for file in sorted(folder.rglob("*")):
            archive.write(file, file.relative_to(folder))
    return target


@pytest.mark.unsupported_on("chromium", reason=NO_VALUES, raises=(harness.SetupError, ExtensionError))
@pytest.mark.parametrize(
    ("version", "packaging"), [("mv2", "directory"), ("mv3", "directory"), ("mv2", ".xpi"), ("mv3", ".zip")]
)
def test_calls_run_in_the_users_extension(
    launch: Callable[..., Browser], pages: Pages, tmp_path: Path, version: str, packaging: str
) -> None:
    archive = tmp_path / f"probe{packaging}"
    source = HERE / version if packaging == "directory" else as_archive(HERE / version, archive)
    before = snapshot(source)
    browser = launch(extensions=[source])
    ext = browser.extension(IDS[version])

    assert ext.execute("return [browser.runtime.id, browser.runtime.getManifest().manifest_version];") == [
        ext.id,
        int(version[-1]),
    ]
    tab = browser.tabs.open(pages.url("grouped"))
    # The extension's own tabs.onCreated listener stores the manifest version.
    assert ext.wait_for("return browser.sessions.getTabValue(args[0], 'probe');", tab.id) == int(version[-1])
    ext.sessions.set_tab_value(tab.id, "shared-key", "theirs")
    browser.sessions.set_tab_value(tab.id, "shared-key", "fixture's")
    assert ext.sessions.get_tab_value(tab.id, "shared-key") == "theirs"
    assert browser.sessions.get_tab_value(tab.id, "probe") is UNDEFINED
    with pytest.raises(ExtensionError) as info:
        ext.sessions.get_tab_value(999999, "probe")
    assert info.value.message == "Invalid tab ID: 999999"
    assert snapshot(source) == before


@pytest.mark.parametrize("packaging", ["directory", ".zip"])
def test_calls_run_in_an_mv3_extension_on_every_browser(
    launch: Callable[..., Browser], pages: Pages, tmp_path: Path, packaging: str
) -> None:
    folder = HERE / "mv3_any"
    source = folder if packaging == "directory" else as_archive(folder, tmp_path / "probe.zip")
    before = snapshot(source)
    browser = launch(extensions=[source])
    ext = browser.extension(IDS["mv3_any"])  # the gecko id names it on every browser
    assert browser.extension(ext.id) is ext
    assert ext.execute("return [browser.runtime.id, browser.runtime.getManifest().manifest_version];") == [ext.id, 3]
    # Its background runs (an event page or a service worker) and answers the page the harness added.
    answer = ext.execute("return await browser.runtime.sendMessage({type: 'probe'});")
    assert answer == {"id": ext.id, "sessions": "object", "from": browser.engine.page_url(ext.id, CONTEXT_PAGE)}
    browser.tabs.close(browser.tabs.open(pages.url("closed")).id)
    [own] = browser.sessions.get_recently_closed()
    [theirs] = ext.sessions.get_recently_closed()
    assert (theirs.tab.session_id, theirs.tab.title) == (own.tab.session_id, "closed")
    assert snapshot(source) == before


def test_page_reopens_after_restart(launch: Callable[..., Browser], pages: Pages) -> None:
    browser = launch(extensions=[HERE / "mv3_any"])
    ext = browser.extension(IDS["mv3_any"])
    first_tab = ext.execute("return (await browser.tabs.getCurrent()).id;")
    browser.reset()
    assert ext.execute("return (await browser.tabs.getCurrent()).id;") == first_tab, "kept by reset()"
    browser.tabs.open(pages.url("kept"))
    browser.restart()
    [restored] = [t for t in browser.tabs.query() if t.url == pages.url("kept")]
    assert ext.execute("return (await browser.tabs.get(args[0])).url;", restored.id) == pages.url("kept")
    # The dead copy of the harness page that session restore brought back is
    # replaced, and its closing is not in the closed list.
    assert len([t for t in browser.tabs.query() if CONTEXT_DIR in (t.url or "")]) == 1
    assert not [s for s in browser.sessions.get_recently_closed() if s.tab and CONTEXT_DIR in (s.tab.url or "")]


@pytest.mark.unsupported_on("chromium", reason=NO_VALUES, raises=harness.SetupError)
def test_reset_removes_their_values_from_the_harness_tab_and_window(launch: Callable[..., Browser]) -> None:
    browser = launch(extensions=[HERE / "mv2"])
    ext = browser.extension(IDS["mv2"])
    ext.sessions.set_window_value(browser.harness_window_id, "active", "Work")
    ext.sessions.set_tab_value(browser.harness_tab_id, "group", "Work")
    browser.sessions.set_window_value(browser.harness_window_id, "active", "fixture's")
    browser.reset()
    assert ext.sessions.get_window_value(browser.harness_window_id, "active") is UNDEFINED
    assert ext.sessions.get_tab_value(browser.harness_tab_id, "group") is UNDEFINED
    assert browser.sessions.get_window_value(browser.harness_window_id, "active") is UNDEFINED


def test_wait_for_times_out_with_its_message_and_fails_on_a_throw(launch: Callable[..., Browser]) -> None:
    browser = launch(extensions=[HERE / "mv3"])
    ext = browser.extension(IDS["mv3"])
    with pytest.raises(HarnessTimeout, match=r"waiting for a count \(checked \d+ times, last result: 0\)"):
        ext.wait_for("return args[0];", 0, message="a count", timeout=0.5)
    for falsy in ("undefined", "NaN"):  # as JavaScript writes them, not in their wire form
        with pytest.raises(HarnessTimeout, match=rf"last result: {falsy}\)"):
            ext.wait_for(f"return {falsy};", timeout=0.5)
    with pytest.raises(ExtensionError, match="not yet"):
        ext.wait_for("throw new Error('not yet');")
    assert ext.wait_for("return browser.runtime.id;") == ext.id


def test_extensions_added_to_a_running_browser_work_until_removed(launch: Callable[..., Browser], pages: Pages) -> None:
    browser = launch()
    browser.tabs.close(browser.tabs.open(pages.url("closed")).id)
    [ext] = browser.add_extensions(HERE / "mv3_any")
    assert browser.extension(IDS["mv3_any"]) is ext
    [own] = browser.sessions.get_recently_closed()
    [theirs] = ext.sessions.get_recently_closed()
    assert (theirs.tab.session_id, theirs.tab.title) == (own.tab.session_id, "closed")
    with pytest.raises(harness.SetupError, match=f"its id {IDS['mv3_any']!r} is already used by {HERE / 'mv3_any'}"):
        browser.add_extensions(HERE / "mv3_any")
    browser.restart()  # installed again, as extensions= are
    assert ext.execute("return browser.runtime.id;") == ext.id
    page = browser.engine.page_url(ext.id, CONTEXT_PAGE)
    browser.remove_extensions(ext.id)
    with pytest.raises(HarnessError, match="was not installed"):
        browser.extension(ext.id)
    assert page not in [t.url for t in browser.tabs.query()]  # its page closed with it
    browser.reset()
    assert browser.sessions.get_recently_closed() == []
    [again] = browser.add_extensions(HERE / "mv3_any")  # on Chromium a new copy, with an id of its own
    assert browser.extension(IDS["mv3_any"]) is again
    assert again.execute("return browser.runtime.id;") == again.id


def test_a_bad_extension_added_later_is_refused_by_name(browser: Browser, tmp_path: Path) -> None:
    with pytest.raises(harness.SetupError, match=str(tmp_path)):
        browser.add_extensions(tmp_path)  # no manifest.json
    assert browser.user_extensions == []


@pytest.mark.unsupported_on(
    "chromium", reason="Chromium sets access to incognito windows only at launch", raises=harness.SetupError
)
def test_allow_private_in_a_running_browser(launch: Callable[..., Browser], pages: Pages) -> None:
    browser = launch()
    browser.tabs.close(browser.tabs.open(pages.url("before")).id)
    browser.allow_private()
    assert browser.windows.open([pages.url("private")], private=True).incognito is True
    # The extension reloaded; the closed entry of its previous page is not left behind.
    assert [s.tab.title for s in browser.sessions.get_recently_closed()] == ["before"]
    browser.allow_private(False)
    with pytest.raises(ExtensionError, match="permission for incognito"):
        browser.windows.open([], private=True)
    browser.allow_private()
    browser.restart()  # keeps it, as for launch(private_browsing=True)
    assert browser.windows.open([], private=True).incognito is True


def test_reset_keeps_an_untouched_extension_page_loaded_again_and_reopens_a_touched_one(
    launch: Callable[..., Browser],
) -> None:
    browser = launch(extensions=[HERE / "mv3_any"])
    ext = browser.extension(IDS["mv3_any"])
    ext.execute("globalThis.leftover = 1; browser.tabs.onCreated.addListener(() => {});")
    first = ext.tab_id
    browser.reset()
    assert ext.tab_id == first, "the page's tab was kept"
    assert ext.execute("return typeof globalThis.leftover;") == "undefined", "and loaded again"
    window = browser.windows.get(browser.harness_window_id)
    assert [t.id for t in window.tabs if t.id != browser.harness_tab_id] in ([first, window.tabs[-1].id], [first])
    assert len(window.tabs) == 3 and browser.sessions.get_recently_closed() == []
    # Touched (navigated within its own page): closed by the reset, opened again on next use.
    ext.execute("location.hash = 'touched';")
    ext.wait_for("return (await browser.tabs.get(args[0])).url.endsWith('#touched');", first)
    browser.reset()
    assert browser.sessions.get_recently_closed() == []
    assert ext.execute("return typeof globalThis.leftover;") == "undefined"
    assert ext.tab_id != first and [t.id for t in browser.tabs.query() if t.id == first] == []


def test_private_browsing_allows_the_extensions_given_at_launch_not_those_added_later(
    launch: Callable[..., Browser], tmp_path: Path
) -> None:
    ask = "return await browser.extension.isAllowedIncognitoAccess();"
    browser = launch(private_browsing=True, extensions=[HERE / "mv3_any"])
    assert browser.execute(ask) is True, "the fixture extension"
    assert browser.extension(IDS["mv3_any"]).execute(ask) is True, "an extension given to launch()"
    later = Path(shutil.copytree(HERE / "mv3_any", tmp_path / "later"))
    manifest = json.loads((later / "manifest.json").read_text())
    manifest["browser_specific_settings"]["gecko"]["id"] = "later-probe@tests.invalid"
    (later / "manifest.json").write_text(json.dumps(manifest))
    [added] = browser.add_extensions(later)
    assert added.execute(ask) is False, "an extension added to the running browser"
    browser.restart()
    assert [browser.extension(i).execute(ask) for i in (IDS["mv3_any"], added.id)] == [True, False], "after restart()"


# What each browser answers when it refuses an extension whose background is a wrong type: the
# Manifest V2 probe's background.scripts a string (Firefox), the Manifest V3 probe's
# background.service_worker a number (Chromium, which the harness refuses Manifest V2 for itself).
REFUSALS = {
    "firefox": ("Firefox", 'Error processing background.scripts: Expected array instead of "background.js"'),
    "chromium": ("Chromium", "Invalid value for 'background.service_worker'."),
}
BROKEN_BACKGROUNDS = {"firefox": ("mv2", {"scripts": "background.js"}), "chromium": ("mv3_any", {"service_worker": 5})}


def test_the_browsers_reason_for_refusing_an_extension_is_in_the_message(
    harness_launch_options: dict[str, Any], tmp_path: Path
) -> None:
    # Passes the harness's own checks, but the browser refuses it.
    probe, background = BROKEN_BACKGROUNDS[harness_launch_options["browser"]]
    manifest = json.loads((HERE / probe / "manifest.json").read_text(encoding="utf-8"))
    manifest["background"] = background
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    title, reason = REFUSALS[harness_launch_options["browser"]]
    with pytest.raises(harness.SetupError) as info:
        harness.launch(**{**harness_launch_options, "extensions": [tmp_path]})
    assert f"{title} refused to install extension {tmp_path}" in str(info.value)
    assert reason in str(info.value)


def test_unknown_extension_id_is_refused(browser: Browser) -> None:
    expected = r"'nobody@example.com' was not installed with extensions= or add_extensions\(\) \(installed: none\)"
    with pytest.raises(HarnessError, match=expected):
        browser.extension("nobody@example.com")


def test_public_names() -> None:
    assert harness.ExtensionContext.__name__ == "ExtensionContext"


def test_an_extension_without_a_gecko_id_loads_and_firefox_warns_what_will_not_work(
    launch: Callable[..., Browser], tmp_path: Path, harness_launch_options: dict[str, Any]
) -> None:
    source = tmp_path / "no-id"
    source.mkdir()
    manifest = json.loads((HERE / "mv3_any" / "manifest.json").read_text(encoding="utf-8"))
    del manifest["browser_specific_settings"]
    (source / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (source / "background.js").write_bytes((HERE / "mv3_any" / "background.js").read_bytes())
    if harness_launch_options["browser"] == "firefox":
        with pytest.warns(harness.HarnessWarning, match="setTabValue/getTabValue/removeTabValue/setWindowValue"):
            browser = launch(extensions=[source])
        ext = browser.extension("no-id@no-gecko-id.invalid")
    else:
        browser = launch(extensions=[source])  # Chromium needs no gecko id: no warning
        ext = browser.extension(browser.user_extensions[0].id)
    assert ext.execute("return browser.runtime.id;") == ext.id
