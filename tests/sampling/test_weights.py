"""`survey weights`: non-response within classes, calibration to controls, trimming, the report."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from collectors import InputError
from survey.cli import main
from survey.sampling.controls import controls_from
from survey.sampling.weights import WeightPlan, distribution, make_weights


def persons() -> pd.DataFrame:
    # EA 1 (stratum A, prob 1/10): households 001 and 002 enumerated of four listed
    # EA 2 (stratum A, prob 1/20): all three listed households enumerated, one addition (004)
    rows = [
        ("E1", "001", "A", 0.1, 1, 1), ("E1", "001", "A", 0.1, 2, 2),
        ("E1", "002", "A", 0.1, 1, 1),
        ("E2", "001", "A", 0.05, 1, 2), ("E2", "002", "A", 0.05, 2, 1),
        ("E2", "003", "A", 0.05, 1, 2), ("E2", "004", "A", 0.05, 2, 2),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["ea_id", "hh_no", "stratum", "prob", "sex", "age_group"])


LISTING = pd.DataFrame(
    {"ea_id": ["E1"] * 4 + ["E2"] * 3, "hh_no": ["001", "002", "003", "004", "001", "002", "003"]}
)


def test_nonresponse_within_eas_and_within_strata():
    by_ea, report = make_weights(persons(), WeightPlan(prob="prob", listing=LISTING))
    assert by_ea["base_weight"].tolist() == pytest.approx([10, 10, 10, 20, 20, 20, 20])
    assert by_ea["factor_nonresponse"].tolist() == pytest.approx([2, 2, 2, 1, 1, 1, 1])
    assert report["nonresponse"]["households_listed"] == 8  # the addition counts as listed
    assert report["nonresponse"]["households_enumerated"] == 6
    by_stratum, _ = make_weights(
        persons(), WeightPlan(prob="prob", listing=LISTING, nonresponse_by="stratum")
    )
    # listed: 4·10 + 4·20 = 120; enumerated: 2·10 + 4·20 = 100
    assert set(by_stratum["factor_nonresponse"].round(12)) == {1.2}


def test_poststratification_and_raking_hit_their_controls():
    sex = controls_from(pd.DataFrame({"sex": [1, 2], "total": [300, 340]}), "sex.csv")
    age = controls_from(pd.DataFrame({"age_group": [1, 2], "total": [250, 390]}), "age.csv")
    out, report = make_weights(persons(), WeightPlan(prob="prob", controls=[sex]))
    assert out.groupby("sex")["final_weight"].sum().tolist() == pytest.approx([300, 340])
    assert (out["final_weight"] == out["base_weight"] * out["factor_calibration"]).all()
    assert report["controls"][0]["largest_relative_gap"] < 1e-9
    raked, report = make_weights(persons(), WeightPlan(prob="prob", controls=[sex, age]))
    assert raked.groupby("sex")["final_weight"].sum().tolist() == pytest.approx(
        [300, 340], rel=1e-8
    )
    assert raked.groupby("age_group")["final_weight"].sum().tolist() == pytest.approx(
        [250, 390], rel=1e-8
    )
    assert [c["file"] for c in report["controls"]] == ["sex.csv", "age.csv"]


def test_a_cell_without_a_control_is_refused_with_its_row():
    sex = controls_from(pd.DataFrame({"sex": [1], "total": [300]}), "sex.csv")
    with pytest.raises(InputError) as caught:
        make_weights(persons(), WeightPlan(prob="prob", controls=[sex]), label="persons.csv")
    problem = caught.value.problems[0]
    assert (problem.file, problem.row) == ("persons.csv", 3)  # the first man … woman, row 3
    assert "the cell 2 (sex) has no control total in sex.csv" in problem.message_en


def test_trimming_caps_the_weights_and_keeps_the_total():
    data = pd.DataFrame({"w": [1.0] * 12 + [2.0] * 6 + [30.0]})
    out, report = make_weights(data, WeightPlan(weight="w", trim=3.0))
    assert out["final_weight"].sum() == pytest.approx(data["w"].sum())
    assert out["final_weight"].max() <= 3.0 * 1.0 + 1e-9  # the median weight is 1
    assert report["trimming"]["weights_trimmed"] == 1
    assert report["distribution"]["max"] <= 3.0 + 1e-9


def test_kish_design_effect_of_weighting():
    assert distribution(pd.Series([1.0, 1.0, 2.0, 2.0]))["kish_deff"] == pytest.approx(4 * 10 / 36)


def test_command_writes_the_factor_columns_and_the_report(tmp_path, capsys):
    persons().to_csv(tmp_path / "persons.csv", index=False)
    LISTING.to_csv(tmp_path / "listing.csv", index=False)
    pd.DataFrame({"sex": [1, 2], "total": [300, 340]}).to_csv(tmp_path / "sex.csv", index=False)
    out, report = tmp_path / "weighted.csv", tmp_path / "report.json"
    status = main(
        [
            "weights",
            str(tmp_path / "persons.csv"),
            "--prob",
            "prob",
            "--listing",
            str(tmp_path / "listing.csv"),
            "--poststratify",
            str(tmp_path / "sex.csv"),
            "-o",
            str(out),
            "--report",
            str(report),
        ]
    )
    assert status == 0
    table = pd.read_csv(out)
    for column in (
        "base_weight",
        "factor_nonresponse",
        "factor_calibration",
        "factor_trim",
        "final_weight",
    ):
        assert column in table.columns
    assert table.groupby("sex")["final_weight"].sum().tolist() == pytest.approx([300, 340])
    assert json.loads(report.read_text())["controls"][0]["cells"][1] == {
        "cell": "2",
        "target": 340.0,
        "achieved": pytest.approx(340.0),
    }
    assert "Kish deff" in capsys.readouterr().out
