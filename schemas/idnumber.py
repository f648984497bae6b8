"""Citizen ID numbers (公民身份号码, GB 11643-1999), over whole columns at once.

Layout: 6-digit address code (characters 1–6, province in 1–2), birth date YYYYMMDD (7–14),
3-digit sequence (15–17; odd = male, even = female), and a check character (18) by ISO 7064
MOD 11-2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
CHECK_CHARS = np.array(list("10X98765432"))
PROVINCE_CODES = frozenset(
    [
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
    ]
)
PATTERN = r"^\d{17}[\dX]$"


def check_chars(first17: pd.Series) -> pd.Series:
    """The check character for each 17-digit string (rows that are not 17 digits get <NA>)."""
    text = first17.astype("string")
    ok = text.str.fullmatch(r"\d{17}").fillna(False).to_numpy(dtype=bool)
    out = pd.Series(pd.NA, index=first17.index, dtype="string")
    if ok.any():
        digits = np.frombuffer("".join(text[ok].tolist()).encode("ascii"), dtype=np.uint8).reshape(
            -1, 17
        ) - ord("0")
        out[ok] = CHECK_CHARS[(digits @ WEIGHTS) % 11]
    return out


def check_char(first17: str) -> str:
    """The check character of one 17-digit string."""
    return str(check_chars(pd.Series([first17])).iloc[0])


def normalise(ids: pd.Series) -> pd.Series:
    """Trim and upper-case (a lower-case ``x`` is accepted and stored as ``X``)."""
    return ids.astype("string").str.strip().str.upper()
