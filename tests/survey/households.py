"""A small survey for workflow tests: two EAs, a listing, accounts, and clean families."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from collectors import Batch, coerce, from_submission
from schemas import default_questionnaire
from survey.accounts.access import Role, User, add_user
from survey.collection.frame import store_frame
from survey.context import Survey
from tests.families import EA1, EA2
from tests.tables import md

Q = default_questionnaire()


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
