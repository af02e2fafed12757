"""The one place where expected results depend on the browser and its version.

Each row is keyed by browser and a version range and holds every expected
value that could change between versions (exact error messages, limits,
quirks) plus the known browser bugs and the members the browser lacks, as
data. Test bodies read `expected("KEY", ...)` and never branch on a version.

A browser or version without a row is not judged by another row: the run
says "no expectations for <browser> <version>: results are raw", and
`expected()` returns an `Unjudged` placeholder, which the checks in check.py
accept and record (the browser's answer becomes a raw result of the item).

Which row applies is decided from the browser the run launched (its name and
version as the driver reports them), not from a binary's --version.

Every value here was observed on the browser of its row: change a row only
after running the suite against that browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harness import UNDEFINED
from harness.discovery import Version, parse_version


class _AnyAnswer:
    def __repr__(self) -> str:
        return "any answer"


ANY_ANSWER: Any = _AnyAnswer()


@dataclass(frozen=True)
class Known:
    """A known failure of one test on one browser: the catalogue item whose
    check fails and, where the failure is stable, the browser's exact answer
    (`got`, compared strictly). Any other failure of the test is a real one."""

    reason: str
    item: str
    got: Any = ANY_ANSWER  # the browser's known answer in the failed check (compared strictly)
    unsupported: bool = False  # the browser lacks the member (reported "unsupported", not "xfailed")
    error: str | None = None  # for `unsupported`: a regex the browser's error message matches


@dataclass(frozen=True)
class Row:
    browser: str
    since: Version  # inclusive
    until: Version  # exclusive
    label: str
    values: dict[str, Any]
    # Test function name -> what fails there on this browser (a known bug, or a missing member).
    known_failures: dict[str, Known] = field(default_factory=dict)

    def covers(self, browser: str, version: Version) -> bool:
        return browser == self.browser and self.since <= version < self.until


_SCHEMA = "Type error for parameter {parameter} ({detail}) for sessions.{function}."

# Where a value only copies what Firefox said, its comment says so ("observed": no documentation
# gives it) or names the documentation it follows ("documented").
FIREFOX_ESR_153: dict[str, Any] = {
    # Schema validation (thrown synchronously by the call). Observed: the wording of Firefox's schema
    # validator (Schemas.sys.mjs); the schema documents the constraints (types, minimum, maximum), not the text.
    "ARG.incorrect_types": "Incorrect argument types for sessions.{function}.",
    "ARG-2.unexpected_property": _SCHEMA.format(
        parameter="filter", detail='Unexpected property "{name}"', function="getRecentlyClosed"
    ),
    "GRC-7.too_big": _SCHEMA.format(
        parameter="filter",
        detail="Error processing maxResults: Integer {value} is too big (must be at most 25)",
        function="getRecentlyClosed",
    ),
    "GRC-7.too_small": _SCHEMA.format(
        parameter="filter",
        detail="Error processing maxResults: Integer {value} is too small (must be at least 0)",
        function="getRecentlyClosed",
    ),
    "GRC-8.wrong_type": _SCHEMA.format(
        parameter="filter",
        detail="Error processing maxResults: Expected integer instead of {value}",
        function="getRecentlyClosed",
    ),
    "ARG-5.out_of_range": _SCHEMA.format(
        parameter="filter", detail="Error processing maxResults: Integer is out of range", function="getRecentlyClosed"
    ),
    "BND-2.negative_tab": _SCHEMA.format(
        parameter="tabId", detail="Integer {id} is too small (must be at least 0)", function="{function}"
    ),
    "VAL-18.window_below_minimum": _SCHEMA.format(
        parameter="windowId", detail="Integer {id} is too small (must be at least -2)", function="{function}"
    ),
    # Id lookups (a rejected promise). Observed: Firefox's wording (ext-sessions.js, ext-tabs-base.js); MDN
    # documents only that the promise is rejected "with an error message".
    "RES-6.invalid_id": "Invalid sessionId: {id}.",
    "RES-6.unknown_id": "Could not restore object using sessionId {id}.",
    # Observed: Firefox parses the id with parseInt and prints the parsed number, rounded beyond 2**53:
    # how restore("99999999999999999999") names the id.
    "BND-10.rounded_id": "100000000000000000000",
    # Observed, not documented: Firefox reads a sessionId with parseInt, so an id followed by other
    # characters ("12abc") names entry 12 (restore and forget act on it).
    "RES-11.suffixed_restore": {"outcome": "resolved", "closed list after": ["older"]},
    "RES-11.suffixed_forget": {"outcome": "resolved", "closed list after": ["older"]},
    # Observed: Firefox prints the id it did not get as "undefined"; nothing documents this case.
    "RES-6.nothing_to_restore": "Could not restore object using sessionId undefined.",
    "FGT-3.unknown_tab": "Could not find closed tab using sessionId {id}.",
    "FGT-3.unknown_window": "Could not find closed window using sessionId {id}.",
    "VAL-8.invalid_tab": "Invalid tab ID: {id}",
    "VAL-11.invalid_window": "Invalid window ID: {id}",
    "PRIV-1.not_allowed": "Extension does not have permission for incognito mode",  # observed (ext-windows.js)
    # Observed: restore() in an extension not allowed in private windows, when the newest closed tab is
    # private, names that private entry's sessionId (which the extension cannot list); not documented.
    "PRIV-7.newest_is_private": "Could not restore object using sessionId {id}.",
    # Observed: Firefox's wording (ext-sessions.js); no documentation of the sessions API states it.
    "VAL-19.temporary_id": (
        "Sessions API storage methods will not work with a temporary addon ID. "
        "Please add an explicit addon ID to your manifest."
    ),
    # Values: what JSON storage makes of JavaScript values (VAL-2, VAL-13).
    # Observed: Firefox's generic message for an exception inside the API (JSON.stringify gave no string);
    # MDN documents only a rejection "with an error message".
    "VAL-2.unstorable": "An unexpected error occurred",
    # What each JavaScript value (test_values.VAL_2_LABELS) reads back as, or how its set fails.
    # Documented: MDN's setTabValue says an object "is stringified, so object methods ... will be omitted",
    # and a function "will be stored as the value null"; the rest follows JSON.stringify. Observed:
    # JSON.stringify gives no string for undefined and throws for a cycle, and Firefox rejects both.
    "VAL-2.results": {
        "a function": None,
        "NaN": None,
        "new Date(0)": "1970-01-01T00:00:00.000Z",
        "an object with a method and an undefined property": {"a": 1},
        "undefined": {"rejected": "An unexpected error occurred", "stored": False},
        "a cyclic object": {"rejected": "An unexpected error occurred", "stored": False},
    },
    # JSON.stringify semantics (documented for objects, as above); observed for the rest.
    "VAL-13.results": {
        "Infinity": None,
        "-0 (read back as 0, Object.is(-0) false)": 0,
        "new Map([[1, 2]])": {},
        "Symbol('s')": None,
        "[1, undefined, function () {}]": [1, None, None],
    },
    # Observed: Firefox hands a closed tab's icon over as a data: URL of the icon as its image library
    # re-encoded it (here the 1x1 PNG of harness/pages.py; the icon's own URL, {url}, would be the other
    # possible answer); MDN documents only "the URL of the tab's favicon".
    "SES-10.fav_icon_url": (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVQIW2P4z8DwHwAFAAH/F1FwBgAAAABJRU5ErkJggg=="
    ),
    # Session objects. Observed: Firefox gives the tabs inside a closed window String(undefined) as sessionId
    # and null as windowId (ext-browser.js); the schema documents neither.
    "SES-2.window_tab_ids": {"sessionId": "undefined", "windowId": None},
    # Limits.
    "MAX-1.value": 25,
    # Observed: Firefox's own defaults (its default prefs; the harness launches with 25 and 3).
    "LIM-8.default_max_tabs_undo": 25,
    "LIM-8.default_max_windows_undo": 5,
    # Observed (sessionstore prefs are not documented for extensions): max_tabs_undo 2, three tabs closed
    # in each of two windows: the limit bounds each window's closed tabs (["f", "e"] if it bounded the list).
    "LIM-2.kept": ["f", "e", "c", "b"],
    # Observed: SessionStore keeps the last closed normal window even with max_windows_undo 0 (not on macOS):
    # closed windows kept after closing w1 then w2.
    "LIM-5.kept": [["w2"]],
}

# Known browser bugs both ESRs share (each measured on both).
FIREFOX_KNOWN_FAILURES: dict[str, Known] = {
    "test_max_session_results_is_read_only": Known(
        "Firefox bug: MAX_SESSION_RESULTS is a writable, configurable data property of each context's "
        "browser.sessions (assignment changes it there; see SURF-5), not a read-only constant",
        item="SURF-3",
        got={"writable": True, "valueAfterAssignment": 1, "threwInStrictMode": False},
    ),
    "test_tabs_of_a_closed_window_carry_their_index": Known(
        "Firefox reports index 0 for every tab listed inside a closed window entry, whatever its position",
        item="SES-2",
        got=[0, 0, 0],
    ),
    "test_not_allowed_extension_gets_no_event_for_private_closes": Known(
        "Firefox bug (privacy): sessions.onChanged fires in an extension not allowed in private windows "
        "when a tab of a private window is closed, although its getRecentlyClosed() omits that tab",
        item="PRIV-6",
        got=2,
    ),
    "test_a_closed_pinned_tab_is_listed_as_pinned": Known(
        "Firefox lists every closed tab with pinned: false (hard-coded in ext-browser.js), although the "
        "schema documents Tab.pinned as whether the tab is pinned, its session data keeps the state, and "
        "restore() brings the tab back pinned",
        item="SES-7",
        got=["pinned", False],
    ),
    "test_unfiltered_list_is_capped_at_max_session_results": Known(
        "Firefox bug 1764376 (a TODO in its ext-sessions.js): getRecentlyClosed() without maxResults returns "
        "every entry the browser kept (27 here), not at most MAX_SESSION_RESULTS as the schema documents",
        item="LIM-7",
        got=27,
    ),
}

# Firefox ESR 140 (measured: the whole suite on 140.12.0esr, Debian bookworm) answers every
# version-dependent value as ESR 153 does, except the one below; and it loses a tab's values when the
# tab moves to another window (its known failures).
FIREFOX_ESR_140: dict[str, Any] = {
    **FIREFOX_ESR_153,
    # Its image library re-encodes the same 1x1 PNG with other zlib settings: the same picture, other bytes.
    "SES-10.fav_icon_url": (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="
    ),
}

ROWS: tuple[Row, ...] = (
    Row(
        browser="firefox",
        since=(140,),
        until=(141,),
        label="Firefox ESR 140",
        values=FIREFOX_ESR_140,
        known_failures={
            **FIREFOX_KNOWN_FAILURES,
            "test_moving_a_tab_keeps_its_id_and_values": Known(
                "Firefox 140 bug, fixed by 153: a tab moved to another window with tabs.move loses its "
                "sessions tab values (the move adopts the tab into a new browser element without its "
                "session data); DUP-2 passes on Firefox ESR 153",
                item="DUP-2",
                got=UNDEFINED,
            ),
            "test_values_survive_moving_a_tab_to_a_new_window_and_back": Known(
                "Firefox 140 bug, fixed by 153 (as DUP-2): a tab moved into a new window with "
                "windows.create({tabId}) loses its sessions tab values; VAL-17 passes on Firefox ESR 153",
                item="VAL-17",
                got=[UNDEFINED, UNDEFINED, "first window"],
            ),
        },
    ),
    Row(
        browser="firefox",
        since=(153,),
        until=(154,),
        label="Firefox ESR 153",
        values=FIREFOX_ESR_153,
        known_failures=FIREFOX_KNOWN_FAILURES,
    ),
)


class Unjudged:
    """What `expected()` gives without a row: the checks accept any answer in
    its place and record it as a raw result of the item."""

    def __init__(self, key: str, fields: dict[str, Any]) -> None:
        self.key = key
        self.fields = fields

    def __repr__(self) -> str:
        return f"<no expectation for {self.key}>"


@dataclass(frozen=True)
class Resolution:
    """The row a run uses (None: no row, results are raw) for the browser it launched."""

    row: Row | None
    browser: str
    version: str

    def describe(self) -> str:
        if self.row is None:
            return f"no expectations for {self.browser} {self.version or '(version unknown)'}: results are raw"
        return f"expectations: {self.browser} {self.version} -> {self.row.label}"

    def known_failure(self, test_name: str) -> Known | None:
        return self.row.known_failures.get(test_name) if self.row is not None else None


def resolve(browser: str, version: str, rows: tuple[Row, ...] | None = None) -> Resolution:
    """The row covering this browser and version; None when no row does
    (never another version's row: those results are raw)."""
    parsed = parse_version(version)
    found = next((row for row in (ROWS if rows is None else rows) if row.covers(browser, parsed)), None)
    return Resolution(found, browser, version)


_current: Resolution | None = None


def use(resolution: Resolution) -> None:
    """Set the row this process's tests read (conftest does it once the browser runs)."""
    global _current
    _current = resolution


def resolved() -> Resolution | None:
    """The resolution, once a browser has run in this process."""
    return _current


def current() -> Resolution:
    if _current is None:
        raise RuntimeError("expectations: no browser resolved yet (tests/conformance/conftest.py sets it)")
    return _current


def expected(key: str, **fields: Any) -> Any:
    """The expected value for `key` on the browser under test; strings are
    formatted with `fields` (`expected("VAL-8.invalid_tab", id=5)`). Without
    a row: an Unjudged placeholder."""
    row = current().row
    if row is None:
        return Unjudged(key, fields)
    if key not in row.values:
        raise KeyError(f"expectations: no value {key!r} in the row {row.label}")
    value = row.values[key]
    return value.format(**fields) if isinstance(value, str) and fields else value
