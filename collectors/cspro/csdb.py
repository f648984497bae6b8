"""Reading CSPro 7+'s own data file, ``.csdb`` (an SQLite database), as the lines of a ``.dat``.

A ``.csdb`` holds a ``cases`` table (one row per case; ``deleted`` ones are skipped, the others
taken in ``file_order``), the first level's id items in ``level-1`` and one table per record,
named by the record in lower case with a column per item, ``level-1-id`` and ``occ``. Each
record row is written back at its item positions, so the ``.dat`` reader's checks and typing
apply unchanged; a line number is the record's place in that sequence. A table or column the
dictionary needs and the file lacks is refused, naming it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from collectors.cspro.layout import Field, Layout
from collectors.cspro.problems import refusal


def _table(db: sqlite3.Connection, name: str, source: str) -> pd.DataFrame:
    try:
        return pd.read_sql_query(f'SELECT * FROM "{name}"', db)
    except (sqlite3.Error, pd.errors.DatabaseError):
        raise refusal(
            "csdb_table",
            f"has no table '{name}'; is it the data file of this dictionary?",
            f"没有表“{name}”；它是这个数据字典的数据文件吗？",
            source,
        ) from None


def _cells(frame: pd.DataFrame, field: Field, source: str, table: str) -> pd.Series:
    column = field.cspro_name.lower()
    if column not in frame.columns:
        raise refusal(
            "csdb_column",
            f"table '{table}' has no column '{column}' for the item {field.cspro_name}",
            f"表“{table}”没有数据项 {field.cspro_name} 的列“{column}”",
            source,
        )
    values = frame[column]
    if not field.numeric:
        text = values.astype("string").fillna("")
        return text.str.slice(0, field.length).str.pad(field.length, side="right")
    numbers = pd.to_numeric(values, errors="coerce")
    if field.implied_decimals:
        numbers = (numbers * 10**field.implied_decimals).round()
    text = numbers.map(_number_text).astype("string")
    return text.str.pad(field.length, side="left")


def _number_text(value: float) -> str:
    if pd.isna(value):
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


def _lines(
    frame: pd.DataFrame, fields: list[tuple[Field, pd.Series]], type_field: tuple[int, str]
) -> pd.Series:
    """Each row of ``frame`` as a fixed-width line: every field's text at its start."""
    start, type_value = type_field
    placed = [(f.start, cells) for f, cells in fields]
    if start > 0 and type_value:
        placed.append((start, pd.Series(type_value, index=frame.index, dtype="string")))
    placed.sort(key=lambda pair: pair[0])
    line = pd.Series("", index=frame.index, dtype="string")
    for position, cells in placed:
        gap = position - 1 - line.str.len()
        line = line + gap.clip(lower=0).map(lambda n: " " * int(n)).astype("string") + cells
    return line


def csdb_lines(path: Path, layout: Layout) -> pd.DataFrame:
    """The case records of a ``.csdb`` as ``.dat`` lines: columns ``text`` and ``line``."""
    source = path.name
    if not path.is_file():
        raise refusal(
            "unreadable", "cannot be read; check the path", "无法读取，请检查路径", source
        )
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        raise refusal(
            "csdb", "is not a CSPro .csdb database", "不是 CSPro 的 .csdb 数据库", source
        ) from None
    try:
        cases = _table(db, "cases", source)
        level = _table(db, "level-1", source)
        ids = [*layout.ea_parts, layout.household, *layout.id_fields]
        for column in ("id", "file_order"):
            if column not in cases.columns:
                raise refusal(
                    "csdb_column",
                    f"table 'cases' has no column '{column}'",
                    f"表“cases”没有列“{column}”",
                    source,
                )
        deleted = cases["deleted"] if "deleted" in cases.columns else 0
        live = cases.loc[pd.Series(deleted, index=cases.index).fillna(0) == 0, ["id", "file_order"]]
        level = level.merge(live, left_on="case-id", right_on="id").sort_values("file_order")
        id_cells = [(f, _cells(level, f, source, "level-1")) for f in ids]
        keyed = level[["level-1-id", "file_order"]].assign(
            **{f"_id{i}": cells for i, (_, cells) in enumerate(id_cells)}
        )
        parts = []
        records = [*layout.household_records, layout.person_record]
        for order, record in enumerate(records):
            table = record.name.lower()
            rows = _table(db, table, source).merge(keyed, on="level-1-id")
            if "occ" not in rows.columns:
                rows["occ"] = 1
            fields = [(f, _cells(rows, f, source, table)) for f in record.fields]
            fields += [(f, rows[f"_id{i}"]) for i, (f, _) in enumerate(id_cells)]
            text = _lines(rows, fields, (layout.type_start, record.type_value))
            parts.append(
                pd.DataFrame(
                    {"text": text, "order": rows["file_order"], "record": order, "occ": rows["occ"]}
                )
            )
    finally:
        db.close()
    lines = pd.concat(parts, ignore_index=True).sort_values(
        ["order", "record", "occ"], kind="stable", ignore_index=True
    )
    return pd.DataFrame(
        {"text": lines["text"].astype("string[pyarrow]"), "line": range(1, len(lines) + 1)}
    )
