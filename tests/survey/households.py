"""A small survey for workflow tests: two EAs, a listing, accounts, and clean families."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from collectors import Batch, coerce, from_submission
from schemas import default_questionnaire
from schemas.idnumber import check_char
from survey.accounts import Role, User, add_user
from survey.context import Survey
from survey.frames import store_frame
from tests.tables import md

Q = default_questionnaire()
EA1, EA2 = "370102001001001", "370102001001002"


def citizen_id(year: int, month: int, day: int, sequence: int) -> str:
    first17 = f"370102{year:04d}{month:02d}{day:02d}{sequence:03d}"
    return first17 + check_char(first17)


def family(
    hh_no: str = "001", ea_id: str = EA1
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """A clean family: head, spouse and a 13-year-old son, all present."""
    household = {
        "ea_id": ea_id,
        "hh_no": hh_no,
        "hh_type": 1,
        "n_present": 3,
        "n_away": 0,
        "births_m": 0,
        "births_f": 0,
        "deaths_m": 0,
        "deaths_f": 0,
        "dwelling_type": 1,
        "floor_area": 90,
        "rooms": 3,
    }
    common = {"ethnicity": "01", "residence": 1, "hukou_place": 1, "time_away": 1}
    offset = 2 * (int(hh_no) + (100 if ea_id != EA1 else 0))  # even: keeps the sex parity
    persons = [
        {
            **common,
            "line_no": 1,
            "name": "张伟",
            "relationship": 0,
            "sex": 1,
            "birth_year": 1980,
            "birth_month": 5,
            "id_number": citizen_id(1980, 5, 15, 11 + offset),
            "education": 6,
            "literate": 1,
            "marital_status": 2,
            "employed": 1,
        },
        {
            **common,
            "line_no": 2,
            "name": "李娜",
            "relationship": 1,
            "sex": 2,
            "birth_year": 1982,
            "birth_month": 3,
            "id_number": citizen_id(1982, 3, 8, 22 + offset),
            "education": 7,
            "literate": 1,
            "marital_status": 2,
            "employed": 1,
            "children_born": 1,
            "children_surviving": 1,
            "birth_last_year": 1,
        },
        {
            **common,
            "line_no": 3,
            "name": "张小明",
            "relationship": 2,
            "sex": 1,
            "birth_year": 2012,
            "birth_month": 7,
            "id_number": citizen_id(2012, 7, 1, 33 + offset),
            "education": 3,
        },
    ]
    return household, persons


def batch(household: dict[str, object], persons: list[dict[str, object]]) -> Batch:
    return from_submission(Q, household, persons)


def new_survey(path: Path) -> tuple[Survey, dict[str, User]]:
    survey = Survey.create(path, Q)
    eas = md(f"""
    | ea_id | name   | stratum | psu          | prob |
    | {EA1} | 第001区 | 3701    | 370102001001 | 0.02 |
    | {EA2} | 第002区 | 3701    | 370102001001 | 0.04 |
    """)
    listing = md(f"""
    | ea_id | hh_no | building_no | unit_no | head_name | expected_persons |
    | {EA1} | 001   | 1           | 101     | 张伟      | 3                |
    | {EA1} | 002   | 1           | 102     | 王芳      | 3                |
    | {EA2} | 001   | 2           | 201     | 赵强      | 3                |
    """)
    store_frame(survey, "eas", coerce(Q.tables["eas"], eas)[0], "eas")
    store_frame(survey, "listing", coerce(Q.tables["listing"], listing)[0], "listing")
    users = {
        "wang": add_user(survey, "wang", Role.ENUMERATOR, [EA1], password="pw-wang")[0],
        "zhao": add_user(survey, "zhao", Role.ENUMERATOR, [EA2], password="pw-zhao")[0],
        "li": add_user(survey, "li", Role.SUPERVISOR, [EA1, EA2], password="pw-li")[0],
        "chen": add_user(survey, "chen", Role.SUPERVISOR, [EA1], password="pw-chen")[0],
        "office": add_user(survey, "office", Role.OFFICE, password="pw-office")[0],
    }
    return survey, users


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple[object, ...]]:
    """The columns' values row by row, blanks as None."""
    part = frame[list(columns)].astype(object)
    return [tuple(r) for r in part.where(part.notna(), None).itertuples(index=False)]
