"""Fixtures for testing the Tab Marker extension. The harness's own fixtures
(`browser`, `pages`) come from its pytest plugin; pytest.ini installs the
extension with `extensions = extension`."""

from __future__ import annotations

import pytest

import harness

MARKED = """
const api = globalThis.browser || chrome;
if (api.sessions.getTabValue) return (await api.sessions.getTabValue(args[0], "marked")) === true;
const { marks = {} } = await api.storage.session.get("marks");
return marks[args[0]] === true;
"""


class Marker:
    """The extension as the tests see it: its context, and whether a tab is marked."""

    def __init__(self, browser: harness.Browser) -> None:
        self.browser = browser
        self.ext = browser.extension("tab-marker@example.com")
        self.chromium = browser.engine.name == "chromium"

    def is_marked(self, tab_id: int) -> bool:
        return bool(self.ext.execute(MARKED, tab_id))

    def wait_marked(self, tab_id: int) -> None:
        self.ext.wait_for(MARKED, tab_id, message=f"tab {tab_id} to be marked")

    def wait_unmarked(self, tab_id: int) -> None:
        unmarked = f"return !(await (async () => {{ {MARKED} }})());"
        self.ext.wait_for(unmarked, tab_id, message=f"tab {tab_id} to be unmarked")


@pytest.fixture
def marker(browser: harness.Browser) -> Marker:
    """The extension in the shared browser, with no marks left from another test."""
    found = Marker(browser)
    found.ext.execute("await (globalThis.browser || chrome).storage.session.clear();")
    return found
