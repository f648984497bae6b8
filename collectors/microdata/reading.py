"""Reading a microdata file — CSV (UTF-8, with or without a byte-order mark; ``.gz``, ``.bz2``,
``.zip``, ``.xz`` compressed too) or the first sheet of an XLSX workbook — into a table of text
cells, blank meaning absent, with the file's row numbers (header = row 1)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from collectors.microdata.problems import refuse

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
BLANK_MARKERS = ("NA", "N/A", "NaN", "nan", "NULL", "null", ".")
"""Cells that statistical packages write for a missing value; read as blank."""


@dataclass(frozen=True)
class Source:
    """One file's cells as text (``""`` for blank) and how many missing markers became blank."""

    name: str
    cells: pd.DataFrame
    markers: int

    def row(self, position: int) -> int:
        return position + 2

    def require(self, column: str, option: str) -> None:
        if column not in self.cells.columns:
            listed = ", ".join(map(str, self.cells.columns[:30]))
            raise refuse(
                f"has no column '{column}' for {option} (its columns: {listed})",
                f"没有 {option} 指定的列“{column}”（现有列：{listed}）",
                self.name,
                row=1,
            )


def read_source(path: str | Path) -> Source:
    path = Path(path)
    try:
        if path.suffix.lower() in XLSX_SUFFIXES:
            raw = pd.read_excel(
                path, sheet_name=0, dtype=str, keep_default_na=False, engine="openpyxl"
            )
        else:
            raw = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                encoding="utf-8-sig",
                compression="infer",
            )
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
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, zipfile.BadZipFile):
        raise refuse(
            "is not a readable CSV file or XLSX workbook with a header row (check quotes and "
            "the number of cells in each row)",
            "不是可读取的带表头的 CSV 文件或 XLSX 工作簿（请检查引号和每行的单元格数）",
            path.name,
        ) from None
    raw = raw.fillna("").astype(str)
    raw.columns = [str(c).strip() for c in raw.columns]
    cells = raw.apply(lambda column: column.str.strip())
    markers = cells.isin(BLANK_MARKERS)
    cells = cells.mask(markers, "")
    return Source(path.name, cells.reset_index(drop=True), int(markers.to_numpy().sum()))
