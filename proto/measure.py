# ruff: noqa: E501 - JavaScript bodies in strings keep their own line lengths
"""Measures Chromium's `sessions` behaviour with the prototype engine (issue 12).

Run:  .venv/bin/python proto/measure.py [CASE ...]   (no CASE: all of them)
Prints one JSON object per case: what was done and what Chromium answered.
CHROMIUM_FINDINGS.md records the values of a run; this script is how to get them again.
Each case runs in its own fresh browser (user data dir) unless it says otherwise.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chromium_engine import FIXTURE_ID, ProtoSession

from harness.errors import ExtensionError
from harness.pages import Pages

CASES: dict[str, Callable[[ProtoSession, Pages], Any]] = {}


def case(fn: Callable[[ProtoSession, Pages], Any]) -> Callable[[ProtoSession, Pages], Any]:
    CASES[fn.__name__] = fn
    return fn


def js(s: ProtoSession, body: str, *args: Any, timeout: float | None = None) -> Any:
    """Run a body in the bridge page; an ExtensionError becomes {"error": message}."""
    try:
        return s.run(body, *args, timeout=timeout)
    except ExtensionError as exc:
        return {"error": exc.message}


def call(s: ProtoSession, method: str, *args: Any) -> Any:
    try:
        return s.call(method, *args)
    except ExtensionError as exc:
        return {"error": exc.message}


def activate(s: ProtoSession, url: str) -> None:
    """Give the page at `url` user activation (a WebDriver click): Chromium's
    back/forward UI, tabs.goBack included, skips entries whose page never had it."""
    from selenium.webdriver.common.by import By

    for handle in s.driver.window_handles:
        s.driver.switch_to.window(handle)
        if s.driver.current_url == url:
            s.driver.find_element(By.TAG_NAME, "body").click()
            break
    else:
        raise AssertionError(f"no window shows {url}")
    s.driver.switch_to.window(s.handle)


def try_each(s: ProtoSession, probes: list[list[str]]) -> dict[str, Any]:
    """Each [label, body] in its own call. (One page-side loop over
    `new Function(body)` cannot work: Manifest V3's CSP forbids eval in
    extension pages; only the first, still inside WebDriver's own
    evaluation, is let through.)"""
    out: dict[str, Any] = {}
    for label, body in probes:
        try:
            out[label] = {"value": s.run(body)}
        except ExtensionError as exc:
            out[label] = {"error": exc.message, "name": exc.name}
    return out


@case
def surface(s: ProtoSession, pages: Pages) -> Any:
    return js(
        s,
        """
const s = browser.sessions;
const out = {};
out.ownKeys = Object.keys(s).sort();
out.chromeKeys = Object.keys(chrome.sessions).sort();
out.browserIsChrome = browser === chrome;
out.max = s.MAX_SESSION_RESULTS;
const d = Object.getOwnPropertyDescriptor(s, "MAX_SESSION_RESULTS");
out.maxDescriptor = d && {writable: d.writable, configurable: d.configurable, enumerable: d.enumerable};
"use strict";
try { s.MAX_SESSION_RESULTS = 5; out.assign = "no error"; } catch (e) { out.assign = String(e); }
out.maxAfterAssign = s.MAX_SESSION_RESULTS;
s.MAX_SESSION_RESULTS = 25;
out.returnsPromise = {
  getRecentlyClosed: s.getRecentlyClosed() instanceof Promise,
  getDevices: s.getDevices() instanceof Promise,
};
out.onChangedMembers = Object.getOwnPropertyNames(Object.getPrototypeOf(s.onChanged)).sort();
return out;
""",
    )


@case
def missing_members(s: ProtoSession, pages: Pages) -> Any:
    names = ["forgetClosedTab", "forgetClosedWindow", "setTabValue", "getTabValue", "removeTabValue"]
    names += ["setWindowValue", "getWindowValue", "removeWindowValue"]
    return {name: call(s, f"sessions.{name}", 1, "k") for name in names}


@case
def start_state(s: ProtoSession, pages: Pages) -> Any:
    return js(
        s,
        """
