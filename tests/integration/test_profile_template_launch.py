"""A fresh launch starts from a copy of a profile template (built once per
Firefox build), unless templates are turned off. A Firefox feature: these launch Firefox
whatever browser the run tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from harness import Browser
from harness.browsers import firefox_profile


def created(profile: Path) -> int:
    """When Firefox made the profile (times.json), which a copy keeps."""
    return int(json.loads((profile / "times.json").read_text())["created"])


def test_two_launches_share_the_template_and_their_own_prefs(
    launch: Callable[..., Browser], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(firefox_profile.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(firefox_profile.TEMPLATES_ENV, raising=False)
    first = launch(browser="firefox", prefs={"harness.test.marker": "first"})
    [template] = [p for p in (tmp_path / "cache" / "profiles").iterdir() if p.is_dir()]
    second = launch(browser="firefox", prefs={"harness.test.marker": "second"})
    assert created(first.profile_dir) == created(second.profile_dir) == created(template)
    assert [first.get_pref("harness.test.marker"), second.get_pref("harness.test.marker")] == ["first", "second"]
    assert first.sessions.MAX_SESSION_RESULTS == second.sessions.MAX_SESSION_RESULTS == 25


def test_without_templates_each_profile_starts_empty(
    launch: Callable[..., Browser], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(firefox_profile.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(firefox_profile.TEMPLATES_ENV, "0")
    browser = launch(browser="firefox")
    assert browser.sessions.get_recently_closed() == []
    assert not (tmp_path / "cache" / "profiles").exists()
