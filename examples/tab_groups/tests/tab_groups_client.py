"""Talking to the Tab Groups extension from tests, in its own context."""

from __future__ import annotations

from typing import Any

import harness

EXTENSION_ID = "tab-groups@example.com"


class TabGroups:
    """The extension as its popup sees it, plus what it stores, read in its own context."""

    def __init__(self, browser: harness.Browser) -> None:
        self.context = browser.extension(EXTENSION_ID)

    def send(self, **message: Any) -> Any:
        """What the popup does: a runtime message to the background."""
        return self.context.execute("return browser.runtime.sendMessage(args[0]);", message)

    def group_of(self, tab_id: int) -> Any:
        """The tab's group as the extension stored it (harness.UNDEFINED if none)."""
        return self.context.sessions.get_tab_value(tab_id, "group")

    def wait_until_grouped(self, tab_id: int) -> str:
        """The extension groups new tabs from its own tabs.onCreated listener:
        wait until it has."""
        return str(
            self.context.wait_for(
                "return browser.sessions.getTabValue(args[0], 'group');",
                tab_id,
                message=f"the extension to put tab {tab_id} in a group",
            )
        )
