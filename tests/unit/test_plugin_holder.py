"""A worker whose launch was refused does not launch again for every test (no browser)."""

from __future__ import annotations

from typing import Any

import pytest

from harness import SetupError, plugin


def test_a_refused_launch_is_not_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    launches: list[dict[str, Any]] = []

    def refuse(**options: Any) -> Any:
        launches.append(options)
        raise SetupError("extension x: it is a Manifest V2 extension")

    monkeypatch.setattr(plugin, "launch_browser", refuse)
    holder = plugin.BrowserHolder({"browser": "chromium"})
    with pytest.raises(SetupError, match="Manifest V2"):
        holder.get()
    with pytest.raises(SetupError, match=r"Manifest V2.*not tried again"):
        holder.get()
    assert len(launches) == 1
