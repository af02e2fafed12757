"""Installs the conformance suite's coverage plugin (tests/conformance/
catalogue_coverage.py) when a run includes tests/conformance through a parent
directory (`pytest -n 2`, `pytest tests`): pytest-xdist's controller never
collects, so it would not load tests/conformance/conftest.py and could not
print the coverage summary or fail a run for an item without a test.

The harness's own tests (not the conformance suite, which has its expectations
table) mark what a browser cannot do with `@pytest.mark.unsupported_on(browser,
reason=..., raises=...)`: on that browser the test still runs and must fail
with that exception (a strict xfail naming the reason), never a silent skip."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

CONFORMANCE = Path(__file__).parent / "conformance"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "unsupported_on(browser, reason, raises): on that browser the test must fail with `raises` (strict xfail)",
    )
    if str(CONFORMANCE) not in sys.path:
        sys.path.insert(0, str(CONFORMANCE))  # where pytest's import mode puts it for the suite's own files
    import catalogue_coverage

    if catalogue_coverage.includes_conformance(config):
        catalogue_coverage.register(config)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from harness.plugin import launch_options

    browser = str(launch_options(config)["browser"]).lower()
    for item in items:
        for marker in item.iter_markers("unsupported_on"):
            if str(marker.args[0]).lower() != browser:
                continue
            reason, raises = marker.kwargs["reason"], marker.kwargs["raises"]
            item.add_marker(pytest.mark.xfail(strict=True, raises=raises, reason=f"not on {browser}: {reason}"))
