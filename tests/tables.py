"""Test helpers: households and persons written as small markdown tables.

    persons = md('''
    | ea_id           | hh_no | line_no | name | relationship |
    | 370102001001001 | 001   | 1       | 张伟 | 0            |
    ''')

A cell holding only ``.`` is blank. Values stay text, as they would in a CSV file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

EA = "370102001001001"

# Two households of the default questionnaire as a file holds them: the second with blanks.
HOUSEHOLDS = f"""
| ea_id | hh_no | hh_type | n_present | n_away | births_m | births_f | deaths_m | deaths_f | dwelling_type | floor_area | rooms |
| {EA}  | 001   | 1       | 2         | 0      | 0        | 0        | 0        | 0        | 1             | 80         | 3     |
| {EA}  | 002   | 2       | 1         | 0      | 0        | 0        | 0        | 0        | 2             | .          | .     |
"""


def md(text: str) -> pd.DataFrame:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in lines
        if not set(line) <= set("|-: ")
    ]
    header, *body = rows
    frame = pd.DataFrame(body, columns=header, dtype=str)
    return frame.replace(".", "")


def write_csv(folder: Path, name: str, text: str, *, bom: bool = False) -> Path:
    path = folder / name
    path.write_text(md(text).to_csv(index=False), encoding="utf-8-sig" if bom else "utf-8")
    return path


def write_book(path: Path, sheets: dict[str, str]) -> Path:
    """An .xlsx workbook (an XLSForm, an export) with one sheet per markdown table."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, text in sheets.items():
            md(text).to_excel(writer, sheet_name=name, index=False)
    return path
