"""The one place that reads pandera's failure cases and cell errors and turns them into findings.

V-03 (a code outside its code list, a number outside its range, text too long or of the wrong
form, a cell that could not be read as its item's type) comes from two sources:

- the pandera schema of each table (``schemas.table_schema``, built once per questionnaire),
  validated lazily; its ``failure_cases`` are mapped back to the rows' keys and given our own
  bilingual messages — pandera's text never reaches a user;
- the cell-errors table of the collectors (``abc`` as a birth year), reported with the raw text.

Speed: ``schema.validate`` costs about 15 ms even for a five-person household, more than all the
other rules together. So each check of the schema is first screened over its column with plain
vectorised operations read from the check's own statistics (allowed values, range bounds, maximum
length, pattern) — or, for a check of any other kind, with pandera's own check function — and
only the rows that fail some screen go through ``schema.validate(lazy=True)``. Every finding still
comes out of pandera's ``failure_cases``; a clean household costs a few comparisons.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache, partial
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from schemas import Item, ItemType, Questionnaire, Table, table_schema
from schemas.tables import HIDDEN_CHARACTERS, VISIBLE_TEXT
from validation import text
from validation.context import Context
from validation.findings import combine, empty_findings, hits
from validation.messages import Level, as_text, codes_summary, item_label, range_text


@cache
def schema_of(q: Questionnaire, table_name: str) -> pa.DataFrameSchema:
    """The pandera schema of one table, built once per questionnaire."""
    return table_schema(q.tables[table_name])


Numbers = Callable[[str], np.ndarray]
"""A numeric column of the frame as float64 with NaN for blank."""
Matches = Callable[[str, str], np.ndarray]
"""Rows of a text column (by name) matching a pattern at their start; blanks do not."""

_IN = {"allowed_values"}
_RANGE = {"min_value", "max_value", "include_min", "include_max"}
_LENGTH = {"min_value", "max_value", "exact_value"}
_PATTERN = {"pattern"}


def _outside_range(values: np.ndarray, stats: dict[str, Any]) -> np.ndarray:
    low, high = stats["min_value"], stats["max_value"]
    ok = np.ones(len(values), dtype=bool)
    if low is not None:
        ok &= (values >= low) if stats.get("include_min", True) else (values > low)
    if high is not None:
        ok &= (values <= high) if stats.get("include_max", True) else (values < high)
    return ~ok


def _screen_numbers(
    check: pa.Check, column: Callable[[], pd.Series], numbers: np.ndarray
) -> np.ndarray:
    stats = dict(check.statistics or {})
    kind = set(stats)
    if kind == _IN:
        return ~np.isnan(numbers) & ~np.isin(numbers, list(stats["allowed_values"]))
    if kind == _RANGE:
        return ~np.isnan(numbers) & _outside_range(numbers, stats)
    passed = check(column()).check_output  # any other kind of check: ask pandera
    return ~np.isnan(numbers) & ~pd.Series(passed).to_numpy(dtype=bool, na_value=True)


_HIDDEN = re.sub(r"\\u([0-9a-fA-F]{4})", r"\\x{\1}", HIDDEN_CHARACTERS)
"""The visible-text check's characters in RE2's syntax (``\\x{200e}``, not ``\\u200e``), so
that Arrow screens the column in C instead of pandas calling Python's ``re`` row by row."""


def _screen_text(
    check: pa.Check, column: pd.Series, filled: np.ndarray, matches: Matches
) -> np.ndarray:
    stats = dict(check.statistics or {})
    kind = set(stats)
    if check.name == VISIBLE_TEXT:
        return filled & text.contains(column, _HIDDEN)
    if kind == _IN:
        return filled & ~text.within(column, stats["allowed_values"])
    if kind == _LENGTH and stats["exact_value"] is None:
        return filled & _outside_range(text.lengths(column), stats | {"include_min": True})
    if kind == _PATTERN:
        return filled & ~matches(str(column.name), str(stats["pattern"]))
    passed = check(column).check_output  # any other kind of check: ask pandera
    return filled & ~pd.Series(passed).to_numpy(dtype=bool, na_value=True)


