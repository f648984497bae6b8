"""The type of each column, inferred from its cells over whole columns at once.

A column is an *integer* when every filled cell is a whole number written without a decimal point,
a *number* when every filled cell is a finite number, else *text*; a column with a cell written
with a leading zero (``001101``) is text, so its zeros are kept. Text with few
distinct values that repeat (``male``/``female``, ``head``/``spouse`` …) is *categorical*: it
becomes integer codes 1..n in the order the values first appear, with the text as their labels,
so Stata and SPSS exports carry value labels. Integers become a code list only when asked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from schemas import ItemType

MAX_CODES = 30
"""A text column with more distinct values than this is free text, not a category."""
MAX_CODE_LENGTH = 80
"""A text value longer than this is free text, not a category."""
WIDEST = (-1e15, 1e15)
"""The range of a numeric item: the widest our items hold, since an observed range is no rule."""


@dataclass(frozen=True)
class Inferred:
    """What one column holds: its item type, and its code list when it is categorical."""

    type: ItemType
    filled: int
    blank: int
    codes: tuple[str, ...] | None = None  # the source values, in code order 1..n (text) or as is

    @property
    def categorical(self) -> bool:
        return self.codes is not None


def infer(cells: pd.DataFrame, *, codes: set[str], text: set[str]) -> dict[str, Inferred]:
    """``cells`` are text, ``""`` blank; ``codes`` and ``text`` name columns to force."""
    filled = cells.ne("")
    numbers = cells.apply(pd.to_numeric, errors="coerce")
    finite = pd.DataFrame(np.isfinite(numbers.to_numpy(dtype=float)), columns=cells.columns)
    numeric = (finite | ~filled).all()
    written = cells.apply(lambda c: c.str.contains(r"[.eE]", regex=True))
    zeros = (cells.apply(lambda c: c.str.contains(r"^[+-]?0\d", regex=True)) & filled).any()
    plain = ~(written & filled).any() & (numbers.abs().max().fillna(0) < WIDEST[1])
    counts = filled.sum()
    distinct = cells.where(filled).nunique()
    longest = cells.apply(lambda c: c.str.len().max()).fillna(0)
    out: dict[str, Inferred] = {}
    for column in cells.columns:
        n, k = int(counts[column]), int(distinct[column])
        if column in text or n == 0:
            kind = ItemType.TEXT
        elif numeric[column] and not zeros[column]:  # 001101 is a code: its zeros are kept
            kind = ItemType.INTEGER if plain[column] else ItemType.NUMBER
        else:
            kind = ItemType.TEXT
        categorical = column in codes or (
            kind == ItemType.TEXT
            and column not in text
            and 0 < k <= MAX_CODES
            and 2 * k <= n
            and longest[column] <= MAX_CODE_LENGTH
        )
        values = None
        if categorical:
            seen = pd.unique(cells[column][filled[column]])
            if kind == ItemType.INTEGER:
                values = tuple(str(v) for v in sorted(seen, key=int))
            else:
                kind = ItemType.TEXT
                values = tuple(str(v) for v in seen)
        out[column] = Inferred(kind, n, len(cells) - n, values)
    return out
