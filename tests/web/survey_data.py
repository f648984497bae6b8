"""A small survey for the web tests: two EAs, a listing, one account per role, a clean family."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from schemas import Questionnaire, default_questionnaire
from survey.accounts.access import Role, add_user
from survey.context import Survey
from survey.store import listings
from tests.families import citizen_id
from tests.families import family as clean_family

Q = default_questionnaire()
EA1, EA2 = "370102001001001", "370102001001002"
PASSWORDS = {
    "wang": "pw-wang-1234",
    "zhao": "pw-zhao-1234",
    "li": "pw-li-12345",
    "office": "pw-office-123",
}


def load_frames(survey: Survey, eas: list[dict[str, Any]], listing: list[dict[str, Any]]) -> None:
    q = survey.questionnaire
    with survey.store.write() as db:
        listings.upsert(db, q, "eas", pd.DataFrame(eas))
        listings.upsert(db, q, "listing", pd.DataFrame(listing))


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
    household, (head, spouse, son) = clean_family("001", EA1)
    head |= {
        "birth_year": 1970,
        "birth_month": 3,
        "education": 5,
        "id_number": citizen_id(1970, 3, 15, 11),
    }
    spouse |= {"birth_year": 1995, "birth_month": 6, "id_number": citizen_id(1995, 6, 8, 22)}
    son |= {"birth_year": 2015, "birth_month": 7, "id_number": citizen_id(2015, 7, 1, 33)}
    return {"household": household | {"n_present": n_present}, "persons": [head, spouse, son]}
