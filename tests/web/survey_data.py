"""A small survey for the web tests: two EAs, a listing, one account per role, a clean family."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from schemas import Questionnaire, default_questionnaire
from schemas.idnumber import check_char
from survey.accounts import Role, add_user
from survey.context import Survey
from survey.store import frames
from tests.families import family as clean_family

Q = default_questionnaire()
EA1, EA2 = "370102001001001", "370102001001002"
PASSWORDS = {
    "wang": "pw-wang-1234",
    "zhao": "pw-zhao-1234",
    "li": "pw-li-12345",
    "office": "pw-office-123",
}


def citizen_id(year: int, month: int, day: int, sequence: int, region: str = "370102") -> str:
    first17 = f"{region}{year:04d}{month:02d}{day:02d}{sequence:03d}"
    return first17 + check_char(first17)


def load_frames(survey: Survey, eas: list[dict[str, Any]], listing: list[dict[str, Any]]) -> None:
    q = survey.questionnaire
    with survey.store.write() as db:
        frames.upsert(db, q, "eas", pd.DataFrame(eas))
        frames.upsert(db, q, "listing", pd.DataFrame(listing))


def new_survey(path: Path, questionnaire: Questionnaire = Q) -> Survey:
    """Two EAs of one community, three listed households, accounts wang (EA1), zhao (EA2),
    li (supervisor of both) and office."""
    survey = Survey.create(path, questionnaire)
    load_frames(
        survey,
        [
            {
                "ea_id": EA1,
                "name": "闵子骞社区 第001调查小区",
                "stratum": "3701",
                "psu": "370102001001",
                "prob": 0.02,
            },
            {
                "ea_id": EA2,
                "name": "闵子骞社区 第002调查小区",
                "stratum": "3701",
                "psu": "370102001001",
                "prob": 0.04,
            },
        ],
        [
            {
                "ea_id": EA1,
                "hh_no": "001",
                "building_no": "1",
                "unit_no": "101",
                "head_name": "张伟",
                "expected_persons": 3,
            },
            {
                "ea_id": EA1,
                "hh_no": "002",
                "building_no": "1",
                "unit_no": "102",
                "head_name": "王芳",
                "expected_persons": 2,
            },
            {
                "ea_id": EA2,
                "hh_no": "001",
                "building_no": "2",
                "unit_no": "201",
                "head_name": "赵强",
                "expected_persons": 3,
            },
        ],
    )
    add_user(survey, "wang", Role.ENUMERATOR, [EA1], password=PASSWORDS["wang"], lang="en")
    add_user(survey, "zhao", Role.ENUMERATOR, [EA2], password=PASSWORDS["zhao"], lang="en")
    add_user(survey, "li", Role.SUPERVISOR, [EA1, EA2], password=PASSWORDS["li"], lang="en")
    add_user(survey, "office", Role.OFFICE, password=PASSWORDS["office"], lang="en")
    return survey


def family(hh_no: str = "001", ea_id: str = EA1) -> dict[str, Any]:
    """The API body of the clean family: head, spouse and a 13-year-old son, all present."""
    household, persons = clean_family(hh_no, ea_id)
    return {"household": household, "persons": persons}


def three_persons(n_present: int = 3) -> dict[str, Any]:
    """A family whose spouse is 25 years younger than the head (warning R-04); with
    ``n_present`` other than 3 it also has the roster errors S-04 and S-05."""
    common = {"ethnicity": "01", "residence": 1, "hukou_place": 1, "time_away": 1}
    return {
        "household": {
            "ea_id": EA1,
            "hh_no": "001",
            "hh_type": 1,
            "n_present": n_present,
            "n_away": 0,
            "births_m": 0,
            "births_f": 0,
            "deaths_m": 0,
            "deaths_f": 0,
            "dwelling_type": 1,
            "floor_area": 90,
            "rooms": 3,
        },
        "persons": [
            {
                **common,
                "line_no": 1,
                "name": "张伟",
                "relationship": 0,
                "sex": 1,
                "birth_year": 1970,
                "birth_month": 3,
                "id_number": citizen_id(1970, 3, 15, 11),
                "education": 5,
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
                "birth_year": 1995,
                "birth_month": 6,
                "id_number": citizen_id(1995, 6, 8, 22),
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
                "birth_year": 2015,
                "birth_month": 7,
                "id_number": citizen_id(2015, 7, 1, 33),
                "education": 3,
            },
        ],
    }
