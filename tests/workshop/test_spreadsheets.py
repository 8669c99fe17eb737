"""What the product writes for spreadsheets: a cell a spreadsheet would run as a formula
is written as text, with a leading apostrophe, and keeps every character it had."""

import csv
import io

import pytest

from workshop.spreadsheets import csv_text, neutralised

HYPERLINK = '=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_as_a_formula_would_is_written_as_text(start):
    cell = f"{start}1+1"
    assert neutralised(cell) == f"'{start}1+1"
    [row] = csv.reader(io.StringIO(csv_text([[cell]]), newline=""))
    assert row == [f"'{start}1+1"]


@pytest.mark.parametrize("cell", ["a parcel is delivered", "2027-Q1", "x = 1", "", "'quoted"])
def test_any_other_cell_is_written_as_it_is(cell):
    assert neutralised(cell) == cell


def test_numbers_and_nothing_are_written_as_text_a_spreadsheet_reads_the_same():
    assert [neutralised(cell) for cell in (7, None, -3)] == ["7", "", "'-3"]


def test_a_hyperlink_formula_reaches_the_spreadsheet_as_the_text_that_was_typed():
    [row] = csv.reader(io.StringIO(csv_text([[HYPERLINK, "ok"]]), newline=""))
    assert row == ["'" + HYPERLINK, "ok"]


def test_every_csv_the_product_writes_goes_through_the_neutraliser():
    from django.conf import settings

    writers = [
        path.relative_to(settings.BASE_DIR).as_posix()
        for app in ("workshop", "experiences", "goals", "barriers", "recipes", "roadmap")
        for path in (settings.BASE_DIR / app).rglob("*.py")
        if "csv.writer" in path.read_text() or "csv.DictWriter" in path.read_text()
    ]
    assert writers == ["workshop/spreadsheets.py"]
