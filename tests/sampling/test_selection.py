"""Selection: π sums to n, certainty capped iteratively, frequencies match π, the draw reproduces."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from collectors import InputError
from survey.cli import main
from survey.sampling.drawing import Plan, select
from survey.sampling.selection import pps_probabilities, pps_systematic


def test_certainty_is_capped_iteratively_not_in_one_pass():
    # one pass would give the village of 50 households π = 2·50/100 = 1.0 only after the
    # village of 100 is taken; before that it had 0.75. Three passes: 100, then 50, then none.
    pi, certain, passes = pps_probabilities(np.array([100, 50, 10, 10, 10, 10, 10]), 3)
    assert pi.tolist() == pytest.approx([1, 1, 0.2, 0.2, 0.2, 0.2, 0.2])
    assert certain.tolist() == [True, True, False, False, False, False, False]
    assert passes == 3
    assert pi.sum() == pytest.approx(3)


@pytest.mark.parametrize("n", [1, 3, 6, 9])
def test_probabilities_sum_to_n(n):
    size = np.random.default_rng(n).lognormal(4, 1.2, size=25)
    pi, certain, _ = pps_probabilities(size, n)
    assert pi.sum() == pytest.approx(n)
    assert (pi <= 1).all()
    assert (pi[certain] == 1).all()


def test_monte_carlo_frequencies_match_pi():
    size = np.array([400, 120, 90, 60, 60, 45, 30, 30, 20, 15, 10, 5], dtype=float)
    n, runs = 4, 4000
    rng = np.random.default_rng(2026)
    counts = np.zeros(len(size))
    for _ in range(runs):
        d = pps_systematic(size, n, rng)
        assert len(d.selected) == n  # a fixed sample size, never a duplicate
        counts[d.selected] += 1
    pi, certain, _ = pps_probabilities(size, n)
    assert certain[0]
    assert counts[0] == runs
    se = np.sqrt(pi * (1 - pi) / runs)
    # 4.5 standard errors on each of 12 units: a false alarm about once in 10⁴ runs of the test
    assert (np.abs(counts / runs - pi) <= 4.5 * se + 1e-12).all()


def frame() -> pd.DataFrame:
    rows = []
    for prefecture in ("3701", "3702"):
        for v in range(6):
            village = f"{prefecture}02001{v:03d}"
            for e in range(3):
                rows.append(
                    {
                        "ea_id": f"{village}{e + 1:03d}",
                        "name": f"村{v}第{e + 1}小区",
                        "prefecture": prefecture,
                        "village": village,
                        "households": 900 if v == 0 else 100 + 20 * v + e,
                    }
                )
    return pd.DataFrame(rows)


def test_two_stage_prob_is_the_product_and_certainty_units_are_self_representing():
    data = frame()
    before = data.copy()
    plan = Plan(size="households", strata="prefecture", n=2, psu="village", ea_per_psu=2, seed=5)
    eas, log = select(data, plan)
    pd.testing.assert_frame_equal(data, before)  # the frame handed in is not changed
    assert len(eas) == 2 * 2 * 2
    for prefecture in ("3701", "3702"):
        entry = log["strata"][prefecture]
        village = f"{prefecture}02001000"  # 2700 of 3780 households: certain
        assert entry["certainty"] == [village]
        assert 0 <= entry["random_start"] < 1
        sr = eas[eas["stratum"] == f"{prefecture}-SR1"]
        assert sr["prob"].tolist() == pytest.approx([2 / 3, 2 / 3])  # 1 × 2 EAs of 3
        assert sr["psu"].tolist() == sr["ea_id"].tolist()  # its EAs are its PSUs
        other = eas[eas["stratum"] == prefecture].iloc[0]
        rest = data[(data["prefecture"] == prefecture) & (data["village"] != village)]
        size = rest.groupby("village")["households"].sum()[other["psu"]]
        assert other["prob"] == pytest.approx(1 * size / size_total(rest) * 2 / 3)
    again, _ = select(data, plan)
    pd.testing.assert_frame_equal(eas, again)  # same seed, same draw


def size_total(rows: pd.DataFrame) -> float:
    return float(rows["households"].sum())


def test_monte_carlo_two_stage_frequencies_match_prob():
    data = frame()
    data = data[data["prefecture"] == "3701"]
    runs = 200
    hits = pd.Series(0, index=data["ea_id"])
    probs: dict[str, float] = {}
    for seed in range(runs):
        eas, _ = select(data, Plan(size="households", n=2, psu="village", ea_per_psu=1, seed=seed))
        hits[eas["ea_id"]] += 1
        probs.update(zip(eas["ea_id"], eas["prob"], strict=True))
    pi = pd.Series(probs).reindex(hits.index)
    assert pi.notna().all()  # every EA was drawn at least once in 200 runs (each has π ≥ 0.06)
    se = np.sqrt(pi * (1 - pi) / runs)
    assert ((hits / runs - pi).abs() <= 4.5 * se).all()


def test_the_output_loads_as_the_frame_and_the_start_is_logged(tmp_path, capsys):
    path = tmp_path / "frame.csv"
    frame().to_csv(path, index=False)
    out = tmp_path / "eas.csv"
    assert (
        main(
            [
                "sample",
                str(path),
                "--strata",
                "prefecture",
                "--size",
                "households",
                "--n",
                "2",
                "--psu",
                "village",
                "--ea-per-psu",
                "2",
                "--seed",
                "9",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "stratum 3701: 2 of 6, 1 with certainty, random start" in printed
    log = json.loads(out.with_suffix(".draw.json").read_text(encoding="utf-8"))
    assert log["seed"] == 9
    db = str(tmp_path / "survey.db")
    assert main(["init", "--db", db]) == 0
    assert main(["load", "eas", str(out), "--db", db]) == 0
    assert "loaded 8 eas rows" in capsys.readouterr().out


def test_impossible_requests_are_refused_with_their_place():
    data = frame()
    with pytest.raises(InputError, match="stratum 3701 has 6 units, so 7 cannot be drawn"):
        select(data, Plan(size="households", strata="prefecture", n=7, psu="village"))
    data.loc[4, "households"] = -3
    with pytest.raises(InputError) as caught:
        select(data, Plan(size="households", n=2))
    assert caught.value.problems[0].row == 6
    assert caught.value.problems[0].column == "households"