const windows = await browser.windows.getAll({populate: true});
return {
  windows: windows.map((w) => ({type: w.type, incognito: w.incognito, state: w.state,
    tabs: w.tabs.map((t) => ({url: t.url, active: t.active, status: t.status}))})),
  closed: await browser.sessions.getRecentlyClosed(),
  me: (await browser.tabs.getCurrent()).url,
  extensionInIncognito: await browser.extension.isAllowedIncognitoAccess(),
};
""",
    )


@case
def closed_tab(s: ProtoSession, pages: Pages) -> Any:
    """One loaded tab closed from a window that stays open: the entry, the
    unit of lastModified, onChanged's arguments."""
    tab = s.call("tabs.open", pages.url("alpha"))
    return js(
        s,
        """
eventLog.clear();
const before = Date.now();
await helpers["tabs.close"](args[0].id);
const after = Date.now();
const closed = await browser.sessions.getRecentlyClosed();
const entry = closed[0];
return {
  openTab: args[0],
  entry,
  tabKeys: Object.keys(entry.tab).sort(),
  sessionKeys: Object.keys(entry).sort(),
  lastModifiedVsNowMs: {before, after, lastModified: entry.lastModified,
    secondsWithin: entry.lastModified >= Math.floor(before / 1000) && entry.lastModified <= Math.ceil(after / 1000)},
  events: eventLog.calls.map((c) => Array.from(c)),
};
""",
        tab,
    )


@case
def blank_tabs(s: ProtoSession, pages: Pages) -> Any:
    """Are tabs that only showed about:blank / the new-tab page recorded?
    A loaded tab's close is the barrier: its event comes after any earlier one."""
    real = s.call("tabs.open", pages.url("barrier"))
    return js(
        s,
        """
const removed = (id) => new Promise((resolve) => {
  const l = (r) => { if (r === id) { browser.tabs.onRemoved.removeListener(l); resolve(); } };
  browser.tabs.onRemoved.addListener(l);
});
const created = {};
created.aboutBlank = await browser.tabs.create({url: "about:blank"});
created.noUrl = await browser.tabs.create({});
created.chromeNewtab = await browser.tabs.create({url: "chrome://newtab/"});
// Each complete before it is closed.
const complete = (id) => new Promise((resolve) => {
  const check = async () => {
    const t = await browser.tabs.get(id);
    if (t.status === "complete" && t.url) { browser.tabs.onUpdated.removeListener(check); resolve(); }
  };
  browser.tabs.onUpdated.addListener(check);
  check();
});
const urls = {};
for (const [k, t] of Object.entries(created)) { await complete(t.id); urls[k] = (await browser.tabs.get(t.id)).url; }
eventLog.clear();
for (const t of Object.values(created)) { const gone = removed(t.id); await browser.tabs.remove(t.id); await gone; }
await helpers["tabs.close"](args[0].id);
return {
  urls,
  eventsAfterAllCloses: eventLog.calls.length,
  closed: (await browser.sessions.getRecentlyClosed()).map((x) => x.tab ? x.tab.url : ["window", x.window.tabs.map((t) => t.url)]),
};
""",
        real,
    )


@case
def closed_window(s: ProtoSession, pages: Pages) -> Any:
    """A window with two loaded tabs (the first active) closed: the entry, the
    active tab recorded, onChanged count; then one tab restored out of it."""
    window = s.call("windows.open", [pages.url("w1"), pages.url("w2")])
    return js(
        s,
        """
const w = args[0];
await browser.tabs.update(w.tabs[0].id, {active: true});
eventLog.clear();
await helpers["windows.close"](w.id);
const events = eventLog.calls.length;
const closed = await browser.sessions.getRecentlyClosed();
const entry = closed[0];
const out = {openWindow: {keys: Object.keys(w).sort(), type: w.type, state: w.state}, entry, events,
  windowKeys: Object.keys(entry.window).sort(),
  activeTabs: entry.window.tabs.map((t) => [t.url, t.active, t.selected, t.highlighted])};
// Restore only the second tab of the closed window.
eventLog.clear();
const inner = entry.window.tabs[1];
try {
  const restored = await browser.sessions.restore(inner.sessionId);
  out.restoreInner = restored;
} catch (e) {
  out.restoreInner = {error: String(e.message)};
}
out.eventsAfterInnerRestore = eventLog.calls.length;
out.closedAfterInnerRestore = await browser.sessions.getRecentlyClosed();
out.windowsAfter = (await browser.windows.getAll({populate: true})).map((x) => [x.id, x.tabs.map((t) => t.url)]);
return out;
""",
        window,
    )


