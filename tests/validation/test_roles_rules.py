"""The edit rules on another survey's definition: they read its roles, not item names or the
default questionnaire's codes (spec/roles.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from collectors import coerce
from schemas import Questionnaire, parse_definition
from survey.cli import main
from tests.tables import md
from validation import RULES, validate

CENSUS = """
id: census
version: "1"
title: {zh: 普查, en: A census}
reference: {year: 2020, month: 7}
roles:
  relationship: {item: p02_rel, codes: {head: 1, spouse: 2, child: 3, parent: 4, other: [9]}}
  sex: {item: p03_sex, codes: {male: 2, female: 1}}
  age: {item: p04_age}
  marital_status: {item: p05_ms, codes: {never_married: 5, married: 1, formerly_married: [2, 3]}}
tables:
  households:
    label: {zh: 户, en: Households}
    key: [ea_id, hh_no]
    items:
      - {name: ea_id, label: {zh: 区, en: EA}, type: text}
      - {name: hh_no, label: {zh: 户, en: Household}, type: text}
      - {name: name, label: {zh: 户主姓名, en: Name of the head}, type: text}
      - {name: age, label: {zh: 房龄, en: Age of the building}, type: integer, range: [0, 300]}
  persons:
    label: {zh: 人, en: Persons}
    key: [ea_id, hh_no, line_no]
    parent: households
    items:
      - {name: ea_id, label: {zh: 区, en: EA}, type: text}
      - {name: hh_no, label: {zh: 户, en: Household}, type: text}
      - {name: line_no, label: {zh: 序号, en: Line}, type: integer, range: [1, 30]}
      - {name: p02_rel, label: {zh: 关系, en: Relationship}, type: integer,
         codes: {1: [户主, head], 2: [配偶, spouse], 3: [子女, child], 4: [父母, parent], 9: [其他, other]}}
      - {name: p03_sex, label: {zh: 性别, en: Sex}, type: integer, codes: {1: [女, female], 2: [男, male]}}
      - {name: p04_age, label: {zh: 年龄, en: Age}, type: integer, range: [0, 120]}
      - {name: p05_ms, label: {zh: 婚姻, en: Marital status}, type: integer,
         codes: {1: [已婚, married], 2: [离婚, divorced], 3: [丧偶, widowed], 5: [未婚, never married]}}
"""


def census() -> Questionnaire:
    return parse_definition(CENSUS)


def check(q: Questionnaire, households: str, persons: str) -> pd.DataFrame:
    hh, _ = coerce(q.households, md(households))
    pp, _ = coerce(q.persons, md(persons))
    return validate(q, hh, pp)


def found(findings: pd.DataFrame) -> list[tuple[str, str, object]]:
    return [
        (r.rule_id, r.hh_no, None if pd.isna(r.line_no) else int(r.line_no))
        for r in findings.itertuples()
    ]


HOUSEHOLDS = """
| ea_id | hh_no | name | age |
| A     | 001   | x    | 30  |
| A     | 002   | y    | 30  |
| A     | 003   | z    | 30  |
"""


def test_codes_of_the_definition_not_of_the_default_questionnaire() -> None:
    persons = """
    | ea_id | hh_no | line_no | p02_rel | p03_sex | p04_age | p05_ms |
    | A     | 001   | 1       | 1       | 2       | 40      | 1      |
    | A     | 001   | 2       | 2       | 1       | 21      | 1      |
    | A     | 002   | 1       | 1       | 1       | 40      | 1      |
    | A     | 002   | 2       | 1       | 2       | 41      | 1      |
    | A     | 003   | 1       | 1       | 1       | 40      | 1      |
    | A     | 003   | 2       | 3       | 2       | 21      | 1      |
    """
    got = found(check(census(), HOUSEHOLDS, persons))
    # household 001 is a married couple (no finding); 002 has two heads (S-01), not two spouses;
    # the married woman of 21 in 001 is not held to the men's legal age of 22; the married man of 21
    # in 003 is below the men's legal age (P-05)
    assert ("S-01", "002", None) in got
    assert not [f for f in got if f[0] == "S-03"]
    assert ("P-05", "003", 2) in got
    assert not [f for f in got if f[1] == "001"]


def test_two_spouses_and_a_child_too_close_in_age_are_found() -> None:
    persons = """
    | ea_id | hh_no | line_no | p02_rel | p03_sex | p04_age | p05_ms |
    | A     | 001   | 1       | 1       | 2       | 40      | 1      |
    | A     | 001   | 2       | 2       | 1       | 38      | 1      |
    | A     | 001   | 3       | 2       | 1       | 35      | 1      |
    | A     | 001   | 4       | 3       | 1       | 33      | 5      |
    | A     | 002   | 1       | 1       | 2       | 40      | 1      |
    | A     | 002   | 2       | 2       | 2       | 40      | 1      |
    """
    got = found(check(census(), HOUSEHOLDS, persons))
    assert ("S-03", "001", None) in got
    assert ("R-06", "001", 4) in got
    assert ("R-02", "002", 2) in got  # a same-sex spouse
    assert ("S-07", "003", None) in got  # a household without persons, no counts declared


def test_text_codes_and_items_at_the_other_level_do_not_break_the_rules() -> None:
    text_sex = CENSUS.replace(
        "{1: [女, female], 2: [男, male]}", '{"female": [女, female], "male": [男, male]}'
    ).replace('type: integer, codes: {"female"', 'type: text, codes: {"female"')
    text_sex = text_sex.replace(
        "codes: {male: 2, female: 1}", "codes: {male: male, female: female}"
    )
    q = parse_definition(text_sex)
    persons = """
    | ea_id | hh_no | line_no | p02_rel | p03_sex | p04_age | p05_ms |
    | A     | 001   | 1       | 1       | male    | 40      | 1      |
    | A     | 001   | 2       | 2       | male    | 38      | 1      |
    | A     | 002   | 1       | 1       | female  | 17      | 1      |
    | A     | 003   | 1       | 1       | female  | 30      | 5      |
    """
    got = found(check(q, HOUSEHOLDS, persons))
    assert ("R-02", "001", 2) in got
    assert ("P-05", "002", 1) in got


def test_a_rule_applies_exactly_when_its_roles_are_declared() -> None:
    q = census()
    assert RULES["S-03"].missing(q) == []
    assert RULES["R-02"].missing(q) == []
    assert RULES["S-05"].missing(q) == ["persons_present", "residence"]
    assert RULES["S-04"].missing(q) == ["persons_present + persons_away or household_size"]
    assert RULES["ID-01"].missing(q) == ["id_number"]


@pytest.mark.parametrize("rule_id", ["S-07", "S-08"])
def test_structure_rules_need_no_roles(rule_id: str) -> None:
    assert RULES[rule_id].missing(census()) == []


def test_survey_rules_prints_the_catalogue_and_why_a_rule_does_not_apply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "census.yaml"
    path.write_text(CENSUS, encoding="utf-8")
    assert main(["rules", "--questionnaire", str(path)]) == 0
    out = capsys.readouterr().out
    lines = {
        line.split()[0]: line for line in out.splitlines() if re.match(r"\s*[A-Z]+-\d\d", line)
    }
    assert len(lines) == len(RULES)
    assert re.search(r"S-03\s+error\s+yes\s+relationship", lines["S-03"])
    assert "needs persons_present, residence" in lines["S-05"]
    assert "roles: relationship=p02_rel, sex=p03_sex" in out


def test_survey_rules_on_the_default_questionnaire_applies_every_rule(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert f"{len(RULES)} of {len(RULES)} rules apply" in out
