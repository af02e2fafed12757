"""The report's HTML page in a real browser, driven through the harness
itself (the `browser` fixture and its WebDriver escape hatch, `browser.driver`;
the page gets a tab of its own, which the next test's reset closes): the
matrix renders, the family and outcome filters work, sorting works, and a
failing cell shows its message when clicked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_samples import make
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from harness import Browser
from harness.report import html, matrix

MESSAGE = "GRC-5 does not hold | called: sessions.get_recently_closed() | browser: [] | expected: <one entry>"


@pytest.fixture
def page(tmp_path: Path, browser: Browser) -> Iterator[Any]:
    """A WebDriver showing the page of two runs, in a tab of its own."""
    old = make("firefox", "140.0esr", {"SURF-1": "passed", "GRC-1": "passed", "GRC-5": "passed", "FGT-1": "differs"})
    new = make(
        "firefox",
        "153.8.0esr",
        {
            "SURF-1": "passed",
            "GRC-1": ("raw", "2 value(s) recorded"),
            "GRC-5": ("failed", MESSAGE),
            "FGT-1": ("unsupported", "no forgetClosedTab"),
            "RES-1": "not_run",
        },
    )
    new.items[2].tests[0].raw = [{"item": "GRC-5", "call": "sessions.get_recently_closed()", "got": []}]
    path = tmp_path / "report.html"
    html.write(path, matrix.build([old, new]))
    driver = browser.driver
    driver.switch_to.new_window("tab")
    driver.get(path.as_uri())
    yield driver


def visible_items(driver: Any) -> list[str]:
    rows = driver.find_elements(By.CSS_SELECTOR, "#matrix tbody tr")
    return [row.get_attribute("data-item") for row in rows if row.is_displayed()]


def test_the_matrix_renders(page: Any) -> None:
    headings = [th.text for th in page.find_elements(By.CSS_SELECTOR, "#matrix thead th")]
    assert headings == ["item", "family", "text", "firefox 140.0esr", "firefox 153.8.0esr"]
    assert visible_items(page) == ["SURF-1", "GRC-1", "GRC-5", "FGT-1", "RES-1"]
    row = page.find_element(By.CSS_SELECTOR, "#matrix tr[data-item='GRC-5']")
    cells = row.find_elements(By.CSS_SELECTOR, "td.cell")
    assert [c.text for c in cells] == ["passed", "failed"]
    assert cells[1].get_attribute("title") == MESSAGE  # shown on hover
    assert row.find_element(By.CSS_SELECTOR, "td.cell.o-failed").value_of_css_property("background-color") != (
        cells[0].value_of_css_property("background-color")
    )
    absent = page.find_element(By.CSS_SELECTOR, "#matrix tr[data-item='RES-1'] td.cell")
    assert absent.text == "absent"
    assert page.find_element(By.ID, "details").is_displayed() is False


def test_the_family_filter(page: Any) -> None:
    Select(page.find_element(By.ID, "family-filter")).select_by_value("GRC")
    assert visible_items(page) == ["GRC-1", "GRC-5"]
    assert page.find_element(By.ID, "shown-count").text == "2"
    Select(page.find_element(By.ID, "family-filter")).select_by_value("")
    assert len(visible_items(page)) == 5


def test_the_outcome_filter(page: Any) -> None:
    for box in page.find_elements(By.CSS_SELECTOR, "input[name=outcome]"):
        if box.get_attribute("value") != "failed":
            box.click()  # leave only "failed" checked
    assert visible_items(page) == ["GRC-5"]
    page.find_element(By.ID, "outcome-unsupported").click()
    assert visible_items(page) == ["GRC-5", "FGT-1"]
    Select(page.find_element(By.ID, "family-filter")).select_by_value("FGT")
    assert visible_items(page) == ["FGT-1"]  # both filters at once


def test_sorting_by_a_run_puts_the_worst_first(page: Any) -> None:
    heading = page.find_element(By.XPATH, "//table[@id='matrix']//th[.='firefox 153.8.0esr']")
    heading.click()
    assert visible_items(page) == ["GRC-5", "GRC-1", "FGT-1", "SURF-1", "RES-1"]
    assert heading.get_attribute("aria-sort") == "ascending"
    heading.click()
    assert visible_items(page) == ["RES-1", "SURF-1", "FGT-1", "GRC-1", "GRC-5"]
    page.find_element(By.XPATH, "//table[@id='matrix']//th[.='item']").click()
    assert visible_items(page) == ["SURF-1", "GRC-1", "GRC-5", "FGT-1", "RES-1"]


def test_a_failing_cell_shows_its_message_and_tests_on_click(page: Any) -> None:
    cell = page.find_element(By.CSS_SELECTOR, "#matrix tr[data-item='GRC-5'] td.o-failed")
    cell.click()
    details = page.find_element(By.ID, "details")
    assert details.is_displayed()
    assert details.find_element(By.CSS_SELECTOR, "pre.message").text == MESSAGE
    text = details.text
    assert "GRC-5 on firefox 153.8.0esr: failed" in text
    assert "test_x.py::test_grc_5" in text
    assert "recorded: sessions.get_recently_closed() → []" in text
    page.find_element(By.ID, "details-close").click()
    assert not details.is_displayed()
