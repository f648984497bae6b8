"""Post-stratification and raking reproduce R ``survey`` (``postStratify``, ``rake``), SEs included,
with Taylor and with replicate variances (each replicate calibrated anew).

Expected values: R survey 4.1-1, ``tests/sampling/reference.R`` cases G1–G6 and H1–H8, on
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


STRAT = Design(strata="stype", weight="pw", fpc="fpc")
SCHWIDE_STRAT = controls_from(
    pd.DataFrame({"sch.wide": ["No", "Yes"], "total": [1100, 5094]}), "schwide.csv"
)


def test_post_stratified_jackknife_calibrates_every_replicate(teaching):
    data = teaching("apiclus1")
    result = estimate(data, CLUS1, ASK, Options(controls=[TYPES], variance="jk1"))
    assert result["estimate"].tolist() == pytest.approx([642.310788211582, 3680892.94511905])
    assert result["se"].tolist() == pytest.approx(
        [26.934535367426, 473431.356779779], rel=1e-6
    )  # H1, H2
    by_type = estimate(
        data,
        CLUS1,
        [Request("mean", "api00")],
        Options(by=["stype"], controls=[TYPES], variance="jk1"),
    )
    assert by_type["se"].tolist() == pytest.approx(
        [25.3743035523982, 46.344121745186, 33.6876199986313], rel=1e-6
    )  # H3


def test_raked_jackknife(teaching):
    options = Options(controls=[TYPES, SCHWIDE], variance="jk1")
    result = estimate(teaching("apiclus1"), CLUS1, ASK, options)
    assert result["estimate"].tolist() == pytest.approx([641.230320926572, 3647280.14813187])
    assert result["se"].tolist() == pytest.approx(
        [26.8739803822815, 463582.177913181], rel=1e-6
    )  # H4, H5


def test_post_stratified_stratified_jackknife_means_ratios_and_proportions(teaching):
    ask = [
        Request("mean", "api00"),
        Request("ratio", "api00/api99"),
        Request("proportion", "awards"),
    ]
    result = estimate(
        teaching("apistrat"), STRAT, ask, Options(controls=[SCHWIDE_STRAT], variance="jkn")
    )
    assert result["estimate"].tolist() == pytest.approx(
        [661.828805945055, 1.05189064843168, 0.365338616182097, 0.634661383817903]
    )
    assert result["se"].tolist() == pytest.approx(
        [9.30007506379843, 0.00325325407100877, 0.0288661149591696, 0.0288661149591698], rel=1e-6
    )  # H6, H7, H8
