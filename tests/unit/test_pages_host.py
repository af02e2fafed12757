"""The pages server on the address the browsers reach (--pages-host,
pages_host in the ini file, $HARNESS_PAGES_HOST), and bad addresses refused."""

from __future__ import annotations

import urllib.request

import pytest

from harness import SetupError
from harness.pages import Pages


def fetch_title(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        body = response.read().decode()
    return body.split("<title>")[1].split("</title>")[0]


@pytest.mark.parametrize(("host", "origin"), [("localhost", "http://localhost:"), ("::1", "http://[::1]:")])
def test_pages_listen_on_the_host_given_and_their_urls_carry_it(host: str, origin: str) -> None:
    with Pages(host) as pages:
        assert pages.origin.startswith(origin)
        assert pages.url("here").startswith(origin)
        assert fetch_title(pages.url("here")) == "here"


@pytest.mark.parametrize("host", ["no-such-host.invalid", "203.0.113.7", "300.1.1.1"])
def test_an_address_this_machine_cannot_listen_on_is_named(host: str) -> None:
    with pytest.raises(SetupError, match=rf"the pages server cannot listen on '{host}' \(--pages-host"):
        Pages(host)


TEST_FILE = """
def test_origin(pages):
    assert pages.origin.startswith("http://{want}:"), pages.origin
"""


@pytest.mark.parametrize(
    ("how", "want"),
    [("default", "127.0.0.1"), ("option", "localhost"), ("ini", "::1"), ("environment", "localhost")],
)
def test_the_pages_fixture_uses_the_setting(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, how: str, want: str
) -> None:
    monkeypatch.delenv("HARNESS_PAGES_HOST", raising=False)
    args = []
    if how == "option":
        args = ["--pages-host", want]
    elif how == "ini":
        pytester.makeini(f"[pytest]\npages_host = {want}\n")
    elif how == "environment":
        monkeypatch.setenv("HARNESS_PAGES_HOST", want)
    pytester.makepyfile(TEST_FILE.replace("{want}", f"[{want}]" if ":" in want else want))
    result = pytester.runpytest(*args)
    result.assert_outcomes(passed=1)
