"""Estimates reproduce R ``survey`` on its own teaching data, to rtol 1e-6.

Every expected value is R survey 4.1-1's (Debian r-cran-survey 4.1-1-1), printed at 15
significant digits by ``tests/sampling/reference.R``; the case label (A1, B3, ...) is the one
that script prints. Where the same figure is published in the package's documentation or in
Lumley's *Complex Surveys* (2010) at 5 significant digits (e.g. ``svymean(~api00, dstrat)``:
662.29, SE 9.4089), it agrees with them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from survey.sampling import Design, Options, Request, estimate

RTOL = 1e-6

STRAT = Design(
    strata="stype", weight="pw", fpc="fpc"
)  # svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)
CLUS1 = Design(psu="dnum", weight="pw", fpc="fpc")  # svydesign(id=~dnum, weights=~pw, fpc=~fpc)
CLUS2 = Design(psu="dnum", ssu="snum", fpc="fpc1", fpc2="fpc2")  # id=~dnum+snum, fpc=~fpc1+fpc2
NHANES = Design(strata="SDMVSTRA", psu="SDMVPSU", weight="WTMEC2YR")  # nest=TRUE


def one(result: pd.DataFrame, **where: str) -> pd.Series:
    rows = result
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def close(row: pd.Series, estimate: float, se: float, deff: float | None = None) -> None:
    assert row["estimate"] == pytest.approx(estimate, rel=RTOL)
    assert row["se"] == pytest.approx(se, rel=RTOL)
    if deff is not None:
        assert row["deff"] == pytest.approx(deff, rel=RTOL)


def test_stratified_sample_with_fpc(teaching):
    result = estimate(
        teaching("apistrat"),
        STRAT,
        [Request("mean", "api00"), Request("total", "enroll"), Request("proportion", "awards")],
    )
    close(one(result, statistic="mean"), 662.287363159321, 9.40894080278458, 1.20445726853772)  # A1
    close(
        one(result, statistic="total"), 3687177.53243828, 114641.71610078, 0.362018122363404
    )  # A2
    yes = one(result, statistic="proportion", level="Yes")  # A3, A4 (logit interval, df 197)
    close(yes, 0.638936064050578, 0.0344059179972689, 1.05519402790561)
    assert (yes["ci_low"], yes["ci_high"]) == pytest.approx(
        (0.568721098868047, 0.703675779368256), rel=RTOL
    )
    close(one(result, statistic="proportion", level="No"), 0.361063935949422, 0.0344059179972689)
    assert set(result["df"]) == {197}  # A5: degf(dstrat)
    assert set(result["n"]) == {200}


def test_one_stage_cluster_sample_domains_and_ratios(teaching):
    data = teaching("apiclus1")
    whole = estimate(
        data,
        CLUS1,
        [Request("mean", "api00"), Request("total", "enroll"), Request("ratio", "api00/api99")],
    )
    close(one(whole, statistic="mean"), 644.169398907104, 23.542240693781, 9.34586945059095)  # B1
    close(one(whole, statistic="total"), 3404940.13452911, 932235.027041215, 31.3106560943494)  # B2
    close(one(whole, statistic="ratio"), 1.0612728107529, 0.00623083121660941)  # B4
    by = estimate(
        data,
        CLUS1,
        [
            Request("mean", "api00"),
            Request("ratio", "api00/api99"),
            Request("proportion", "awards"),
        ],
        Options(by=["stype"]),
    )
    for stype, mean, se, deff in [  # B3: svyby(~api00, ~stype, dclus1, svymean, deff=TRUE)
        ("E", 648.868055555556, 22.3624088938319, 6.58367352502780),
        ("H", 618.571428571429, 38.0202493594075, 2.22825931686862),
        ("M", 631.440000000000, 31.6094652272455, 2.16389972008046),
    ]:
        close(one(by, statistic="mean", domain=stype), mean, se, deff)
    for stype, ratio, se in [  # B5: svyby(~api00, ~stype, denominator=~api99, dclus1, svyratio)
        ("E", 1.06758300770092, 0.00706244092152082),
        ("H", 1.03836930455635, 0.01134362417608753),
        ("M", 1.03752875451857, 0.01033722805209662),
    ]:
        close(one(by, statistic="ratio", domain=stype), ratio, se)
    for (
        stype,
        p,
        se,
        low,
        high,
    ) in [  # B6: svyby(~I(awards=="Yes"), ~stype, dclus1, svyciprop, method="logit")
        ("E", 0.770833333332995, 0.0290458694008196, 0.702736355584324, 0.827167303582886),
        ("H", 0.428571428571429, 0.1456499748092852, 0.155248879968450, 0.753737922497903),
        ("M", 0.519999999999769, 0.1166355295934318, 0.279195606263855, 0.751856930964254),
    ]:
        row = one(by, statistic="proportion", domain=stype, level="Yes")
        close(row, p, se)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=RTOL)


def test_two_stage_cluster_sample_with_fpc_at_both_stages(teaching):
    # no weights given: R takes the probabilities from the fpc at each stage
    result = estimate(
        teaching("apiclus2"),
        CLUS2,
        [Request("mean", "api00"), Request("total", "enroll"), Request("mean", "avg.ed")],
    )
    close(one(result, variable="api00"), 670.811808118081, 30.0990273768366, 6.25051375571258)  # C1
    close(
        one(result, variable="enroll"), 2639272.93, 799637.773648358, 24.1940093065593
    )  # C2, na.rm
    close(one(result, variable="avg.ed"), 2.89680443337923, 0.157821595797459)  # C3, na.rm
    assert one(result, variable="api00")["df"] == 39  # C4: degf(dclus2)


def test_nhanes_missing_values_stay_in_the_design(teaching):
    data = teaching("nhanes")
    whole = estimate(data, NHANES, [Request("mean", "HI_CHOL")])
    close(one(whole), 0.112142956349692, 0.00544583969895456, 2.33679682739023)  # D1, na.rm=TRUE
    assert one(whole)["n"] == data["HI_CHOL"].notna().sum()
    by = estimate(data, NHANES, [Request("mean", "HI_CHOL")], Options(by=["race"]))
    for race, mean, se in [  # D2: svyby(~HI_CHOL, ~race, design, svymean, na.rm=TRUE)
        ("1", 0.1014916654539721, 0.00624584330874960),
        ("2", 0.1216492053559333, 0.00660413362353298),
        ("3", 0.0786400603990841, 0.01038464500054887),
        ("4", 0.0996786094771204, 0.02466622687185127),
    ]:
        close(one(by, domain=race), mean, se)
    two = estimate(data, NHANES, [Request("total", "HI_CHOL")], Options(by=["race", "RIAGENDR"]))
    for domain, total, se in [  # D3: svyby(~HI_CHOL, ~race+RIAGENDR, design, svytotal, na.rm=TRUE)
        ("1,1", 2284509.015178, 425397.267355292),
        ("2,1", 8315212.324945, 1104569.071536135),
        ("3,1", 1021261.491013, 172757.464261914),
        ("4,1", 958226.069991, 317493.273360158),
        ("1,2", 1662395.643777, 381486.338883382),
        ("2,2", 12285122.577991, 1301063.669340157),
        ("3,2", 1252636.763636, 286714.293281692),
        ("4,2", 855881.368141, 279381.269833526),
    ]:
        close(one(two, domain=domain), total, se)


def test_jackknife_replicates_carry_the_fpc(teaching):
    clus1 = estimate(
        teaching("apiclus1"),
        CLUS1,
        [Request("mean", "api00"), Request("total", "enroll")],
        Options(variance="jk1"),
    )
    close(
        one(clus1, statistic="mean"), 644.169398907104, 26.3293605895276
    )  # E1: as.svrepdesign(dclus1, "JK1")
    close(one(clus1, statistic="total"), 3404940.13452911, 932235.027041215)  # E2
    strat = estimate(
        teaching("apistrat"), STRAT, [Request("mean", "api00")], Options(variance="jkn")
    )
    close(one(strat), 662.287363159321, 9.40894080278461)  # E3: as.svrepdesign(dstrat, "JKn")
    by = estimate(
        teaching("apiclus1"),
        CLUS1,
        [Request("mean", "api00")],
        Options(by=["stype"], variance="jk1"),
    )
    for stype, mean, se in [  # E4
        ("E", 648.868055555556, 25.3743035523982),
        ("H", 618.571428571429, 46.3441217451860),
        ("M", 631.440000000000, 33.6876199986314),
    ]:
        close(one(by, domain=stype), mean, se)


@pytest.mark.parametrize(
    ("how", "se"),  # F: options(survey.lonely.psu=how); one school left in stratum H
    [
        ("certainty", 10.4833821077944),
        ("remove", 10.4833821077944),
        ("adjust", 10.4979456670911),
        ("average", 12.8394684713595),
    ],
)
def test_lonely_psu_options(teaching, how, se):
    data = teaching("apistrat")
    lonely = pd.concat([data[data["stype"] != "H"], data[data["stype"] == "H"].head(1)])
    design = Design(strata="stype", weight="pw", fpc="fpc", lonely_psu=how)
    close(one(estimate(lonely, design, [Request("mean", "api00")])), 666.794801764414, se)


@pytest.mark.parametrize(
    ("variance", "ses"),
    [
        ("taylor", [19.1592746028564, 10.6172092655137]),  # I1
        ("jkn", [19.7600593795809, 10.6307953039842]),  # I2
    ],
)
def test_rows_with_a_blank_domain_are_in_no_domain_and_stay_in_the_design(teaching, variance, ses):
    data = teaching("apistrat")
    data.loc[:5, "sch.wide"] = None  # R: napi$sch.wide[1:6] <- NA
    result = estimate(
        data, STRAT, [Request("mean", "api00")], Options(by=["sch.wide"], variance=variance)
    )
    assert result["domain"].tolist() == ["No", "Yes"]
    assert result["estimate"].tolist() == pytest.approx([596.462563381978, 676.536319556977])
    assert result["se"].tolist() == pytest.approx(ses, rel=1e-6)
    assert result["n"].tolist() == [47, 147]