@case
def window_shapes(s: ProtoSession, pages: Pages) -> Any:
    """What closing windows of various contents records (a loaded tab's close
    after each is the barrier), and a data: tab."""
    shapes = {
        "oneLoadedTab": [pages.url("solo")],
        "oneBlankTab": ["about:blank"],
        "oneNewTabPage": ["chrome://newtab/"],
        "blankAndLoaded": ["about:blank", pages.url("mixed")],
        "twoBlank": ["about:blank", "about:blank"],
    }
    out: dict[str, Any] = {}
    body = """
eventLog.clear();
const w = await browser.windows.create({url: args[0]});
// Every tab complete at its URL (chrome://newtab/ shows as another chrome:// URL).
const loaded = async () => (await browser.tabs.query({windowId: w.id})).every((t, i) =>
  t.status === "complete" && (t.url === args[0][i] || (args[0][i].startsWith("chrome:") && t.url.startsWith("chrome:"))));
await new Promise((resolve) => {
  const check = async () => { if (await loaded()) { browser.tabs.onUpdated.removeListener(check); resolve(); } };
  browser.tabs.onUpdated.addListener(check);
  check();
});
const tabsAtClose = (await browser.tabs.query({windowId: w.id})).map((t) => t.url);
const gone = new Promise((r) => browser.windows.onRemoved.addListener(function l(id) { if (id === w.id) r(); }));
await browser.windows.remove(w.id);
await gone;
const events = eventLog.calls.length;
await helpers["tabs.close"]((await helpers["tabs.open"](args[1])).id);
const closed = await browser.sessions.getRecentlyClosed();
await browser.browsingData.remove({since: 0}, {history: true});
return {tabsAtClose, eventsBeforeBarrier: events, entriesBeforeBarrier: closed.slice(1).map((x) => x.tab ? ["tab", x.tab.url] : ["window", x.window.tabs.map((t) => t.url)])};
"""
    for name, urls in shapes.items():
        out[name] = js(s, body, urls, pages.url("barrier"))
    out["dataTab"] = js(
        s,
        """
eventLog.clear();
const t = await browser.tabs.create({url: "data:text/html,<title>d</title>x"});
await new Promise((r) => browser.tabs.onUpdated.addListener(function l(id, c, tab) { if (id === t.id && tab.status === "complete") r(); }));
const gone = new Promise((r) => browser.tabs.onRemoved.addListener(function l(id) { if (id === t.id) r(); }));
await browser.tabs.remove(t.id);
await gone;
const events = eventLog.calls.length;
await helpers["tabs.close"]((await helpers["tabs.open"](args[0])).id);
const closed = await browser.sessions.getRecentlyClosed();
return {eventsBeforeBarrier: events, entriesBeforeBarrier: closed.slice(1).map((x) => x.tab ? x.tab.url : "window")};
""",
        pages.url("barrier"),
    )
    return out


@case
def restore_tab(s: ProtoSession, pages: Pages) -> Any:
    """restore(id) of a closed tab and restore() of the most recent entry."""
    one = s.call("tabs.open", pages.url("one"))
    two = s.call("tabs.open", pages.url("two"))
    return js(
        s,
        """
await helpers["tabs.close"](args[0].id);
await helpers["tabs.close"](args[1].id);
const closed = await browser.sessions.getRecentlyClosed();
eventLog.clear();
const out = {};
out.restoreById = await browser.sessions.restore(closed[1].tab.sessionId);
out.eventsAfterRestoreById = eventLog.calls.length;
out.restoreNoArg = await browser.sessions.restore();
out.eventsAfterRestoreNoArg = eventLog.calls.length;
try { await browser.sessions.restore(closed[1].tab.sessionId); out.restoreTwice = "resolved"; }
catch (e) { out.restoreTwice = {error: String(e.message)}; }
out.closedAfter = await browser.sessions.getRecentlyClosed();
return out;
""",
        one,
        two,
    )


