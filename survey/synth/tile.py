"""``tile``: a survey many times the size of a generated one, copy by copy, for benchmarks.

Generating (and seeding problems into) a census-sized survey with :func:`generate` and
:func:`inject_errors` takes long; repeating a smaller one is quick. Each copy of the base
survey lives in EAs of its own (new EA ids of the same frame, so household numbers stay as they
are), and its people get ID numbers of their own that every ID rule judges as it judged the
base's:

- a well-formed number (17 digits and a check character) keeps its address code, its birth year
  and month (ID-02, ID-04) and the parity of its sequence (ID-03); its day and sequence move to
  a slot no other copy and no base number uses, so copies are not counted twice (ID-05);
- its check character is recomputed and then kept as right or as wrong as the base's was, and
  a day that is not a real date stays that day (ID-01);
- the same number twice in the base (an injected ID-05) is the same new number twice in a copy;
- a number that is not well formed is copied as it is (ID-05 does not compare those).

So every finding of the base is found once in each copy, in that copy's EAs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from schemas.idnumber import CHECK_CHARS, check_chars
from survey.synth.frame import ea_ids
from survey.synth.ids import days_in_month
from survey.synth.model import SynthSurvey

TABLES = ("eas", "listing", "households", "persons")
_HALVES = 500
"""Sequence numbers of one parity: 3 digits, odd for men and even for women."""
_MOST_SLOTS = 31 * _HALVES


@dataclass
class IdSlots:
    """The base's distinct well-formed ID numbers, each placed in a group of numbers that share
    everything an ID rule reads, and in a slot of that group.

    A group is the address code, birth year and month and sex; its slots are every day of the
    month times every sequence number of that sex, numbered ``sequence // 2 × days + day − 1``
    (consecutive slots spread over the month). A number whose day is not a real date keeps it: its
    group has that day alone.
    """

    numbers: pd.Index  # distinct well-formed base numbers
    group: np.ndarray  # group of each number
    rank: np.ndarray  # 0, 1, … within its group
    size: np.ndarray  # numbers per group
    days: np.ndarray  # days of each number's month (1 where its day is not a real date)
    taken: np.ndarray  # group × _MOST_SLOTS + slot of every base number, sorted
    offset: np.ndarray  # how far each base check character is from the right one

    @classmethod
    def of(cls, ids: pd.Series) -> IdSlots:
        text = ids.dropna().astype(str).str.upper()
        numbers = pd.Index(text[text.str.fullmatch(r"\d{17}[\dX]")].unique())
        s = pd.Series(numbers, dtype=str)
        year, month = s.str[6:10].astype(int).to_numpy(), s.str[10:12].astype(int).to_numpy()
        day, sequence = s.str[12:14].astype(int).to_numpy(), s.str[14:17].astype(int).to_numpy()
        good_month = (month >= 1) & (month <= 12)
        month_days = days_in_month(year, np.where(good_month, month, 1))
        real = good_month & (year >= 1) & (day >= 1) & (day <= month_days)
        fixed_day = s.str[12:14].where(~real, "")
        group, _ = pd.factorize(s.str[:12] + (s.str[16].astype(int) % 2).astype(str) + fixed_day)
        days = np.where(real, month_days, 1)
        slot = sequence // 2 * days + np.where(real, day - 1, 0)
        return cls(
            numbers=numbers,
            group=group,
            rank=pd.Series(group).groupby(group).cumcount().to_numpy(),
            size=np.bincount(group),
            days=days,
            taken=np.sort(group * _MOST_SLOTS + slot),
            offset=(_check_value(s.str[17]) - _check_value(check_chars(s.str[:17]))) % 11,
        )

    def renumbered(self, copy: int) -> pd.Series:
        """New numbers for copy ``copy`` (1, 2, …), indexed by the base numbers they replace."""
        days = self.days
        wanted = (copy - 1) * self.size[self.group] + self.rank  # the wanted-th free slot
        free = _HALVES * days - self.size[self.group]
        if (wanted >= free).any():
            raise ValueError(f"too many copies: copy {copy} runs out of ID numbers")
        slot = self._free_slot(wanted)
        s = pd.Series(self.numbers, dtype=str)
        day = np.where(days > 1, slot % days + 1, s.str[12:14].astype(int))
        sequence = 2 * (slot // days) + s.str[16].astype(int).to_numpy() % 2
        first17 = (
            s.str[:12]
            + pd.Series(day).map("{:02d}".format)
            + pd.Series(sequence).map("{:03d}".format)
        )
        right = _check_value(check_chars(first17))
        check = CHECK_CHARS[(right + self.offset) % 11]
        return pd.Series((first17 + check).to_numpy(), index=self.numbers)

    def _free_slot(self, wanted: np.ndarray) -> np.ndarray:
        """The ``wanted``-th slot (from 0) of each number's group that no base number takes: the
        least s with s = wanted + (taken slots ≤ s), found by repeating that step from s = wanted."""
        start = self.group * _MOST_SLOTS
        before = np.searchsorted(self.taken, start, side="left")
        slot = wanted.copy()
        while True:
            taken = np.searchsorted(self.taken, start + slot, side="right") - before
            step = wanted + taken
            if (step == slot).all():
                return slot
            slot = step


def _check_value(chars: pd.Series) -> np.ndarray:
    """Position of each check character in ``CHECK_CHARS``."""
    position = {c: i for i, c in enumerate(CHECK_CHARS)}
    return chars.astype(str).map(position).to_numpy(dtype=np.int64)


def tile(base: SynthSurvey, copies: int) -> Iterator[SynthSurvey]:
    """``copies`` copies of ``base``, one at a time, in EAs and with ID numbers of their own (see
    the module's docstring); together they are one survey, sorted as the base is."""
    if copies < 1:
        raise ValueError("copies must be at least 1")
    frame_eas = base.eas["ea_id"].astype(str)
    in_tables = [getattr(base, t)["ea_id"].dropna().astype(str) for t in TABLES]
    old = np.unique(np.concatenate([frame_eas.to_numpy(), *(e.to_numpy() for e in in_tables)]))
    new, psu, names = ea_ids(copies * len(old))
    slots = IdSlots.of(base.persons["id_number"])
    for copy in range(copies):
        place = slice(copy * len(old), (copy + 1) * len(old))
        where = dict(zip(old, new[place], strict=True))
        out = base.copy()
        for table in TABLES:
            frame = getattr(out, table)
            frame["ea_id"] = frame["ea_id"].map(where).astype(frame["ea_id"].dtype)
        detail = pd.DataFrame({"psu": psu[place], "name": names[place]}, index=new[place])
        out.eas["name"] = out.eas["ea_id"].map(detail["name"]).astype("string")
        out.eas["psu"] = out.eas["ea_id"].map(detail["psu"]).astype("string")
        out.eas["stratum"] = out.eas["ea_id"].str[:4]
        if copy:
            ids = out.persons["id_number"]
            moved = ids.str.upper().map(slots.renumbered(copy))
            out.persons["id_number"] = moved.where(moved.notna(), ids).astype(ids.dtype)
        yield out


def write_tiled(base: SynthSurvey, copies: int, folder: Path) -> dict[str, Path]:
    """Write the ``copies`` copies of :func:`tile` as ``eas.csv``, ``listing.csv``,
    ``households.csv`` and ``persons.csv`` in ``folder``, one copy in memory at a time."""
    paths = {table: folder / f"{table}.csv" for table in TABLES}
    for copy, survey in enumerate(tile(base, copies)):
        for table, path in paths.items():
            frame = getattr(survey, table)
            frame.to_csv(path, mode="a" if copy else "w", header=not copy, index=False)
    return paths
