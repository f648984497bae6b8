"""Bulk import and file checks: all or nothing, located refusals, and a faithful round trip."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from collectors import InputError
from survey.accounts.access import Forbidden, User
from survey.cli import main
from survey.collection.importing import import_files
from survey.collection.revalidate import validate_all
from survey.collection.submission import SubmitError
from survey.context import Survey
from survey.review.actions import act
from survey.review.history import versions
from survey.states import TransitionRefused
from survey.store.records import records
from survey.views import dashboard
from tests.families import EA1, EA2, family
from tests.survey.households import Q, batch, new_survey

TABLES = ("households", "versions", "hh_rows", "person_rows", "findings", "events", "cell_errors")


@pytest.fixture
def setting(tmp_path: Path) -> Iterator[tuple[Survey, dict[str, User]]]:
    survey, users = new_survey(tmp_path / "s.db")
    yield survey, users
    survey.close()


def write_files(folder: Path, *families: tuple[dict, list[dict]]) -> tuple[Path, Path]:
    households = pd.DataFrame([h for h, _ in families], columns=Q.households.columns)
    persons = pd.DataFrame(
        [{**p, "ea_id": h["ea_id"], "hh_no": h["hh_no"]} for h, ps in families for p in ps],
        columns=Q.persons.columns,
    )
    hh_path, person_path = folder / "households.csv", folder / "persons.csv"
    households.to_csv(hh_path, index=False)
    persons.to_csv(person_path, index=False)
    return hh_path, person_path


def counts(survey: Survey) -> dict[str, int]:
    db = survey.store.db
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_an_import_stores_each_household_as_a_validated_version(setting, tmp_path: Path) -> None:
    survey, users = setting
    broken = family("002")
    broken[1][2]["birth_year"] = "abc"
    files = write_files(tmp_path, family("001"), broken, family("001", EA2))
    with pytest.raises(Forbidden):  # supervisors review; they do not submit
        import_files(survey, *files, user=users["li"])
    result = import_files(survey, *files, user=users["office"])  # the office may, for them
    assert result.households["version"].tolist() == [1, 1, 1]
    found = result.findings
    assert found.loc[found["rule_id"] == "V-03", ["hh_no", "line_no", "fields"]].astype(
        object
    ).values.tolist() == [["002", 3, "birth_year"]]
    stored = records(survey.store.read, Q)
    assert len(stored.households) == 3
    assert len(stored.persons) == 9
    assert stored.cell_errors[["hh_no", "field", "value"]].values.tolist() == [
        ["002", "birth_year", "abc"]
    ]


def test_households_imported_without_a_submitter_are_revalidated_and_on_the_dashboard(
    setting, tmp_path: Path
) -> None:
    survey, users = setting
    import_files(survey, *write_files(tmp_path, family("001"), family("001", EA2)))
    found = validate_all(survey)
    assert found[["rule_id", "hh_no"]].values.tolist() == [["C-01", "002"]]  # listed, missed
    board = dashboard.overview(survey, users["office"])
    assert board.overall.submitted == 2
    assert [row.key for row in board.enumerators if row.submitted] == []
    assert versions(survey, EA1, "001")[["version", "source", "user"]].values.tolist() == [
        [1, "import", None]
    ]


def test_persons_without_a_household_refuse_the_whole_import(setting, tmp_path: Path) -> None:
    survey, _ = setting
    hh_path, person_path = write_files(tmp_path, family("001"), family("002"))
    households = pd.read_csv(hh_path, dtype=str)
    households[households["hh_no"] != "002"].to_csv(hh_path, index=False)
    before = counts(survey)
    with pytest.raises(SubmitError, match=f"persons of household {EA1}/002 have no household row"):
        import_files(survey, hh_path, person_path)
    assert counts(survey) == before


def test_an_unknown_ea_or_a_broken_file_changes_nothing(setting, tmp_path: Path) -> None:
    survey, _ = setting
    before = counts(survey)
    files = write_files(tmp_path, family("001", "370102001009999"))
    with pytest.raises(SubmitError, match="EA 370102001009999 is not in the survey frame"):
        import_files(survey, *files)
    hh_path, person_path = write_files(tmp_path, family("001"))
    person_path.write_text(person_path.read_text().replace("line_no", "line_number"))
    with pytest.raises(InputError, match=r"persons\.csv, row 1, column line_number"):
        import_files(survey, hh_path, person_path)
    assert counts(survey) == before


def test_an_import_over_an_approved_household_is_refused_whole(setting, tmp_path: Path) -> None:
    survey, users = setting
    from survey.collection.submission import submit

    submit(survey, batch(*family("001")), source="form", user=users["wang"])
    act(survey, users["li"], EA1, "001", "approve", version=1)
    before = counts(survey)
    with pytest.raises(TransitionRefused, match=f"approved \\({EA1}/001\\)"):
        import_files(survey, *write_files(tmp_path, family("002"), family("001")))
    assert counts(survey) == before


def test_a_database_error_mid_import_rolls_everything_back(setting, tmp_path: Path) -> None:
    survey, _ = setting
    with survey.store.write() as db:  # a trigger that fails on the second household's rows
        db.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON person_rows WHEN NEW.hh_no = '002' "
            "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
        )
    before = counts(survey)
    with pytest.raises(sqlite3.IntegrityError, match="disk trouble"):
        import_files(survey, *write_files(tmp_path, family("001"), family("002")))
    assert counts(survey) == before


def test_survey_check_writes_the_findings_file_and_exits_1_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = family("002")
    broken[0]["n_away"] = 2
    hh_path, person_path = write_files(tmp_path, family("001"), broken)
    out = tmp_path / "findings.csv"
    code = main(
        [
            "check",
            "--households",
            str(hh_path),
            "--persons",
            str(person_path),
            "--findings",
            str(out),
            "--lang",
            "zh",
        ]
    )
    assert code == 1
    findings = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(findings.columns) == [
        "rule_id",
        "severity",
        "ea_id",
        "hh_no",
        "line_no",
        "fields",
        "message",
    ]
    assert findings[["rule_id", "severity", "hh_no", "line_no", "fields"]].values.tolist() == [
        ["S-04", "error", "002", "", "n_present;n_away"]
    ]
    assert findings["message"].iloc[0].startswith(f"调查小区{EA1}第002户")
    assert "共 1 个错误，涉及 1 户" in capsys.readouterr().out


def test_survey_check_of_clean_files_exits_0(tmp_path: Path) -> None:
    hh_path, person_path = write_files(tmp_path, family("001"), family("002"))
    assert main(["check", "--households", str(hh_path), "--persons", str(person_path)]) == 0


def test_survey_check_of_a_broken_file_exits_2_with_the_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hh_path, person_path = write_files(tmp_path, family("001"))
    row = hh_path.read_text().splitlines()[1]
    hh_path.write_text(hh_path.read_text() + row + ",1,2,3\n")  # more cells than the header
    assert main(["check", "--households", str(hh_path), "--persons", str(person_path)]) == 2
    assert capsys.readouterr().err.startswith("survey: households.csv, row 3")


def test_check_reports_a_repeated_household_as_s08_and_goes_on(
    setting, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = family("002")
    broken[1][1]["birth_year"] = "abc"
    files = write_files(tmp_path, family("001"), family("001"), broken)
    findings = tmp_path / "findings.csv"
    args = ["--households", str(files[0]), "--persons", str(files[1])]
    assert main(["check", *args, "--findings", str(findings)]) == 1
    found = pd.read_csv(findings, dtype=str)
    assert ["S-08", "001"] in found[["rule_id", "hh_no"]].values.tolist()
    assert ["V-03", "002"] in found[["rule_id", "hh_no"]].values.tolist()  # the rest is checked
    assert main(["import", *args, "--db", str(tmp_path / "s.db")]) == 2  # cannot tell which
    assert "households.csv, row 3, column hh_no" in capsys.readouterr().err
