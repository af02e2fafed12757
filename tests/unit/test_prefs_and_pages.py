"""The prefs table, user.js writing, and the loopback page server."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from harness.browsers import firefox, firefox_prefs
from harness.config import LaunchConfig
from harness.pages import Pages


def test_user_prefs_merge_on_top_of_the_table_and_the_fixed_origins() -> None:
    config = LaunchConfig(prefs={"browser.sessionstore.max_tabs_undo": 5, "custom.pref": "x"})
    merged = firefox.Firefox().prefs(config, ["a@example.com", "b@example.com"])
    assert merged["browser.sessionstore.max_tabs_undo"] == 5
    assert merged["custom.pref"] == "x"
    assert merged["xpinstall.signatures.required"] is False
    assert firefox_prefs.PREFS["browser.sessionstore.max_tabs_undo"] == 25  # the table itself is untouched
    uuids = json.loads(merged["extensions.webextensions.uuids"])
    assert uuids == {"a@example.com": firefox.extension_uuid("a@example.com"), "b@example.com": uuids["b@example.com"]}
    assert uuids["a@example.com"] != uuids["b@example.com"]


def test_each_extension_gets_the_same_origin_in_every_profile() -> None:
    engine = firefox.Firefox()
    url = engine.page_url("groups@example.com", "page.html")
    assert url == engine.page_url("groups@example.com", "page.html")
    assert url.startswith("moz-extension://") and url.endswith("/page.html")
    assert url != engine.page_url("other@example.com", "page.html")


def test_user_js_keeps_the_profiles_own_lines_and_is_rewritten_in_place(tmp_path: Path) -> None:
    (tmp_path / "user.js").write_text('user_pref("own.pref", 1);\n')
    firefox.write_user_js(tmp_path, {"a.b": True, "c.d": "text"})
    firefox.write_user_js(tmp_path, {"a.b": False})
    text = (tmp_path / "user.js").read_text()
    assert text.startswith('user_pref("own.pref", 1);\n')
    assert text.count(firefox_prefs.USER_JS_MARKER) == 1
    assert 'user_pref("a.b", false);' in text
    assert "c.d" not in text


def test_pages_serves_titled_pages_on_loopback_only() -> None:
    with Pages() as pages:
        assert pages.origin.startswith("http://127.0.0.1:")
        url = pages.url("a <b> & c")
        with urllib.request.urlopen(url, timeout=5) as response:
            body = response.read().decode()
        assert "<title>a &lt;b&gt; &amp; c</title>" in body
        assert pages.url("x") == pages.url("x") != pages.url("y")
        with urllib.request.urlopen(pages.no_content(), timeout=5) as response:
            assert response.status == 204
        assert pages.url("slow", delay=0.5).endswith("?delay=0.5")


def test_pages_with_an_icon_or_a_link() -> None:
    with Pages() as pages:
        target = pages.url("target")
        with urllib.request.urlopen(pages.url("both", icon=True, link=target), timeout=5) as response:
            body = response.read().decode()
        assert "<link rel='icon' type='image/png' href='/icon.png'>" in body
        assert f"<a id='link' href='{target}'>" in body
        with urllib.request.urlopen(pages.url("plain"), timeout=5) as response:
            plain = response.read().decode()
        assert "rel='icon'" not in plain and "id='link'" not in plain
        with urllib.request.urlopen(pages.icon_url(), timeout=5) as response:
            assert (response.headers["Content-Type"], response.read()[:8]) == ("image/png", b"\x89PNG\r\n\x1a\n")