@case
def restore_window(s: ProtoSession, pages: Pages) -> Any:
    """restore(id) of a closed window: what it resolves to, the events (with a
    barrier after), and where a restored tab goes (its old window)."""
    window = s.call("windows.open", [pages.url("rw1"), pages.url("rw2")])
    tab = s.call("tabs.open", pages.url("rt"), window["id"])
    return js(
        s,
        """
const me = await browser.tabs.getCurrent();
await helpers["tabs.close"](args[1].id);
await helpers["windows.close"](args[0].id);
const closed = await browser.sessions.getRecentlyClosed();
eventLog.clear();
const restored = await browser.sessions.restore(closed[0].window.sessionId);
const eventsWhenResolved = eventLog.calls.length;
const again = await browser.sessions.getRecentlyClosed();
const tab = await browser.sessions.restore(again[0].tab.sessionId);
const eventsAfterTabRestore = eventLog.calls.length;
await helpers["tabs.close"]((await helpers["tabs.open"](args[2], me.windowId)).id);
return {
  restoredWindow: {keys: Object.keys(restored.window).sort(), id: restored.window.id, tabs: restored.window.tabs.map((t) => [t.id, t.url, t.status])},
  eventsWhenResolved,
  restoredTab: {windowId: tab.tab.windowId, intoRestoredWindow: tab.tab.windowId === restored.window.id,
    oldWindowId: args[0].id, tabOldWindowId: args[1].windowId},
  eventsAfterTabRestore,
  eventsAfterBarrier: eventLog.calls.length - 1,
};
""",
        window,
        tab,
        pages.url("barrier"),
    )


@case
def errors(s: ProtoSession, pages: Pages) -> Any:
    """Error messages, with nothing closed (and then with one closed tab)."""
    probes = [
        ["restore()", "return await browser.sessions.restore();"],
        ["restore('nope')", "return await browser.sessions.restore('nope');"],
        ["restore('123456789')", "return await browser.sessions.restore('123456789');"],
        ["restore(5)", "return await browser.sessions.restore(5);"],
        ["restore(null)", "return await browser.sessions.restore(null);"],
        ["restore('')", "return await browser.sessions.restore('');"],
        ["getRecentlyClosed({maxResults: 26})", "return await browser.sessions.getRecentlyClosed({maxResults: 26});"],
        ["getRecentlyClosed({maxResults: 25})", "return await browser.sessions.getRecentlyClosed({maxResults: 25});"],
        ["getRecentlyClosed({maxResults: 0})", "return await browser.sessions.getRecentlyClosed({maxResults: 0});"],
        ["getRecentlyClosed({maxResults: -1})", "return await browser.sessions.getRecentlyClosed({maxResults: -1});"],
        ["getRecentlyClosed({maxResults: '5'})", "return await browser.sessions.getRecentlyClosed({maxResults: '5'});"],
        ["getRecentlyClosed({maxResults: 2.5})", "return await browser.sessions.getRecentlyClosed({maxResults: 2.5});"],
        [
            "getRecentlyClosed({maxResults: null})",
            "return await browser.sessions.getRecentlyClosed({maxResults: null});",
        ],
        ["getRecentlyClosed(null)", "return await browser.sessions.getRecentlyClosed(null);"],
        ["getRecentlyClosed('x')", "return await browser.sessions.getRecentlyClosed('x');"],
        ["getRecentlyClosed({other: 1})", "return await browser.sessions.getRecentlyClosed({other: 1});"],
        ["getDevices()", "return await browser.sessions.getDevices();"],
        ["getDevices({maxResults: 1})", "return await browser.sessions.getDevices({maxResults: 1});"],
        ["getDevices({maxResults: 26})", "return await browser.sessions.getDevices({maxResults: 26});"],
        ["getDevices({maxResults: -1})", "return await browser.sessions.getDevices({maxResults: -1});"],
    ]
    out = {"nothingClosed": try_each(s, probes)}
    tab = s.call("tabs.open", pages.url("errors"))
    s.call("tabs.close", tab["id"])
    out["oneClosed"] = try_each(s, probes[:6])
    # Through the bridge's dispatch, which tells a synchronous throw from a rejection.
    calls: list[tuple[str, tuple[Any, ...]]] = [
        ("getRecentlyClosed", ({"maxResults": 26},)),
        ("getRecentlyClosed", ({"maxResults": -1},)),
        ("getRecentlyClosed", ({"maxResults": "5"},)),
        ("getRecentlyClosed", ({"maxResults": 2.5},)),
        ("restore", ("nope",)),
        ("restore", (5,)),
        ("getDevices", ({"maxResults": 26},)),
    ]
    out["throughDispatch"] = {}
    for name, args in calls:
        try:
            out["throughDispatch"][f"{name}{args!r}"] = {"value": s.call(f"sessions.{name}", *args)}
        except ExtensionError as exc:
            out["throughDispatch"][f"{name}{args!r}"] = {"error": exc.message, "synchronous": exc.synchronous}
    return out


