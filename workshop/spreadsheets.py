"""What the product writes for spreadsheets. Every CSV goes through `csv_text`, so no cell
a participant typed can run as a formula when the facilitator opens the file.

A spreadsheet runs a cell as a formula when it starts with `=`, `+`, `-` or `@`, and
some also when it starts with a tab or a carriage return. As OWASP recommends against
CSV injection, such a cell is written with a leading `'`, which every spreadsheet shows
as text; the cell's own characters are kept, so nothing anyone wrote is lost.
"""

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: object) -> str:
    """The cell as text a spreadsheet shows and never runs."""
    value = "" if cell is None else str(cell)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """The rows as CSV, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([neutralised(cell) for cell in row] for row in rows)
    return out.getvalue()
