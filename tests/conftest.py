"""The harness's own tests (not the conformance suite, which has its expectations
table) mark what a browser cannot do with `@pytest.mark.unsupported_on(browser,
reason=..., raises=..., match=None)`: on that browser the test still runs and
must fail with that exception (a strict xfail naming the reason), whose
message matches the regular expression `match` when one is given; never a
silent skip."""

from __future__ import annotations

import re

import pytest

MATCH = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "unsupported_on(browser, reason, raises, match=None): on that browser the test must fail with `raises` "
        "(strict xfail), its message matching `match`",
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
            if marker.kwargs.get("match"):
                item.stash[MATCH] = marker.kwargs["match"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """An expected failure whose message does not say what `match` asks for fails."""
    report: pytest.TestReport = yield
    match = item.stash.get(MATCH, None)
    if match and call.excinfo is not None and hasattr(report, "wasxfail"):
        message = str(call.excinfo.value)
        if not re.search(match, message):
            del report.wasxfail
            report.outcome = "failed"
            report.longrepr = f"unsupported here, but the error does not match {match!r}:\n{message}"
    return report