@case
def events(s: ProtoSession, pages: Pages) -> Any:
    """When onChanged fires: tab close, window close, restore, browsingData.remove."""
    a = s.call("tabs.open", pages.url("ev-a"))
    w = s.call("windows.open", [pages.url("ev-w1"), pages.url("ev-w2")])
    return js(
        s,
        """
const out = {};
eventLog.clear();
await helpers["tabs.close"](args[0].id);
out.tabClose = eventLog.calls.map((c) => c.length);
eventLog.clear();
await helpers["windows.close"](args[1].id);
out.windowClose = eventLog.calls.map((c) => c.length);
eventLog.clear();
const changed = nextSessionsChange();
await browser.sessions.restore();
await changed;
out.restoreWindow = eventLog.calls.length;
eventLog.clear();
const cleared = nextSessionsChange();
await browser.browsingData.remove({since: 0}, {history: true});
const timeout = new Promise((r) => setTimeout(() => r("no event within 3 s"), 3000)); // allowed-sleep: measuring whether an event comes at all
out.browsingDataRemove = await Promise.race([cleared.then(() => "fired"), timeout]);
out.browsingDataRemoveEvents = eventLog.calls.length;
out.closedAfter = await browser.sessions.getRecentlyClosed();
return out;
""",
        a,
        w,
        timeout=20,
    )


@case
def clear_closed_list(s: ProtoSession, pages: Pages) -> Any:
    """browsingData.remove({since: 0}, {history: true}): empties the closed
    list? What it costs with 0, 1 and 10 entries. What it does to open tabs'
    back/forward history."""
    out: dict[str, Any] = {}
    # The cost, and the onChanged events it causes: a loaded tab's close after
    # it is the barrier (its event comes after any event of the removal).
    body = """
eventLog.clear();
const t0 = performance.now();
await browser.browsingData.remove({since: 0}, {history: true});
const ms = performance.now() - t0;
const closed = (await browser.sessions.getRecentlyClosed()).length;
const eventsWhenResolved = eventLog.calls.length;
await helpers["tabs.close"]((await helpers["tabs.open"](args[0])).id);
return {ms, closed, eventsWhenResolved, eventsBeforeBarrier: eventLog.calls.length - 1};
"""
    out["empty"] = [js(s, body, pages.url("barrier")) for _ in range(3)]
    js(s, body, pages.url("barrier"))
    for count in (1, 10):
        for i in range(count):
            tab = s.call("tabs.open", pages.url(f"c{i}"))
            s.call("tabs.close", tab["id"])
        before = len(s.call("sessions.getRecentlyClosed"))
        out[f"with{count}"] = {"before": before, **js(s, body, pages.url("barrier"))}
    tab = s.call("tabs.open", pages.url("h1"))
    activate(s, pages.url("h1"))
    s.call("tabs.navigate", tab["id"], pages.url("h2"))
    out["openTabGoBackBeforeRemove"] = call(s, "tabs.goBack", tab["id"])["url"]
    activate(s, pages.url("h1"))
    s.call("tabs.goForward", tab["id"])
    js(s, "await browser.browsingData.remove({since: 0}, {history: true});")
    out["openTabGoBackAfterRemove"] = call(s, "tabs.goBack", tab["id"])
    return out


@case
def reset(s: ProtoSession, pages: Pages) -> Any:
    """The prototype's reset (bridge.js harness.reset on Chromium) after a messy test."""
    for name in ("r1", "r2"):
        s.call("tabs.open", pages.url(name))
    s.call("windows.open", [pages.url("r3")])
    closed = s.call("tabs.open", pages.url("r4"))
    s.call("tabs.close", closed["id"])
    timings = []
    for _ in range(5):
        t0 = time.monotonic()
        state = s.call("harness.reset")
        s.call("events.clear")
        timings.append(round(time.monotonic() - t0, 3))
    return {
        "state": state,
        "seconds": timings,
        "after": js(
            s,
            """
return {windows: (await browser.windows.getAll({populate: true})).map((w) => w.tabs.map((t) => t.url)),
        closed: await browser.sessions.getRecentlyClosed(), events: eventLog.calls.length};
""",
        ),
    }