def _suspects(
    schema: pa.DataFrameSchema,
    frame: pd.DataFrame,
    numbers: Numbers | None,
    matches: Matches | None,
) -> tuple[np.ndarray, list[str]]:
    """Rows that may fail some check of the schema, and the columns concerned: the screen of
    each check over its column (blanks never fail: every column is nullable)."""
    rows = np.zeros(len(frame), dtype=bool)
    columns: list[str] = []
    dtypes = frame.dtypes
    match = matches or (lambda name, pattern: text.matches(frame[name], pattern))
    for name, spec in schema.columns.items():
        failing = np.zeros(len(frame), dtype=bool)
        if not spec.checks:
            continue
        if pd.api.types.is_numeric_dtype(dtypes[name]):
            values = (
                numbers(name)
                if numbers is not None
                else frame[name].to_numpy(dtype="float64", na_value=np.nan)
            )
            for check in spec.checks:
                failing |= _screen_numbers(check, partial(frame.__getitem__, name), values)
        else:
            column = frame[name]
            filled = column.notna().to_numpy(dtype=bool)
            for check in spec.checks:
                failing |= _screen_text(check, column, filled, match)
        if failing.any():
            rows |= failing
            columns.append(name)
    return rows, columns


@lru_cache(maxsize=256)
def _part_of(q: Questionnaire, table_name: str, columns: tuple[str, ...]) -> pa.DataFrameSchema:
    """The table's schema restricted to ``columns`` (pandera's failure reporting costs per
    column, so only the columns with a suspect cell are validated)."""
    return schema_of(q, table_name).select_columns(list(columns))


def failure_cases(
    q: Questionnaire,
    table_name: str,
    frame: pd.DataFrame,
    numbers: Numbers | None = None,
    matches: Matches | None = None,
) -> pd.DataFrame:
    """pandera's failure cases of ``frame`` (index = row position), with the check's name.

    ``numbers`` and ``matches`` let a caller share column work it does anyway (numeric columns as
    float arrays, pattern matches)."""
    schema = schema_of(q, table_name)
    columns = ["column", "check_name", "index"]
    rows, suspects = _suspects(schema, frame, numbers, matches)
    if not rows.any():
        return pd.DataFrame({name: pd.Series(dtype="object") for name in columns})
    try:
        _part_of(q, table_name, tuple(suspects)).validate(
            frame.iloc[np.flatnonzero(rows)], lazy=True
        )
    except SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in columns})
    names = pd.DataFrame(
        [
            (name, number, check.name or "other")
            for name, spec in schema.columns.items()
            for number, check in enumerate(spec.checks)
        ],
        columns=["column", "check_number", "check_name"],
    )
    cases = cases.astype({"column": "object"}).merge(
        names.astype({"column": "object"}), on=["column", "check_number"], how="left"
    )
    return cases.fillna({"check_name": "other"})[columns]


def _form(item: Item) -> tuple[str, str]:
    """The required form of a text item in words: its hint, or ``15 digits`` for ``^\\d{15}$``."""
    if item.hint is not None:
        return item.hint.en, item.hint.zh
    digits = re.fullmatch(r"\^?\\d\{(\d+)\}\$?", item.pattern or "")
    if digits:
        return f"{digits.group(1)} digits", f"{digits.group(1)}位数字"
    return f"matching {item.pattern}", f"应符合 {item.pattern}"


