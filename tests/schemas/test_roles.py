"""The ``roles`` section of a definition (spec/roles.md): read, checked, refused by role name."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from schemas import (
    DefinitionError,
    default_definition_text,
    default_questionnaire,
    parse_definition,
)
from tests.schemas.definitions import load


def definition(**roles: Any) -> dict[str, Any]:
    data = yaml.safe_load(default_definition_text())
    data["roles"] = roles
    return data


def test_the_default_questionnaire_declares_its_roles() -> None:
    roles = default_questionnaire().roles
    assert roles["relationship"].item == "relationship"
    assert roles["relationship"].values("head") == (0,)
    assert roles["relationship"].values("other") == (6, 8, 9)
    assert roles["sex"].codes == {"male": (1,), "female": (2,)}
    assert (roles["birth"].year, roles["birth"].month) == ("birth_year", "birth_month")
    assert roles["household_type"].item == "hh_type"
    assert roles["persons_present"].item == "n_present"


def test_a_single_code_is_a_list_of_one_and_unnamed_codes_are_empty() -> None:
    sex = {"item": "sex", "codes": {"male": 1, "female": [2]}}
    rel = {"item": "relationship", "codes": {"head": 0, "spouse": 1}}
    data = definition(sex=sex, relationship=rel)
    q = parse_definition(yaml.safe_dump(data, allow_unicode=True))
    assert q.roles["sex"].values("male") == (1,)
    assert q.roles["relationship"].values("child") == ()


@pytest.mark.parametrize(
    ("role", "declared", "message"),
    [
        ("sex", {"item": "gender", "codes": {"male": 1, "female": 2}}, "role 'sex' names 'gender'"),
        ("sex", {"item": "sex", "codes": {"male": 1, "female": 3}}, "role 'sex': female 3 is not"),
        (
            "sex",
            {"item": "hh_type", "codes": {"male": 1, "female": 2}},
            "role 'sex': item 'hh_type'",
        ),
        (
            "household_type",
            {"item": "sex", "codes": {"family": 1}},
            "role 'household_type': item 'sex'",
        ),
        ("sex", {"item": "sex", "codes": {"man": 1, "female": 2}}, "role 'sex': unknown code name"),
        ("sex", {"item": "sex", "codes": {"female": 2}}, "role 'sex' needs the code"),
        ("age", {"item": "name"}, "role 'age': item 'name' is text"),
        ("kinship", {"item": "relationship"}, "unknown role 'kinship'"),
        ("birth", {"item": "birth_year"}, "role 'birth' takes a 'year' and a 'month'"),
        ("id_number", {"item": "id_number", "scheme": "ssn"}, "unknown scheme"),
    ],
)
def test_a_role_that_does_not_fit_is_refused_naming_the_role(
    role: str, declared: dict[str, Any], message: str
) -> None:
    with pytest.raises(DefinitionError, match=message):
        load(definition(**{role: declared}))


def test_codes_are_read_in_the_items_type() -> None:
    data = definition(sex={"item": "sex", "codes": {"male": "1", "female": "2"}})

    q = parse_definition(yaml.safe_dump(data, allow_unicode=True))
    assert q.roles["sex"].values("female") == (2,)
