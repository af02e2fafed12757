"""The conformance suite's setup: the expectations row this run uses and the
catalogue coverage plugin (catalogue_coverage.py). tests/conftest.py installs
the same plugin for runs that only name a parent directory (under
pytest-xdist the controller never loads this file then)."""

from __future__ import annotations

import catalogue_coverage
import expectations
import pytest

from harness.report.collect import note_environment


def pytest_configure(config: pytest.Config) -> None:
    catalogue_coverage.register(config)
    # For the results file (--conformance-report): which expectations row judged this run.
    resolution = expectations.current()
    label = resolution.row.label
    if not resolution.exact:
        label += f" (newest known: {resolution.browser} {resolution.version or '?'} is not in the table)"
    note_environment(config, expectations=label)
