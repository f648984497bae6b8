"""Message text, built over columns: templates with ``{name}`` placeholders filled from Series.

Every finding's message starts with where it is (EA, household, person line) and goes on to say
what is wrong, with the offending values, and how to fix it. Templates are rendered for all the
rows a rule found at once by string concatenation of columns, never row by row.

Personal data (names, ID numbers: items marked ``identifier``) never appears in a message.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from schemas import Item

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

BLANK: dict[Lang, str] = {"en": "blank", "zh": "空"}

Level = Literal["person", "household", "ea", "enumerator", "survey"]

PREFIX: dict[Level, dict[Lang, str]] = {
    "person": {
        "en": "EA {ea_id} household {hh_no}, line {line_no}: ",
        "zh": "调查小区{ea_id}第{hh_no}户第{line_no}人：",
    },
    "household": {"en": "EA {ea_id} household {hh_no}: ", "zh": "调查小区{ea_id}第{hh_no}户："},
    "ea": {"en": "EA {ea_id}: ", "zh": "调查小区{ea_id}："},
    "enumerator": {"en": "Enumerator {enumerator}: ", "zh": "调查员{enumerator}："},
    "survey": {"en": "", "zh": ""},
}


@lru_cache(maxsize=1024)
def _parsed(template: str) -> tuple[tuple[str, str | None], ...]:
    return tuple(
        (literal, name) for literal, name, _spec, _conv in string.Formatter().parse(template)
    )


def placeholders(template: str) -> list[str]:
    """The names a template refers to, in order."""
    return [name for _, name in _parsed(template) if name]


def as_text(values: pd.Series | np.ndarray, lang: Lang) -> pd.Series:
    """Display text of each value: integers without decimals, other numbers to one decimal,
    blanks as "blank"/"空". Returns a ``string`` Series with a fresh RangeIndex."""
    series = values.reset_index(drop=True) if isinstance(values, pd.Series) else pd.Series(values)
    if pd.api.types.is_bool_dtype(series.dtype):
        text = series.astype("string")
    elif pd.api.types.is_integer_dtype(series.dtype):
        text = series.astype("Int64").astype("string")
    elif pd.api.types.is_float_dtype(series.dtype):
        text = series.astype("Float64").round(1).astype("string").str.removesuffix(".0")
    else:
        text = series.astype("string")
    return text.fillna(BLANK[lang])


def render(template: str, values: Mapping[str, pd.Series], n: int, lang: Lang) -> pd.Series:
    """The template filled in for ``n`` rows; ``values`` maps each placeholder to a Series of
    length ``n`` (already display text or anything :func:`as_text` accepts).

    All pieces are joined row by row in one Arrow kernel call."""
    pieces: list[pa.Array | pa.Scalar] = []
    for literal, name in _parsed(template):
        if literal:
            pieces.append(pa.scalar(literal, type=pa.large_string()))
        if name:
            column = as_text(values[name], lang).array.__arrow_array__()
            pieces.append(column.combine_chunks().cast(pa.large_string()))
    if not any(isinstance(piece, pa.Array) for piece in pieces):
        whole = "".join(str(piece.as_py()) for piece in pieces)
        return pd.Series([whole] * n, dtype="string")
    joined = pc.binary_join_element_wise(*pieces, pa.scalar("", type=pa.large_string()))
    return pd.Series(pd.arrays.ArrowStringArray(joined), dtype="string")


def item_label(item: Item, lang: Lang) -> str:
    """``Literate (literate)`` / ``是否识字（literate）``: the label with the column name."""
    return f"{item.label.zh}（{item.name}）" if lang == "zh" else f"{item.label.en} ({item.name})"


@dataclass(frozen=True)
class Labels:
    """A message value shown as the code labels of ``values`` (an item's column), looked up
    only for the rows that have a finding."""

    item: Item
    values: pd.Series


def code_labels(item: Item, values: pd.Series, lang: Lang) -> pd.Series:
    """The code label of each value (blank where the value is not a code)."""
    mapping = {code.value: code.label(lang) for code in item.codes or ()}
    return values.reset_index(drop=True).map(mapping).astype("string")


def codes_summary(item: Item) -> str:
    """The item's codes compactly: ``0–9``, ``01–56, 97, 98``."""
    values = list(item.code_values)
    runs: list[list[int | str]] = []
    for value in values:
        if runs and _follows(runs[-1][-1], value):
            runs[-1].append(value)
        else:
            runs.append([value])
    return ", ".join(
        f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(str(v) for v in run) for run in runs
    )


def _follows(previous: int | str, value: int | str) -> bool:
    if isinstance(previous, int) and isinstance(value, int):
        return value == previous + 1
    if isinstance(previous, str) and isinstance(value, str):
        same_form = len(previous) == len(value) and previous.isdigit() and value.isdigit()
        return same_form and int(value) == int(previous) + 1
    return False


def range_text(item: Item) -> str:
    if item.range is None:
        return ""
    low, high = item.range
    return f"{low:g}–{high:g}"
