"""`ext.errors()` and `ext.wait_for_error()`: errors of a user's extension,
its listeners' rejected promises included (Firefox logs a rejection with a
string without a source file), found once they came and waited for (on the
browser's own console events) when they have not come yet."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import harness
from harness import Browser, HarnessTimeout
from harness.pages import Pages

EXTENSION = Path(__file__).parent / "user_extensions" / "mv3_any"
EXTENSION_ID = "any-probe@tests.invalid"


@pytest.fixture(scope="module")
def probed(harness_launch_options: dict[str, Any]) -> Iterator[Browser]:
    with harness.launch(**{**harness_launch_options, "extensions": [EXTENSION]}) as browser:
        yield browser


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("listener-reject", "probe listener rejection in "),
        ("string-reject", "probe string rejection in "),
        # Words naming no extension: only its origin (in the stack) says whose it is.
        ("anonymous-reject", "probe rejection naming no extension"),
    ],
)
def test_a_listener_rejection_is_one_of_the_extensions_errors(
    probed: Browser, pages: Pages, page: str, message: str
) -> None:
    probed.reset()
    ext = probed.extension(EXTENSION_ID)
    since = time.time()
    probed.tabs.open(pages.url(page))
    error = ext.wait_for_error(match=message)
    if page == "anonymous-reject":
        assert ext.id not in error.message
    else:
        assert message + ext.id in error.message
    assert error.extension_id == ext.id and error.time >= since - 1
    assert [e.message for e in ext.errors(since=since - 1) if re.search(message, e.message)] == [error.message]


def test_wait_for_error_waits_for_one_that_has_not_come_yet(probed: Browser, pages: Pages) -> None:
    probed.reset()
    ext = probed.extension(EXTENSION_ID)
    since = time.time()
    probed.execute("browser.tabs.create({ url: args[0] });", pages.url("listener-reject"))  # not awaited
    error = ext.wait_for_error(match="probe listener rejection", since=since)
    assert error.time >= since - 1


def test_wait_for_error_ignores_errors_before_since_and_says_what_it_waited_for(probed: Browser, pages: Pages) -> None:
    probed.reset()
    ext = probed.extension(EXTENSION_ID)
    probed.tabs.open(pages.url("string-reject"))
    ext.wait_for_error(match="probe string rejection")
    later = time.time()
    with pytest.raises(HarnessTimeout) as info:
        ext.wait_for_error(match="probe string rejection", since=later, timeout=1)
    assert f"no error of {ext.id} matching 'probe string rejection' since {later:.3f} within" in str(info.value)


def test_wait_for_error_looks_from_the_start_of_the_test(probed: Browser, pages: Pages) -> None:
    probed.reset()
    ext = probed.extension(EXTENSION_ID)
    probed.tabs.open(pages.url("throw"))
    assert "probe failure in" in ext.wait_for_error().message
