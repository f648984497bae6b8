"""Post-stratification and raking reproduce R ``survey`` (``postStratify``, ``rake``), SEs included.

Expected values: R survey 4.1-1, ``tests/sampling/reference.R`` cases G1–G6, on
``dclus1 <- svydesign(id=~dnum, weights=~pw, data=apiclus1, fpc=~fpc)`` with the population
counts of the package's ``?postStratify`` example: stype E 4421, H 755, M 1018; sch.wide No
1072, Yes 5122. The raking is run to convergence in R (``epsilon=1e-9``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from survey.sampling import Design, Options, Request, estimate
from survey.sampling.controls import controls_from

CLUS1 = Design(psu="dnum", weight="pw", fpc="fpc")
TYPES = controls_from(
    pd.DataFrame({"stype": ["E", "H", "M"], "total": [4421, 755, 1018]}), "types.csv"
)
SCHWIDE = controls_from(
    pd.DataFrame({"sch.wide": ["No", "Yes"], "total": [1072, 5122]}), "schwide.csv"
)
ASK = [Request("mean", "api00"), Request("total", "enroll")]


def test_post_stratification(teaching):
    result = estimate(teaching("apiclus1"), CLUS1, ASK, Options(controls=[TYPES]))
    mean, total = result.iloc[0], result.iloc[1]
    assert (mean["estimate"], mean["se"]) == pytest.approx(
        (642.310788211582, 23.9204864450904), rel=1e-6
    )  # G1
    assert (total["estimate"], total["se"]) == pytest.approx(
        (3680892.94511905, 406292.636294802), rel=1e-6
    )  # G2


def test_raking(teaching):
    result = estimate(teaching("apiclus1"), CLUS1, ASK, Options(controls=[TYPES, SCHWIDE]))
    mean, total = result.iloc[0], result.iloc[1]
    assert (mean["estimate"], mean["se"]) == pytest.approx(
        (641.230320926572, 23.7036168880041), rel=1e-6
    )  # G3
    assert (total["estimate"], total["se"]) == pytest.approx(
        (3647280.14813187, 400603.256860168), rel=1e-6
    )  # G4


def test_post_stratified_domains(teaching):
    result = estimate(
        teaching("apiclus1"),
        CLUS1,
        [Request("mean", "api00")],
        Options(by=["stype"], controls=[TYPES]),
    )
    assert result["se"].tolist() == pytest.approx(
        [22.3624088938319, 38.0202493594075, 31.6094652272455], rel=1e-6
    )  # G6
