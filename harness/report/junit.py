"""JUnit XML for CI systems: one test case per catalogue item, named by its
id and text, one test suite per results file. pytest's own --junitxml names
test functions, not catalogue items, so this is written from the results.

Outcomes: failed is a <failure>; raw, the expected failures (known bug,
differs, cannot arrange, unsupported, N/A) and not run are <skipped> with the
outcome in the message (none of them is a pass); passed is a plain test case.
The item's tests are listed in <system-out>.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .outcomes import label
from .results import ItemResult, Results

NAME_TEXT = 100  # characters of the item's text kept in the test case name


def slug(label: str) -> str:
    """`firefox 153.7.0esr` -> `firefox_153_7_0esr` (a JUnit class name prefix)."""
    return re.sub(r"[^A-Za-z0-9]+", "_", label).strip("_") or "run"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold (e.g. a terminal's colour codes)."""
    return _NOT_XML.sub("", text)


def case_name(item: ItemResult) -> str:
    text = item.text if len(item.text) <= NAME_TEXT else item.text[: NAME_TEXT - 3] + "..."
    return f"{item.id} {text}".strip()


def build(runs: list[Results]) -> ET.Element:
    root = ET.Element("testsuites", name="sessions API conformance")
    for results in runs:
        env = results.environment
        counts = results.counts()
        suite = ET.SubElement(
            root,
            "testsuite",
            name=f"sessions API conformance: {env.label}",
            tests=str(len(results.items)),
            failures=str(counts["failed"]),
            errors="0",
            skipped=str(len(results.items) - counts["failed"] - counts["passed"]),
            time=f"{results.run.duration:.3f}",
            timestamp=env.date,
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in vars(env).items():
            ET.SubElement(properties, "property", name=name, value=clean("" if value is None else str(value)))
        for item in results.items:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"{slug(env.label)}.{item.family}",
                name=clean(case_name(item)),
                time=f"{item.duration:.3f}",
            )
            if item.outcome == "failed":
                ET.SubElement(case, "failure", message=clean(item.reason)).text = clean(item.reason)
            elif item.outcome != "passed":
                message = clean(f"{label(item.outcome)}: {item.reason}")
                ET.SubElement(case, "skipped", type=item.outcome, message=message)
            lines = [f"{t.nodeid}: {label(t.outcome)} ({t.duration:.2f}s) {t.reason}".rstrip() for t in item.tests]
            ET.SubElement(case, "system-out").text = clean("\n".join([item.text, *lines]))
    return root


def write(runs: list[Results], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tree = ET.ElementTree(build(runs))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
