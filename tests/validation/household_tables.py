"""Households and persons written as markdown tables, typed by the questionnaire definition.

Only the columns a table shows are filled; every other item is blank. A blank cell is blank
(<NA>). Used by the validation tests to write households the way a reader of the rules would.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

import schemas
from tests import families
from tests.tables import md
from validation import FINDING_COLUMNS, validate

Q = schemas.default_questionnaire()

FAMILY_HOUSEHOLD = """
| ea_id           | hh_no | hh_type | n_present | n_away | births_m | births_f | deaths_m | deaths_f | dwelling_type | floor_area | rooms |
|-----------------|-------|---------|-----------|--------|----------|----------|----------|----------|---------------|------------|-------|
| 370112001001001 | 001   | 1       | 5         | 0      | 0        | 0        | 0        | 0        | 1             | 120        | 4     |
"""

# head, spouse, two children and the head's mother (the children's grandmother); census moment
# 2025-11: ages 45, 43, 15, 9 and 75.
FAMILY_PERSONS = """
| ea_id           | hh_no | line_no | name   | relationship | id_number          | sex | birth_year | birth_month | ethnicity | residence | hukou_place | time_away | reason_away | education | literate | marital_status | employed | children_born | children_surviving | birth_last_year | health |
|-----------------|-------|---------|--------|--------------|--------------------|-----|------------|-------------|-----------|-----------|-------------|-----------|-------------|-----------|----------|----------------|----------|---------------|--------------------|-----------------|--------|
| 370112001001001 | 001   | 1       | 张伟   | 0            | 370102198005120019 | 1   | 1980       | 5           | 01        | 1         | 1           | 1           |             | 6         | 1        | 2              | 1        |               |                    |                 |        |
| 370112001001001 | 001   | 2       | 李娜   | 1            | 370102198208230023 | 2   | 1982       | 8           | 01        | 1         | 1           | 1           |             | 7         | 1        | 2              | 1        | 2             | 2                  | 1               |        |
| 370112001001001 | 001   | 3       | 张小明 | 2            | 370102201003150032 | 1   | 2010       | 3           | 01        | 1         | 1           | 1           |             | 4         | 1        | 1              |          |               |                    |                 |        |
| 370112001001001 | 001   | 4       | 张小红 | 2            | 370102201609020048 | 2   | 2016       | 9           | 01        | 1         | 1           | 1           |             | 3         |          |                |          |               |                    |                 |        |
| 370112001001001 | 001   | 5       | 王秀英 | 3            | 370102195002110065 | 2   | 1950       | 2           | 01        | 1         | 1           | 1           |             | 1         | 2        | 5              | 2        |               |                    |                 | 2      |
"""


COLLECTIVE_HOUSEHOLD = """
| ea_id           | hh_no | hh_type | n_present | n_away | births_m | births_f | deaths_m | deaths_f | dwelling_type | floor_area | rooms |
|-----------------|-------|---------|-----------|--------|----------|----------|----------|----------|---------------|------------|-------|
| 370112001001001 | 002   | 2       | 3         | 0      | 0        | 0        | 0        | 0        | 2             |            |       |
"""

# a workers' dormitory: line 1 is the person responsible (relationship 0), the others are 9.
COLLECTIVE_PERSONS = """
| ea_id           | hh_no | line_no | name | relationship | id_number          | sex | birth_year | birth_month | ethnicity | residence | hukou_place | time_away | reason_away | education | literate | marital_status | employed | children_born | children_surviving | birth_last_year | health |
|-----------------|-------|---------|------|--------------|--------------------|-----|------------|-------------|-----------|-----------|-------------|-----------|-------------|-----------|----------|----------------|----------|---------------|--------------------|-----------------|--------|
| 370112001001001 | 002   | 1       | 刘强 | 0            | 410102197506150118 | 1   | 1975       | 6           | 01        | 1         | 4           | 8         | 1           | 4         | 1        | 2              | 1        |               |                    |                 |        |
| 370112001001001 | 002   | 2       | 陈刚 | 9            | 410102199803020319 | 1   | 1998       | 3           | 01        | 1         | 4           | 5         | 1           | 5         | 1        | 1              | 1        |               |                    |                 |        |
| 370112001001001 | 002   | 3       | 赵磊 | 9            | 410102200101110518 | 1   | 2001       | 1           | 03        | 1         | 4           | 4         | 1           | 4         | 1        | 1              | 1        |               |                    |                 |        |
"""

# all members died in the reference year: only H1 and H4 are filled, H2 and H3 are 0.
ALL_DIED_HOUSEHOLD = """
| ea_id           | hh_no | hh_type | n_present | n_away | births_m | births_f | deaths_m | deaths_f | dwelling_type | floor_area | rooms |
|-----------------|-------|---------|-----------|--------|----------|----------|----------|----------|---------------|------------|-------|
| 370112001001001 | 999   | 1       | 0         | 0      | 0        | 0        | 1        | 1        |               |            |       |
"""


def citizen_id(born: str, sex: int, area: str = "370102", serial: int = 0) -> str:
    """A valid ID number for a birth date ``YYYYMMDD`` and sex (odd sequence = male)."""
    year, month, day = int(born[:4]), int(born[4:6]), int(born[6:8])
    return families.citizen_id(year, month, day, 10 * serial + (1 if sex == 1 else 2), area)


def table(text: str, name: str) -> pd.DataFrame:
    """Parse a markdown table into a typed table of the definition's ``name`` table."""
    raw = md(text)
    header = list(raw.columns)
    definition = Q.tables[name]
    unknown = set(header) - set(definition.columns)
    assert not unknown, f"not items of {name}: {sorted(unknown)}"
    columns = {}
    for item in definition.items:
        values = raw[item.name] if item.name in raw else pd.Series([""] * len(raw), dtype="object")
        values = values.where(values != "", None)
        dtype = schemas.dtype_of(item)
        if dtype == "string":
            columns[item.name] = values.astype("string")
        else:
            columns[item.name] = pd.to_numeric(values).astype(dtype)
    return pd.DataFrame(columns)


