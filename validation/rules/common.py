"""Small helpers shared by the rule modules: code labels and optional message parts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from validation.context import Context
from validation.messages import Labels, Lang, as_text


def labels(ctx: Context, name: str, table: str = "persons") -> Labels:
    """The code label of each row's value of ``name`` (in the message's language)."""
    return Labels(ctx.q.tables[table].by_name[name], ctx.frame(table)[name])


def listing(parts: Sequence[tuple[np.ndarray, pd.Series | str]], sep: str) -> pd.Series:
    """Per row, the texts whose mask holds joined by ``sep`` (e.g. which fields are wrong)."""
    n = len(parts[0][0])
    out = pd.Series([""] * n, dtype="string")
    for mask, text in parts:
        piece = text if isinstance(text, pd.Series) else pd.Series([text] * n, dtype="string")
        chosen = piece.astype("string").where(pd.Series(mask), "")
        joiner = pd.Series(
            np.where((out != "").to_numpy(dtype=bool) & mask, sep, ""), dtype="string"
        )
        out = out + joiner + chosen
    return out


def by_lang(
    en: np.ndarray | pd.Series, zh: np.ndarray | pd.Series
) -> dict[Lang, np.ndarray | pd.Series]:
    """A message value that differs by language (aligned to the rule's frame)."""
    return {"en": en, "zh": zh}


def text(values: np.ndarray | pd.Series) -> pd.Series:
    """Values as display text (integers without decimals), for building message parts."""
    return as_text(values, "en")


def lookup(codes: np.ndarray, table: Mapping[int, float]) -> np.ndarray:
    """``table[code]`` for each code of a float column (NaN for blanks and codes not in it)."""
    known = np.array(sorted(table), dtype=np.float64)
    values = np.array([table[int(k)] for k in known], dtype=np.float64)
    position = np.searchsorted(known, codes)
    inside = position < len(known)
    hit = inside & (known[np.minimum(position, len(known) - 1)] == codes)
    return np.where(hit, values[np.minimum(position, len(known) - 1)], np.nan)


def regular_households(ctx: Context) -> np.ndarray:
    """Households with person rows that are not numbered 999."""
    return ~ctx.all_died & (ctx.roster_size > 0)
