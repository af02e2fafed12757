"""Profile templates without a browser: the key, building once, copying, turning them off."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.browsers import firefox_profile


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(firefox_profile.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(firefox_profile.TEMPLATES_ENV, raising=False)
    return tmp_path / "cache"


def fake_firefox(folder: Path, version: str, build: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "application.ini").write_text(f"[App]\nVersion={version}\nBuildID={build}\n")
    binary = folder / "firefox"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    return str(binary)


def test_the_key_follows_the_build_and_the_prefs(tmp_path: Path) -> None:
    a = fake_firefox(tmp_path / "a", "153.8.0", "20261117185949")
    key = firefox_profile.template_key(a, {"x": 1})
    assert key == firefox_profile.template_key(a, {"x": 1})
    assert key != firefox_profile.template_key(a, {"x": 2})
    newer = fake_firefox(tmp_path / "a", "153.9.0", "20261201000000")  # the same path, updated in place
    assert firefox_profile.template_key(newer, {"x": 1}) != key


def test_a_template_is_built_once_and_copied_without_locks_and_sessions(cache: Path, tmp_path: Path) -> None:
    binary = fake_firefox(tmp_path / "ff", "153.8.0", "1")
    builds: list[Path] = []

    def build(folder: Path) -> None:
        builds.append(folder)
        for name in ("startupCache", "places.sqlite", "lock", ".parentlock", "sessionstore.jsonlz4", "user.js"):
            (folder / name).write_text(name)

    first = firefox_profile.template_for(binary, {"p": 1}, build)
    second = firefox_profile.template_for(binary, {"p": 1}, build)
    assert first is not None and first == second and len(builds) == 1
    assert first.parent == cache / "profiles"
    profile = tmp_path / "profile"
    profile.mkdir()
    firefox_profile.fill(profile, first)
    assert sorted(p.name for p in profile.iterdir()) == ["places.sqlite", "startupCache"]


def test_a_failed_build_leaves_no_template_and_says_none(cache: Path, tmp_path: Path) -> None:
    from harness import SetupError

    binary = fake_firefox(tmp_path / "ff", "153.8.0", "1")

    def broken(folder: Path) -> None:
        (folder / "half").write_text("x")
        raise SetupError("Firefox would not start")

    assert firefox_profile.template_for(binary, {}, broken) is None
    assert [p.name for p in (cache / "profiles").iterdir() if not p.name.endswith(".lock")] == []


def test_templates_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(firefox_profile.TEMPLATES_ENV, "0")
    assert firefox_profile.enabled() is False
    monkeypatch.setenv(firefox_profile.TEMPLATES_ENV, "1")
    assert firefox_profile.enabled() is True
