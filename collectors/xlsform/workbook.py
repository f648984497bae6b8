"""Reading the sheets of a workbook as text, with located refusals of what cannot be read.

Every cell is read as text (blank cells as ``""``), with the header row kept as the first row so
callers can locate problems by the spreadsheet's own row numbers (header = row 1). An old ``.xls``
workbook is read only when pandas has an engine for it installed; otherwise it is refused with a
message saying to save it as ``.xlsx``.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pandas as pd

from collectors.problems import InputError, Problem

FIRST_DATA_ROW = 2
"""Spreadsheet row of the first data row (the header is row 1)."""

_XLS_ENGINES = ("calamine", "xlrd")  # pandas deprecates xlrd; calamine is a dependency
_HARMLESS_WARNINGS = (
    "Workbook contains no default style",  # workbooks written by some tools, Kobo's among them
    "Unknown type for",  # custom document properties openpyxl does not know
    "Data Validation extension is not supported",
    "Conditional Formatting extension is not supported",
)


def problem(
    code: str,
    en: str,
    zh: str,
    file: str,
    *,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
) -> Problem:
    """A located problem; the sheet, when there is one, is named with the file."""
    where = f"{file}, sheet {sheet}" if sheet else file
    return Problem(code=code, message_en=en, message_zh=zh, file=where, row=row, column=column)


def read_sheets(path: Path, name: str) -> dict[str, pd.DataFrame]:
    """Every sheet of the workbook as text cells, header row included, blank cells ``""``."""
    engines: tuple[str | None, ...] = (
        _XLS_ENGINES if path.suffix.lower() == ".xls" else ("openpyxl",)
    )
    for engine in engines:
        try:
            return _read(path, engine)
        except ImportError:
            continue
        except FileNotFoundError:
            raise InputError(
                [
                    problem(
                        "unreadable",
                        "does not exist; check the path",
                        "文件不存在；请检查路径",
                        name,
                    )
                ]
            ) from None
        except (OSError, zipfile.BadZipFile, ValueError, KeyError) as exc:
            reason = getattr(exc, "strerror", None) or "not a readable Excel workbook"
            raise InputError(
                [
                    problem(
                        "unreadable",
                        f"cannot be read ({reason}); save it from Excel as an .xlsx workbook",
                        f"无法读取（{reason}）；请在 Excel 中另存为 .xlsx 工作簿",
                        name,
                    )
                ]
            ) from None
    raise InputError(
        [
            problem(
                "xls",
                "is an old Excel .xls workbook and no reader for .xls is installed here; open it "
                "in Excel or LibreOffice, save it as .xlsx and use that file",
                "是旧版 Excel .xls 工作簿，本机没有安装 .xls 读取程序；请在 Excel 或 LibreOffice 中"
                "另存为 .xlsx 后再使用",
                name,
            )
        ]
    )


def _read(path: Path, engine: str | None) -> dict[str, pd.DataFrame]:
    with warnings.catch_warnings():
        for message in _HARMLESS_WARNINGS:
            warnings.filterwarnings("ignore", message=message, category=UserWarning)
        with pd.ExcelFile(path, engine=engine) as book:
            sheets = pd.read_excel(
                book, sheet_name=None, header=None, dtype=str, keep_default_na=False
            )
    return {str(sheet): frame.fillna("") for sheet, frame in sheets.items()}


def find_sheet(sheets: dict[str, pd.DataFrame], wanted: str) -> str | None:
    """The name of the sheet called ``wanted`` (ignoring case and surrounding spaces), if any."""
    for sheet in sheets:
        if sheet.strip().lower() == wanted.lower():
            return sheet
    return None


def with_header(
    frame: pd.DataFrame, name: str, sheet: str, *, normalise: bool = False
) -> pd.DataFrame:
    """The sheet's rows below its header, columns named by the header; located refusal of blank
    or repeated header cells that have data under them. ``normalise`` lower-cases the names."""
    if frame.empty:
        raise InputError(
            [
                problem(
                    "empty",
                    "the sheet is empty; it needs a header row",
                    "工作表为空；需要表头行",
                    name,
                    sheet=sheet,
                )
            ]
        )
    header = [str(cell).strip() for cell in frame.iloc[0]]
    body = frame.iloc[1:].reset_index(drop=True)
    body.columns = pd.RangeIndex(len(header))
    filled = (body.apply(lambda column: column.str.strip()) != "").any(axis=0).to_numpy()
    keep, names, problems = [], [], []
    seen: dict[str, int] = {}
    for position, cell in enumerate(header):
        column = cell.lower() if normalise else cell
        if not column:
            if filled[position]:
                problems.append(
                    problem(
                        "blank_header",
                        f"header cell {position + 1} is blank but its column holds data; give "
                        "the column its name",
                        f"表头第{position + 1}列为空但该列有数据；请填写列名",
                        name,
                        sheet=sheet,
                        row=1,
                    )
                )
            continue
        if column in seen:
            problems.append(
                problem(
                    "duplicate_header",
                    f"column '{cell}' appears twice in the header (cells {seen[column]} and "
                    f"{position + 1}); keep one",
                    f"表头中“{cell}”出现两次（第{seen[column]}和第{position + 1}列）；请保留一列",
                    name,
                    sheet=sheet,
                    row=1,
                    column=cell,
                )
            )
            continue
        seen[column] = position + 1
        keep.append(position)
        names.append(column)
    if problems:
        raise InputError(problems)
    out = body[keep]
    out.columns = names
    return out
