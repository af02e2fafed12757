"""The Chromium engine without a browser: discovery, the browser/driver version
pair, extension ids, the fixture extension's assembly, Preferences and options."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

import harness
from harness import SetupError
from harness.browsers import chromium, engine_for
from harness.browsers.chromium import Chromium
from harness.extensions import prepare_extensions

# The fixture's id as Chromium 156 answered it over BiDi webExtension.install (docs/CHROMIUM.md,
# and every launch checks it again: Chromium.install compares the answer with the derived id).
FIXTURE_ID = "cgokiigeckdeneiohlljlgllhjjjalgf"


def make_executable(path: Path, version: str | None = None) -> Path:
    body = f'#!/bin/sh\n[ "$1" = "--version" ] && echo "{version}" && exit 0\nexit 1\n' if version else "#!/bin/sh\n"
    path.write_text(body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def empty_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """PATH with nothing on it, no environment variables, Debian's places moved to tmp_path."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "debian").mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv(chromium.CHROMIUM_ENV, raising=False)
    monkeypatch.delenv(chromium.CHROMEDRIVER_ENV, raising=False)
    monkeypatch.setattr(chromium, "CHROMIUM_PATHS", (str(tmp_path / "debian" / "chromium"),))
    monkeypatch.setattr(chromium, "CHROMEDRIVER_PATHS", (str(tmp_path / "debian" / "chromedriver"),))
    return bin_dir


def test_registered_under_its_name() -> None:
    assert isinstance(engine_for("chromium"), Chromium)
    assert isinstance(engine_for("Chromium"), Chromium)
    with pytest.raises(SetupError, match="supported: firefox, chromium"):
        engine_for("safari")


