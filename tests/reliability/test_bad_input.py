"""Point 4: bad input to every sessions function gets the browser's own
verdict (an ExtensionError with its message, or the JSON conversion Firefox
applies to stored values), never a harness crash or hang; afterwards the
browser still answers and every value stored before is intact.

Expectations recorded on Firefox ESR 153 (see docs/RELIABILITY.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pytest

from harness import UNDEFINED, Browser, ExtensionError, JSValue
from harness.pages import Pages

MB = 1024 * 1024
UNEXPECTED = "An unexpected error occurred"  # Firefox's message when storing throws in the parent


class Ref:
    """Stands for an id known only at run time."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


TAB, WIN, CLOSED_WIN, SID = Ref("TAB"), Ref("WIN"), Ref("CLOSED_WIN"), Ref("SID")


@dataclass(frozen=True)
class Rejected:
    """The browser rejects the call with exactly this message."""

    message: str


@dataclass(frozen=True)
class Stored:
    """The call succeeds; reading the key back gives this value."""

    value: Any


def types(fn: str) -> Rejected:
    return Rejected(f"Incorrect argument types for sessions.{fn}.")


def filter_error(detail: str) -> Rejected:
    return Rejected(f"Type error for parameter filter ({detail}) for sessions.getRecentlyClosed.")


LONG_ID = "k" * 100_000
CYCLE: list[Any] = [1]
CYCLE.append(CYCLE)

