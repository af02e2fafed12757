"""Unit tests see the default timeouts, whatever the developer's environment scales them by."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _default_timeout_multiplier(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HARNESS_TIMEOUT_MULTIPLIER", raising=False)
