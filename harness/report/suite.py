"""Where the conformance suite is: the `harness.conformance` package, installed
with the harness (the wheel ships it as it is), and how pytest runs it."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # harness/
SUITE = PACKAGE / "conformance"
PYTEST_INI = Path(__file__).with_name("suite_pytest.ini")


def suite_dir() -> Path:
    """The suite's folder (it holds CATALOGUE.md and the test files)."""
    if (SUITE / "CATALOGUE.md").is_file():
        return SUITE
    raise FileNotFoundError(f"the conformance suite is not installed ({SUITE}): reinstall webext-sessions-harness")


def pytest_args(suite: Path) -> list[str]:
    """pytest arguments that run the suite with its own settings wherever it lies (a checkout, or
    site-packages inside some project whose pytest configuration must not apply)."""
    return [str(suite), "-c", str(PYTEST_INI), "--rootdir", str(suite), "--confcutdir", str(suite)]