def test_discovery_order_option_environment_path_debian(
    empty_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    debian = make_executable(tmp_path / "debian" / "chromium")
    assert Chromium().find_binary(None) == str(debian)
    on_path = make_executable(empty_path / "google-chrome")
    assert Chromium().find_binary(None) == str(on_path)
    env = make_executable(tmp_path / "env-chromium")
    monkeypatch.setenv(chromium.CHROMIUM_ENV, str(env))
    assert Chromium().find_binary(None) == str(env.resolve())
    explicit = make_executable(tmp_path / "my-chromium")
    assert Chromium().find_binary(str(explicit)) == str(explicit)


def test_driver_discovery_order(empty_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    debian = make_executable(tmp_path / "debian" / "chromedriver")
    assert Chromium().find_driver(None) == str(debian)
    on_path = make_executable(empty_path / "chromedriver")
    assert Chromium().find_driver(None) == str(on_path)
    env = make_executable(tmp_path / "env-chromedriver")
    monkeypatch.setenv(chromium.CHROMEDRIVER_ENV, str(env))
    assert Chromium().find_driver(None) == str(env.resolve())


def test_missing_chromium_lists_every_place_and_the_fix(empty_path: Path, tmp_path: Path) -> None:
    with pytest.raises(SetupError) as info:
        Chromium().find_binary(None)
    message = str(info.value)
    assert "$HARNESS_CHROMIUM: not set" in message
    for name in chromium.CHROMIUM_NAMES:
        assert f"PATH: no {name}" in message
    assert f"{tmp_path / 'debian' / 'chromium'}: not there" in message
    assert "apt-get install -y chromium chromium-driver" in message
    with pytest.raises(SetupError) as info:
        Chromium().find_driver(None)
    assert "$HARNESS_CHROMEDRIVER: not set" in str(info.value) and "Selenium Manager: not used" in str(info.value)


def test_matching_major_versions_pass(tmp_path: Path) -> None:
    binary = make_executable(tmp_path / "chromium", "Chromium 156.0.8078.108 built on Debian GNU/Linux 12 (bookworm)")
    driver = make_executable(tmp_path / "chromedriver", "ChromeDriver 156.0.8078.108 (730482a9-refs/branch-heads/8078)")
    Chromium().check_driver(str(binary), str(driver))


def test_different_major_versions_name_both_and_the_fix(tmp_path: Path) -> None:
    binary = make_executable(tmp_path / "chromium", "Chromium 156.0.8078.108 built on Debian GNU/Linux 12 (bookworm)")
    driver = make_executable(tmp_path / "chromedriver", "ChromeDriver 150.0.7871.100 (abc)")
    with pytest.raises(SetupError) as info:
        Chromium().check_driver(str(binary), str(driver))
    message = str(info.value)
    assert f"Chromium 156.0.8078.108 built on Debian GNU/Linux 12 (bookworm) ({binary})" in message
    assert f"ChromeDriver 150.0.7871.100 (abc) ({driver})" in message
    assert "different major versions (156 and 150)" in message
    assert "apt-get install -y chromium chromium-driver" in message and "--driver" in message


def test_a_mismatched_pair_stops_the_launch_before_any_start(tmp_path: Path) -> None:
    binary = make_executable(tmp_path / "chromium", "Chromium 156.0.8078.108")
    driver = make_executable(tmp_path / "chromedriver", "ChromeDriver 140.0.7339.80 (x)")
    with pytest.raises(SetupError, match=r"different major versions \(156 and 140\)"):
        harness.launch(browser="chromium", binary=binary, driver=driver)


def test_below_the_floor(tmp_path: Path) -> None:
    assert Chromium.min_version == 156
    with pytest.raises(SetupError, match=r"Chromium 150\.0\.7871\.100 .* older than .* Chromium 156"):
        Chromium().check_version("Chromium 150.0.7871.100 built on Debian", "/opt/chromium")
    Chromium().check_version("156.0.8078.108", "/usr/bin/chromium")


def test_the_fixture_id_comes_from_its_manifest_key() -> None:
    assert Chromium.fixture_id == FIXTURE_ID
    assert chromium.extension_id_from_key(chromium.fixture_manifest()["key"]) == FIXTURE_ID


def test_ids_without_a_key_come_from_the_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = chromium.extension_id_from_path(tmp_path / "a")
    assert len(first) == 32 and set(first) <= set("abcdefghijklmnop")
    assert first != chromium.extension_id_from_path(tmp_path / "b")
    monkeypatch.chdir(tmp_path)
    assert chromium.extension_id_from_path("a") == first


def test_check_id_uses_the_key_else_the_copy(tmp_path: Path) -> None:
    engine = Chromium()
    key = chromium.fixture_manifest()["key"]
    assert engine.check_id("src", {"key": key}, tmp_path / "copy") == FIXTURE_ID
    assert engine.check_id("src", {}, tmp_path / "copy") == chromium.extension_id_from_path(tmp_path / "copy")
    with pytest.raises(SetupError, match='extension src: broken manifest: "key" must be a base64 string'):
        engine.check_id("src", {"key": 5}, tmp_path / "copy")
    with pytest.raises(SetupError, match='extension src: the manifest "key" is not base64'):
        engine.check_id("src", {"key": "not base64!"}, tmp_path / "copy")


def write_extension(folder: Path, manifest: dict[str, Any]) -> Path:
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


MV3 = {"manifest_version": 3, "name": "groups", "version": "1.0", "permissions": ["sessions"]}


def test_prepared_extensions_get_the_id_of_their_copy_and_the_gecko_id_as_alias(tmp_path: Path) -> None:
    shared = write_extension(tmp_path / "shared", {**MV3, "browser_specific_settings": {"gecko": {"id": "g@x.org"}}})
    plain = write_extension(tmp_path / "plain", MV3)
    first, second = prepare_extensions((str(shared), str(plain)), tmp_path / "work", Chromium())
    assert first.id == chromium.extension_id_from_path(first.copy) and first.aliases == ("g@x.org",)
    assert second.id == chromium.extension_id_from_path(second.copy) and second.aliases == ()
    assert first.id != second.id


def test_two_extensions_with_the_same_key_clash(tmp_path: Path) -> None:
    key = chromium.fixture_manifest()["key"]
    keyed = write_extension(tmp_path / "keyed", {**MV3, "key": key})
    with pytest.raises(SetupError, match="already used by the harness's fixture extension"):
        prepare_extensions((str(keyed),), tmp_path / "work", Chromium())


def test_an_extension_named_by_a_gecko_id_already_installed_is_refused(tmp_path: Path) -> None:
    # Keyless copies get ids of their own (from their paths); the gecko id a test names them by must not clash.
    gecko = {**MV3, "browser_specific_settings": {"gecko": {"id": "g@x.org"}}}
    first = write_extension(tmp_path / "first", gecko)
    second = write_extension(tmp_path / "second", gecko)
    installed = tuple(prepare_extensions((str(first),), tmp_path / "work-1", Chromium()))
    with pytest.raises(SetupError, match=f"extension {second}: its id 'g@x.org' is already used by {first}"):
        prepare_extensions((str(second),), tmp_path / "work-2", Chromium(), installed)


def test_fixture_assembly(tmp_path: Path) -> None:
    folder = Chromium().fixture(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*chromium.FIXTURE_FILES, "manifest.json"])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["manifest_version"] == 3 and "background" not in manifest
    assert {"sessions", "tabs", "browsingData"} <= set(manifest["permissions"])
    assert Chromium().fixture(tmp_path) == folder  # a restart assembles it again in the same place


def test_preferences_are_merged_into_the_profiles_own(tmp_path: Path) -> None:
    path = tmp_path / "Default" / "Preferences"
    path.parent.mkdir(parents=True)
    other = "a" * 32
    recorded = {FIXTURE_ID: {"incognito": True, "path": "/old"}, other: {"path": "/other"}}
    macs = {"settings": {FIXTURE_ID: "F1", other: "O1"}, "settings_encrypted_hash": {FIXTURE_ID: "F2", other: "O2"}}
    path.write_text(
        json.dumps(
            {
                "profile": {"exit_type": "Normal"},
                "extensions": {"ui": {"x": 1}, "settings": recorded},
                "protection": {"macs": {"extensions": macs}},
            }
        )
    )
    chromium.write_preferences(tmp_path, chromium.preferences([FIXTURE_ID]))
    written = json.loads(path.read_text())
    assert written["profile"] == {"exit_type": "Normal"}
    assert written["extensions"]["ui"] == {"x": 1, "developer_mode": True}
    # An extension allowed in incognito starts over from the harness's settings, checksums gone; others stay.
    assert written["extensions"]["settings"] == {FIXTURE_ID: {"incognito": True}, other: {"path": "/other"}}
    assert written["protection"]["macs"]["extensions"] == {
        "settings": {other: "O1"},
        "settings_encrypted_hash": {other: "O2"},
    }
    assert written["session"] == {"restore_on_startup": 1}
    path.write_text("{not json")
    with pytest.raises(SetupError, match="not a Preferences file"):
        chromium.write_preferences(tmp_path, {})


def test_options(tmp_path: Path) -> None:
    config = harness.LaunchConfig(browser="chromium", private_browsing=True)
    options = Chromium().options(
        config, "/usr/bin/chromium", tmp_path / "profile", [FIXTURE_ID], private_ids=[FIXTURE_ID]
    )
    assert options.binary_location == "/usr/bin/chromium"
    assert options.enable_bidi and options.enable_webextensions
    assert f"--user-data-dir={tmp_path / 'profile'}" in options.arguments
    assert "--headless" in options.arguments and "--disable-background-networking" in options.arguments
    prefs = json.loads((tmp_path / "profile" / "Default" / "Preferences").read_text())
    assert prefs["extensions"]["settings"] == {FIXTURE_ID: {"incognito": True}}
    remote = harness.LaunchConfig(browser="chromium", remote_url="http://grid:4444")
    options = Chromium().options(remote, None, tmp_path / "unused", [FIXTURE_ID], own_disk=False)
    assert options.experimental_options["prefs"]["session"] == {"restore_on_startup": 1}
    assert not (tmp_path / "unused").exists()
    with pytest.raises(SetupError, match=r"prefs are Firefox.s \(about:config\); Chromium has none"):
        Chromium().options(harness.LaunchConfig(browser="chromium", prefs={"a": 1}), None, tmp_path / "p", [])


def test_python_m_harness_browsers_check_chromium_checks_the_pair(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.browsers.__main__ import main

    binary = make_executable(tmp_path / "chromium", "Chromium 156.0.8078.108")
    driver = make_executable(tmp_path / "chromedriver", "ChromeDriver 156.0.8078.108 (x)")
    assert main(["check", "chromium", "--binary", str(binary), "--driver", str(driver)]) == 0
    assert capsys.readouterr().out.startswith("ok: Chromium 156.0.8078.108")
    other = make_executable(tmp_path / "chromedriver-150", "ChromeDriver 150.0.7871.100 (x)")
    assert main(["check", "chromium", "--binary", str(binary), "--driver", str(other)]) == 1
    assert "different major versions (156 and 150)" in capsys.readouterr().out
    old = make_executable(tmp_path / "chromium-150", "Chromium 150.0.7871.100")
    assert main(["check", "chromium", "--binary", str(old), "--driver", str(other)]) == 1
    assert "older than the oldest version the harness supports" in capsys.readouterr().out
