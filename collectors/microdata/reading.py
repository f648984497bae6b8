"""Reading a microdata file into a table of text cells, blank meaning absent, with the file's row
numbers (header = row 1): CSV (UTF-8, with or without a byte-order mark; ``.gz``, ``.bz2``,
``.zip``, ``.xz`` compressed too), the first sheet of an XLSX workbook, Parquet, or the files
statistical offices publish microdata in — Stata ``.dta`` and SPSS ``.sav``/``.zsav`` — whose
variable labels and value labels are kept (:mod:`collectors.microdata.statfiles`)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from collectors.flatfile import CSV_AS_TEXT
from collectors.microdata.problems import refuse
from collectors.microdata.statfiles import is_labelled_file, read_labelled

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
BLANK_MARKERS = ("NA", "N/A", "NaN", "nan", "NULL", "null", ".")
"""Cells that statistical packages write for a missing value; read as blank."""


@dataclass(frozen=True)
class Source:
    """One file's cells as text (``""`` for blank), the file row of each (header = row 1; blank
    lines are left out but keep their numbers), and how many missing markers became blank."""

    name: str
    cells: pd.DataFrame
    markers: int
    rows: tuple[int, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)  # column → its variable label
    value_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # as text

    def row(self, position: int) -> int:
        return self.rows[position] if self.rows else position + 2

    def require(self, column: str, option: str) -> None:
        if column not in self.cells.columns:
            listed = ", ".join(map(str, self.cells.columns[:30]))
            raise refuse(
                f"has no column '{column}' for {option} (its columns: {listed})",
                f"没有 {option} 指定的列“{column}”（现有列：{listed}）",
                self.name,
                row=1,
            )


def _read(path: Path) -> pd.DataFrame:
    """Every row of the file, the header too, as text (blank lines as rows of blanks)."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        return pd.read_excel(
            path, sheet_name=0, dtype=str, keep_default_na=False, header=None, engine="openpyxl"
        )
    return pd.read_csv(path, **CSV_AS_TEXT, header=None)


def read_source(path: str | Path) -> Source:
    path = Path(path)
    if is_labelled_file(path):
        read = read_labelled(path)
        header = [str(c) for c in read.cells.columns]
        return _source(path.name, header, read.cells, read.labels, read.value_labels)
    try:
        raw = _read(path)
    except OSError as exc:
        raise refuse(
            f"cannot be read ({exc.strerror or exc}); check the path",
            f"无法读取（{exc.strerror or exc}），请检查路径",
            path.name,
        ) from None
    except UnicodeDecodeError:
        raise refuse(
            "is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel) and convert again",
            "不是 UTF-8 文本；请另存为 UTF-8（Excel 中的“CSV UTF-8”）后再转换",
            path.name,
        ) from None
    except pd.errors.ParserError as exc:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if match is None:
            raise _unreadable(path.name) from None
        expected, line, saw = (int(g) for g in match.groups())
        raise refuse(
            f"has {saw} cells where the header has {expected}; remove the extra cells",
            f"有{saw}个单元格，而表头只有{expected}列；请删除多余的单元格",
            path.name,
            row=line,
        ) from None
    except (pd.errors.EmptyDataError, ValueError, zipfile.BadZipFile):
        raise _unreadable(path.name) from None
    raw = raw.fillna("").astype(str)
    if raw.empty:
        raise _unreadable(path.name)
    return _source(path.name, [str(c).strip() for c in raw.iloc[0]], raw.iloc[1:])


def _source(
    name: str,
    header: list[str],
    body: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    value_labels: Mapping[str, Mapping[str, str]] | None = None,
) -> Source:
    """The cells under ``header``: trimmed, blank rows left out (keeping the file's row
    numbers), missing-value markers read as blank."""
    _check_header(header, name)
    cells = body.apply(lambda column: column.str.strip()).set_axis(header, axis=1)
    rows = np.arange(2, 2 + len(cells))
    filled = cells.ne("").any(axis=1).to_numpy(dtype=bool)
    cells, kept = cells[filled], rows[filled]
    markers = cells.isin(BLANK_MARKERS)
    cells = cells.mask(markers, "")
    return Source(
        name,
        cells.reset_index(drop=True),
        int(markers.to_numpy().sum()),
        tuple(int(r) for r in kept),
        dict(labels or {}),
        {k: dict(v) for k, v in (value_labels or {}).items()},
    )


def _unreadable(name: str) -> Exception:
    return refuse(
        "is not a readable CSV file or XLSX workbook with a header row (check quotes and "
        "the number of cells in each row)",
        "不是可读取的带表头的 CSV 文件或 XLSX 工作簿（请检查引号和每行的单元格数）",
        name,
    )


def _check_header(header: list[str], name: str) -> None:
    """A blank or repeated column name is refused at its cell: renaming it silently would hide
    which column a finding is about."""
    seen: dict[str, int] = {}
    for position, column in enumerate(header, start=1):
        if column == "":
            raise refuse(
                f"the header cell of column {position} is blank; name the column",
                f"第{position}列的表头为空；请为该列命名",
                name,
                row=1,
            )
        if column in seen:
            raise refuse(
                f"column '{column}' appears twice in the header (columns {seen[column]} and "
                f"{position}); give each column its own name",
                f"列“{column}”在表头中出现两次（第{seen[column]}列和第{position}列）；"
                "请给每列不同的名称",
                name,
                row=1,
            )
        seen[column] = position
