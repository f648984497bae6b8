"""`survey init`, `load`, `users` and `codebook` as a survey office uses them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from survey.accounts.access import user_for_token
from survey.cli import main
from survey.context import Survey
from tests.tables import write_csv

EA1, EA2 = "370102001001001", "370102001001002"
EAS = f"""
| ea_id | name                 | stratum | psu          | prob |
| {EA1} | 闵子骞社区 第001调查小区 | 3701    | 370102001001 | 0.02 |
| {EA2} | 闵子骞社区 第002调查小区 | 3701    | 370102001001 | 0.02 |
"""
LISTING = f"""
| ea_id | hh_no | building_no | unit_no | head_name | expected_persons |
| {EA1} | 001   | 1           | 101     | 张伟      | 3                |
| {EA1} | 002   | 1           | 102     | 李娜      | .                |
"""


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "survey.db")
    assert main(["init", "--db", path]) == 0
    return path


def test_init_creates_a_database_and_refuses_to_overwrite_it(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["init", "--db", db]) == 2
    assert capsys.readouterr().err == (
        f"survey: {db} already holds a survey; choose another --db path\n"
    )


def test_init_with_a_broken_questionnaire_names_the_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = tmp_path / "q.yaml"
    text = (Path(__file__).parents[2] / "schemas" / "questionnaire.yaml").read_text()
    definition.write_text(text.replace("universe: age >= 60", "universe: agge >= 60"))
    assert main(["init", "--db", str(tmp_path / "x.db"), "--questionnaire", str(definition)]) == 2
    assert "persons.health: universe 'agge >= 60' names unknown item(s) agge" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "x.db").exists()


def test_loading_the_frame_and_the_listing(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", "eas", str(write_csv(tmp_path, "eas.csv", EAS)), "--db", db]) == 0
    listing = write_csv(tmp_path, "listing.csv", LISTING, bom=True)
    assert main(["load", "listing", str(listing), "--db", db]) == 0
    assert "loaded 2 listing rows" in capsys.readouterr().out
    with Survey.open(db) as survey:
        rows = survey.store.db.execute("SELECT hh_no, head_name, expected_persons FROM listing")
        assert rows.fetchall() == [("001", "张伟", 3), ("002", "李娜", None)]


def test_a_listing_row_of_an_unknown_ea_refuses_the_whole_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["load", "eas", str(write_csv(tmp_path, "eas.csv", EAS)), "--db", db])
    bad = LISTING.replace(f"| {EA1} | 002", "| 370102001009999 | 002")
    capsys.readouterr()
    assert main(["load", "listing", str(write_csv(tmp_path, "listing.csv", bad)), "--db", db]) == 2
    assert capsys.readouterr().err == (
        "survey: listing.csv, row 3, column ea_id: EA 370102001009999 is not in the frame; "
        "load eas.csv first or correct the ea_id\n"
    )
    with Survey.open(db) as survey:
        assert survey.store.db.execute("SELECT COUNT(*) FROM listing").fetchone()[0] == 0


def test_a_probability_out_of_range_refuses_the_frame(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = EAS.replace("| 0.02 |", "| 1.5  |", 1)
    assert main(["load", "eas", str(write_csv(tmp_path, "eas.csv", bad)), "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("survey: eas.csv, row 2, column prob:")
    with Survey.open(db) as survey:
        assert survey.store.db.execute("SELECT COUNT(*) FROM eas").fetchone()[0] == 0


def test_users_get_a_one_time_password_and_a_token(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["load", "eas", str(write_csv(tmp_path, "eas.csv", EAS)), "--db", db])
    capsys.readouterr()
    assert main(["users", "add", "wang", "--role", "enumerator", "--ea", EA1, "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"created enumerator wang (EAs: {EA1})\none-time password: ")
    assert main(["users", "token", "wang", "--db", db]) == 0
    token = capsys.readouterr().out.strip()
    assert len(token) >= 40
    with Survey.open(db) as survey:
        stored = survey.store.db.execute(
            "SELECT token_hash, password_hash FROM api_tokens "
            "JOIN users ON users.id = api_tokens.user_id"
        ).fetchone()
        assert token not in stored
        assert stored[1].startswith("$argon2id$")
    assert main(["users", "list", "--db", db]) == 0
    assert capsys.readouterr().out == f"wang\tenumerator\t{EA1}\n"
    assert main(["users", "revoke", "wang", "--db", db]) == 0
    assert capsys.readouterr().out.startswith("revoked 1 API token(s) of wang")
    with Survey.open(db) as survey:
        assert user_for_token(survey, token) is None
    assert main(["users", "revoke", "nobody", "--db", db]) == 2


def test_users_of_unknown_eas_or_taken_names_are_refused(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["load", "eas", str(write_csv(tmp_path, "eas.csv", EAS)), "--db", db])
    assert main(["users", "add", "li", "--role", "supervisor", "--ea", "999", "--db", db]) == 2
    assert "EA 999 is not an EA code: 15 digits" in capsys.readouterr().err
    unknown = ["users", "add", "li", "--role", "supervisor", "--ea", "999999999999999"]
    assert main([*unknown, "--db", db]) == 2
    assert "EA 999999999999999 is not in the survey's frame of EAs" in capsys.readouterr().err
    main(["users", "add", "li", "--role", "office", "--db", db])
    assert main(["users", "add", "li", "--role", "office", "--db", db]) == 2
    assert "a user named 'li' exists already" in capsys.readouterr().err
    assert main(["users", "token", "nobody", "--db", db]) == 2


def test_a_command_on_a_missing_database_says_how_to_create_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status", "--db", str(tmp_path / "none.db")]) == 2
    assert "create one with 'survey init'" in capsys.readouterr().err


def test_the_codebook_in_both_languages_and_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codebook", "--lang", "zh"]) == 0
    text = capsys.readouterr().out
    assert "| `relationship` | D2 与户主关系 | integer | 0 = 户主; 1 = 配偶;" in text
    assert main(["codebook", "--format", "json"]) == 0
    variables = json.loads(capsys.readouterr().out)["variables"]
    age = next(v for v in variables if v["name"] == "age")
    assert age["derived_from"] == ["birth_year", "birth_month"]


def test_python_dash_m_survey_runs_the_same_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "survey", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "init" in done.stdout


@pytest.mark.parametrize(
    ("share", "decimals", "shown"),
    [
        (3309 / 3310, 1, "99.9%"),
        (3309 / 3310, 2, "99.96%"),
        (1.0, 1, "100.0%"),
        (0.5, 0, "50%"),
        (None, 1, "–"),
        (0.07, 1, "7.0%"),
    ],
)
def test_a_share_below_one_never_shows_as_a_hundred_percent(
    share: float | None, decimals: int, shown: str
) -> None:
    from survey.progress.status import percent

    assert percent(share, decimals) == shown
