"""The wire format (harness/encoding.py), without a browser."""

from __future__ import annotations

import math
import pickle

import pytest

from harness import UNDEFINED, JSValue
from harness.encoding import TAG, decode, encode


@pytest.mark.parametrize(
    "value",
    [None, True, 0, -3, 2.5, "", "text", [], {}, [1, [2, {"a": None}]], {"nested": {"list": [1, "x", False]}}],
)
def test_json_values_round_trip_unchanged(value: object) -> None:
    assert encode(value) == value
    assert decode(encode(value)) == value


def test_undefined_travels_as_a_tag_and_comes_back_as_the_singleton() -> None:
    assert encode(UNDEFINED) == {TAG: "undefined"}
    assert decode({TAG: "undefined"}) is UNDEFINED
    assert decode(encode([1, UNDEFINED])) == [1, UNDEFINED]


def test_undefined_is_falsy_distinct_from_none_and_pickles_to_itself() -> None:
    assert not UNDEFINED
    assert UNDEFINED is not None and repr(UNDEFINED) == "UNDEFINED"
    assert pickle.loads(pickle.dumps(UNDEFINED)) is UNDEFINED


def test_non_finite_numbers_round_trip() -> None:
    assert encode(math.inf) == {TAG: "inf"}
    assert encode(-math.inf) == {TAG: "-inf"}
    assert math.isnan(decode(encode(math.nan)))
    assert decode(encode([math.inf, -math.inf])) == [math.inf, -math.inf]


def test_an_object_with_the_tag_key_is_wrapped_not_mistaken_for_a_tag() -> None:
    value = {TAG: "undefined", "other": 1}
    wire = encode(value)
    assert wire == {TAG: "object", "v": {TAG: "undefined", "other": 1}}
    assert decode(wire) == value


def test_tuples_become_lists() -> None:
    assert encode((1, 2)) == [1, 2]


def test_javascript_only_values_decode_to_jsvalue() -> None:
    assert decode({TAG: "function", "v": "f"}) == JSValue("function", "f")
    assert decode({TAG: "cycle"}) == JSValue("cycle", "")
    assert decode({TAG: "bigint", "v": "9007199254740993"}) == JSValue("bigint", "9007199254740993")
    assert encode(JSValue("bigint", "12")) == {TAG: "bigint", "v": "12"}


@pytest.mark.parametrize("value", [object(), {1: "int key"}, b"bytes", {1.5}])
def test_values_json_cannot_carry_are_refused_with_a_clear_message(value: object) -> None:
    with pytest.raises(TypeError, match="browser"):
        encode(value)
