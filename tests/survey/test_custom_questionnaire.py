"""Another organisation's questionnaire: the whole chain works from its definition alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectors import coerce
from schemas import parse_definition
from survey.cli import main
from tests.tables import md, write_csv
from validation import validate

TINY = """
id: tiny
version: "1"
title: {zh: 饮水调查, en: Water survey}
reference: {year: 2024, month: 6}
tables:
  households:
    label: {zh: 户, en: Households}
    key: [ea_id, hh_no]
    items:
      - {name: ea_id, label: {zh: 小区, en: EA}, type: text}
      - {name: hh_no, label: {zh: 户号, en: Household}, type: text}
      - {name: water, label: {zh: 饮用水, en: Water source}, type: integer,
         codes: {1: [自来水, piped], 2: [井水, well]}}
  persons:
    label: {zh: 人, en: Persons}
    key: [ea_id, hh_no, line_no]
    parent: households
    items:
      - {name: ea_id, label: {zh: 小区, en: EA}, type: text}
      - {name: hh_no, label: {zh: 户号, en: Household}, type: text}
      - {name: line_no, label: {zh: 序号, en: Line}, type: integer, range: [1, 30]}
      - {name: age_years, label: {zh: 年龄, en: Age}, type: integer, range: [0, 120]}
      - {name: school, label: {zh: 在校, en: In school}, type: integer,
         codes: {1: [是, "yes"], 2: [否, "no"]}, universe: age_years >= 5 and age_years <= 24}
  eas:
    label: {zh: 小区, en: EAs}
    key: [ea_id]
    frame: true
    items:
      - {name: ea_id, label: {zh: 小区, en: EA}, type: text}
      - {name: name, label: {zh: 小区名称, en: EA name}, type: text}  # a person item elsewhere
      - {name: prob, label: {zh: 概率, en: Probability}, type: number, range: [0.0001, 1]}
  listing:
    label: {zh: 底册, en: Listing}
    key: [ea_id, hh_no]
    frame: true
    items:
      - {name: ea_id, label: {zh: 小区, en: EA}, type: text}
      - {name: hh_no, label: {zh: 户号, en: Household}, type: text}
"""

HOUSEHOLDS = """
| ea_id | hh_no | water |
| A     | 001   | 1     |
| A     | 002   | 3     |
"""
PERSONS = """
| ea_id | hh_no | line_no | age_years | school |
| A     | 001   | 1       | 40        | .      |
| A     | 001   | 2       | 10        | .      |
| A     | 002   | 1       | 30        | 1      |
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    return {
        "q": str(tmp_path / "tiny.yaml"),
        "db": str(tmp_path / "tiny.db"),
        "households": str(write_csv(tmp_path, "households.csv", HOUSEHOLDS)),
        "persons": str(write_csv(tmp_path, "persons.csv", PERSONS)),
        "eas": str(write_csv(tmp_path, "eas.csv", "| ea_id | name | prob |\n| A | 东区 | 0.5 |")),
        "listing": str(
            write_csv(
                tmp_path, "listing.csv", "| ea_id | hh_no |\n| A | 001 |\n| A | 002 |\n| A | 003 |"
            )
        ),
        "findings": str(tmp_path / "findings.csv"),
    }


def test_only_the_rules_its_items_allow_run_on_another_questionnaire(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "check",
            "--questionnaire",
            files["q"],
            "--households",
            files["households"],
            "--persons",
            files["persons"],
            "--findings",
            files["findings"],
        ]
    )
    assert code == 1
    lines = Path(files["findings"]).read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:6] for line in lines[1:]] == [
        ["V-01", "error", "A", "001", "2", "school"],
        ["V-03", "error", "A", "002", "", "water"],
        ["V-02", "error", "A", "002", "1", "school"],
    ]


def test_a_database_for_another_questionnaire_imports_validates_and_reports(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", files["db"]]
    assert main(["init", "--questionnaire", files["q"], *db]) == 0
    assert main(["load", "eas", files["eas"], *db]) == 0
    assert main(["load", "listing", files["listing"], *db]) == 0
    assert (
        main(["import", "--households", files["households"], "--persons", files["persons"], *db])
        == 0
    )
    assert main(["validate", *db]) == 1
    capsys.readouterr()
    assert main(["status", *db]) == 0
    out = capsys.readouterr().out
    assert "household coverage: 66.66%" in out  # 2 of 3, rounded down
    assert "item completeness: 83.33%" in out  # 5 of 6 applicable answers filled
    assert main(["codebook", "--lang", "zh", *db]) == 0
    assert (
        "| `school` | 在校 | integer | 1 = 是; 2 = 否 | age_years >= 5 and age_years <= 24 |"
        in (capsys.readouterr().out)
    )


def test_a_finding_names_only_fields_the_questionnaire_has() -> None:
    q = parse_definition(TINY, "tiny.yaml")
    households = md("| ea_id | hh_no | water |\n| A | 001 | 1 |")
    persons = md(
        "| ea_id | hh_no | line_no | age_years | school |\n"
        + "".join(f"| A | 001 | {n} | 40 | . |\n" for n in range(1, 12))
    )
    found = validate(q, coerce(q.households, households)[0], coerce(q.persons, persons)[0])
    large = found[found["rule_id"] == "S-09"]  # more than 10 persons: a rule of every survey
    assert len(large) == 1
    assert large["fields"].tolist() == [""]  # not the default survey's n_present;n_away
