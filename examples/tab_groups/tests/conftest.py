"""Fixtures for testing the Tab Groups extension. The harness's own fixtures
(`browser`, `pages`, `launch`) come from its pytest plugin; pytest.ini installs
the extension with `extensions = extension`."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from tab_groups_client import TabGroups

import harness


@pytest.fixture
def groups(browser: harness.Browser) -> Iterator[TabGroups]:
    """The extension in the shared browser, its own stored groups cleared; the
    test also fails if the extension threw an error while it ran."""
    started = time.time()
    tab_groups = TabGroups(browser)
    # reset() removes the groups kept in sessions values; those kept in storage.session
    # (where the browser has no sessions values) are the extension's own state.
    tab_groups.context.execute("await browser.storage.session.clear();")
    yield tab_groups
    assert tab_groups.context.errors(since=started) == []
