"""Citizen ID numbers (GB 11643-1999) that agree with a person's birth date and sex.

Layout: address code (6 digits, a real county), birth date YYYYMMDD, a 3-digit sequence whose last
digit is odd for men and even for women, and the ISO 7064 MOD 11-2 check character computed by
:func:`schemas.idnumber.check_chars`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

from schemas.idnumber import check_char, check_chars

# Real county codes. Local ones are districts of Jinan; the others are spread over the provinces
# that send most migrants to Shandong, and a few further away.
LOCAL_COUNTIES = np.array([370112, 370102, 370103, 370104, 370105, 370113])
LOCAL_P = np.array([0.55, 0.15, 0.1, 0.08, 0.07, 0.05])
OTHER_COUNTIES = np.array([
    371302, 370883, 371502, 371402, 370902, 371102, 370202, 370302, 371602, 370502,
    110105, 120101, 130102, 130402, 140105, 150102, 210102, 220102, 230102, 310104,
    320102, 320311, 330106, 340104, 341602, 350102, 360102, 410105, 410702, 411302,
    420106, 430102, 440106, 450102, 500103, 510107, 520102, 530102, 610113, 620102,
    650102,
])  # fmt: skip
OTHER_P = np.array([4.0] * 10 + [1.0] * 31)
OTHER_P = OTHER_P / OTHER_P.sum()

_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def days_in_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return _DAYS[month - 1] + ((month == 2) & leap)


def address_codes(rng: np.random.Generator, local: np.ndarray) -> np.ndarray:
    """A county code per person: mostly Jinan where ``local``, elsewhere otherwise."""
    n = len(local)
    near = LOCAL_COUNTIES[rng.choice(len(LOCAL_COUNTIES), size=n, p=LOCAL_P)]
    far = OTHER_COUNTIES[rng.choice(len(OTHER_COUNTIES), size=n, p=OTHER_P)]
    born_here = local & (rng.random(n) < 0.85)
    return np.where(born_here, near, far)


def with_check(first17: Iterable[str]) -> np.ndarray:
    """Append the check character to each 17-digit string."""
    series = pd.Series(list(first17), dtype="string")
    out = (series + check_chars(series)).to_numpy(dtype=object)
    return np.asarray(out, dtype=str)


def checked(first17: str) -> str:
    return first17 + check_char(first17)


def _first17(
    address: np.ndarray,
    year: np.ndarray,
    month: np.ndarray,
    day: np.ndarray,
    sequence: np.ndarray,
) -> np.ndarray:
    number = (
        address.astype(np.int64) * 10**11
        + year.astype(np.int64) * 10**7
        + month.astype(np.int64) * 10**5
        + day.astype(np.int64) * 10**3
        + sequence.astype(np.int64)
    )
    return np.char.zfill(number.astype(str), 17)


def sequences(rng: np.random.Generator, sex: np.ndarray) -> np.ndarray:
    """3-digit sequence numbers, odd for men (sex 1) and even for women."""
    return 2 * rng.integers(0, 500, size=len(sex)) + (sex == 1)


def make_ids(
    rng: np.random.Generator,
    address: np.ndarray,
    year: np.ndarray,
    month: np.ndarray,
    sex: np.ndarray,
    taken: Collection[str] = frozenset(),
) -> np.ndarray:
    """Valid ID numbers, unique among themselves and not in ``taken``."""
    day = 1 + (rng.random(len(sex)) * days_in_month(year, month)).astype(np.int64)
    sequence = sequences(rng, sex)
    first = _first17(address, year, month, day, sequence)
    while True:
        full = with_check(first)
        clash = pd.Series(first).duplicated().to_numpy().copy()
        if taken:
            clash |= np.array([number in taken for number in full], dtype=bool)
        if not clash.any():
            return full
        sequence[clash] = sequences(rng, sex[clash])
        first[clash] = _first17(
            address[clash], year[clash], month[clash], day[clash], sequence[clash]
        )
