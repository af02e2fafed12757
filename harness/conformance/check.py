"""Assertions that say, when they fail, which catalogue item failed, what was
called, what the browser returned and what was expected.

Comparisons are strict about JSON types: a boolean is not a number, an
integer is not a float, a missing property (UNDEFINED) is not null. An
expected value that is `expectations.Unjudged` (no expectations row for this
browser) matches any answer, which is recorded as a raw result of the item.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import pytest

from harness import UNDEFINED, ExtensionError

from .expectations import Unjudged


class ConformanceFailure(AssertionError):
    """A catalogue item does not hold on this browser."""

    def __init__(self, item: str, call: str, got: Any, expected: Any) -> None:
        super().__init__(f"{item} does not hold\n  called:   {call}\n  browser:  {got!r}\n  expected: {expected!r}")
        self.item = item
        self.call = call
        self.got = got
        self.expected = expected


# The test being run: raw results are recorded in its report (conftest sets it).
_current_item: pytest.Item | None = None
# The items whose checks passed in the test being run, in order (each item's own outcome: conftest resets it).
_passed: list[str] = []


def passed_items() -> list[str]:
    """The items whose checks held so far in the test being run."""
    return list(_passed)


def _held(item: str) -> None:
    if item not in _passed:
        _passed.append(item)


def record_raw(item: str, call: str, got: Any) -> None:
    """The browser's answer where this browser has no expectation: a raw result."""
    if _current_item is not None:
        _current_item.user_properties.append(("raw", [{"item": item, "call": call, "got": _jsonable(got)}]))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


def same(got: Any, want: Any) -> bool:
    """Equal as JSON values of the same types; Unjudged matches anything."""
    if isinstance(want, Unjudged):
        return True
    if isinstance(want, re.Pattern):
        return isinstance(got, str) and want.match(got) is not None
    if isinstance(want, dict):
        return isinstance(got, dict) and got.keys() == want.keys() and all(same(got[k], want[k]) for k in want)
    if isinstance(want, (list, tuple)):
        return (
            type(got) is type(want)
            and len(got) == len(want)
            and all(same(g, w) for g, w in zip(got, want, strict=True))
        )
    if isinstance(want, (bool, int, float, str)) or want is None:
        return type(got) is type(want) and got == want
    return bool(got == want)


def unjudged(want: Any) -> bool:
    """Whether `want` holds a placeholder anywhere."""
    if isinstance(want, Unjudged):
        return True
    if isinstance(want, dict):
        return any(unjudged(v) for v in want.values())
    if isinstance(want, (list, tuple)):
        return any(unjudged(v) for v in want)
    return False


def describe_call(fn: Callable[..., Any] | str, args: tuple[Any, ...] = ()) -> str:
    """`sessions.restore('abc')` from a facade method (or a functools.partial of one) and its arguments."""
    if isinstance(fn, str):
        return fn
    keywords: dict[str, Any] = {}
    if isinstance(fn, functools.partial):
        keywords = dict(fn.keywords)
        args = (*fn.args, *args)
        fn = fn.func
    owner = type(getattr(fn, "__self__", None)).__name__.lower()
    name = getattr(fn, "__name__", repr(fn))
    prefix = f"{owner}." if owner and owner != "nonetype" else ""
    shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in keywords.items()]
    return f"{prefix}{name}({', '.join(shown)})"


def fail(item: str, call: str, got: Any, expected: Any) -> ConformanceFailure:
    return ConformanceFailure(item, call, got, expected)


def check(item: str, call: str, got: Any, expected: Any) -> None:
    """`got` is `expected` (strictly, see `same`), or a failure naming the item and the call."""
    if not same(got, expected):
        raise fail(item, call, got, expected)
    if unjudged(expected):
        record_raw(item, call, got)
    _held(item)


def holds(item: str, call: str, got: Any, condition: bool, expected: str) -> None:
    """`condition`, or a failure that states in words what was expected of `got`."""
    if not condition:
        raise fail(item, call, got, expected)
    _held(item)


def resolves(item: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call fn(*args); its value, or a failure naming the item when the browser rejected it."""
    try:
        value = fn(*args)
    except ExtensionError as exc:
        raise fail(item, describe_call(fn, args), f"rejected: {exc.message}", "it resolves") from exc
    _held(item)
    return value


def resolves_undefined(item: str, fn: Callable[..., Any], *args: Any) -> None:
    """Call fn(*args): it must resolve, and to `undefined` (the functions whose
    promise carries no value: forget*, set*Value, remove*Value)."""
    check(item, describe_call(fn, args), resolves(item, fn, *args), UNDEFINED)


def rejects(item: str, fn: Callable[..., Any], *args: Any, message: Any, synchronous: bool | None = None) -> None:
    """Call fn(*args) and check that the browser rejects it with exactly `message`
    (and, when given, thrown synchronously or as a rejected promise)."""
    call = describe_call(fn, args)
    how = "" if synchronous is None else f" ({_how(synchronous)})"
    want = message if isinstance(message, Unjudged) else f"rejected: {message}{how}"
    try:
        value = fn(*args)
    except ExtensionError as exc:
        got = f"rejected: {exc.message}" + ("" if synchronous is None else f" ({_how(exc.synchronous)})")
        check(item, call, got, want)
        return
    raise fail(item, call, f"resolved: {value!r}", "it rejects" if isinstance(message, Unjudged) else want)


def _how(synchronous: bool) -> str:
    return "thrown synchronously" if synchronous else "rejected promise"