def check_templates(item: Item, check: str) -> tuple[str, str]:
    """Message templates (en, zh) for a failed schema check of ``item``; ``{value}`` and
    ``{length}`` are filled per row."""
    label_en, label_zh = item_label(item, "en"), item_label(item, "zh")
    if check == "code_list":
        codes = codes_summary(item)
        return (
            f"{label_en} holds {{value}}, which is not one of its codes ({codes}); choose the right code.",
            f"{label_zh}的值{{value}}不在代码表中（{codes}），请改为正确的代码。",
        )
    if check == "range":
        span = range_text(item)
        return (
            f"{label_en} is {{value}}, outside its range {span}; correct it.",
            f"{label_zh}为{{value}}，超出取值范围{span}，请更正。",
        )
    if check == "max_length":
        return (
            f"{label_en} is {{length}} characters long, more than the {item.max_length} allowed; shorten it.",
            f"{label_zh}长{{length}}个字符，超过上限{item.max_length}个字符，请缩短。",
        )
    if check == "pattern":
        hint_en, hint_zh = _form(item)
        shown_en, shown_zh = ("", "") if item.identifier else (" {value}", "{value}")
        return (
            f"{label_en}{shown_en} is not in the required form ({hint_en}); correct it.",
            f"{label_zh}{shown_zh}格式不对（{hint_zh}），请更正。",
        )
    if check == VISIBLE_TEXT:
        return (
            f"{label_en} holds an invisible control or direction character (such as a NUL or a "
            "right-to-left override); retype it with visible characters only.",
            f"{label_zh}含有不可见的控制字符或文字方向字符（如空字符、从右至左覆盖符），请只用可见字符重新输入。",
        )
    return (
        f"{label_en} holds a value of the wrong kind; correct it.",
        f"{label_zh}的值类型不对，请更正。",
    )


def shown_values(item: Item, values: pd.Series) -> pd.Series:
    """Values as a message shows them: text quoted, identifiers (names, ID numbers) hidden."""
    if item.identifier:
        return pd.Series(["…"] * len(values), index=values.index, dtype="string")
    if item.type == ItemType.TEXT:
        return "'" + values.astype("string").fillna("") + "'"
    return values


def schema_findings(ctx: Context, table_name: str) -> pd.DataFrame:
    """V-03 findings from the pandera schema of the households or persons table."""
    table: Table = ctx.q.tables[table_name]
    frame = ctx.frame(table_name)
    cases = failure_cases(
        ctx.q,
        table_name,
        frame,
        lambda name: ctx.number(table_name, name),
        lambda name, pattern: ctx.matches(table_name, name, pattern),
    )
    if cases.empty:
        return empty_findings()
    level: Level = "person" if table_name == "persons" else "household"
    parts = []
    for (name, check), group in cases.groupby(["column", "check_name"], sort=True):
        item = table.by_name[str(name)]
        mask = np.zeros(len(frame), dtype=bool)
        mask[group["index"].dropna().to_numpy(dtype=np.int64)] = True
        en, zh = check_templates(item, str(check))
        column = frame[item.name]
        values: dict[str, object] = {"value": shown_values(item, column)}
        if check == "max_length":
            values["length"] = column.str.len()
        parts.append(hits(frame, mask, level=level, en=en, zh=zh, fields=item.name, values=values))
    return combine(parts)


_KIND = {
    ItemType.INTEGER: ("a whole number", "整数"),
    ItemType.NUMBER: ("a number", "数字"),
    ItemType.TEXT: ("valid text", "有效文字"),
}


def cell_error_findings(ctx: Context) -> pd.DataFrame:
    """V-03 findings for cells that could not be read as their item's type."""
    errors = ctx.cell_errors
    if errors.empty:
        return empty_findings()
    parts = []
    for (table_name, field), group in errors.groupby(["table", "field"], sort=True):
        table = ctx.q.tables.get(str(table_name))
        item = table.by_name.get(str(field)) if table is not None else None
        level: Level = "person" if table_name == "persons" else "household"
        if item is None:
            label_en = label_zh = str(field)
            kind_en, kind_zh = "a valid value", "有效值"
            hidden = False
        else:
            label_en, label_zh = item_label(item, "en"), item_label(item, "zh")
            kind_en, kind_zh = _KIND[item.type]
            hidden = item.identifier
        raw = as_text(group["value"], "en")
        shown = pd.Series(["…"] * len(group), dtype="string") if hidden else "'" + raw + "'"
        frame = group.reset_index(drop=True)
        parts.append(
            hits(
                frame,
                np.ones(len(frame), dtype=bool),
                level=level,
                en=f"{label_en} holds {{raw}}, which is not {kind_en}; enter it again as {kind_en}.",
                zh=f"{label_zh}填写的{{raw}}不是{kind_zh}，请重新填写为{kind_zh}。",
                fields=str(field),
                values={"raw": shown.to_numpy()},
            )
        )
    return combine(parts)