@case
def reset_cost(s: ProtoSession, pages: Pages) -> Any:
    """reset() after a trivial test (as bench's "reset() + a trivial test"),
    and its parts timed inside the page: the blank tab's open and close, and
    emptying the closed list with browsingData.remove."""
    import os
    import statistics

    runs = 20
    totals = []
    for _ in range(runs):
        t0 = time.monotonic()
        s.call("harness.reset")
        s.call("events.clear")
        assert s.call("sessions.getRecentlyClosed") == []
        totals.append(time.monotonic() - t0)
    parts = js(
        s,
        """
const out = {tabOpenClose: [], removeAllHistory: []};
for (let i = 0; i < args[0]; i++) {
  let t = performance.now();
  const tab = await browser.tabs.create({url: "about:blank"});
  await helpers["tabs.close"](tab.id, false);
  out.tabOpenClose.push(performance.now() - t);
  t = performance.now();
  await removeAllHistory();
  out.removeAllHistory.push(performance.now() - t);
}
return out;
""",
        runs,
        timeout=60,
    )
    return {
        "loadavg": os.getloadavg(),
        "resetPlusTrivialTest_ms": {
            "median": round(statistics.median(totals) * 1000),
            "min": round(min(totals) * 1000),
            "max": round(max(totals) * 1000),
        },
        "inPage_ms": {
            k: {"median": round(statistics.median(v)), "min": round(min(v)), "max": round(max(v))}
            for k, v in parts.items()
        },
    }


@case
def incognito_without_permission(s: ProtoSession, pages: Pages) -> Any:
    """windows.create({incognito: true}) from an extension not allowed in
    incognito; what WebDriver sees; and whether closing it is recorded."""
    handles = len(s.driver.window_handles)
    out = js(
        s,
        """
const out = {allowed: await browser.extension.isAllowedIncognitoAccess()};
const created = new Promise((r) => browser.windows.onCreated.addListener(function l(w) { r(w); }));
try {
  const w = await browser.windows.create({incognito: true, url: args[0]});
  out.createResolvedWith = w === undefined ? "undefined" : w;
} catch (e) {
  out.createError = String(e.message);
}
out.getAll = (await browser.windows.getAll()).map((x) => [x.id, x.incognito]);
out.tabsQuery = (await browser.tabs.query({})).map((t) => t.url);
const timeout = new Promise((r) => setTimeout(() => r("no windows.onCreated within 2 s"), 2000)); // allowed-sleep: measuring whether an event comes at all
out.onCreated = await Promise.race([created, timeout]);
return out;
""",
        pages.url("private"),
    )
    out["webdriverHandles"] = {"before": handles, "after": len(s.driver.window_handles)}
    private = [h for h in s.driver.window_handles if h != s.handle]
    titles = {}
    for handle in private:
        s.driver.switch_to.window(handle)
        titles[handle] = s.driver.current_url
    s.driver.switch_to.window(s.handle)
    out["webdriverUrls"] = sorted(titles.values())
    return out


