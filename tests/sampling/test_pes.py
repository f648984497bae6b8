"""The PES: a synthetic population with a known omission, re-enumerated in a sample of EAs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from collectors import InputError
from schemas import default_questionnaire
from survey.cli import main
from survey.sampling.matching import match
from survey.sampling.pes import ea_counts, report

SURVEY_OMISSION, PES_OMISSION = 0.05, 0.02


def population(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for stratum in ("3701", "3702", "3703"):
        for e in range(20):
            ea = f"{stratum}02001{e:03d}001"
            for h in range(int(rng.integers(15, 30))):
                for line in range(1, int(rng.integers(1, 6)) + 1):
                    serial = len(rows)
                    rows.append(
                        {
                            "stratum": stratum,
                            "ea_id": ea,
                            "hh_no": f"{h + 1:03d}",
                            "line_no": line,
                            "name": f"张{serial:05d}",
                            "sex": int(rng.integers(1, 3)),
                            "birth_year": int(rng.integers(1930, 2025)),
                            "birth_month": int(rng.integers(1, 13)),
                            # one person in ten has no ID number (children, hukou pending)
                            "id_number": "" if rng.random() < 0.1 else f"37010219{serial:09d}X",
                        }
                    )
    return pd.DataFrame(rows)


def test_synthetic_pes_recovers_the_known_omission_and_population():
    rng = np.random.default_rng(15)
    people = population(rng)
    survey = people[rng.random(len(people)) >= SURVEY_OMISSION]  # the survey misses 5 %
    eas = people.drop_duplicates("ea_id")[["ea_id", "stratum"]]
    chosen = eas.groupby("stratum", group_keys=False).sample(n=8, random_state=3)  # PES: 8 of 20
    in_pes = people[people["ea_id"].isin(chosen["ea_id"])]
    pes = in_pes[rng.random(len(in_pes)) >= PES_OMISSION]  # the PES misses 2 %, independently
    pes = pes.assign(line_no=pes.groupby(["ea_id", "hh_no"]).cumcount() + 1)  # its own lines
    matches, review = match(survey, pes)
    assert review.empty
    counts = ea_counts(survey, pes, matches, None)
    design = chosen.assign(psu=chosen["ea_id"], prob=8 / 20)
    result = report(counts, design, enumerated=survey["stratum"])
    whole = result["survey"].iloc[0]
    truth = 1 - len(survey) / len(people)  # the omission that was made, about 5 %
    assert abs(whole["omission_rate"] - truth) <= 3 * whole["omission_rate_se"]
    assert 0 < whole["omission_rate_se"] < 0.02
    assert abs(whole["dse"] - len(people)) <= 3 * whole["dse_se"]
    assert whole["erroneous_rate"] == 0
    assert whole["both"] + whole["only_pes"] == len(pes)
    assert set(result["stratum"]["stratum"]) == {"3701", "3702", "3703"}
    per_ea = result["ea"]
    assert len(per_ea) == 24
    assert (per_ea["both"] + per_ea["only_survey"] == per_ea["survey"]).all()


def persons(rows: list[tuple]) -> pd.DataFrame:
    columns = ["ea_id", "hh_no", "line_no", "name", "sex", "birth_year", "birth_month", "id_number"]
    return pd.DataFrame(rows, columns=columns)


def test_matching_by_id_number_then_by_name_sex_and_birth_with_a_review_list():
    survey = persons(
        [
            ("E1", "001", 1, "王伟", 1, 1970, 3, "370102197003011234"),
            ("E1", "001", 2, "李娜", 2, 1972, 5, ""),
            ("E1", "001", 3, "王小明", 1, 2015, 9, ""),
            ("E1", "002", 1, "赵敏", 2, 1980, 1, ""),
            ("E1", "003", 1, "孙强", 1, 1990, 6, ""),
        ]
    )
    pes = persons(
        [
            ("E1", "001", 1, "王 伟", 1, 1970, 4, "370102197003011234"),  # ID number: a match
            ("E1", "001", 2, "李娜", 2, 1972, 5, ""),  # name, sex and birth in the household
            ("E1", "001", 3, "王小明", 1, 2014, 9, ""),  # birth a year off: to review
            ("E1", "004", 1, "赵敏", 2, 1980, 1, ""),  # same details, another household: review
            ("E1", "005", 1, "钱多", 1, 1999, 2, ""),  # only in the PES
        ]
    )
    matches, review = match(survey, pes)
    assert sorted(zip(matches["line_no_s"], matches["rule"], strict=True)) == [
        (1, "id_number"),
        (2, "name_sex_birth"),
    ]
    assert sorted(review["reason"]) == ["another household", "birth date differs"]
    counts = ea_counts(survey, pes, matches, None).iloc[0]
    assert (counts["survey"], counts["pes"], counts["both"]) == (5, 5, 2)
    assert (counts["only_survey"], counts["only_pes"]) == (3, 3)


def test_erroneous_enumerations_lower_the_correct_count():
    survey = persons([("E1", "001", i, f"p{i}", 1, 1980, 1, "") for i in range(1, 11)])
    pes = survey.iloc[:8]
    erroneous = survey.iloc[[9]]  # found on follow-up not to belong here
    matches, _ = match(survey, pes)
    counts = ea_counts(survey, pes, matches, erroneous)
    frame = pd.DataFrame(
        {"ea_id": ["E1", "E2"], "stratum": ["S", "S"], "psu": ["E1", "E2"], "prob": [0.5, 0.5]}
    )
    counts = pd.concat([counts, counts.assign(ea_id="E2")])  # a second EA alike, for a variance
    whole = report(counts, frame)["survey"].iloc[0]
    assert whole["erroneous_rate"] == pytest.approx(0.1)
    # Ĉ = 40, Ê = 4, P̂ = M̂ = 32 → F = 0.9; the survey's 20 persons stand for 18 (weighted: 36)
    assert whole["coverage_factor"] == pytest.approx(0.9)
    assert whole["dse"] == pytest.approx(0.9 * 2 * 10 * 2)
    assert whole["omission_rate"] == pytest.approx(0)


def test_a_pes_ea_missing_from_the_design_is_named():
    counts = pd.DataFrame(
        {
            "ea_id": ["E9"],
            **{k: [1] for k in ["survey", "erroneous", "pes", "both", "only_survey", "only_pes"]},
        }
    )
    frame = pd.DataFrame({"ea_id": ["E1"], "stratum": ["S"], "psu": ["E1"], "prob": [0.5]})
    with pytest.raises(InputError, match=r"EA E9 of the PES is not in eas\.csv"):
        report(counts, frame, "eas.csv")


def test_command_prints_the_figures_and_writes_each_ea(tmp_path, capsys):
    rng = np.random.default_rng(4)
    people = population(rng)
    survey = people[rng.random(len(people)) >= SURVEY_OMISSION]
    chosen = people.drop_duplicates("ea_id").groupby("stratum").head(3)
    pes = people[people["ea_id"].isin(chosen["ea_id"])]
    survey.to_csv(tmp_path / "survey.csv", index=False)
    pes.drop(columns="stratum").to_csv(tmp_path / "pes.csv", index=False)
    chosen.assign(psu=chosen["ea_id"], prob=3 / 20).to_csv(tmp_path / "eas.csv", index=False)
    by_ea = tmp_path / "by_ea.csv"
    args = ["pes", "--survey", str(tmp_path / "survey.csv"), "--pes", str(tmp_path / "pes.csv"),
            "--eas", str(tmp_path / "eas.csv"), "--by-ea", str(by_ea)]  # fmt: skip
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "omission_rate" in printed
    assert "dse_se" in printed
    assert len(pd.read_csv(by_ea)) == 9
    pd.DataFrame({"ea_id": ["1"]}).to_csv(tmp_path / "pes.csv", index=False)
    assert main(args) == 2
    assert "pes.csv, column hh_no: is missing; matching needs it" in capsys.readouterr().err


def test_the_pes_is_loaded_as_its_own_submissions_and_reported_from_the_database(tmp_path, capsys):
    rows = [
        ("370102001001001", "001", 1, "王伟", 0, 1, 1970, 3),
        ("370102001001001", "001", 2, "李娜", 1, 2, 1972, 5),
        ("370102001001002", "001", 1, "赵敏", 0, 2, 1980, 1),
    ]
    survey = pd.DataFrame(
        rows,
        columns=[
            "ea_id",
            "hh_no",
            "line_no",
            "name",
            "relationship",
            "sex",
            "birth_year",
            "birth_month",
        ],
    )
    db = str(tmp_path / "survey.db")
    eas = pd.DataFrame(
        {
            "ea_id": ["370102001001001", "370102001001002"],
            "name": ["一", "二"],
            "stratum": ["3701", "3701"],
            "psu": ["a", "b"],
            "prob": [0.5, 0.5],
        }
    )
    eas.to_csv(tmp_path / "eas.csv", index=False)
    assert main(["init", "--db", db]) == 0
    assert main(["load", "eas", str(tmp_path / "eas.csv"), "--db", db]) == 0
    pes_file = tmp_path / "pes.csv"
    form = [i.name for i in default_questionnaire().tables["persons"].items]  # the survey's form
    as_form = survey.reindex(columns=form)
    as_form.iloc[:2].to_csv(pes_file, index=False)  # the PES finds EA 1's two persons again
    as_form.iloc[[2]].to_csv(tmp_path / "pes2.csv", index=False)
    assert main(["load", "pes", str(pes_file), "--db", db]) == 0
    assert main(["load", "pes", str(tmp_path / "pes2.csv"), "--db", db]) == 0
    assert "loaded 2 PES persons of 1 EAs" in capsys.readouterr().out
    survey.to_csv(tmp_path / "survey.csv", index=False)
    out = tmp_path / "figures.csv"
    assert main(["pes", "--survey", str(tmp_path / "survey.csv"), "--eas", str(tmp_path / "eas.csv"),
                 "--db", db, "--format", "csv", "-o", str(out)]) == 0  # fmt: skip
    whole = pd.read_csv(out).iloc[0]
    assert (whole["pes"], whole["both"], whole["omission_rate"]) == (3, 3, 0.0)
    bad = tmp_path / "bad.csv"
    as_form.iloc[:2].assign(ea_id="370102001009999").to_csv(bad, index=False)
    assert main(["load", "pes", str(bad), "--db", db]) == 2
    assert (
        "bad.csv, row 2, column ea_id: EA 370102001009999 is not in the frame"
        in capsys.readouterr().err
    )
