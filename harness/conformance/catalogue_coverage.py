"""Coverage of the catalogue (CATALOGUE.md) by the conformance suite.

Every test declares the catalogue items it checks with
`@pytest.mark.spec("GRC-6", ...)`. At the end of a run this prints how many
items were checked and how each came out (with reasons), and the run fails
when a catalogue item has no test at all. Outcomes, worst first:

- failed: a check failed (or a known failure did not happen);
- raw: no expectations row for this browser: answers recorded, not judged;
- unsupported: the browser lacks the member the item is about (the row says so);
- xfailed: a known browser bug, exactly as the row describes it;
- passed;
- not run: skipped or deselected (with the reason).

The outcomes are classified in one place, harness.report.outcomes, which the
results file (--conformance-report) uses too.

Known failures are applied when a test's result is made (`pytest_runtest_makereport`):
only the failure the row describes (its item, and the browser's answer when
given) counts as known; any other exception is a failure.

Works with pytest-xdist: workers collect and send what the tests declare in
`workeroutput`; per-item outcomes come to the controller in the test reports'
`user_properties`. Nothing is read from worker state on the controller.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from harness import BrowserCrashed, ExtensionError, HarnessError, HarnessTimeout, PageGone
from harness.report import outcomes

from . import catalogue, check, expectations

HERE = Path(__file__).parent
PLUGIN_NAME = "conformance-coverage"
UNSUPPORTED = outcomes.UNSUPPORTED_PREFIX  # a known failure's reason with it reports "unsupported"


@dataclass
class Coverage:
    declared: dict[str, list[str]] = field(default_factory=dict)  # item id -> node ids of its tests
    complete: bool = False  # the run collected the whole suite, so "no test" means no test
    outcomes: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    missing: list[str] = field(default_factory=list)
    expectations: set[str] = field(default_factory=set)  # which row(s) the tests ran with


COVERAGE = pytest.StashKey[Coverage]()


def spec_ids(item: pytest.Item) -> list[str]:
    ids: list[str] = []
    for marker in item.iter_markers("spec"):
        ids.extend(str(arg) for arg in marker.args)
    return ids


def item_status(results: list[tuple[str, str, str]]) -> str:
    """An item takes the worst outcome of its tests."""
    return outcomes.worst(result for _, result, _ in results)


def register(config: pytest.Config) -> None:
    """Install the plugin once per process (harness/conformance/conftest.py asks)."""
    if not config.pluginmanager.has_plugin(PLUGIN_NAME):
        config.pluginmanager.register(CoveragePlugin(config, catalogue.load()), PLUGIN_NAME)


def judge(known: expectations.Known, excinfo: pytest.ExceptionInfo[BaseException] | None) -> str | None:
    """How a test with a known failure came out: None when the failure is exactly
    the known one, else why the result is a real failure."""
    if excinfo is None:
        return f"the known failure of {known.item} did not happen (fixed in this browser?): {known.reason}"
    error = excinfo.value
    if isinstance(error, check.ConformanceFailure) and error.item == known.item:
        if known.got is expectations.ANY_ANSWER or check.same(error.got, known.got):
            return None
        return f"{known.item} failed, but not as known (known answer: {known.got!r})"
    if known.unsupported and known.error and re.search(known.error, browser_answer(error)):
        return None
    return f"not the known failure of {known.item} ({known.reason})"


def browser_answer(error: BaseException) -> str:
    """What the browser (or the engine) said in a failure, for an unsupported member's
    message: an ExtensionError's message, a failed check's answer (`rejected: ...`),
    or the text of a HarnessError the harness raised for what the browser cannot do
    (prefs on Chromium, an extension it refuses). Never a timeout, a crash or a lost
    page: those are failures."""
    if isinstance(error, ExtensionError):
        return error.message
    if isinstance(error, check.ConformanceFailure):
        return error.got if isinstance(error.got, str) else repr(error.got)
    if isinstance(error, HarnessError) and not isinstance(error, (HarnessTimeout, BrowserCrashed, PageGone)):
        return str(error)
    return ""


class CoveragePlugin:
    """Registered by harness/conformance/conftest.py; state lives in `config.stash`."""

    def __init__(self, config: pytest.Config, items: dict[str, catalogue.Item]) -> None:
        self.config = config
        self.catalogue = items
        config.stash[COVERAGE] = Coverage()

    @property
    def coverage(self) -> Coverage:
        return self.config.stash[COVERAGE]

    @pytest.hookimpl(tryfirst=True)  # before -k/-m deselection: coverage counts every test that exists
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        modules = set()
        for item in items:
            if HERE not in item.path.parents:
                continue
            modules.add(item.path)
            ids = spec_ids(item)
            if not ids:
                raise pytest.UsageError(f"{item.nodeid}: declare the catalogue items it checks: @pytest.mark.spec(...)")
            unknown = [i for i in ids if i not in self.catalogue]
            if unknown:
                raise pytest.UsageError(f"{item.nodeid}: not in CATALOGUE.md: {', '.join(unknown)}")
            for item_id in ids:
                self.coverage.declared.setdefault(item_id, []).append(item.nodeid)
            item.user_properties.append(("spec", ids))
        on_disk = set(HERE.glob("test_*.py"))
        self.coverage.complete = (
            bool(modules) and modules == on_disk and not any("::" in arg for arg in self.config.args)
        )

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """A known failure of this browser's row becomes xfailed (or unsupported),
        but only when it is exactly the known one."""
        report = yield
        resolution = expectations.resolved()
        if call.when != "call" or resolution is None or HERE not in item.path.parents:
            return report
        known = resolution.known_failure(getattr(item, "originalname", item.name))
        if known is None:
            return report
        why = judge(known, call.excinfo)
        if why is None:
            label = UNSUPPORTED if known.unsupported else f"{resolution.row.label if resolution.row else ''}: "
            report.outcome = "skipped"
            report.wasxfail = label + known.reason
        else:
            report.outcome = "failed"
            if call.excinfo is None:
                report.longrepr = why
            else:
                report.sections.append(("conformance: known failure", why))
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        described = dict(report.user_properties).get("expectations")
        if described:
            self.coverage.expectations.add(str(described))
        spec = outcomes.spec_ids(report)
        decided = outcomes.classify(report)
        if decided is not None and decided[0] == "raw":  # the terminal shows what was recorded
            raw = outcomes.raw_observations(report)
            decided = ("raw", "; ".join(f"{o['call']} -> {o['got']!r}" for o in raw)[: outcomes.MAX_REASON])
        if spec and decided is not None:
            for item_id in spec:
                self.coverage.outcomes[item_id].append((report.nodeid, *decided))

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """xdist controller: what a worker's collection declared."""
        output = getattr(node, "workeroutput", None) or {}
        for item_id, tests in output.get("conformance_declared", {}).items():
            known = self.coverage.declared.setdefault(item_id, [])
            known.extend(t for t in tests if t not in known)
        self.coverage.complete = self.coverage.complete or bool(output.get("conformance_complete"))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        workeroutput = getattr(self.config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller judges
            workeroutput["conformance_declared"] = self.coverage.declared
            workeroutput["conformance_complete"] = self.coverage.complete
            return
        if self.coverage.complete:
            self.coverage.missing = [i for i in self.catalogue if i not in self.coverage.declared]
            if self.coverage.missing and session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        coverage = self.coverage
        if not coverage.outcomes and not coverage.declared:
            return
        write = terminalreporter.write_line
        terminalreporter.section("sessions API conformance: catalogue coverage")
        for described in sorted(coverage.expectations) or ["expectations: no test ran on a browser"]:
            write(described)
        status = {item_id: item_status(results) for item_id, results in coverage.outcomes.items()}
        counts = {name: sum(1 for s in status.values() if s == name) for name in outcomes.OUTCOMES}
        write(
            f"catalogue: {len(self.catalogue)} items; checked {len(status)}: passed {counts['passed']}, "
            f"failed {counts['failed']}, raw {counts['raw']} (no expectations), "
            f"unsupported {counts['unsupported']}, xfailed {counts['xfailed']} (known browser bugs), "
            f"not run {counts['not_run']}"
        )
        for name in ("failed", "raw", "unsupported", "xfailed", "not_run"):
            for item_id in self.catalogue:
                if status.get(item_id) != name:
                    continue
                reasons = sorted(
                    {f"{nodeid.split('::')[-1]}: {why}" for nodeid, o, why in coverage.outcomes[item_id] if o == name}
                )
                write(f"  {name.upper().replace('_', ' ')} {item_id}: " + "; ".join(reasons))
        if not coverage.complete:
            write("partial run: the whole suite was not collected, so items without a test are not judged")
            return
        if coverage.missing:
            write(f"NO TEST for {len(coverage.missing)} catalogue items (the run fails): {', '.join(coverage.missing)}")
        else:
            write(f"every catalogue item has a test ({len(self.catalogue)} items)")
        unchecked = [i for i in self.catalogue if i in coverage.declared and i not in status]
        if unchecked:
            write(f"declared but not run this time (deselected): {', '.join(unchecked)}")