# (Python method, arguments, verdict)
PYTHON_ROWS: list[tuple[str, tuple[Any, ...], Rejected | Stored]] = [
    # getRecentlyClosed(filter)
    ("getRecentlyClosed", ("x",), types("getRecentlyClosed")),
    ("getRecentlyClosed", ([],), types("getRecentlyClosed")),
    ("getRecentlyClosed", ({}, 1), types("getRecentlyClosed")),
    (
        "getRecentlyClosed",
        ({"maxResults": 26},),
        filter_error("Error processing maxResults: Integer 26 is too big (must be at most 25)"),
    ),
    (
        "getRecentlyClosed",
        ({"maxResults": -1},),
        filter_error("Error processing maxResults: Integer -1 is too small (must be at least 0)"),
    ),
    (
        "getRecentlyClosed",
        ({"maxResults": 2**53},),
        filter_error("Error processing maxResults: Integer is out of range"),
    ),
    (
        "getRecentlyClosed",
        ({"maxResults": 1.5},),
        filter_error("Error processing maxResults: Expected integer instead of 1.5"),
    ),
    (
        "getRecentlyClosed",
        ({"maxResults": math.nan},),
        filter_error("Error processing maxResults: Expected integer instead of null"),
    ),
    ("getRecentlyClosed", ({"unknown": 1},), filter_error('Unexpected property "unknown"')),
    # restore(sessionId)
    ("restore", ("abc",), Rejected("Invalid sessionId: abc.")),
    ("restore", ("99999",), Rejected("Could not restore object using sessionId 99999.")),
    ("restore", (5,), types("restore")),
    ("restore", (LONG_ID,), Rejected(f"Invalid sessionId: {LONG_ID}.")),
    # forgetClosedTab(windowId, sessionId) / forgetClosedWindow(sessionId)
    ("forgetClosedTab", (CLOSED_WIN, "abc"), Rejected("Invalid sessionId: abc.")),
    ("forgetClosedTab", (CLOSED_WIN, "99999"), Rejected("Could not find closed tab using sessionId 99999.")),
    ("forgetClosedTab", ("1", SID), types("forgetClosedTab")),
    ("forgetClosedTab", (-1, SID), Rejected("Invalid window ID: -1")),
    ("forgetClosedTab", (999999, SID), Rejected("Invalid window ID: 999999")),
    ("forgetClosedWindow", ("abc",), Rejected("Invalid sessionId: abc.")),
    ("forgetClosedWindow", ("99999",), Rejected("Could not find closed window using sessionId 99999.")),
    ("forgetClosedWindow", (None,), types("forgetClosedWindow")),
    # tab values: ids
    ("setTabValue", ("1", "k", 1), types("setTabValue")),
    ("setTabValue", (1.5, "k", 1), types("setTabValue")),
    (
        "setTabValue",
        (-1, "k", 1),
        Rejected(
            "Type error for parameter tabId (Integer -1 is too small (must be at least 0)) for sessions.setTabValue."
        ),
    ),
    ("setTabValue", (2**31, "k", 1), Rejected("Invalid tab ID: 2147483648")),
    (
        "getTabValue",
        (2**53, "k"),
        Rejected("Type error for parameter tabId (Integer is out of range) for sessions.getTabValue."),
    ),
    ("getTabValue", (999999, "k"), Rejected("Invalid tab ID: 999999")),
    ("removeTabValue", (None, "k"), types("removeTabValue")),
    # tab values: keys
    ("setTabValue", (TAB, 1, "v"), types("setTabValue")),
    ("setTabValue", (TAB, None, "v"), types("setTabValue")),
    ("removeTabValue", (TAB, {"a": 1}), types("removeTabValue")),
    ("setTabValue", (TAB, "", "empty key"), Stored("empty key")),
    ("setTabValue", (TAB, "k" * MB, "1 MB key"), Stored("1 MB key")),
    # tab values: values
    ("setTabValue", (TAB, "k", "x" * MB), Stored("x" * MB)),
    ("setTabValue", (TAB, "k", "x" * 16 * MB), Stored("x" * 16 * MB)),
    ("setTabValue", (TAB, "k", UNDEFINED), Rejected(UNEXPECTED)),
    ("setTabValue", (TAB, "k", math.nan), Stored(None)),
    ("setTabValue", (TAB, "k", math.inf), Stored(None)),
    ("setTabValue", (TAB, "k", {"a": UNDEFINED, "b": [UNDEFINED, -math.inf]}), Stored({"b": [None, None]})),
    ("setTabValue", (TAB, "k", JSValue("bigint", "12")), Rejected(UNEXPECTED)),
    ("setTabValue", (TAB,), types("setTabValue")),
    # window values
    ("setWindowValue", ("1", "k", 1), types("setWindowValue")),
    ("setWindowValue", (-1, "k", 1), Rejected("Invalid window ID: -1")),
    ("getWindowValue", (999999, "k"), Rejected("Invalid window ID: 999999")),
    (
        "removeWindowValue",
        (2**53, "k"),
        Rejected("Type error for parameter windowId (Integer is out of range) for sessions.removeWindowValue."),
    ),
    ("setWindowValue", (WIN, None, "v"), types("setWindowValue")),
    ("setWindowValue", (WIN, "", "empty key"), Stored("empty key")),
    ("setWindowValue", (WIN, "k", "x" * 16 * MB), Stored("x" * 16 * MB)),
    ("setWindowValue", (WIN, "k", UNDEFINED), Rejected(UNEXPECTED)),
    ("setWindowValue", (WIN, "k", -math.inf), Stored(None)),
]

# JavaScript values Python cannot express, stored through browser.execute().
JS_ROWS: list[tuple[str, str, Rejected | Stored]] = [
    ("function", "() => 1", Stored(None)),
    ("Date", "new Date(0)", Stored("1970-01-01T00:00:00.000Z")),
    ("cycle", "(() => { const o = {}; o.self = o; return o; })()", Rejected(UNEXPECTED)),
    ("BigInt", "12n", Rejected(UNEXPECTED)),
    (
        "nested",
        "({a: undefined, b: () => 1, c: [undefined, () => 1], d: NaN, e: Infinity})",
        Stored({"c": [None, None], "d": None, "e": None}),
    ),
    ("Map", "new Map([[1, 2]])", Stored({})),
]

KEPT_TAB = {"kept": ["tab", 1, None, True]}
KEPT_WINDOW = {"kept": {"window": 2.5}}


@dataclass
class Scene:
    refs: dict[str, Any]
    closed: list[str]


