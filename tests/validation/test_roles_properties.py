"""Property: on any definition the loader accepts — random item names, integer or text codes,
items at either level, roles declared or not — no rule raises, and every finding names items of
that definition."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collectors import coerce
from schemas import Questionnaire
from schemas.roles import ROLE_SPECS
from validation import validate

KEYS = {"ea_id", "hh_no", "line_no"}
DECOYS = ("age", "sex", "name", "relationship", "marital_status", "n_present", "hh_type")
"""Default item names put in the definition without their roles (or at the other level)."""

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(lambda n: n not in KEYS)


def _label(text: str) -> dict[str, str]:
    return {"zh": text, "en": text}


def _codes(draw: st.DrawFn, text: bool) -> list[int | str]:
    if text:
        values = draw(
            st.lists(
                st.sampled_from(["1", "01", "m", "f", "male", "female", "x9", "0"]),
                min_size=2,
                max_size=6,
                unique=True,
            )
        )
    else:
        values = draw(st.lists(st.integers(-3, 12), min_size=2, max_size=6, unique=True))
    return list(values)


@st.composite
def definitions(draw: st.DrawFn) -> Questionnaire:
    used: set[str] = set(KEYS)
    tables: dict[str, list[dict[str, Any]]] = {"households": [], "persons": []}
    roles: dict[str, Any] = {}

    def fresh() -> str:
        name = draw(NAMES.filter(lambda n: n not in used))
        used.add(name)
        return name

    for role, spec in ROLE_SPECS.items():
        if not draw(st.booleans()):
            continue
        if spec.kind == "birth":
            year, month = fresh(), fresh()
            tables["persons"] += [
                {"name": year, "label": _label("year"), "type": "integer", "range": [1900, 2030]},
                {"name": month, "label": _label("month"), "type": "integer", "range": [1, 12]},
            ]
            roles[role] = {"year": year, "month": month}
            continue
        name = fresh()
        item: dict[str, Any] = {"name": name, "label": _label(role)}
        if spec.kind == "coded":
            text = draw(st.booleans())
            values = _codes(draw, text)
            item |= {
                "type": "text" if text else "integer",
                "codes": {v: [str(v), str(v)] for v in values},
            }
            codes = {}
            for code in spec.codes:
                chosen = draw(st.lists(st.sampled_from(values), max_size=2, unique=True))
                if code in spec.required and not chosen:
                    chosen = [values[0]]
                codes[code] = chosen
            roles[role] = {"item": name, "codes": codes}
        elif spec.kind == "number":
            item |= {"type": draw(st.sampled_from(["integer", "number"])), "range": [0, 120]}
            roles[role] = {"item": name}
        else:
            item |= {"type": "text"}
            roles[role] = {"item": name}
        tables[spec.table].append(item)
    for decoy in DECOYS:
        if decoy in used or not draw(st.booleans()):
            continue
        used.add(decoy)
        kind = draw(st.sampled_from(["text", "integer"]))
        item = {"name": decoy, "label": _label(decoy), "type": kind}
        if kind == "integer":
            item["range"] = [0, 99]
        tables[draw(st.sampled_from(["households", "persons"]))].append(item)
    keys = {
        "households": [
            {"name": "ea_id", "label": _label("EA"), "type": "text"},
            {"name": "hh_no", "label": _label("HH"), "type": "text"},
        ],
        "persons": [
            {"name": "ea_id", "label": _label("EA"), "type": "text"},
            {"name": "hh_no", "label": _label("HH"), "type": "text"},
            {"name": "line_no", "label": _label("line"), "type": "integer", "range": [1, 30]},
        ],
    }
    return Questionnaire.model_validate(
        {
            "id": "random",
            "version": "1",
            "title": _label("random"),
            "reference": {"year": 2020, "month": draw(st.integers(1, 12))},
            "roles": roles,
            "tables": {
                "households": {
                    "label": _label("hh"),
                    "key": ["ea_id", "hh_no"],
                    "items": keys["households"] + tables["households"],
                },
                "persons": {
                    "label": _label("p"),
                    "key": ["ea_id", "hh_no", "line_no"],
                    "parent": "households",
                    "items": keys["persons"] + tables["persons"],
                },
            },
        }
    )


def _value(draw: st.DrawFn, item: Any) -> str:
    choices: list[str] = ["", "zz", "-1"]
    if item.codes:
        choices += [str(v) for v in item.code_values] * 3
    if item.range:
        choices += ["0", "1", "12", "15", "25", "40", "80", "101", "1950", "2019"]
    return draw(st.sampled_from(choices))


@st.composite
def surveys(draw: st.DrawFn) -> tuple[Questionnaire, pd.DataFrame, pd.DataFrame]:
    q = draw(definitions())
    households, persons = [], []
    for number in range(draw(st.integers(0, 4))):
        hh_no = draw(st.sampled_from([f"{number + 1:03d}", "999", "001"]))
        households.append(
            {"ea_id": "A", "hh_no": hh_no}
            | {i.name: _value(draw, i) for i in q.households.questions}
        )
        for line in range(draw(st.integers(0, 4))):
            persons.append(
                {"ea_id": "A", "hh_no": hh_no, "line_no": str(line + 1)}
                | {i.name: _value(draw, i) for i in q.persons.questions}
            )
    hh = pd.DataFrame(households, columns=q.households.columns, dtype=str)
    pp = pd.DataFrame(persons, columns=q.persons.columns, dtype=str)
    return q, hh, pp


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(survey=surveys())
def test_no_rule_raises_and_every_finding_names_items_of_the_definition(
    survey: tuple[Questionnaire, pd.DataFrame, pd.DataFrame],
) -> None:
    q, raw_households, raw_persons = survey
    households, household_errors = coerce(q.households, raw_households)
    persons, person_errors = coerce(q.persons, raw_persons)
    errors = pd.concat([household_errors, person_errors], ignore_index=True)
    findings = validate(q, households, persons, cell_errors=errors)
    items = {name for table in q.tables.values() for name in table.by_name}
    named = {f for fields in findings["fields"].dropna() for f in fields.split(";") if f}
    assert named <= items
    assert findings["message_en"].notna().all()
    assert findings["message_zh"].notna().all()
