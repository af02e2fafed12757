"""The expression evaluate_background sends (harness/background.py): markers
filled once, in order; answers turned into values or the right error."""

from __future__ import annotations

import json

import pytest

from harness import UNDEFINED, ExtensionError, HarnessError, HarnessTimeout
from harness.background import expression, fill, result


def test_a_marker_inside_the_body_or_the_arguments_stays_text() -> None:
    code = expression("return '/* TIMEOUT */ /* BODY */';", ("/* BODY */",), 2.0)
    assert "return '/* TIMEOUT */ /* BODY */';" in code
    assert json.dumps("/* BODY */") in code
    assert "{ timeout: true }), 2000);" in code


def test_fill_refuses_a_missing_marker() -> None:
    with pytest.raises(ValueError, match="marker B"):
        fill("/* A */", {"A": "1", "B": "2"})


def test_an_empty_body_is_refused() -> None:
    with pytest.raises(TypeError, match="non-empty string"):
        expression("", (), 1.0)


def test_answers_become_values_and_errors() -> None:
    assert result('{"ok": true, "value": {"$h": "undefined"}}', "evaluate_background", (), 1.0) is UNDEFINED
    with pytest.raises(ExtensionError, match="boom") as caught:
        result('{"ok": false, "error": {"name": "TypeError", "message": "boom"}}', "evaluate_background", (), 1.0)
    assert caught.value.name == "TypeError"
    with pytest.raises(HarnessTimeout, match="after 1s"):
        result('{"timeout": true}', "evaluate_background", (), 1.0)
    with pytest.raises(HarnessError, match="not the harness's JSON answer"):
        result(None, "evaluate_background", (), 1.0)


def test_chromium_names_itself_and_why_for_what_it_cannot_offer() -> None:
    from harness.browsers.chromium import Chromium

    engine = Chromium()
    with pytest.raises(HarnessError, match=r"menu_items is not available on Chromium: .*native menus"):
        engine.menu_items(None, "x", "tab", None)  # type: ignore[arg-type]
    with pytest.raises(HarnessError, match=r"not available on Chromium: .*real key presses"):
        engine.run_command(None, "x", "mark-tab")  # type: ignore[arg-type]


def test_menu_contexts_and_tabs_are_checked_before_the_browser_is_asked() -> None:
    from harness.contexts import check_context, tab_id

    with pytest.raises(ValueError, match="menu context 'bookmark'"):
        check_context("bookmark")
    with pytest.raises(TypeError, match="tab id"):
        tab_id("3")  # type: ignore[arg-type]
    assert tab_id(None) is None
