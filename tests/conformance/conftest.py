"""The conformance suite's setup: which expectations row this run uses, and
the catalogue coverage plugin (catalogue_coverage.py)."""

from __future__ import annotations

import catalogue
import catalogue_coverage
import expectations
import pytest

from harness import discovery
from harness.errors import SetupError
from harness.plugin import launch_options


def pytest_configure(config: pytest.Config) -> None:
    options = launch_options(config)
    try:
        # "Mozilla Firefox 153.7.0esr" -> "153.7.0esr"
        version = expectations.browser_version(discovery.find_firefox(options["binary"])).split(" ")[-1]
    except (SetupError, OSError) as exc:
        version = f"(could not ask the browser: {exc})"
    expectations.use(expectations.resolve(options["browser"], version))
    config.pluginmanager.register(catalogue_coverage.CoveragePlugin(config, catalogue.load()), "conformance-coverage")
