"""Where the conformance suite is: inside the installed package
(`harness/conformance_suite`, put there by the wheel build from
`tests/conformance`), else in the checkout the package runs from."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # harness/
PACKAGED = PACKAGE / "conformance_suite"
CHECKOUT = PACKAGE.parent / "tests" / "conformance"
PYTEST_INI = Path(__file__).with_name("suite_pytest.ini")


def suite_dir() -> Path:
    """The suite's folder (it holds CATALOGUE.md and the test files)."""
    for candidate in (PACKAGED, CHECKOUT):
        if (candidate / "CATALOGUE.md").is_file():
            return candidate
    raise FileNotFoundError(
        f"the conformance suite is neither installed ({PACKAGED}) nor in a checkout ({CHECKOUT}): "
        "reinstall webext-sessions-harness"
    )


def pytest_args(suite: Path) -> list[str]:
    """pytest arguments that run the suite with its own settings wherever it lies (a checkout, or
    site-packages inside some project whose pytest configuration must not apply)."""
    return [str(suite), "-c", str(PYTEST_INI), "--rootdir", str(suite), "--confcutdir", str(suite)]