@pytest.fixture
def scene(browser: Browser, pages: Pages) -> Scene:
    """Values and a closed tab that every bad call must leave alone."""
    browser.sessions.set_tab_value(browser.harness_tab_id, "kept", KEPT_TAB)
    browser.sessions.set_window_value(browser.harness_window_id, "kept", KEPT_WINDOW)
    browser.tabs.close(browser.tabs.open(pages.url("kept-closed")).id)
    [closed] = browser.sessions.get_recently_closed()
    refs = {
        "TAB": browser.harness_tab_id,
        "WIN": browser.harness_window_id,
        "CLOSED_WIN": closed.tab.window_id,
        "SID": closed.tab.session_id,
    }
    return Scene(refs, [closed.tab.session_id])


def assert_nothing_lost(browser: Browser, scene: Scene) -> None:
    assert browser.execute("return 6 * 7;") == 42
    s = browser.sessions
    assert s.get_tab_value(browser.harness_tab_id, "kept") == KEPT_TAB
    assert s.get_window_value(browser.harness_window_id, "kept") == KEPT_WINDOW
    assert [entry.tab.session_id for entry in s.get_recently_closed()] == scene.closed


def _row_id(row: tuple[str, tuple[Any, ...], Any]) -> str:
    fn, args, _ = row
    shown = ", ".join(f"<{len(a)} chars>" if isinstance(a, str) and len(a) > 16 else repr(a) for a in args)
    return f"{fn}({shown})"


@pytest.mark.parametrize("row", PYTHON_ROWS, ids=_row_id)
def test_bad_input_gets_the_browsers_verdict(
    browser: Browser, scene: Scene, row: tuple[str, tuple[Any, ...], Any]
) -> None:
    fn, raw_args, verdict = row
    args = tuple(scene.refs[a.name] if isinstance(a, Ref) else a for a in raw_args)
    # The verdict is the point, not the speed: a 16 MB value's round trip can take several seconds.
    seconds = browser.timeouts.launch
    call = lambda: browser.sessions._bridge().call(f"sessions.{fn}", *args, timeout=seconds)  # noqa: E731 - the exact arguments, no defaults
    if isinstance(verdict, Rejected):
        with pytest.raises(ExtensionError) as info:
            call()
        assert info.value.message == verdict.message
        assert info.value.method == f"sessions.{fn}"
    else:
        assert call() is UNDEFINED
        getter = fn.replace("set", "get")
        assert browser.sessions._bridge().call(f"sessions.{getter}", args[0], args[1], timeout=seconds) == verdict.value
    assert_nothing_lost(browser, scene)


@pytest.mark.parametrize("kind", ["Tab", "Window"])
@pytest.mark.parametrize("row", JS_ROWS, ids=lambda row: row[0])
def test_javascript_only_values_get_the_browsers_verdict(
    browser: Browser, scene: Scene, row: tuple[str, str, Any], kind: str
) -> None:
    _, expression, verdict = row
    target = browser.harness_tab_id if kind == "Tab" else browser.harness_window_id
    body = (
        f"await browser.sessions.set{kind}Value(args[0], 'js', {expression});"
        f"return await browser.sessions.get{kind}Value(args[0], 'js');"
    )
    if isinstance(verdict, Rejected):
        with pytest.raises(ExtensionError) as info:
            browser.execute(body, target)
        assert info.value.message == verdict.message
    else:
        assert browser.execute(body, target) == verdict.value
    assert_nothing_lost(browser, scene)


@pytest.mark.parametrize(
    "value",
    [CYCLE, {"self": CYCLE}, lambda: 1, {1, 2}, b"bytes", {1: "not a str key"}],
    ids=["cyclic list", "cyclic in dict", "function", "set", "bytes", "int key"],
)
def test_python_values_json_cannot_hold_are_refused_before_the_browser(
    browser: Browser, scene: Scene, value: Any
) -> None:
    with pytest.raises(TypeError, match=r"cannot send|must be str"):
        browser.sessions.set_tab_value(browser.harness_tab_id, "kept", value)
    assert_nothing_lost(browser, scene)
