"""The conformance suite's setup: the expectations row this run uses (from
the browser the run launches), the test being run (for raw results, see
check.py), and the catalogue coverage plugin (catalogue_coverage.py). Name this folder in
the run (`pytest -n 2 harness/conformance`): pytest-xdist's controller, which
never collects, loads the conftest.py of the folders it is given."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.plugin import BrowserHolder, launch_options
from harness.report import collect
from harness.report.collect import note_environment

from . import catalogue_coverage, check, expectations


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "needs(*names): members, concepts or arrangements the test needs; where the row lacks one, the test "
        "must fail with the browser's error for it (unsupported, N/A or cannot arrange)",
    )
    catalogue_coverage.register(config)
    collect.ensure(config, launch_options(config))  # the per-item outcomes the summary prints


@pytest.fixture(scope="session", autouse=True)
def _expectations(_harness_browser_holder: BrowserHolder, pytestconfig: pytest.Config) -> expectations.Resolution:
    """The row for the browser under test: its name and version as the driver reports them."""
    browser = _harness_browser_holder.get()
    resolution = expectations.resolve(browser.name, browser.version)
    expectations.use(resolution)
    # For the results file (--conformance-report): the browser as it reported itself, and the row.
    note_environment(
        pytestconfig,
        browser=browser.name,
        version=browser.version,
        binary=browser.binary_path,
        driver=browser.driver_path,
        expectations=resolution.row.label if resolution.row is not None else "none (raw)",
    )
    return resolution


@pytest.fixture(autouse=True)
def _conformance_item(request: pytest.FixtureRequest, _expectations: expectations.Resolution) -> Iterator[None]:
    """Raw results go into this test's report; the report says which row judged it."""
    request.node.user_properties.append(("expectations", _expectations.describe()))
    check._current_item = request.node
    check._passed.clear()
    yield
    check._current_item = None
