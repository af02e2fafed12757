"""Installs the conformance suite's coverage plugin (tests/conformance/
catalogue_coverage.py) when a run includes tests/conformance through a parent
directory (`pytest -n 2`, `pytest tests`): pytest-xdist's controller never
collects, so it would not load tests/conformance/conftest.py and could not
print the coverage summary or fail a run for an item without a test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

CONFORMANCE = Path(__file__).parent / "conformance"


def pytest_configure(config: pytest.Config) -> None:
    if str(CONFORMANCE) not in sys.path:
        sys.path.insert(0, str(CONFORMANCE))  # where pytest's import mode puts it for the suite's own files
    import catalogue_coverage

    if catalogue_coverage.includes_conformance(config):
        catalogue_coverage.register(config)
