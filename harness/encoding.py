"""The wire format between Python and the fixture extension.

JSON carries everything but a few JavaScript values, which travel as tagged
objects `{"$h": tag, ...}`. `fixture_extension/encoding.js` is the JavaScript
side of the same table.
"""

from __future__ import annotations

import math
from typing import Any, Final

TAG: Final = "$h"


class _Undefined:
    """JavaScript `undefined`: a property or result that is absent, not null."""

    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "UNDEFINED"


UNDEFINED: Final = _Undefined()


def describe_args(args: tuple[Any, ...]) -> str:
    """A call's arguments as an error message shows them: Python's repr, and
    UNDEFINED as JavaScript writes it (`undefined`), as the browser's values are."""
    return "(" + ", ".join("undefined" if a is UNDEFINED else repr(a) for a in args) + ")"


class JSValue:
    """A JavaScript value with no Python equivalent (a function, a symbol,
    a BigInt, a cycle), as the browser described it."""

    def __init__(self, kind: str, text: str = "") -> None:
        self.kind = kind
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JSValue) and (self.kind, self.text) == (other.kind, other.text)

    def __hash__(self) -> int:
        return hash((self.kind, self.text))

    def __repr__(self) -> str:
        return f"JSValue({self.kind!r}, {self.text!r})"


def encode(value: Any, _containing: frozenset[int] = frozenset()) -> Any:
    """Turn a Python value into its JSON-safe wire form."""
    if value is UNDEFINED:
        return {TAG: "undefined"}
    if isinstance(value, float):
        if math.isnan(value):
            return {TAG: "nan"}
        if math.isinf(value):
            return {TAG: "inf" if value > 0 else "-inf"}
        return value
    if isinstance(value, JSValue) and value.kind == "bigint":
        return {TAG: "bigint", "v": value.text}
    if isinstance(value, (list, tuple, dict)):
        if id(value) in _containing:
            raise TypeError(
                f"cannot send a cyclic value to the browser (a {type(value).__name__} contains itself); "
                "build cyclic objects inside browser.execute()"
            )
        _containing = _containing | {id(value)}
    if isinstance(value, (list, tuple)):
        return [encode(item, _containing) for item in value]
    if isinstance(value, dict):
        out = {_key(k): encode(v, _containing) for k, v in value.items()}
        return {TAG: "object", "v": out} if TAG in out else out
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise TypeError(
        f"cannot send a {type(value).__name__} to the browser: use JSON types, "
        "harness.UNDEFINED, or browser.execute() for other JavaScript values"
    )


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise TypeError(f"object keys sent to the browser must be str, not {type(key).__name__}: {key!r}")
    return key


_SPECIAL: Final[dict[str, Any]] = {
    "undefined": UNDEFINED,
    "nan": math.nan,
    "inf": math.inf,
    "-inf": -math.inf,
}


def decode(value: Any) -> Any:
    """Turn the wire form the browser sent back into Python values."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if TAG in value:
        tag = value[TAG]
        if tag in _SPECIAL:
            return _SPECIAL[tag]
        if tag == "object":
            return {k: decode(v) for k, v in value["v"].items()}
        return JSValue(tag, str(value.get("v", "")))
    return {k: decode(v) for k, v in value.items()}
