"""VAL, ARG-11..15, BND-1..4/6, DUP-1/2: tab and window values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from harness import UNDEFINED, Browser, JSValue, Sessions
from harness.pages import Pages

from .check import check, rejects, resolves_undefined
from .expectations import expected
from .scenarios import VALUE_FUNCTIONS

JSON_VALUES = ["text", "", 0, -7, 2.5, True, False, None, [], [1, "two", [3]], {"nested": {"list": [1, {"a": None}]}}]

# JavaScript values the bridge cannot send as such, made inside the browser by label.
STORE_AND_READ = """
const [kind, id, labels] = args;
const s = browser.sessions;
const set = kind === "tab" ? s.setTabValue : s.setWindowValue;
const get = kind === "tab" ? s.getTabValue : s.getWindowValue;
const cyclic = {}; cyclic.self = cyclic;
const make = {
  "a function": () => function () {},
  "NaN": () => NaN,
  "new Date(0)": () => new Date(0),
  "an object with a method and an undefined property": () => ({a: 1, f() {}, u: undefined}),
  "undefined": () => undefined,
  "a cyclic object": () => cyclic,
  "Infinity": () => Infinity,
  "-0 (read back as 0, Object.is(-0) false)": () => -0,
  "new Map([[1, 2]])": () => new Map([[1, 2]]),
  "Symbol('s')": () => Symbol("s"),
  "[1, undefined, function () {}]": () => [1, undefined, function () {}],
};
const out = {};
for (const label of labels) {
  const key = "v:" + label;
  try {
    await set(id, key, make[label]());
    const value = await get(id, key);
    out[label] = Object.is(value, -0) ? "-0" : value;
  } catch (error) {
    out[label] = {rejected: error.message, stored: (await get(id, key)) !== undefined};
  }
}
return out;
"""


VAL_2_LABELS = [
    "a function",
    "NaN",
    "new Date(0)",
    "an object with a method and an undefined property",
    "undefined",
    "a cyclic object",
]
VAL_13_LABELS = [
    "Infinity",
    "-0 (read back as 0, Object.is(-0) false)",
    "new Map([[1, 2]])",
    "Symbol('s')",
    "[1, undefined, function () {}]",
]


class Kind:
    """The tab or window flavour of the value functions, for tests that check both."""

    def __init__(self, name: str, sessions: Sessions, target: int) -> None:
        self.name = name
        self.target = target
        title = name.capitalize()
        self.set: Callable[..., Any] = getattr(sessions, f"set_{name}_value")
        self.get: Callable[..., Any] = getattr(sessions, f"get_{name}_value")
        self.remove: Callable[..., Any] = getattr(sessions, f"remove_{name}_value")
        self.js = f"{title}Value"
        self.item = {"tab": "VAL-1", "window": "VAL-9"}[name]


@pytest.fixture(params=["tab", "window"])
def kind(request: pytest.FixtureRequest, browser: Browser, pages: Pages) -> Kind:
    if request.param == "tab":
        return Kind("tab", browser.sessions, browser.tabs.open(pages.url("values")).id)
    return Kind("window", browser.sessions, browser.windows.open([pages.url("values")]).id)


@pytest.mark.needs("setTabValue")
@pytest.mark.spec("VAL-1", "VAL-9")
def test_json_values_round_trip(kind: Kind) -> None:
    for number, value in enumerate(JSON_VALUES):
        resolves_undefined(kind.item, kind.set, kind.target, f"k{number}", value)
        check(
            kind.item,
            f"get{kind.js}({kind.target}, 'k{number}') after set {value!r}",
            kind.get(kind.target, f"k{number}"),
            value,
        )


@pytest.mark.needs("setTabValue")
@pytest.mark.spec("VAL-2", "VAL-9")
def test_values_are_stored_as_json(browser: Browser, kind: Kind) -> None:
    got = browser.execute(STORE_AND_READ, kind.name, kind.target, VAL_2_LABELS)
    check("VAL-2", f"set{kind.js} then get{kind.js} of each JavaScript value", got, expected("VAL-2.results"))


@pytest.mark.needs("setTabValue")
@pytest.mark.spec("VAL-13")
def test_json_edge_values(browser: Browser, kind: Kind) -> None:
    got = browser.execute(STORE_AND_READ, kind.name, kind.target, VAL_13_LABELS)
    check("VAL-13", f"set{kind.js} then get{kind.js} of each JavaScript value", got, expected("VAL-13.results"))


@pytest.mark.needs("setTabValue")
@pytest.mark.spec("VAL-3", "VAL-9")
def test_a_key_never_set_is_undefined(kind: Kind) -> None:
    check("VAL-3", f"get{kind.js}({kind.target}, 'never-set')", kind.get(kind.target, "never-set"), UNDEFINED)


@pytest.mark.needs("setTabValue")
@pytest.mark.spec("VAL-4", "VAL-9")
def test_remove_value(kind: Kind) -> None:
    kind.set(kind.target, "k", "v")
    resolves_undefined("VAL-4", kind.remove, kind.target, "k")
    check("VAL-4", f"get{kind.js} after remove{kind.js}", kind.get(kind.target, "k"), UNDEFINED)
    resolves_undefined("VAL-4", kind.remove, kind.target, "missing")


@pytest.mark.needs("setTabValue")
@pytest.mark.spec("VAL-5", "VAL-9")
def test_values_are_per_target_and_per_key(browser: Browser, pages: Pages, kind: Kind) -> None:
    second = (
        browser.tabs.open(pages.url("second")).id if kind.name == "tab" else browser.windows.open([pages.url("2nd")]).id
    )
    kind.set(kind.target, "shared", "first")
    kind.set(second, "shared", "second")
    kind.set(kind.target, "other", 1)
    got = [kind.get(kind.target, "shared"), kind.get(second, "shared"), kind.get(second, "other")]
    check("VAL-5", f"get{kind.js} on two {kind.name}s", got, ["first", "second", UNDEFINED])


@pytest.mark.needs("setTabValue", "getTabValue", "setWindowValue", "getWindowValue")
@pytest.mark.spec("VAL-14")
def test_overwrite_case_and_namespaces(browser: Browser, pages: Pages) -> None:
    s = browser.sessions
    tab = browser.tabs.open(pages.url("ns"))
    s.set_tab_value(tab.id, "Key", 1)
    s.set_tab_value(tab.id, "Key", {"replaced": True})
    s.set_tab_value(tab.id, "key", "lower")
    s.set_window_value(tab.window_id, "Key", "window")
    got = [s.get_tab_value(tab.id, "Key"), s.get_tab_value(tab.id, "key"), s.get_window_value(tab.window_id, "Key")]
    check("VAL-14", "get after overwrite, by case, tab vs window", got, [{"replaced": True}, "lower", "window"])


@pytest.mark.needs("setTabValue", "getTabValue")
@pytest.mark.spec("VAL-6")
def test_tab_value_survives_close_and_restore(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("valued"))
    browser.sessions.set_tab_value(tab.id, "group", {"color": "blue"})
    browser.tabs.close(tab.id)
    restored = browser.sessions.restore()
    check(
        "VAL-6",
        f"getTabValue({restored.tab.id}, 'group')",
        browser.sessions.get_tab_value(restored.tab.id, "group"),
        {"color": "blue"},
    )


@pytest.mark.needs("setWindowValue", "getWindowValue")
@pytest.mark.spec("VAL-10")
def test_window_value_survives_close_and_restore(browser: Browser, pages: Pages) -> None:
    window = browser.windows.open([pages.url("valued-window")])
    browser.sessions.set_window_value(window.id, "layout", [1, 2])
    browser.windows.close(window.id)
    restored = browser.sessions.restore()
    new_id = restored.window.id
    check("VAL-10", f"getWindowValue({new_id}, 'layout')", browser.sessions.get_window_value(new_id, "layout"), [1, 2])


@pytest.mark.needs("setTabValue", "getTabValue")
@pytest.mark.spec("VAL-15")
def test_tab_value_survives_navigation(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("first"))
    browser.sessions.set_tab_value(tab.id, "k", "kept")
    browser.tabs.navigate(tab.id, pages.url("second"))
    check("VAL-15", "getTabValue after navigating", browser.sessions.get_tab_value(tab.id, "k"), "kept")
    browser.tabs.go_back(tab.id)
    check("VAL-15", "getTabValue after going back", browser.sessions.get_tab_value(tab.id, "k"), "kept")


@pytest.mark.needs("setTabValue", "getTabValue", "removeTabValue")
@pytest.mark.spec("VAL-8", "BND-1")
@pytest.mark.parametrize("tab_id", [0, 999999])
def test_invalid_tab_id_is_rejected(browser: Browser, tab_id: int) -> None:
    s = browser.sessions
    message = expected("VAL-8.invalid_tab", id=tab_id)
    rejects("VAL-8", s.set_tab_value, tab_id, "k", 1, message=message, synchronous=False)
    rejects("VAL-8", s.get_tab_value, tab_id, "k", message=message)
    rejects("VAL-8", s.remove_tab_value, tab_id, "k", message=message)


@pytest.mark.needs("setWindowValue", "getWindowValue", "removeWindowValue")
@pytest.mark.spec("VAL-11", "BND-1", "BND-3")
@pytest.mark.parametrize("window_id", [0, -1, 999999])
def test_invalid_window_id_is_rejected(browser: Browser, window_id: int) -> None:
    s = browser.sessions
    message = expected("VAL-11.invalid_window", id=window_id)
    rejects("VAL-11", s.set_window_value, window_id, "k", 1, message=message, synchronous=False)
    rejects("VAL-11", s.get_window_value, window_id, "k", message=message)
    rejects("VAL-11", s.remove_window_value, window_id, "k", message=message)


@pytest.mark.needs("setTabValue", "getTabValue", "removeTabValue")
@pytest.mark.spec("BND-2", "ARG-6")
@pytest.mark.parametrize("tab_id", [-1, -2])
def test_negative_tab_ids_fail_the_schema(browser: Browser, tab_id: int) -> None:
    s = browser.sessions
    for fn, args, name in (
        (s.set_tab_value, (tab_id, "k", 1), "setTabValue"),
        (s.get_tab_value, (tab_id, "k"), "getTabValue"),
        (s.remove_tab_value, (tab_id, "k"), "removeTabValue"),
    ):
        rejects("BND-2", fn, *args, message=expected("BND-2.negative_tab", id=tab_id, function=name), synchronous=True)


@pytest.mark.needs("setWindowValue", "getWindowValue", "removeWindowValue")
@pytest.mark.spec("BND-4")
def test_window_id_current_is_the_calling_pages_window(browser: Browser) -> None:
    s = browser.sessions
    resolves_undefined("BND-4", s.set_window_value, -2, "current", "yes")
    check(
        "BND-4",
        f"getWindowValue({browser.harness_window_id}) after setWindowValue(-2)",
        s.get_window_value(browser.harness_window_id, "current"),
        "yes",
    )
    check("BND-4", "getWindowValue(-2)", s.get_window_value(-2, "current"), "yes")
    resolves_undefined("BND-4", s.remove_window_value, -2, "current")
    check(
        "BND-4",
        "getWindowValue after removeWindowValue(-2)",
        s.get_window_value(browser.harness_window_id, "current"),
        UNDEFINED,
    )


@pytest.mark.needs("setTabValue", "getWindowValue")
@pytest.mark.spec("BND-6")
def test_ids_of_closed_tabs_and_windows_are_invalid(browser: Browser, pages: Pages) -> None:
    tab = browser.tabs.open(pages.url("closing"))
    browser.tabs.close(tab.id)
    rejects("BND-6", browser.sessions.set_tab_value, tab.id, "k", 1, message=expected("VAL-8.invalid_tab", id=tab.id))
    window = browser.windows.open([pages.url("closing-window")])
    browser.windows.close(window.id)
    rejects(
        "BND-6",
        browser.sessions.get_window_value,
        window.id,
        "k",
        message=expected("VAL-11.invalid_window", id=window.id),
    )


@pytest.mark.needs("setTabValue")
@pytest.mark.spec("ARG-11", "ARG-6")
def test_set_value_with_wrong_types_throws(kind: Kind) -> None:
    message = expected("ARG.incorrect_types", function=f"set{kind.js}")
    for args in (
        (str(kind.target), "k", 1),
        (1.5, "k", 1),
        (None, "k", 1),
        (kind.target, 5, 1),
        (kind.target, None, 1),
    ):
        rejects("ARG-11", kind.set, *args, message=message, synchronous=True)


@pytest.mark.needs(*VALUE_FUNCTIONS)
@pytest.mark.spec("ARG-11", "ARG-12")
def test_missing_arguments_throw(browser: Browser) -> None:
    for name in VALUE_FUNCTIONS:
        message = expected("ARG.incorrect_types", function=name)
        rejects("ARG-12", browser.execute, f"return await browser.sessions.{name}();", message=message)
    for name, target in (("setTabValue", browser.harness_tab_id), ("setWindowValue", browser.harness_window_id)):
        body = f"return await browser.sessions.{name}(args[0], 'k');"
        rejects("ARG-11", browser.execute, body, target, message=expected("ARG.incorrect_types", function=name))


@pytest.mark.needs("setTabValue")
@pytest.mark.spec("ARG-13")
@pytest.mark.parametrize("value", [UNDEFINED, JSValue("bigint", "10")], ids=["undefined", "bigint"])
def test_unstorable_values_are_rejected_and_nothing_is_stored(kind: Kind, value: object) -> None:
    rejects("ARG-13", kind.set, kind.target, "k", value, message=expected("VAL-2.unstorable"))
    check("ARG-13", f"get{kind.js} after the rejected set", kind.get(kind.target, "k"), UNDEFINED)


@pytest.mark.needs("setTabValue")
@pytest.mark.spec("ARG-14")
def test_the_empty_key_is_valid(kind: Kind) -> None:
    resolves_undefined("ARG-14", kind.set, kind.target, "", "empty")
    check("ARG-14", f"get{kind.js}({kind.target}, '')", kind.get(kind.target, ""), "empty")


@pytest.mark.needs("setTabValue")
@pytest.mark.spec("ARG-15")
def test_a_large_string_round_trips(kind: Kind) -> None:
    big = "0123456789" * 100_000
    resolves_undefined("ARG-15", kind.set, kind.target, "big", big)
    got = kind.get(kind.target, "big")
    check(
        "ARG-15",
        f"get{kind.js} of a 1,000,000-character string (length, equal)",
        (len(got), got == big),
        (len(big), True),
    )


@pytest.mark.needs("setTabValue", "getTabValue")
@pytest.mark.spec("DUP-1")
def test_duplicate_copies_values_then_they_are_independent(browser: Browser, pages: Pages) -> None:
    s = browser.sessions
    tab = browser.tabs.open(pages.url("original"))
    s.set_tab_value(tab.id, "k", {"v": 1})
    copy = browser.tabs.duplicate(tab.id)
    check("DUP-1", f"getTabValue(duplicate {copy.id}, 'k')", s.get_tab_value(copy.id, "k"), {"v": 1})
    s.set_tab_value(copy.id, "k", "changed")
    s.set_tab_value(copy.id, "only-copy", 1)
    got = [s.get_tab_value(tab.id, "k"), s.get_tab_value(tab.id, "only-copy")]
    check("DUP-1", "getTabValue(original) after changing the duplicate", got, [{"v": 1}, UNDEFINED])


@pytest.mark.needs("setTabValue", "getTabValue")
@pytest.mark.spec("DUP-2")
def test_moving_a_tab_keeps_its_id_and_values(browser: Browser, pages: Pages) -> None:
    s = browser.sessions
    tab = browser.tabs.open(pages.url("moving"))
    s.set_tab_value(tab.id, "k", "travels")
    target = browser.windows.open([pages.url("target")])
    moved = browser.tabs.move(tab.id, target.id, 0)
    check("DUP-2", "tabs.move(...) -> {id, windowId}", [moved.id, moved.window_id], [tab.id, target.id])
    check("DUP-2", f"getTabValue({tab.id}, 'k') after the move", s.get_tab_value(tab.id, "k"), "travels")


CALL_WITH = "return await browser.sessions[args[0]](...args[1]);"


@pytest.mark.needs("setTabValue")
@pytest.mark.spec("ARG-12", "ARG-6")
def test_get_and_remove_with_wrong_types_throw(browser: Browser, kind: Kind) -> None:
    for fn, name in ((kind.get, f"get{kind.js}"), (kind.remove, f"remove{kind.js}")):
        message = expected("ARG.incorrect_types", function=name)
        for args in ((str(kind.target), "k"), (1.5, "k"), (kind.target, 5), (kind.target, None)):
            rejects("ARG-12", fn, *args, message=message, synchronous=True)
        rejects("ARG-12", browser.execute, CALL_WITH, name, [kind.target, "k", 1], message=message)
    message = expected("ARG.incorrect_types", function=f"set{kind.js}")
    rejects("ARG-12", browser.execute, CALL_WITH, f"set{kind.js}", [kind.target, "k", 1, 2], message=message)


@pytest.mark.needs("setTabValue", "getTabValue", "setWindowValue", "getWindowValue")
@pytest.mark.spec("VAL-17")
def test_values_survive_moving_a_tab_to_a_new_window_and_back(browser: Browser, pages: Pages) -> None:
    s = browser.sessions
    tab = browser.tabs.open(pages.url("travelling"), window_id=browser.harness_window_id)
    resolves_undefined("VAL-17", s.set_tab_value, tab.id, "k", {"kept": True})
    resolves_undefined("VAL-17", s.set_window_value, browser.harness_window_id, "k", "first window")
    new_window = browser.execute("return (await browser.windows.create({tabId: args[0]})).id;", tab.id)
    moved = browser.tabs.get(tab.id)
    check("VAL-17", "tabs.get(tab).windowId after windows.create({tabId})", moved.window_id, new_window)
    got = [
        s.get_tab_value(tab.id, "k"),
        s.get_window_value(new_window, "k"),
        s.get_window_value(browser.harness_window_id, "k"),
    ]
    check(
        "VAL-17",
        "tab value, new window's value, first window's value after windows.create({tabId})",
        got,
        [{"kept": True}, UNDEFINED, "first window"],
    )
    assert browser.harness_window_id is not None
    back = browser.tabs.move(tab.id, browser.harness_window_id, -1)
    check(
        "VAL-17",
        "tabs.move(tab, first window) -> {id, windowId}",
        [back.id, back.window_id],
        [tab.id, browser.harness_window_id],
    )
    check("VAL-17", "getTabValue after moving back", s.get_tab_value(tab.id, "k"), {"kept": True})


@pytest.mark.needs("setWindowValue", "getWindowValue", "removeWindowValue")
@pytest.mark.spec("VAL-18")
def test_a_window_id_below_the_schema_minimum_is_a_schema_error(browser: Browser) -> None:
    s = browser.sessions
    for fn, args, name in (
        (s.set_window_value, (-3, "k", 1), "setWindowValue"),
        (s.get_window_value, (-3, "k"), "getWindowValue"),
        (s.remove_window_value, (-3, "k"), "removeWindowValue"),
    ):
        message = expected("VAL-18.window_below_minimum", id=-3, function=name)
        rejects("VAL-18", fn, *args, message=message, synchronous=True)
