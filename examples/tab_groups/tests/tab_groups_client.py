"""Talking to the Tab Groups extension from tests, in its own context."""

from __future__ import annotations

from typing import Any

import harness

EXTENSION_ID = "tab-groups@example.com"  # its gecko id; the harness knows it by it on Chromium too


class TabGroups:
    """The extension as its popup sees it, read and driven in its own context."""

    def __init__(self, browser: harness.Browser) -> None:
        self.context = browser.extension(EXTENSION_ID)

    def send(self, **message: Any) -> Any:
        """What the popup does: a runtime message to the background."""
        return self.context.execute("return browser.runtime.sendMessage(args[0]);", message)

    def group_of(self, tab_id: int) -> Any:
        """The tab's group as the extension keeps it (None if it has none)."""
        return self.send(type="groupOf", tabId=tab_id)

    @property
    def kept_by_the_browser(self) -> bool:
        """Whether groups live in sessions values (Firefox), so that they survive closing,
        restoring and restarting; else they last as long as the tab or window (Chromium)."""
        return bool(self.send(type="keptByTheBrowser"))

    def wait_until_grouped(self, tab_id: int) -> str:
        """The extension groups new tabs from its own tabs.onCreated listener:
        wait until it has."""
        return str(
            self.context.wait_for(
                "return browser.runtime.sendMessage({type: 'groupOf', tabId: args[0]});",
                tab_id,
                message=f"the extension to put tab {tab_id} in a group",
            )
        )