def households(text: str) -> pd.DataFrame:
    return table(text, "households")


def persons(text: str) -> pd.DataFrame:
    return table(text, "persons")


def family() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The clean five-person family household."""
    return households(FAMILY_HOUSEHOLD), persons(FAMILY_PERSONS)


def collective() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A clean collective household (a dormitory of three workers)."""
    return households(COLLECTIVE_HOUSEHOLD), persons(COLLECTIVE_PERSONS)


def all_died() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A clean household 999 (all members died): no person rows."""
    return households(ALL_DIED_HOUSEHOLD), schemas.empty_table(Q.persons)


def together(*frames: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True)


def renumbered(
    hh: pd.DataFrame, pp: pd.DataFrame, hh_no: str, *, ea_id: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same household under another number (and EA), with ID numbers of its own."""
    changes: dict[str, Any] = {"hh_no": hh_no} | ({"ea_id": ea_id} if ea_id else {})
    pp = edit(pp, **changes)
    area = "37" + (ea_id or "0102")[-4:]
    pp["id_number"] = pd.Series(
        [
            citizen_id(r.id_number[6:14], int(r.sex), area=area, serial=int(hh_no) % 100)
            for r in pp.itertuples()
        ],
        dtype="string",
    )
    return edit(hh, **changes), pp


def edit(frame: pd.DataFrame, line: int | None = None, **changes: Any) -> pd.DataFrame:
    """A copy of ``frame`` with ``changes`` on the person ``line`` (or on every row)."""
    out = frame.copy()
    rows = out["line_no"] == line if line is not None else pd.Series(True, index=out.index)
    for name, value in changes.items():
        out.loc[rows, name] = pd.NA if value is None else value
    return out


def check(hh: pd.DataFrame, pp: pd.DataFrame, **options: Any) -> pd.DataFrame:
    findings = validate(Q, hh, pp, **options)
    assert list(findings.columns) == FINDING_COLUMNS
    return findings


def rows(findings: pd.DataFrame, rule_id: str) -> list[tuple[Any, ...]]:
    """(severity, hh_no, line_no, fields) of each finding of ``rule_id`` (line_no None if blank)."""
    found = findings[findings["rule_id"] == rule_id]
    return [
        (r.severity, r.hh_no, None if pd.isna(r.line_no) else int(r.line_no), r.fields)
        for r in found.itertuples()
    ]


def ids(findings: pd.DataFrame) -> list[str]:
    return sorted(set(findings["rule_id"]))
