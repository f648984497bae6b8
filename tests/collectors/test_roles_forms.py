"""The edit rules on the pyxform and onadata forms, each brought in with a roles file: the
households are small tables (the onadata children are its own export's, reshaped here by
pandas), and each finding is the one the roles make true of them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from survey.cli import main
from tests.tables import write_csv

FORMS = Path(__file__).parents[2].parent / "shared" / "testdata" / "xlsform"
needs = pytest.mark.skipif(not FORMS.is_dir(), reason=f"{FORMS} is not here (shared testdata)")


def _convert_and_check(
    form: Path, roles: str, households: Path, persons: Path, out: Path
) -> tuple[pd.DataFrame, str]:
    """(findings, what `survey rules` prints) for the form converted with ``roles``."""
    (out / "roles.yaml").write_text(roles, encoding="utf-8")
    q = out / "questionnaire.yaml"
    options = ["--reference", "2013-02", "--roles", str(out / "roles.yaml")]
    assert main(["xlsform", "questionnaire", str(form), "-o", str(q), *options]) == 0
    findings = out / "findings.csv"
    files = ["--households", str(households), "--persons", str(persons)]
    assert main(["check", "--questionnaire", str(q), *files, "--findings", str(findings)]) == 1
    assert main(["rules", "--questionnaire", str(q)]) == 0
    found = pd.read_csv(findings, dtype=str, keep_default_na=False)
    return found, q.read_text(encoding="utf-8")


def _applies(printed: str, rule_id: str) -> bool:
    line = next(line for line in printed.splitlines() if line.startswith(f"{rule_id} "))
    return line.split()[2] == "yes"


PYXFORM_ROLES = """
roles:
  relationship:
    item: relationship_to_household_head
    codes: {head: head, spouse: wife_or_husband, child: son_or_daughter}
  sex: {item: sex, codes: {male: male, female: female}}
  age: {item: age_in_years}
  literate: {item: literate, codes: {able: 'yes', unable: 'no'}}
"""


@needs
def test_pyxform_tutorial_relationship_edits_on_text_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    households = write_csv(tmp_path, "households.csv", """
    | ea_id | hh_no |
    | 1     | 001   |
    | 1     | 002   |
    """)  # fmt: skip
    persons = write_csv(tmp_path, "persons.csv", """
    | ea_id | hh_no | line_no | name  | relationship_to_household_head | sex    | age_in_years |
    | 1     | 001   | 1       | Amos  | head                           | male   | 40           |
    | 1     | 001   | 2       | Brian | wife_or_husband                | male   | 38           |
    | 1     | 001   | 3       | Cyril | son_or_daughter                | male   | 45           |
    | 1     | 002   | 1       | Dora  | head                           | female | 12           |
    | 1     | 002   | 2       | Ezra  | wife_or_husband                | male   | 13           |
    | 1     | 002   | 3       | Femi  | wife_or_husband                | male   | 14           |
    """)  # fmt: skip
    found, _ = _convert_and_check(
        FORMS / "pyxform" / "tutorial.xls", PYXFORM_ROLES, households, persons, tmp_path
    )
    printed = capsys.readouterr().out
    assert all(_applies(printed, r) for r in ("S-01", "S-03", "R-01", "R-02", "R-05"))
    assert not _applies(printed, "P-05")  # marital status: no item plays the role
    assert not _applies(printed, "P-04")  # literacy is declared, education is not
    relational = found[found["rule_id"].str.match(r"^(S-0[13]|R-0[125])$")]
    assert sorted(zip(relational["rule_id"], relational["hh_no"], strict=True)) == [
        ("R-01", "002"),  # Dora heads her household at 12
        ("R-02", "001"),  # Amos and his spouse Brian are both men
        ("R-05", "001"),  # Cyril, a son, is older than his father
        ("S-03", "002"),  # Dora has two spouses
    ]


@needs
def test_onadata_tutorial_children_roster_with_household_level_name_and_age(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The form asks the respondent's name and age at the household and the children's in the
    roster: roles put the person edits on the children, and nothing reads the household's."""
    export = pd.read_csv(FORMS / "onadata" / "tutorial_w_repeats.csv", dtype=str)
    cells = export.melt(id_vars="_uuid").dropna()
    spot = cells["variable"].str.extract(r"^children\[(?P<line_no>\d+)\]/(?P<field>\w+)$")
    cells = cells.join(spot).dropna(subset=["field"])
    wide = cells.pivot(index=["_uuid", "line_no"], columns="field", values="value")
    real = wide.reset_index().assign(ea_id="1", hh_no="001")
    seeded = pd.DataFrame(  # a second household: a child named only by digits, one aged 101
        {"ea_id": "1", "hh_no": "002", "line_no": ["1", "2"], "childs_name": ["42", "Zoe"],
         "childs_age": ["7", "101"]}
    )  # fmt: skip
    persons = pd.concat([real, seeded])[["ea_id", "hh_no", "line_no", "childs_name", "childs_age"]]
    persons.to_csv(tmp_path / "persons.csv", index=False)
    households = write_csv(tmp_path, "households.csv", """
    | ea_id | hh_no | name | age |
    | 1     | 001   | Bob  | 25  |
    | 1     | 002   | Ann  | 200 |
    """)  # fmt: skip
    roles = "roles:\n  name: {item: childs_name}\n  age: {item: childs_age}\n"
    found, _ = _convert_and_check(
        FORMS / "onadata" / "tutorial_w_repeats.xlsx",
        roles,
        households,
        tmp_path / "persons.csv",
        tmp_path,
    )
    assert _applies(capsys.readouterr().out, "V-06")
    located = set(zip(found["rule_id"], found["hh_no"], found["line_no"], strict=True))
    age = pd.to_numeric(persons["childs_age"])
    no_adult = (age < 15).groupby(persons["hh_no"]).all()
    assert {k for k in located if k[0] == "S-10"} == {
        ("S-10", h, "") for h in no_adult.index[no_adult]
    }
    assert {k for k in located if k[0] in ("V-05", "V-06")} == {
        ("V-05", "002", "2"),  # Zoe, 101
        ("V-06", "002", "1"),  # a name of digits only
    }
    assert len(real) == 2  # Tom and Dick, from the export
