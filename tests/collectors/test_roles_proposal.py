"""Which roles a converter proposes from a form's names and labels: a person's own age and sex,
never another person's (the mother's age, the respondent's gender), and never an age in months."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectors.roles import with_roles
from collectors.xlsform import Options, convert_form
from schemas import Reference
from tests.tables import write_book

CHOICES = """
| list_name | name   | label  |
| sx        | male   | Male   |
| sx        | female | Female |
| yn        | yes    | Yes    |
| yn        | no     | No     |
"""


def proposed(tmp_path: Path, roster: str) -> tuple[dict[str, object], list[str]]:
    survey = f"""
| type                | name    | label             |
| integer             | hh_size | Household size    |
| begin_repeat        | member  | Members           |
{roster.strip()}
| end_repeat          | member  | .                 |
"""
    book = write_book(tmp_path / "f.xlsx", {"survey": survey, "choices": CHOICES})
    conversion = convert_form(book, Options(reference=Reference(year=2024, month=7)))
    q, notes = with_roles(conversion.questionnaire)
    roles = {name: role.item for name, role in q.roles.items()}
    return roles, [n.message() for n in notes]


@pytest.mark.parametrize(
    ("roster", "age"),
    [
        ("| integer | age_in_years | How old is (NAME) in years? |", "age_in_years"),
        ("| integer | p12 | Age of individual: |", "p12"),
        ("| integer | idade | Que idade tem? |", "idade"),
    ],
)
def test_a_persons_own_age_is_proposed_whatever_its_spelling(
    tmp_path: Path, roster: str, age: str
) -> None:
    roles, notes = proposed(tmp_path, roster)
    assert roles == {"age": age}
    assert notes == [f"role age: {age} ({roster.split('|')[3].strip()})"]


def test_another_persons_age_or_sex_and_an_age_in_months_are_not_the_persons(
    tmp_path: Path,
) -> None:
    roles, notes = proposed(
        tmp_path,
        """
| integer             | age_months   | Age in months           |
| integer             | mother_age   | Age of mother           |
| select_one sx       | resp_gender  | Respondent's gender     |
| select_one sx       | sex_child    | Sex of the child        |
| select_one yn       | proxy        | Is (Gender: ${g}) here? |
| integer             | age          | Age                     |
| select_one sx       | gender       | Gender                  |
""",
    )
    assert roles == {"age": "age", "sex": "gender"}
    assert "role sex: gender (male male, female female)" in notes


def test_two_items_that_could_each_be_the_persons_sex_leave_the_role_to_the_user(
    tmp_path: Path,
) -> None:
    roles, notes = proposed(
        tmp_path,
        """
| select_one sx | sex    | Sex    |
| select_one sx | gender | Gender |
""",
    )
    assert "sex" not in roles
    assert notes == [
        "role sex: not set: several items could be it (sex, gender); say which with --roles"
    ]
