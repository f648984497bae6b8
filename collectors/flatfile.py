"""Reading the flat files of spec/interfaces.md (CSV with or without BOM, XLSX, Parquet) into typed
tables.

Structure is checked before anything is typed: the file must be readable UTF-8 (or a workbook with
the table's sheet), its header must name every required column once and no unknown column, every
row must have no more cells than the header, and no key may be blank or repeated. Each problem is
located (file, row with header = row 1, column) and all of them are raised together.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from collectors.cells import coerce
from collectors.parquet import is_parquet, parquet_header, read_parquet_text
from collectors.problems import InputError, Problem
from schemas import Table

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
FIRST_DATA_ROW = 2  # the header is row 1

CSV_AS_TEXT: dict[str, Any] = {
    "encoding": "utf-8-sig",
    "dtype": str,
    "keep_default_na": False,
    "na_filter": False,
    "skip_blank_lines": False,
    "engine": "c",
}
"""pandas' CSV reader set to keep every cell as the text it is: a BOM or none, no cell read as
missing (``NA`` is text), a blank line kept as a row of blanks."""


@dataclass(frozen=True)
class FlatTable:
    """A typed table read from a file, with its cell errors and source row numbers."""

    table: pd.DataFrame
    cell_errors: pd.DataFrame
    rows: pd.Series
    source: str


def read_flat(
    path: str | Path, table: Table, *, label: str | None = None, repeats: bool = False
) -> FlatTable:
    """Read one table's file; raises :class:`InputError` with every structural problem.

    A repeated key is such a problem unless ``repeats``: a checker reports it (S-08, S-02) and
    goes on, while an import cannot tell which of the rows to keep."""
    path = Path(path)
    name = label or path.name
    if path.suffix.lower() in XLSX_SUFFIXES:
        raw = _read_xlsx(path, table, name)
    elif is_parquet(path):
        raw = _read_parquet(path, name)
    else:
        raw = _read_csv(path, name)
    raw.columns = [str(c).strip() for c in raw.columns]
    rows = pd.Series(range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(raw)), dtype="Int64")
    raw = raw.reset_index(drop=True)
    raw = _drop_blank_rows(raw, rows)
    rows = rows[raw.index].reset_index(drop=True)
    raw = raw.reset_index(drop=True)
    _check_header(raw, table, name)
    typed, cell_errors = coerce(table, raw, rows)
    _check_keys(typed, rows, table, name, repeats)
    return FlatTable(table=typed, cell_errors=cell_errors, rows=rows, source=name)


def _problem(
    code: str, en: str, zh: str, file: str, row: int | None = None, column: str | None = None
) -> Problem:
    return Problem(code=code, message_en=en, message_zh=zh, file=file, row=row, column=column)


def _read_csv(path: Path, name: str) -> pd.DataFrame:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            [
                _problem(
                    "unreadable",
                    f"cannot be read ({exc.strerror}); check the path",
                    f"无法读取（{exc.strerror}），请检查路径",
                    name,
                )
            ]
        ) from None
    if not data.strip():
        raise InputError(
            [
                _problem(
                    "empty",
                    "is empty; it needs a header row and data rows",
                    "是空文件；需要表头行和数据行",
                    name,
                )
            ]
        )
    first_line = data.split(b"\n", 1)[0]
    try:
        header = next(csv.reader([first_line.decode("utf-8-sig")]))
    except UnicodeDecodeError:
        raise _not_utf8(data, name) from None
    problems = _header_cells(header, name)
    if problems:
        raise InputError(problems)
    fast = _parse_with_arrow(data, header)
    if fast is not None:
        return fast
    try:
        return pd.read_csv(io.BytesIO(data), **CSV_AS_TEXT)
    except UnicodeDecodeError:
        raise _not_utf8(data, name) from None
    except pd.errors.ParserError as exc:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if match is None:
            raise InputError(
                [
                    _problem(
                        "malformed",
                        "is not a well-formed CSV file (check quotes)",
                        "不是格式正确的 CSV 文件（请检查引号）",
                        name,
                    )
                ]
            ) from None
        expected, line, saw = (int(g) for g in match.groups())
        raise InputError(
            [
                _problem(
                    "extra_cells",
                    f"has {saw} cells but the header has {expected}; remove the extra cells or "
                    "quote values that contain commas",
                    f"有{saw}个单元格，但表头只有{expected}列；请删除多余单元格，或给含逗号的值加引号",
                    name,
                    row=line,
                )
            ]
        ) from None


def _parse_with_arrow(data: bytes, header: list[str]) -> pd.DataFrame | None:
    """Every cell as text, parsed by Arrow's multi-threaded CSV reader (about ten times faster
    than pandas' on a large file); None for a file it will not read as it stands — short or long
    rows, blank lines, bad UTF-8 — which pandas then reads, or refuses with the row located."""
    columns = [c.strip() for c in header]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(data),
            read_options=pa_csv.ReadOptions(column_names=columns, skip_rows=1),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)


def _not_utf8(data: bytes, name: str) -> InputError:
    """The located refusal of a file that is not UTF-8 (the row of its first bad byte)."""
    try:
        data.decode("utf-8-sig")
        row = None
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
    return InputError(
        [
            _problem(
                "encoding",
                "is not UTF-8 text; save it as 'CSV UTF-8' (in Excel: Save As → CSV UTF-8) and retry",
                "不是 UTF-8 编码；请另存为“CSV UTF-8”格式后重试",
                name,
                row=row,
            )
        ]
    )


def _read_parquet(path: Path, name: str) -> pd.DataFrame:
    problems = _header_cells(parquet_header(path, name), name)
    if problems:
        raise InputError(problems)
    return read_parquet_text(path, name)


def _read_xlsx(path: Path, table: Table, name: str) -> pd.DataFrame:
    try:
        sheets = pd.read_excel(
            path, sheet_name=None, dtype=str, keep_default_na=False, header=None, engine="openpyxl"
        )
    except (OSError, zipfile.BadZipFile, ValueError, KeyError) as exc:
        reason = getattr(exc, "strerror", None) or "not a readable XLSX workbook"
        raise InputError(
            [_problem("unreadable", f"cannot be read ({reason})", f"无法读取（{reason}）", name)]
        ) from None
    sheet = sheets.get(table.name)
    if sheet is None:
        if len(sheets) != 1:
            raise InputError(
                [
                    _problem(
                        "sheet",
                        f"has no sheet named '{table.name}'; rename the sheet that holds the "
                        f"{table.name} (sheets found: {', '.join(sheets)})",
                        f"没有名为“{table.name}”的工作表（现有：{'、'.join(sheets)}）",
                        name,
                    )
                ]
            )
        sheet = next(iter(sheets.values()))
    if sheet.empty:
        raise InputError(
            [
                _problem(
                    "empty",
                    "the sheet is empty; it needs a header row",
                    "工作表为空；需要表头行",
                    name,
                )
            ]
        )
    header = ["" if pd.isna(c) else str(c) for c in sheet.iloc[0]]
    while header and not header[-1].strip():
        header.pop()
    problems = _header_cells(header, name)
    if problems:
        raise InputError(problems)
    body = sheet.iloc[1:, : len(header)].copy()
    extra = sheet.iloc[1:, len(header) :]
    if not extra.empty:
        filled = extra.apply(lambda col: col.fillna("").astype(str).str.strip() != "").any(axis=1)
        if filled.any():
            row = int(filled.to_numpy().nonzero()[0][0]) + FIRST_DATA_ROW
            raise InputError(
                [
                    _problem(
                        "extra_cells",
                        "has values beyond the last header column",
                        "在最后一个表头列之后还有数据",
                        name,
                        row=row,
                    )
                ]
            )
    body.columns = header
    return body.fillna("").astype(str)


def _header_cells(header: list[str], name: str) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for position, cell in enumerate(header, start=1):
        column = cell.strip()
        if not column:
            problems.append(
                _problem(
                    "blank_header",
                    f"header cell {position} is blank; give the column its name",
                    f"表头第{position}列为空；请填写列名",
                    name,
                    row=1,
                )
            )
        elif column in seen:
            problems.append(
                _problem(
                    "duplicate_header",
                    f"column '{column}' appears twice in the header (cells {seen[column]} and "
                    f"{position}); keep one",
                    f"表头中“{column}”出现两次（第{seen[column]}和第{position}列）；请保留一列",
                    name,
                    row=1,
                    column=column,
                )
            )
        else:
            seen[column] = position
    return problems


def _drop_blank_rows(raw: pd.DataFrame, rows: pd.Series) -> pd.DataFrame:
    """Rows with every cell blank are skipped (their row numbers stay counted)."""
    if raw.empty:
        return raw
    first = raw.iloc[:, 0].astype("string").str.strip().fillna("") == ""
    if not first.any():
        return raw
    candidates = raw[first.to_numpy()]
    blank = (candidates.astype("string").apply(lambda col: col.str.strip()).fillna("") == "").all(
        axis=1
    )
    return raw.drop(index=candidates.index[blank.to_numpy()])


def _check_header(raw: pd.DataFrame, table: Table, name: str) -> None:
    problems = []
    known = set(table.columns)
    for column in raw.columns:
        if column not in known:
            problems.append(
                _problem(
                    "unknown_column",
                    f"'{column}' is not a column of the {table.name} table; rename or remove it "
                    f"(expected: {', '.join(table.columns)})",
                    f"“{column}”不是{table.label.zh}表的列；请改名或删除（应为：{', '.join(table.columns)}）",
                    name,
                    row=1,
                    column=column,
                )
            )
    for item in table.items:
        if item.required and item.name not in raw.columns:
            problems.append(
                _problem(
                    "missing_column",
                    f"the required column '{item.name}' ({item.label.en}) is missing; add it to the "
                    "header (leave its cells blank where there is no answer)",
                    f"缺少必需的列“{item.name}”（{item.label.zh}）；请在表头中加上该列（无答案处留空）",
                    name,
                    row=1,
                    column=item.name,
                )
            )
    if problems:
        raise InputError(problems)


def _check_keys(
    typed: pd.DataFrame, rows: pd.Series, table: Table, name: str, repeats: bool = False
) -> None:
    problems = []
    key = list(table.key)
    for column in key:
        blank = typed[column].isna().to_numpy()
        for row in rows[blank].head(20):
            problems.append(
                _problem(
                    "blank_key",
                    f"the key column '{column}' is blank or unreadable; every row needs "
                    f"its {', '.join(key)}",
                    f"关键列“{column}”为空或无法读取；每行都必须有 {', '.join(key)}",
                    name,
                    row=int(row),
                    column=column,
                )
            )
    if not problems and not repeats:
        duplicated = typed.duplicated(subset=key, keep=False).to_numpy()
        if duplicated.any():
            dups = typed.loc[duplicated, key].assign(_row=rows[duplicated].to_numpy())
            for _, group in list(dups.groupby(key, sort=False))[:20]:
                first, *others = [int(r) for r in group["_row"]]
                value = "/".join(str(group.iloc[0][c]) for c in key)
                problems.append(
                    _problem(
                        "duplicate_key",
                        f"{'/'.join(key)} {value} is repeated on rows {first} and "
                        f"{', '.join(map(str, others))}; keep one row per key",
                        f"{'/'.join(key)} {value} 在第{first}行和第{'、'.join(map(str, others))}行重复；"
                        "每个编号只能有一行",
                        name,
                        row=others[0],
                        column=key[-1],
                    )
                )
    if problems:
        raise InputError(problems)
