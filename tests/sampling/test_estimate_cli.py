"""`survey estimate` on files: the columns of the issue, located refusals, replicate variances."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from collectors import InputError
from survey.cli import main
from survey.sampling import COLUMNS, Design, Options, Request, estimate

from .conftest import SAMPLING


def test_csv_has_one_row_per_estimate_with_the_documented_columns(teaching, tmp_path, capsys):
    out = tmp_path / "estimates.csv"
    status = main(
        [
            "estimate",
            str(SAMPLING / "apiclus1.csv"),
            "--psu",
            "dnum",
            "--weight",
            "pw",
            "--fpc",
            "fpc",
            "--mean",
            "api00",
            "--proportion",
            "awards",
            "--by",
            "stype",
            "--format",
            "csv",
            "-o",
            str(out),
        ]
    )
    assert status == 0
    table = pd.read_csv(out, keep_default_na=False)
    assert list(table.columns) == COLUMNS
    assert len(table) == 3 + 6  # a mean per school type, two award levels per school type
    high = table[(table["statistic"] == "mean") & (table["domain"] == "H")].iloc[0]
    assert high["estimate"] == pytest.approx(618.571428571429, rel=1e-9)  # R: svyby, B3
    assert high["by"] == "stype"
    assert high["n"] == 14


def test_json_and_an_export_folder(tmp_path, capsys):
    folder = tmp_path / "dataset"
    folder.mkdir()
    persons = pd.DataFrame(
        {
            "stratum": ["A"] * 4 + ["B"] * 4,
            "psu": ["a1", "a1", "a2", "a2", "b1", "b1", "b2", "b2"],
            "weight": [10.0] * 4 + [20.0] * 4,
            "sex": [1, 2, 1, 2, 1, 1, 2, 2],
        }
    )
    persons.to_csv(folder / "persons.csv", index=False)
    main(
        [
            "estimate",
            str(folder),
            "--strata",
            "stratum",
            "--psu",
            "psu",
            "--weight",
            "weight",
            "--total",
            "weight",
            "--proportion",
            "sex",
            "--format",
            "json",
        ]
    )
    rows = json.loads(capsys.readouterr().out)
    total = next(r for r in rows if r["statistic"] == "total")
    assert total["estimate"] == 4 * 10 * 10 + 4 * 20 * 20  # Σ w·w
    women = next(r for r in rows if r["statistic"] == "proportion" and r["level"] == "2")
    assert women["estimate"] == pytest.approx((2 * 10 + 2 * 20) / 120)
    assert women["df"] == 2  # 4 PSUs − 2 strata


def test_a_wrong_column_is_named_and_nothing_is_written(tmp_path, capsys):
    out = tmp_path / "never.csv"
    status = main(
        [
            "estimate",
            str(SAMPLING / "apistrat.csv"),
            "--strata",
            "school_type",
            "--mean",
            "api00",
            "--mean",
            "awards",
            "-o",
            str(out),
            "--lang",
            "zh",
        ]
    )
    assert status == 2
    err = capsys.readouterr().err
    assert "列 school_type: 不是该文件的列" in err
    assert "列 awards: 不是数字" in err
    assert "第2行" in err
    assert not out.exists()


def test_a_lonely_psu_is_refused_unless_an_option_is_chosen(teaching, capsys):
    data = teaching("apistrat")
    lonely = pd.concat([data[data["stype"] != "H"], data[data["stype"] == "H"].head(1)])
    with pytest.raises(InputError, match="stratum H has only one PSU"):
        estimate(lonely, Design(strata="stype", weight="pw"), [Request("mean", "api00")])


def test_bootstrap_agrees_with_taylor_within_its_own_noise(teaching):
    data = teaching("apistrat")
    design = Design(strata="stype", weight="pw", fpc="fpc")
    taylor = estimate(data, design, [Request("mean", "api00")]).iloc[0]
    boot = estimate(
        data,
        design,
        [Request("mean", "api00")],
        Options(variance="bootstrap", replicates=400, seed=7),
    ).iloc[0]
    assert boot["estimate"] == taylor["estimate"]
    # 400 replicates: the SE of a bootstrap SE is about 1/sqrt(2·400) ≈ 3.5 %, so 15 % is wide
    assert boot["se"] == pytest.approx(taylor["se"], rel=0.15)
    again = estimate(
        data,
        design,
        [Request("mean", "api00")],
        Options(variance="bootstrap", replicates=400, seed=7),
    ).iloc[0]
    assert again["se"] == boot["se"]  # the seed makes it reproducible
