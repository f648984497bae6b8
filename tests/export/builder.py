"""A small survey for export tests, written as readable tables, stored without the web or files.

Frames and households go straight through the store (``survey.store.listings``/``versions``), so
these tests depend on the export and the review workflow only; approvals, returns and reopenings
go through ``survey.review.actions.act`` as a supervisor's would.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from collectors import coerce, empty_cell_errors
from schemas import default_questionnaire
from survey.accounts.access import AccountError, User, add_user, user_named
from survey.collection.submission import explanations_frame
from survey.context import Survey, now
from survey.review.actions import act
from survey.store import findings as findings_store
from survey.store import listings, versions
from tests.tables import md

Q = default_questionnaire()
EA_A = "370102001001001"  # stratum 3701, prob 0.01 (weight 100)
EA_B = "370102001002001"  # stratum 3701, prob 0.02 (weight 50)
EA_C = "370203004005001"  # stratum 3702, prob 0.5  (weight 2)

EAS = f"""
| ea_id  | name                 | stratum | psu          | prob |
| {EA_A} | 闵子骞社区 第001调查小区 | 3701    | 370102001001 | 0.01 |
| {EA_B} | 闵子骞社区 第002调查小区 | 3701    | 370102001002 | 0.02 |
| {EA_C} | 青年路社区 第001调查小区 | 3702    | 370203004005 | 0.5  |
"""

LISTING = f"""
| ea_id  | hh_no | building_no | unit_no | head_name | expected_persons |
| {EA_A} | 001   | 12          | 1-101   | 张伟      | 3                |
| {EA_A} | 002   | 12          | 1-102   | 王秀英    | 1                |
| {EA_A} | 003   | 12          | 1-201   | 李强      | 2                |
| {EA_A} | 004   | 13          | 2-101   | 赵磊      | 1                |
| {EA_A} | 005   | 13          | 2-102   | 孙丽      | 2                |
| {EA_B} | 001   | 3           | 101     | 马军      | 2                |
| {EA_B} | 002   | 3           | 102     | 刘洋      | 1                |
| {EA_C} | 001   | 7           | 301     | 陈静      | 1                |
"""

HOUSEHOLDS = f"""
| ea_id  | hh_no | hh_type | n_present | n_away | births_m | births_f | deaths_m | deaths_f | dwelling_type | floor_area | rooms |
| {EA_A} | 001   | 1       | 3         | 0      | 0        | 0        | 0        | 0        | 1             | 90         | 3     |
| {EA_A} | 002   | 1       | 1         | 0      | 0        | 0        | 0        | 1        | 1             | 45         | 2     |
| {EA_A} | 003   | 1       | 2         | 0      | 0        | 0        | 0        | 0        | 1             | 60         | 2     |
| {EA_A} | 004   | 1       | 1         | 0      | 0        | 0        | 0        | 0        | 4             | .          | .     |
| {EA_B} | 001   | 1       | 2         | 0      | 0        | 1        | 0        | 0        | 1             | 70         | 3     |
| {EA_B} | 002   | 2       | 1         | 0      | 0        | 0        | 0        | 0        | 2             | .          | .     |
| {EA_B} | 999   | 1       | 0         | 0      | 0        | 0        | 1        | 0        | .             | .          | .     |
| {EA_C} | 001   | 1       | 1         | 0      | 0        | 0        | 0        | 0        | 1             | 30         | 1     |
"""

PERSONS = f"""
| ea_id  | hh_no | line_no | name   | relationship | id_number          | sex | birth_year | birth_month | ethnicity | residence | hukou_place | time_away | reason_away | education | literate | marital_status | employed | children_born | children_surviving | birth_last_year | health |
| {EA_A} | 001   | 1       | 张伟   | 0            | 370102198005120013 | 1   | 1980       | 5           | 01        | 1         | 1           | 1         | .           | 7         | 1        | 2              | 1        | .             | .                  | .               | .      |
| {EA_A} | 001   | 2       | 李娜   | 1            | 370102198203150026 | 2   | 1982       | 3           | 03        | 1         | 4           | 8         | 6           | 6         | 1        | 2              | 1        | 1             | 1                  | 1               | .      |
| {EA_A} | 001   | 3       | 张子涵 | 2            | 370102201512010034 | 1   | 2015       | 12          | 01        | 1         | 1           | 1         | .           | 3         | .        | .              | .        | .             | .                  | .               | .      |
| {EA_A} | 002   | 1       | 王秀英 | 0            | 370102192501100048 | 2   | 1925       | 1           | 03        | 1         | 1           | 1         | .           | 1         | 2        | 5              | 2        | .             | .                  | .               | 4      |
| {EA_A} | 003   | 1       | 李强   | 0            | 370102197001010051 | 1   | 1970       | 1           | 01        | 1         | 1           | 1         | .           | 5         | 1        | 2              | 1        | .             | .                  | .               | .      |
| {EA_A} | 003   | 2       | 周芳   | 1            | 370102197202020062 | 2   | 1972       | 2           | 01        | 1         | 1           | 1         | .           | 5         | 1        | 2              | 1        | 1             | 1                  | 1               | .      |
| {EA_A} | 004   | 1       | 赵磊   | 0            | 370102199906060075 | 1   | 1999       | 6           | 02        | 1         | 4           | 5         | 1           | 7         | 1        | 1              | 1        | .             | .                  | .               | .      |
| {EA_B} | 001   | 1       | 马军   | 0            | 370102199001010087 | 1   | 1990       | 1           | 03        | 1         | 1           | 1         | .           | 6         | 1        | 2              | 1        | .             | .                  | .               | .      |
| {EA_B} | 001   | 2       | 马小雨 | 2            | 370102202501010099 | 2   | 2025       | 1           | 03        | 1         | 1           | 1         | .           | .         | .        | .              | .        | .             | .                  | .               | .      |
| {EA_B} | 002   | 1       | 刘洋   | 0            | .                  | 1   | 1960       | 11          | 01        | 1         | 5           | .         | .           | 4         | 1        | 4              | 2        | .             | .                  | .               | 2      |
| {EA_C} | 001   | 1       | 陈静   | 0            | 37020319551111002X | 2   | 1955       | 11          | 01        | 1         | 1           | 1         | .           | 2         | 2        | 5              | 2        | 0             | 0                  | .               | 1      |
"""


def typed(table: str, text: str) -> pd.DataFrame:
    frame, errors = coerce(Q.tables[table], md(text))
    assert errors.empty, errors
    return frame


def new_survey(path: Path, eas: str = EAS, listing: str = LISTING) -> Survey:
    survey = Survey.create(path, Q)
    with survey.store.write() as db:
        listings.upsert(db, Q, "eas", typed("eas", eas))
        listings.upsert(db, Q, "listing", typed("listing", listing))
    return survey


def submit(survey: Survey, households: str, persons: str) -> None:
    """Store a version of each household (as an import would, without running the rules)."""
    hh, people = typed("households", households), typed("persons", persons)
    keys = hh[["ea_id", "hh_no"]].astype(object)
    people = people.merge(keys, on=["ea_id", "hh_no"], how="inner")
    with survey.store.write() as db:
        versions.store_batch(
            db,
            Q,
            hh,
            people,
            empty_cell_errors(),
            explanations_frame([], "", ""),
            source="import",
            user_ids=[None] * len(hh),
            now=now(),
        )


def office(survey: Survey) -> User:
    """The office account (made on first use)."""
    try:
        return user_named(survey, "统计局")
    except AccountError:
        return add_user(survey, "统计局", "office")[0]


def approve(survey: Survey, user: User, keys: Iterable[tuple[str, str]], version: int = 1) -> None:
    for ea_id, hh_no in keys:
        act(survey, user, ea_id, hh_no, "approve", version=version)


def add_error(survey: Survey, ea_id: str, hh_no: str, rule_id: str = "S-04") -> None:
    """An error finding on the household's current version (as validation would store it)."""
    version_id = survey.store.read.execute(
        "SELECT v.id FROM versions v JOIN households h ON h.ea_id = v.ea_id "
        "AND h.hh_no = v.hh_no AND v.version = h.current_version WHERE h.ea_id = ? AND h.hh_no = ?",
        [ea_id, hh_no],
    ).fetchone()[0]
    row = pd.DataFrame(
        [
            {
                "version_id": version_id,
                "ea_id": ea_id,
                "hh_no": hh_no,
                "line_no": None,
                "rule_id": rule_id,
                "severity": "error",
                "fields": "n_present;n_away",
                "message_en": "persons counted differ from the roster",
                "message_zh": "人数与名单不符",
            }
        ]
    )
    with survey.store.write() as db:
        findings_store.replace_for_versions(db, [version_id], row)


APPROVED = [(EA_A, "001"), (EA_A, "002"), (EA_B, "001"), (EA_B, "999")]


def fieldwork(path: Path) -> Survey:
    """The standard survey of these tests, at the end of fieldwork:

    - approved: A/001 (3 persons), A/002 (1 person, aged 100), B/001 (2 persons), B/999 (all
      members died: no persons);
    - A/003 submitted, waiting for review; A/004 returned; A/005 listed, never submitted;
    - B/002 submitted with an error not waived; C/001 approved, then reopened by the office.
    """
    survey = new_survey(path)
    submit(survey, HOUSEHOLDS, PERSONS)
    user = office(survey)
    approve(survey, user, [*APPROVED, (EA_C, "001")])
    act(survey, user, EA_A, "004", "return", version=1, comment="出生年月请核实")
    act(survey, user, EA_C, "001", "reopen", version=1, comment="面积需复核")
    add_error(survey, EA_B, "002")
    return survey
