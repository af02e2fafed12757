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

import re
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
class Absent:
    """A value the browser of a row has no counterpart for (the message of a
    function it lacks): no answer equals it, so a test that reads it fails unless
    the row lists that test as unsupported or as a known failure."""

    reason: str


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
    # Observed: a tab closed from an open private window is recorded for an extension allowed in it (PRIV-2).
    "PRIV-2.private_close_recorded": True,
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
    # Session objects.
    "GRC-2.last_modified_unit": "milliseconds",
    # Observed: Firefox gives the tabs inside a closed window String(undefined) as sessionId
    # and null as windowId (ext-browser.js); the schema documents neither.
    "SES-2.window_tab_ids": {"sessionId": "undefined", "windowId": None},
    "WIN-1.active_flags": [False, False, False],
    "WIN-2.inner_restore": {
        "outcome": "rejected: Invalid sessionId: undefined.",
        "onChanged": 0,
        "windows opened": [],
        "closed list": [["w-a", "w-b", "w-c"]],
    },
    # getDevices: absent.
    "SURF-4.get_devices_kind": ["undefined", False],
    "SURF-4.get_devices_call": "rejected: browser.sessions[name] is not a function (thrown synchronously)",
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
        got=3,  # the private close's event and the two barriers'
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
    "test_get_devices_without_sync": Known(
        "Firefox has no sessions.getDevices (SURF-4)",
        item="DEV-1",
        unsupported=True,
        error=r"browser\.sessions\[name\] is not a function",
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

# -- Chromium 156 (Debian 12's chromium 156.0.8078.108, headless, through chromedriver) -----------------

_FILTER_SIGNATURE = "optional sessions.Filter filter, optional function callback"


def _chromium_filter_error(function: str, detail: str) -> str:
    """Chromium's schema error for the filter of getRecentlyClosed or getDevices."""
    return f"Error in invocation of sessions.{function}({_FILTER_SIGNATURE}): Error at parameter 'filter': {detail}"


# The signature Chromium names in a schema error, by function (only the ones it has).
_CHROMIUM_SIGNATURES = {
    "getRecentlyClosed": _FILTER_SIGNATURE,
    "restore": "optional string sessionId, optional function callback",
}
_NO_VALUES = "Chromium has no tab or window value functions (sessions.setTabValue ... removeWindowValue)"
_NO_FORGET = "Chromium has no sessions.forgetClosedTab / forgetClosedWindow"
_NO_PREFS = (
    "the test sets or reads Firefox's sessionstore prefs (about:config); Chromium has no such setting the "
    "harness can change, so the item cannot be arranged there"
)


def _chromium_incorrect_types(function: str) -> Any:
    """Chromium's message for a call that matches no signature of `function`."""
    signature = _CHROMIUM_SIGNATURES.get(function)
    if signature is None:
        return Absent(f"Chromium has no sessions.{function}")
    return f"Error in invocation of sessions.{function}({signature}): No matching signature."


# How Chromium names the JavaScript type of a wrong maxResults, by the value as the tests show it
# (Firefox's rendering; NaN is shown as null there, and is a number to Chromium).
_CHROMIUM_TYPE_NAMES = {
    '"5"': "string",
    "1.5": "number",
    "true": "boolean",
    "[]": "array",
    "{}": "object",
    "null": "number",
}


def _chromium_wrong_type(value: str) -> str:
    found = _CHROMIUM_TYPE_NAMES[value]
    return _chromium_filter_error(
        "getRecentlyClosed", f"Error at property 'maxResults': Invalid type: expected integer, found {found}."
    )


CHROMIUM_156: dict[str, Any] = {
    "ARG.incorrect_types": _chromium_incorrect_types,
    "ARG-2.unexpected_property": _chromium_filter_error("getRecentlyClosed", "Unexpected property: '{name}'."),
    "GRC-7.too_big": _chromium_filter_error(
        "getRecentlyClosed", "Error at property 'maxResults': Value must be at most 25."
    ),
    "GRC-7.too_small": _chromium_filter_error(
        "getRecentlyClosed", "Error at property 'maxResults': Value must be at least 0."
    ),
    "GRC-8.wrong_type": _chromium_wrong_type,
    # 2**53 is a number Chromium's schema does not take as an integer.
    "ARG-5.out_of_range": _chromium_filter_error(
        "getRecentlyClosed", "Error at property 'maxResults': Invalid type: expected integer, found number."
    ),
    "BND-2.negative_tab": Absent(_NO_VALUES),
    # One message for malformed and unknown ids; the id is quoted as given, never read as a number.
    "RES-6.invalid_id": 'Invalid session id: "{id}".',
    "RES-6.unknown_id": 'Invalid session id: "{id}".',
    "BND-10.rounded_id": "99999999999999999999",
    "RES-6.nothing_to_restore": "There are no recently closed sessions.",
    "FGT-3.unknown_tab": Absent(_NO_FORGET),
    "FGT-3.unknown_window": Absent(_NO_FORGET),
    "VAL-8.invalid_tab": Absent(_NO_VALUES),
    "VAL-11.invalid_window": Absent(_NO_VALUES),
    "PRIV-1.not_allowed": Absent("Chromium does not reject windows.create({incognito: true}) (see its known failure)"),
    "PRIV-2.private_close_recorded": False,  # measured: no record, no onChanged (PRIV-2's known failure)
    "VAL-2.unstorable": Absent(_NO_VALUES),
    "VAL-2.results": Absent(_NO_VALUES),
    "VAL-13.results": Absent(_NO_VALUES),
    "GRC-2.last_modified_unit": "seconds",
    "SES-2.window_tab_ids": Absent("Chromium gives the tabs of a closed window sessionIds of their own (WIN-2)"),
    "WIN-1.active_flags": [False, True, False],
    "WIN-2.inner_restore": {
        "outcome": "resolved",
        "onChanged": 1,
        "windows opened": [["w-b"]],
        "closed list": [["w-a", "w-c"]],
    },
    "SURF-4.get_devices_kind": ["function", True],
    "SURF-4.get_devices_call": "resolved: []",
    "DEV-1.too_big": _chromium_filter_error("getDevices", "Error at property 'maxResults': Value must be at most 25."),
    "DEV-1.too_small": _chromium_filter_error(
        "getDevices", "Error at property 'maxResults': Value must be at least 0."
    ),
    "MAX-1.value": 25,
    "LIM-8.default_max_tabs_undo": Absent(_NO_PREFS),
    "LIM-8.default_max_windows_undo": Absent(_NO_PREFS),
    "LIM-2.kept": Absent(_NO_PREFS),
    "LIM-5.kept": Absent(_NO_PREFS),
    "VAL-18.window_below_minimum": Absent(_NO_VALUES),
    "VAL-19.temporary_id": Absent("Chromium has no temporary add-on ids, and no value functions"),
    # The id is read as the whole string: "<id>abc" names no entry, and nothing changes.
    "RES-11.suffixed_restore": {
        "outcome": re.compile(r'^rejected: Invalid session id: "\d+abc"\.$'),
        "closed list after": ["target", "older"],
    },
    "RES-11.suffixed_forget": Absent(_NO_FORGET),
    "PRIV-7.newest_is_private": Absent("Chromium lists no closed incognito tab (PRIV-2): the case does not arise"),
    # A closed tab's favIconUrl is the icon's own URL (with tabs); "" for a page without one (see SES-10's
    # known failure).
    "SES-10.fav_icon_url": "{url}",
}

_VALUES_ABSENT = (
    r"\b(browser\.sessions\[name\]|browser\.sessions\.(set|get|remove)(Tab|Window)Value|get) is not a function"
)
_FORGET_ABSENT = r"\b(browser\.sessions\[name\]|browser\.sessions\.forgetClosed(Tab|Window)) is not a function"
_PREFS_ABSENT = r"prefs are Firefox's \(about:config\); Chromium has none"


def _unsupported(item: str, reason: str, error: str) -> Known:
    return Known(reason, item=item, unsupported=True, error=error)


CHROMIUM_KNOWN_FAILURES: dict[str, Known] = {
    # Members Chromium lacks: reported unsupported, with the browser's own answer.
    **{
        name: _unsupported(item, _NO_VALUES, _VALUES_ABSENT)
        for name, item in (
            ("test_json_values_round_trip", "VAL-1"),
            ("test_values_are_stored_as_json", "VAL-2"),
            ("test_json_edge_values", "VAL-13"),
            ("test_a_key_never_set_is_undefined", "VAL-3"),
            ("test_remove_value", "VAL-4"),
            ("test_values_are_per_target_and_per_key", "VAL-5"),
            ("test_overwrite_case_and_namespaces", "VAL-14"),
            ("test_tab_value_survives_close_and_restore", "VAL-6"),
            ("test_window_value_survives_close_and_restore", "VAL-10"),
            ("test_tab_value_survives_navigation", "VAL-15"),
            ("test_invalid_tab_id_is_rejected", "VAL-8"),
            ("test_invalid_window_id_is_rejected", "VAL-11"),
            ("test_negative_tab_ids_fail_the_schema", "BND-2"),
            ("test_window_id_current_is_the_calling_pages_window", "BND-4"),
            ("test_ids_of_closed_tabs_and_windows_are_invalid", "BND-6"),
            ("test_set_value_with_wrong_types_throws", "ARG-11"),
            ("test_missing_arguments_throw", "ARG-12"),
            ("test_unstorable_values_are_rejected_and_nothing_is_stored", "ARG-13"),
            ("test_the_empty_key_is_valid", "ARG-14"),
            ("test_a_large_string_round_trips", "ARG-15"),
            ("test_duplicate_copies_values_then_they_are_independent", "DUP-1"),
            ("test_moving_a_tab_keeps_its_id_and_values", "DUP-2"),
            ("test_get_and_remove_with_wrong_types_throw", "ARG-12"),
            ("test_values_fire_no_event", "EVT-6"),
            ("test_values_survive_a_restart", "VAL-7"),
            ("test_values_on_private_tabs_and_windows", "PRIV-5"),
            ("test_tab_values_are_private_to_each_extension", "VAL-12"),
            ("test_window_values_are_private_to_each_extension", "VAL-16"),
            ("test_values_survive_moving_a_tab_to_a_new_window_and_back", "VAL-17"),
            ("test_a_window_id_below_the_schema_minimum_is_a_schema_error", "VAL-18"),
            ("test_value_functions_need_only_the_sessions_permission", "PERM-4"),
            ("test_not_allowed_value_functions_on_a_private_tab_and_window", "PRIV-10"),
        )
    },
    **{
        name: _unsupported(item, _NO_FORGET, _FORGET_ABSENT)
        for name, item in (
            ("test_forget_closed_tab_removes_exactly_that_entry", "FGT-1"),
            ("test_forget_closed_window_removes_exactly_that_entry", "FGT-2"),
            ("test_forgetting_unknown_or_forgotten_entries_is_rejected", "FGT-3"),
            ("test_forgetting_reopens_nothing_and_cannot_be_restored", "FGT-4"),
            ("test_forget_closed_tab_with_wrong_types_throws", "ARG-9"),
            ("test_forget_closed_window_with_wrong_types_throws", "ARG-10"),
            ("test_forget_closed_tab_with_window_id_current", "BND-5"),
            ("test_forget_closed_tab_in_the_wrong_window", "BND-7"),
            ("test_ids_of_the_other_kind_are_not_found", "BND-8"),
            ("test_forget_closed_tab_with_window_id_zero_or_minus_one", "BND-11"),
            ("test_forgetting_fires", "EVT-3"),
            ("test_event_count_over_a_long_sequence", "EVT-5"),
            ("test_without_tabs_restore_and_forget_work", "PERM-2"),
            ("test_forget_closed_tab_checks_the_window_before_the_session_id", "FGT-5"),
            ("test_forget_closed_tab_with_a_non_numeric_session_id", "FGT-6"),
            ("test_forgetting_a_closed_tab_leaves_its_history", "FGT-7"),
            ("test_session_ids_with_trailing_characters", "RES-11"),
        )
    },
    **{
        name: _unsupported(item, _NO_PREFS, _PREFS_ABSENT)
        for name, item in (
            ("test_the_list_holds_at_most_the_browsers_limits", "GRC-9"),
            ("test_unfiltered_list_is_capped_at_max_session_results", "LIM-7"),
            ("test_lowered_tab_limit_keeps_the_newest", "LIM-1"),
            ("test_tab_limit_scope", "LIM-2"),
            ("test_tab_limit_zero_records_nothing", "LIM-3"),
            ("test_lowered_window_limit_keeps_the_newest", "LIM-4"),
            ("test_window_limit_zero", "LIM-5"),
            ("test_lowering_the_tab_limit_trims_the_list", "LIM-6"),
            ("test_max_results_25_with_more_entries_kept", "LIM-7"),
            ("test_the_browsers_own_default_limits", "LIM-8"),
            ("test_closed_tabs_from_all_windows_changes_nothing", "LIM-10"),
            ("test_sessions_as_an_optional_permission", "PERM-5"),
        )
    },
    # Behaviours where Chromium differs from the catalogue: the browser's exact answer.
    "test_members_exist_and_functions_return_promises": Known(
        "Chromium lacks forgetClosedTab, forgetClosedWindow and the six value functions (SURF-2 lists them)",
        item="SURF-2",
        got={
            "MAX_SESSION_RESULTS": "number",
            "forgetClosedTab": "undefined",
            "forgetClosedWindow": "undefined",
            "getRecentlyClosed": "function",
            "getTabValue": "undefined",
            "getWindowValue": "undefined",
            "onChanged": "object",
            "removeTabValue": "undefined",
            "removeWindowValue": "undefined",
            "restore": "function",
            "setTabValue": "undefined",
            "setWindowValue": "undefined",
        },
    ),
    "test_max_session_results_is_read_only": Known(
        "as in Firefox, MAX_SESSION_RESULTS is a writable data property of browser.sessions",
        item="SURF-3",
        got={"writable": True, "valueAfterAssignment": 1, "threwInStrictMode": False},
    ),
    "test_closed_tab_shows_its_last_page_and_its_window": Known(
        "Chromium lists every closed tab with windowId 0, not the window it was closed from",
        item="GRC-5",
        got={"url": re.compile(r"^http://127\.0\.0\.1:\d+/page/after$"), "title": "after", "windowId": 0},
    ),
    "test_blank_tabs_are_not_recorded": Known(
        "Chromium records a closed tab that finished loading about:blank (only a tab closed while still "
        "loading is left out, LOAD-1)",
        item="GRC-10",
        got=["real", "about:blank"],
    ),
    "test_closed_tab_entry_fields": Known(
        "Chromium lists every closed tab with windowId 0 (GRC-5)",
        item="SES-1",
        got={
            "index": 3,
            "windowId": 0,
            "incognito": False,
            "active": False,
            "pinned": False,
            "id": UNDEFINED,
            "status": UNDEFINED,
        },
    ),
    "test_closed_window_entry_fields": Known(
        "Chromium gives each tab listed in a closed window a sessionId of its own, which restore() takes "
        "(WIN-2), and windowId 0",
        item="SES-2",
        got=[{"sessionId": re.compile(r"^\d+$"), "windowId": 0}] * 2,
    ),
    "test_tabs_closed_from_a_window_travel_with_it": Known(
        "Chromium keeps the tabs closed from a window as entries of their own when the window closes after them",
        item="RST-3",
        got=[["w0", "w1"], "elsewhere", "w2"],
    ),
    "test_restore_of_null_or_empty_string_restores_the_newest": Known(
        'Chromium takes restore("") as the id "" (restore(null) restores the newest, as restore())',
        item="ARG-8",
        got='rejected: Invalid session id: "".',
    ),
    "test_a_tab_moved_to_another_window_is_restored_there": Known(
        "Chromium lists every closed tab with windowId 0 (GRC-5)",
        item="DUP-3",
        got=0,
    ),
    "test_restoring_fires": Known(
        "Chromium fires onChanged twice for one restore() of a tab (both before its promise resolves)",
        item="EVT-3",
        got=2,
    ),
    "test_opening_and_navigating_fire_no_event": Known(
        "the scenario cannot go back on Chromium: tabs.goBack skips history entries of pages that never had a "
        "user activation (Chromium's history manipulation intervention), and pages loaded with tabs.update have "
        "none; the onChanged count is not reached",
        item="EVT-8",
        got="rejected: Cannot find a next page in history.",
    ),
    "test_not_allowed_extension_cannot_open_a_private_window": Known(
        "Chromium opens the incognito window for an extension not allowed in it and resolves with null "
        "(the extension cannot see the window; the test closes it through WebDriver)",
        item="PRIV-1",
        got="resolved: None",
    ),
    "test_closed_private_tab_is_listed_and_restored_into_its_window": Known(
        "an incognito tab's close fires no onChanged in an extension allowed in incognito (it runs in the "
        "regular profile: 'spanning' mode) and is not in its getRecentlyClosed()",
        item="PRIV-2",
        got=1,
    ),
    "test_closed_tabs_and_windows_survive_a_restart": Known(
        "after a restart Chromium lists the window that was open at quit (the harness's, restored as well) as "
        "the newest closed window, before the entries that were there (RSTRT-2 and RSTRT-6, checked first, hold)",
        item="RSTRT-1",
        got=[
            ["sessions harness bridge", "about:blank"],
            "closed-2",
            "closed-1",
            ["closed-window-a", "closed-window-b"],
        ],
    ),
    "test_a_window_closed_last_before_quitting_is_not_lost": Known(
        "the window closed last is kept in the list, but after a restart Chromium also lists the window that was "
        "open at quit as the newest closed window (RSTRT-1)",
        item="RSTRT-5",
        got={"closed": [["sessions harness bridge", "about:blank"], ["last-a", "last-b"], "closed-tab"], "open": []},
    ),
    "test_on_changed_wakes_an_event_page": Known(
        "Chromium runs no Manifest V2 event page (it refuses Manifest V2), and its Manifest V3 service "
        "worker cannot be stopped on demand (no setting shortens its idle time): the probe is not installed",
        item="EVT-10",
        unsupported=True,
        error=r"'event-page@conformance\.invalid' was not installed with extensions=",
    ),
    "test_value_functions_refuse_an_extension_without_an_explicit_id": Known(
        "Chromium has no temporary add-on ids (an unpacked extension's id comes from its key or its folder) "
        "and no value functions",
        item="VAL-19",
        unsupported=True,
        error=r"has no temporary add-ons",
    ),
    "test_event_count_after_every_step": Known(
        "Chromium fires onChanged twice for one restore() (EVT-3)",
        item="EVT-9",
        got=2,
    ),
    "test_one_event_per_restore_of_a_tab_and_of_a_window": Known(
        "Chromium fires onChanged twice for one restore(), of a window as of a tab (EVT-3)",
        item="RES-12",
        got=2,
    ),
    "test_a_tab_whose_only_answer_was_204_has_no_url": Known(
        "the scenario cannot be awaited on Chromium: a tab whose navigation is answered 204 fires no "
        'tabs.onUpdated at all (it ends complete at url "" without an event; measured)',
        item="SES-11",
        got="no tabs.onUpdated complete",
    ),
    "test_closed_tab_flags_are_values_not_just_present": Known(
        "Chromium lists closed tabs with selected: false (Tab.selected, deprecated)",
        item="SES-6",
        got=[
            {
                "active": False,
                "highlighted": False,
                "pinned": False,
                "incognito": False,
                "id": UNDEFINED,
                "selected": False,
            }
        ]
        * 2,
    ),
    "test_last_accessed_lies_between_opening_and_closing": Known(
        "Chromium lists every closed tab with lastAccessed: 0 (the check's answer also holds the times of "
        "the run, so only the item is compared)",
        item="SES-8",
    ),
    "test_a_window_of_blank_tabs_is_not_recorded": Known(
        "Chromium records a closed window whose tabs only showed about:blank (one onChanged), as it records "
        "closed blank tabs (GRC-10)",
        item="LIM-9",
        got=1,
    ),
    "test_a_tab_closed_while_loading_after_a_link_click": Known(
        "Chromium records the link's target, still loading, as the closed tab's url and title (it had "
        "committed no page of it), not the page that held the link",
        item="LOAD-4",
        got=[re.compile(r"^http://127\.0\.0\.1:\d+/page/slow-target\?delay=3\.0$"), "slow-target"],
    ),
    "test_fav_icon_url_with_and_without_the_tabs_permission": Known(
        'Chromium lists a closed tab of a page without an icon with favIconUrl "" (the others with the '
        "icon's own URL)",
        item="SES-10",
        got=[
            re.compile(r"^http://127\.0\.0\.1:\d+/icon\.png$"),
            "",
            re.compile(r"^http://127\.0\.0\.1:\d+/icon\.png$"),
        ],
    ),
    "test_a_restored_tab_returns_to_its_window_while_another_has_focus": Known(
        "the scenario cannot be arranged on headless Chromium: a window still reports focused: true after "
        "windows.create opened and focused another",
        item="RES-10",
        got=True,
    ),
    "test_a_tab_closed_after_going_back_shows_the_current_entry": Known(
        "the scenario cannot go back on Chromium (see EVT-8): tabs.goBack skips entries of pages that never "
        "had a user activation",
        item="SES-13",
        got="rejected: Cannot find a next page in history.",
    ),
    "test_an_index_past_the_end_is_clamped": Known(
        "Chromium lists every closed tab with windowId 0 (GRC-5)",
        item="RES-9",
        got=[3, 0],
    ),
    **{
        name: Known(
            "Chromium lists no closed incognito tab, also in an extension allowed in incognito (PRIV-2): "
            "the scenario cannot be arranged",
            item=item,
            got=[],
        )
        for name, item in (
            ("test_not_allowed_restore_without_id_does_not_skip_a_newer_private_entry", "PRIV-7"),
            ("test_not_allowed_restore_of_a_private_session_id", "PRIV-8"),
            ("test_not_allowed_restore_after_the_private_window_closed", "PRIV-9"),
            ("test_not_allowed_forget_closed_tab_in_a_private_window", "PRIV-11"),
            ("test_not_allowed_restores_a_normal_entry_by_id_past_a_newer_private_one", "PRIV-12"),
            ("test_allowed_restore_puts_a_private_tab_back_while_a_normal_window_has_focus", "PRIV-13"),
        )
    },
    "test_not_allowed_extension_does_not_list_private_closed_tabs": Known(
        "an extension allowed in incognito does not list closed incognito tabs either (PRIV-2)",
        item="PRIV-6",
        got=[],
    ),
    "test_not_allowed_extension_gets_no_event_for_private_closes": Known(
        "an extension allowed in incognito does not list closed incognito tabs either (PRIV-2)",
        item="PRIV-6",
        got=[],
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
    Row(
        browser="chromium",
        since=(156,),
        until=(157,),
        label="Chromium 156",
        values=CHROMIUM_156,
        known_failures=CHROMIUM_KNOWN_FAILURES,
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
        raise RuntimeError("expectations: no browser resolved yet (harness/conformance/conftest.py sets it)")
    return _current


def expected(key: str, **fields: Any) -> Any:
    """The expected value for `key` on the browser under test; strings are
    formatted with `fields` (`expected("VAL-8.invalid_tab", id=5)`), functions
    called with them. Without a row: an Unjudged placeholder."""
    row = current().row
    if row is None:
        return Unjudged(key, fields)
    if key not in row.values:
        raise KeyError(f"expectations: no value {key!r} in the row {row.label}")
    value = row.values[key]
    if callable(value):  # a message whose wording depends on the call (Chromium's signatures)
        return value(**fields)
    return value.format(**fields) if isinstance(value, str) and fields else value
