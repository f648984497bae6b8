"""The questionnaire definition: loading the default, and refusing broken definitions by name."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
import yaml

from schemas import (
    DefinitionError,
    default_definition_text,
    default_questionnaire,
    dump_definition,
    parse_definition,
)
from tests.schemas.definitions import load


def definition() -> dict[str, Any]:
    return yaml.safe_load(default_definition_text())


def person_item(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(i for i in data["tables"]["persons"]["items"] if i["name"] == name)


def test_the_default_questionnaire_has_the_items_of_the_spec() -> None:
    q = default_questionnaire()
    assert q.households.columns == [
        "ea_id",
        "hh_no",
        "hh_type",
        "n_present",
        "n_away",
        "births_m",
        "births_f",
        "deaths_m",
        "deaths_f",
        "dwelling_type",
        "floor_area",
        "rooms",
    ]
    assert q.persons.key == ("ea_id", "hh_no", "line_no")
    assert q.item("literate").universe == "age >= 15"
    assert q.item("relationship").code_label(7, "zh") == "孙子女"
    assert q.item("relationship").code_label(7, "en") == "grandchild"
    assert len(q.item("ethnicity").codes or ()) == 58
    assert q.item("ethnicity").code_label("56", "zh") == "基诺族"
    assert (q.reference.year, q.reference.month) == (2025, 11)
    assert q.params.marriage_age.female == 20


def test_a_definition_reads_back_equal_from_its_json_dump() -> None:
    q = default_questionnaire()
    assert parse_definition(dump_definition(q)) == q


def test_parameters_can_be_overridden_per_survey() -> None:
    data = definition()
    data["params"]["max_household_size"] = 12
    q = parse_definition(yaml.safe_dump(data, allow_unicode=True))
    assert q.params.max_household_size == 12


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (
            lambda d: person_item(d, "literate").update(universe="agee >= 15"),
            "persons.literate: universe 'agee >= 15' names unknown item(s) agee",
        ),
        (
            lambda d: d["tables"]["persons"]["items"].append(copy.deepcopy(person_item(d, "sex"))),
            "item 'sex' is defined twice",
        ),
        (
            lambda d: person_item(d, "birth_year").pop("range"),
            "item 'birth_year' is numeric and needs either codes or a range",
        ),
        (
            lambda d: person_item(d, "birth_year").update(range=[2025, 1900]),
            "item 'birth_year' has range [2025.0, 1900.0] whose minimum exceeds its maximum",
        ),
        (lambda d: person_item(d, "sex").update(codes={}), "item 'sex' has an empty code list"),
        (
            lambda d: person_item(d, "sex").update(codes={"M": ["男", "male"]}),
            "item 'sex' is of type integer but has codes ['M']",
        ),
        (
            lambda d: person_item(d, "health").update(universe="age >= 60; import os"),
            "persons.health: universe cannot parse",
        ),
        (
            lambda d: person_item(d, "health").update(universe="__import__('os')"),
            "must be comparisons joined by and/or/not",
        ),
        (lambda d: d["params"].update(max_houshold_size=3), "max_houshold_size"),
        (lambda d: d["tables"].pop("persons"), "the definition needs a table named 'persons'"),
    ],
)
def test_a_broken_definition_is_refused_naming_the_item(breakage: Any, message: str) -> None:
    data = definition()
    breakage(data)
    with pytest.raises(DefinitionError, match=re.escape(message)):
        load(data)


def test_text_that_is_not_yaml_is_refused_with_its_source() -> None:
    with pytest.raises(DefinitionError, match=r"^broken\.yaml: not valid YAML"):
        parse_definition("tables: [unclosed", "broken.yaml")
