"""docs/API.md and `harness.__all__` describe the same public API."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import harness

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "API.md"


def test_every_exported_name_is_documented_and_exists() -> None:
    text = API_DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"\bharness\.([A-Za-z][A-Za-z_]*)", text))
    documented |= set(re.findall(r"^(?:[├└]── )?(\w+Error|\w+Timeout|BrowserCrashed|PageGone)\b", text, re.M))
    exported = set(harness.__all__)
    # A module named by its path (`python -m harness.grid`) is documented, not exported.
    documented = {name for name in documented if importlib.util.find_spec(f"harness.{name}") is None}
    assert exported - documented == set(), f"exported but not in docs/API.md: {sorted(exported - documented)}"
    assert documented - exported == set(), f"in docs/API.md but not exported: {sorted(documented - exported)}"
    for name in exported:
        assert hasattr(harness, name)
