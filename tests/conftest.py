"""The harness's own tests (not the conformance suite, which has its expectations
table) mark what a browser cannot do with `@pytest.mark.unsupported_on(browser,
reason=..., raises=...)`: on that browser the test still runs and must fail
with that exception (a strict xfail naming the reason), never a silent skip."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "unsupported_on(browser, reason, raises): on that browser the test must fail with `raises` (strict xfail)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from harness.plugin import launch_options

    browser = str(launch_options(config)["browser"]).lower()
    for item in items:
        for marker in item.iter_markers("unsupported_on"):
            if str(marker.args[0]).lower() != browser:
                continue
            reason, raises = marker.kwargs["reason"], marker.kwargs["raises"]
            item.add_marker(pytest.mark.xfail(strict=True, raises=raises, reason=f"not on {browser}: {reason}"))
