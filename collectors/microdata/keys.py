"""The household key of each row: which household a row belongs to, its ``ea_id``, ``hh_no``
(001–998, numbered within each EA in the order households first appear) and ``line_no``.

A household is the set of rows sharing the values of the household id column(s). Blank ids, a
household found in two EAs, a repeated line number and an EA of more than 998 households are
refused, located at the first row concerned.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from collectors.microdata.options import Options
from collectors.microdata.problems import refuse
from collectors.microdata.reading import Source

MAX_HOUSEHOLDS = 998  # hh_no 999 is reserved for a household all of whose members died


@dataclass(frozen=True)
class Keys:
    """``households``: one row per household (``ea_id``, ``hh_no``, ``psu`` — the EA before any
    split — and ``first``, the position of its row in the household source); ``persons``: per
    person row, ``household`` (its household's position), ``line_no``."""

    households: pd.DataFrame
    persons: pd.DataFrame
    split: tuple[str, ...]


def _blank_ids(source: Source, columns: list[str]) -> None:
    blank = source.cells[columns].eq("").to_numpy()
    if blank.any():
        row, col = (int(v[0]) for v in np.nonzero(blank))
        raise refuse(
            "the household id is blank; every row needs its household's id",
            "户标识为空；每行都必须有所属住户的标识",
            source.name,
            row=source.row(row),
            column=columns[col],
        )


def household_of(source: Source, columns: list[str]) -> pd.Series:
    """The household (0, 1 … in order of first appearance) of each row of ``source``."""
    _blank_ids(source, columns)
    return source.cells.groupby(columns, sort=False).ngroup()


def ids_text(source: Source, columns: list[str], position: int) -> str:
    return " / ".join(source.cells[c].iloc[position] for c in columns)


def first_varying(values: pd.Series, group: pd.Series) -> int | None:
    """The first position whose value differs from its group's first value, if any."""
    first = values.groupby(group).transform("first")
    differs = np.flatnonzero((values != first).to_numpy())
    return int(differs[0]) if differs.size else None


def _eas(options: Options, source: Source, household: pd.Series, ids: list[str]) -> pd.Series:
    """The EA of each row of ``source`` (its households' source)."""
    if options.ea is None:
        if options.ea_id is None or not options.ea_id.strip():
            raise refuse(
                "no EA is given: name the EA column with --ea COL or give every household one "
                "EA with --ea-id CODE",
                "未给出调查小区：请用 --ea COL 指定调查小区列，或用 --ea-id CODE 为所有住户指定一个调查小区",
                source.name,
            )
        return pd.Series(options.ea_id.strip(), index=source.cells.index)
    ea = source.cells[options.ea]
    blank = np.flatnonzero(ea.eq("").to_numpy())
    if blank.size:
        raise refuse(
            "the EA is blank; every household needs its EA",
            "调查小区为空；每户都必须有调查小区",
            source.name,
            row=source.row(int(blank[0])),
            column=options.ea,
        )
    position = first_varying(ea, household)
    if position is not None:
        first = int(np.flatnonzero((household == household.iloc[position]).to_numpy())[0])
        raise refuse(
            f"household {ids_text(source, ids, position)} is in EA {ea.iloc[position]} here but "
            f"in EA {ea.iloc[first]} at row {source.row(first)}; if household ids repeat only "
            f"across EAs, give both: --household-id {options.ea} {' '.join(ids)}",
            f"住户 {ids_text(source, ids, position)} 在此属调查小区 {ea.iloc[position]}，而在第"
            f"{source.row(first)}行属调查小区 {ea.iloc[first]}；若户标识只在调查小区内唯一，请同时"
            f"给出两列：--household-id {options.ea} {' '.join(ids)}",
            source.name,
            row=source.row(position),
            column=options.ea,
        )
    return ea


def _numbered(ea: pd.Series, options: Options, source: Source, first: np.ndarray) -> pd.DataFrame:
    order = ea.groupby(ea, sort=False).cumcount().to_numpy()
    over = np.flatnonzero(order >= MAX_HOUSEHOLDS)
    psu = ea.to_numpy()
    if over.size and not options.split_eas:
        at = int(over[0])
        count = int((ea == ea.iloc[at]).sum())
        raise refuse(
            f"EA {ea.iloc[at]} holds {count} households, more than the {MAX_HOUSEHOLDS} hh_no "
            "can number; name a finer EA column with --ea, or add --split-eas to split it into "
            f"parts of {MAX_HOUSEHOLDS} households",
            f"调查小区 {ea.iloc[at]} 有 {count} 户，超过户编号可编的 {MAX_HOUSEHOLDS} 户；请用 --ea "
            f"指定更细的调查小区列，或加 --split-eas 将其分为每部分 {MAX_HOUSEHOLDS} 户",
            source.name,
            row=source.row(int(first[at])),
            column=options.ea,
        )
    part = order // MAX_HOUSEHOLDS
    big = set(ea[over].tolist()) if over.size else set()
    split = ea.isin(big).to_numpy()
    ea_id = np.where(split, [f"{e}-{p + 1}" for e, p in zip(psu, part, strict=True)], psu)
    return pd.DataFrame(
        {
            "ea_id": ea_id,
            "hh_no": [f"{n % MAX_HOUSEHOLDS + 1:03d}" for n in order],
            "psu": psu,
            "first": first,
        }
    ), tuple(sorted(big))


def _lines(options: Options, persons: Source, household: pd.Series) -> pd.Series:
    if options.line is None:
        return household.groupby(household).cumcount() + 1
    text = persons.cells[options.line]
    line = pd.to_numeric(text.where(text.str.fullmatch(r"\d{1,4}")), errors="coerce")
    bad = np.flatnonzero((line.isna() | (line < 1)).to_numpy())
    if bad.size:
        raise refuse(
            f"the line number '{text.iloc[int(bad[0])]}' is not a whole number from 1; each "
            "person needs one",
            f"人员序号“{text.iloc[int(bad[0])]}”不是从 1 起的整数；每人都必须有序号",
            persons.name,
            row=persons.row(int(bad[0])),
            column=options.line,
        )
    twice = np.flatnonzero(pd.DataFrame({"h": household, "l": line}).duplicated().to_numpy())
    if twice.size:
        raise refuse(
            f"line number {text.iloc[int(twice[0])]} is given twice in one household",
            f"同一住户中人员序号 {text.iloc[int(twice[0])]} 出现两次",
            persons.name,
            row=persons.row(int(twice[0])),
            column=options.line,
        )
    return line.astype(int)


def keys(options: Options, persons: Source, households: Source | None) -> tuple[Keys, pd.Series]:
    """The keys, and the household of each row of ``households`` (or ``persons``)."""
    ids = list(options.household_id)
    person_household = household_of(persons, ids)
    if households is None:
        ea = _eas(options, persons, person_household, ids)
        first = np.flatnonzero(~person_household.duplicated().to_numpy())
        hh_household = person_household
        table_ea = ea.iloc[first].reset_index(drop=True)
    else:
        hh_household = household_of(households, ids)
        twice = np.flatnonzero(hh_household.duplicated().to_numpy())
        if twice.size:
            raise refuse(
                f"household {ids_text(households, ids, int(twice[0]))} has a second row in the "
                "household file; each household needs one row",
                f"住户 {ids_text(households, ids, int(twice[0]))} 在住户文件中出现两行；每户只能有一行",
                households.name,
                row=households.row(int(twice[0])),
                column=ids[0],
            )
        table_ea = _eas(options, households, hh_household, ids).reset_index(drop=True)
        first = np.arange(len(households.cells))
        index = pd.MultiIndex.from_frame(households.cells[ids])
        found = index.get_indexer(pd.MultiIndex.from_frame(persons.cells[ids]))
        missing = np.flatnonzero(found < 0)
        if missing.size:
            raise refuse(
                f"household {ids_text(persons, ids, int(missing[0]))} of this person is not in "
                f"the household file {households.name}",
                f"此人所属住户 {ids_text(persons, ids, int(missing[0]))} 不在住户文件 "
                f"{households.name} 中",
                persons.name,
                row=persons.row(int(missing[0])),
                column=ids[0],
            )
        person_household = pd.Series(found, index=persons.cells.index)
    table, split = _numbered(table_ea, options, households or persons, first)
    people = pd.DataFrame(
        {"household": person_household, "line_no": _lines(options, persons, person_household)}
    )
    return Keys(table, people, split), hh_household
