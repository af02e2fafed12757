"""The conformance suite's setup: the expectations row this run uses and the
catalogue coverage plugin (catalogue_coverage.py). tests/conftest.py installs
the same plugin for runs that only name a parent directory (under
pytest-xdist the controller never loads this file then)."""

from __future__ import annotations

import catalogue_coverage
import pytest


def pytest_configure(config: pytest.Config) -> None:
    catalogue_coverage.register(config)