def incognito_with_permission() -> Any:
    """Launch with the fixture allowed in incognito (Preferences before the
    start, and the developerPrivate flow while running), then close a tab and
    a window in an incognito window."""
    out: dict[str, Any] = {}
    for how, at_runtime in (("preferences", False), ("developerPrivate", True)):
        with Pages() as pages, ProtoSession(private=True, private_at_runtime=at_runtime) as s:
            got: dict[str, Any] = {"start": round(s.timings["start"], 2)}
            if at_runtime:
                got["allow_private_seconds"] = round(s.timings["allow_private"], 2)
            got["allowed"] = js(s, "return await browser.extension.isAllowedIncognitoAccess();")
            got["closedAfterLaunch"] = call(s, "sessions.getRecentlyClosed")
            window = call(s, "windows.open", [pages.url("p1"), pages.url("p2")], True)
            got["window"] = {"incognito": window["incognito"], "tabs": [t["url"] for t in window["tabs"]]}
            got["closeOne"] = js(
                s,
                """
eventLog.clear();
const gone = new Promise((r) => browser.tabs.onRemoved.addListener((id) => id === args[0] && r()));
await browser.tabs.remove(args[0]);
await gone;
const events = eventLog.calls.length;
const barrier = await helpers["tabs.open"](args[1]);
await helpers["tabs.close"](barrier.id);
return {eventsBeforeBarrier: events, closed: (await browser.sessions.getRecentlyClosed()).map((x) => x.tab ? [x.tab.url, x.tab.incognito] : "window")};
""",
                window["tabs"][0]["id"],
                pages.url("barrier1"),
            )
            got["closeWindow"] = js(
                s,
                """
eventLog.clear();
const gone = new Promise((r) => browser.windows.onRemoved.addListener((id) => id === args[0] && r()));
await browser.windows.remove(args[0]);
await gone;
const events = eventLog.calls.length;
const barrier = await helpers["tabs.open"](args[1]);
await helpers["tabs.close"](barrier.id);
return {eventsBeforeBarrier: events, closed: (await browser.sessions.getRecentlyClosed()).map((x) => x.tab ? [x.tab.url, x.tab.incognito] : "window")};
""",
                window["id"],
                pages.url("barrier2"),
            )
            out[how] = got
    return out


STATE = """
return {windows: (await browser.windows.getAll({populate: true})).map((w) => w.tabs.map((t) => t.url)),
        closed: (await browser.sessions.getRecentlyClosed()).map((x) => x.tab ? ["tab", x.tab.title, x.tab.index]
          : ["window", x.window.tabs.map((t) => t.title)])};
"""


def restart() -> Any:
    """Quit (WebDriver quit) and start again on the same user data dir, with
    and without "continue where you left off" (session.restore_on_startup = 1)."""
    out: dict[str, Any] = {}
    for restore in (False, True):
        with Pages() as pages:
            first = ProtoSession(restore_last_session=restore)
            try:
                first.call("tabs.open", pages.url("kept-open"))
                closed = first.call("tabs.open", pages.url("closed-before-restart"))
                first.call("tabs.close", closed["id"])
                before = first.run(STATE)
                t0 = time.monotonic()
                first.stop()
                stop_seconds = time.monotonic() - t0
                t0 = time.monotonic()
                second = ProtoSession(user_data_dir=first.user_data_dir)
                try:
                    out[f"restore_on_startup={int(restore)}"] = {
                        "before": before,
                        "after": second.run(STATE),
                        "quitSeconds": round(stop_seconds, 2),
                        "startSeconds": round(time.monotonic() - t0, 2),
                    }
                finally:
                    second.close()
            finally:
                first.close()
    return out


def startup(runs: int = 5) -> Any:
    """Launch to first answer from the bridge page, Chromium (this prototype)
    and Firefox (harness.launch) alternately, so both see the same load."""
    import os
    import statistics

    import harness

    chromium: list[float] = []
    parts: list[dict[str, float]] = []
    firefox: list[float] = []
    load = [os.getloadavg()[0]]
    for _ in range(runs):
        t0 = time.monotonic()
        with ProtoSession() as session:
            session.call("harness.ping")
            chromium.append(time.monotonic() - t0)
            parts.append(session.timings)
        t0 = time.monotonic()
        with harness.launch() as browser:
            browser.sessions.get_recently_closed()
            firefox.append(time.monotonic() - t0)
        load.append(os.getloadavg()[0])

    def summary(values: list[float]) -> dict[str, float]:
        return {
            "median": round(statistics.median(values), 2),
            "min": round(min(values), 2),
            "max": round(max(values), 2),
        }

    return {
        "loadavg1": [round(x, 1) for x in load],
        "chromium_s": summary(chromium),
        "chromium_parts_median_s": {k: round(statistics.median(p[k] for p in parts), 2) for k in parts[0]},
        "firefox_s": summary(firefox),
    }


SPECIAL = {"startup": startup, "incognito_with_permission": incognito_with_permission, "restart": restart}


def main(names: list[str]) -> int:
    wanted = names or [*CASES, *SPECIAL]
    for name in wanted:
        if name in SPECIAL:
            result = SPECIAL[name]()
        else:
            with Pages() as pages, ProtoSession() as session:
                assert session.call("harness.ping")["url"].startswith(f"chrome-extension://{FIXTURE_ID}/")
                result = CASES[name](session, pages)
        print(json.dumps({"case": name, "result": result}, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
