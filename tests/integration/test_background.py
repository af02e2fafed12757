"""`ext.evaluate_background` and `ext.suspend_background` on a real Manifest V3
extension (tests/integration/user_extensions/entry): the event page on
Firefox, the service worker on Chromium."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from harness import UNDEFINED, Browser, ExtensionError, HarnessError
from harness.contexts import ExtensionContext
from harness.pages import Pages

HERE = Path(__file__).parent / "user_extensions"
ENTRY_ID = "entry-probe@tests.invalid"


@pytest.fixture
def entry(launch: Callable[..., Browser]) -> tuple[Browser, ExtensionContext]:
    browser = launch(extensions=[HERE / "entry"])
    return browser, browser.extension(ENTRY_ID)


def test_evaluate_background_reaches_top_level_bindings(entry: tuple[Browser, ExtensionContext]) -> None:
    _, ext = entry
    # `events` (const), `started` (let) and `Probe` (class) are no properties of the global object.
    assert ext.evaluate_background(
        "return [Array.isArray(events), typeof started, Probe.describe(), 'events' in globalThis];"
    ) == [True, "number", f"probe {ext.evaluate_background('return api.runtime.id;')}", False]


def test_evaluate_background_passes_values_both_ways(entry: tuple[Browser, ExtensionContext]) -> None:
    _, ext = entry
    sent = [1, "two", None, UNDEFINED, float("inf"), {"$h": "kept"}]
    assert ext.evaluate_background("events.push(args); return events[events.length - 1];", *sent) == sent
    assert ext.evaluate_background("return events.length;") == 1
    assert ext.evaluate_background("return undefined;") is UNDEFINED


def test_evaluate_background_raises_what_the_body_threw(entry: tuple[Browser, ExtensionContext]) -> None:
    _, ext = entry
    with pytest.raises(ExtensionError, match="no such thing") as caught:
        ext.evaluate_background("throw new RangeError('no such thing');")
    assert caught.value.name == "RangeError"


def test_suspend_background_loses_globals_and_the_next_call_wakes_it(entry: tuple[Browser, ExtensionContext]) -> None:
    _, ext = entry
    ext.evaluate_background("events.push('before'); globalThis.marker = 1;")
    ext.suspend_background()
    # Woken again by the evaluation: a fresh global scope.
    assert ext.evaluate_background("return [events.length, typeof globalThis.marker];") == [0, "undefined"]


def test_bad_body_is_refused_before_the_browser_is_asked(entry: tuple[Browser, ExtensionContext]) -> None:
    _, ext = entry
    with pytest.raises(TypeError, match="non-empty string"):
        ext.evaluate_background("  ")


@pytest.mark.unsupported_on("chromium", reason="Chromium has no Manifest V2", raises=(HarnessError,))
def test_evaluate_background_runs_in_a_manifest_v2_background_page(launch: Callable[..., Browser]) -> None:
    browser = launch(extensions=[HERE / "mv2"])
    ext = browser.extension("mv2-probe@tests.invalid")
    assert ext.evaluate_background(
        "return [browser.runtime.getManifest().manifest_version, location.pathname, window === globalThis];"
    ) == [2, "/_generated_background_page.html", True]


def test_an_extension_without_a_background_is_named(launch: Callable[..., Browser], tmp_path: Path) -> None:
    folder = tmp_path / "no-background"
    folder.mkdir()
    manifest = {
        "manifest_version": 3,
        "name": "no background",
        "version": "1.0",
        "browser_specific_settings": {"gecko": {"id": "no-background@tests.invalid"}},
        "permissions": ["sessions"],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    browser = launch(extensions=[folder])
    ext = browser.extension("no-background@tests.invalid")
    with pytest.raises(HarnessError, match=rf"extension {re.escape(ext.id)} has no background"):
        ext.evaluate_background("return 1;")


@pytest.mark.unsupported_on("chromium", reason="Chromium has no Manifest V2", raises=(HarnessError,))
def test_suspend_is_refused_for_a_persistent_background(launch: Callable[..., Browser]) -> None:
    browser = launch(extensions=[HERE / "mv2"])
    with pytest.raises(HarnessError, match="persistent background page"):
        browser.extension("mv2-probe@tests.invalid").suspend_background()


@pytest.mark.unsupported_on("chromium", reason="Chromium has no sessions value functions", raises=(ExtensionError,))
def test_a_tab_value_survives_suspension_where_a_global_does_not(
    entry: tuple[Browser, ExtensionContext], pages: Pages
) -> None:
    browser, ext = entry
    tab = browser.tabs.open(pages.url("grouped"))
    ext.evaluate_background(
        "globalThis.lastTab = args[0]; await browser.sessions.setTabValue(args[0], 'kept', {n: 1});", tab.id
    )
    ext.suspend_background()
    assert ext.evaluate_background(
        "return [typeof globalThis.lastTab, await browser.sessions.getTabValue(args[0], 'kept')];", tab.id
    ) == ["undefined", {"n": 1}]


def test_an_event_wakes_the_suspended_background_while_an_extension_page_is_open(
    entry: tuple[Browser, ExtensionContext], pages: Pages
) -> None:
    browser, ext = entry
    # `execute` opens the harness's page inside the extension: with it open, Chromium held the
    # restarted service worker for a debugger, and the listener never ran.
    ext.execute("await browser.storage.local.clear();")
    ext.evaluate_background("return true;")
    ext.suspend_background()
    tab = browser.tabs.open(pages.url("woken"))
    browser.tabs.close(tab.id)
    changes = ext.wait_for(
        "const {changes = []} = await browser.storage.local.get('changes'); return changes.length > 0 && changes;"
    )
    assert changes[0] == {"fresh": True}
