"""The edit rules on real material brought in with a roles file: what they find is counted in
the source data by an independent pandas expression, not copied from the output."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from survey.cli import main

SHARED = Path(__file__).parents[2].parent / "shared" / "testdata"
CSPRO, GHANA = SHARED / "cspro", SHARED / "microdata" / "ghanaS-simPop" / "ghanaS.csv.gz"
REACH = SHARED / "xlsform" / "reach-msna-2024"
needs = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is not here (shared testdata)")

POPSTAN_ROLES = """
roles:
  relationship:
    item: p02_rel
    codes: {head: 1, spouse: 2, child: 3, parent: 4, other: [5, 6]}
  sex: {item: p03_sex, codes: {male: 1, female: 2}}
  age: {item: p04_age}
  marital_status: {item: p05_ms, codes: {never_married: 5, married: 1, formerly_married: [2, 3, 4]}}
"""
POPSTAN_KEY = ["PROVINCE", "DISTRICT", "VILLAGE", "EA", "UR", "BUILDING", "HU", "HH"]


def _cspro_check(folder: Path, dcf: str, dat: str, out: Path) -> pd.DataFrame:
    roles = out / "roles.yaml"
    roles.write_text(POPSTAN_ROLES, encoding="utf-8")
    q = out / "questionnaire.yaml"
    dictionary = str(folder / dcf)
    assert main(["cspro", "questionnaire", dictionary, "-o", str(q), "--roles", str(roles)]) == 0
    assert main(["cspro", "data", dictionary, str(folder / dat), "-o", str(out)]) == 0
    findings = out / "findings.csv"
    files = ["--households", str(out / "households.csv"), "--persons", str(out / "persons.csv")]
    assert main(["check", "--questionnaire", str(q), *files, "--findings", str(findings)]) == 1
    found = pd.read_csv(findings, dtype={"ea_id": str, "hh_no": str, "line_no": "Int64"})
    persons = pd.read_csv(
        out / "persons.csv", dtype={"ea_id": str, "hh_no": str, "line_no": "Int64"}
    )
    return found.merge(persons, on=["ea_id", "hh_no", "line_no"], how="left")


def _vacant(folder: Path, housing: str, person: str) -> int:
    h = pd.read_csv(folder / housing, dtype=str)[POPSTAN_KEY].drop_duplicates()
    p = pd.read_csv(folder / person, dtype=str)[POPSTAN_KEY].drop_duplicates()
    return int((h.merge(p, how="left", indicator=True)["_merge"] == "left_only").sum())


@needs
def test_popstan_spouses_children_early_marriages_and_vacant_households(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = CSPRO / "popstan-census"
    found = _cspro_check(folder, "Census Dictionary.dcf", "Popstan Census.dat", tmp_path)
    assert "role relationship: from roles.yaml" in capsys.readouterr().out
    p = pd.read_csv(folder / "derived_person.csv.gz", dtype=str)
    household = p.groupby(POPSTAN_KEY).ngroup()
    rel, age, ms = (pd.to_numeric(p[c]) for c in ("P02_REL", "P04_AGE", "P05_MS"))
    spouses = (rel == 2).groupby(household).sum()
    heads = (rel == 1).groupby(household).transform("sum")
    head_age = age.where(rel == 1).groupby(household).transform("max")
    close = (rel == 3) & (heads == 1) & (age < head_age) & (head_age - age < 12)
    married_under_12 = ms.notna() & (ms != 5) & (age < 12)
    count = found["rule_id"].value_counts()
    assert count["S-03"] == int((spouses > 1).sum()) > 0
    assert count["R-06"] == int(close.sum()) > 0
    p05 = found[found["rule_id"] == "P-05"]
    assert int((p05["p04_age"] < 12).sum()) == int(married_under_12.sum()) > 0
    vacant = _vacant(folder, "derived_housing.csv.gz", "derived_person.csv.gz")
    assert count["S-07"] == vacant == 416


@needs
def test_smallstan_households_without_persons(tmp_path: Path) -> None:
    folder = CSPRO / "hotdeck-smallstan"
    found = _cspro_check(folder, "Popstan.dcf", "smallStan.dat", tmp_path)
    vacant = _vacant(folder, "derived_housing.csv", "derived_person.csv")
    assert (found["rule_id"] == "S-07").sum() == vacant == 8


GHANA_ROLES = """
roles:
  relationship:
    item: relate
    codes: {head: 1, spouse: 2, child: [3, 7], grandchild: 4, other: [5, 6, 8, 9, 10]}
  sex: {item: sex, codes: {male: 1, female: 2}}
  age: {item: age}
"""


@needs
def test_ghana_multiple_and_same_sex_spouses(tmp_path: Path) -> None:
    roles = tmp_path / "roles.yaml"
    out = tmp_path / "gh"
    keys = ["--household-id", "hhid", "--ea", "clust", "--reference", "2010-01"]
    assert main(["microdata", "data", str(GHANA), *keys, "-o", str(out)]) == 0
    q = out / "questionnaire.yaml"
    text = q.read_text(encoding="utf-8")
    codes = {"head": 1, "spouse": 2, "child": 3, "grandchild": 4, "adopted child": 7}
    for label, code in codes.items():  # the converter numbers text values as first seen
        assert f"{code}:\n        - {label}\n" in text
    roles.write_text(GHANA_ROLES, encoding="utf-8")
    assert main(["microdata", "questionnaire", str(GHANA), *keys, "-o", str(q),
                 "--roles", str(roles)]) == 0  # fmt: skip
    findings = tmp_path / "findings.csv"
    files = ["--households", str(out / "households.csv"), "--persons", str(out / "persons.csv")]
    assert main(["check", "--questionnaire", str(q), *files, "--findings", str(findings)]) == 1
    found = pd.read_csv(findings, dtype=str)["rule_id"].value_counts()
    source = pd.read_csv(GHANA)
    spouse, head = source["relate"] == "spouse", source["relate"] == "head"
    spouses = spouse.groupby(source["hhid"]).sum()
    head_sex = source["sex"].where(head).groupby(source["hhid"]).transform("first")
    one_head = head.groupby(source["hhid"]).transform("sum") == 1
    assert found["S-03"] == int((spouses > 1).sum()) > 100
    assert found["R-02"] == int((spouse & one_head & (source["sex"] == head_sex)).sum()) > 0


REACH_ROLES = """
roles:
  sex: {item: ind_gender, codes: {male: male, female: female}}
  age: {item: ind_age}
"""


@needs
def test_reach_msna_ages_above_100_sex_ratio_and_infants_per_cluster(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form, export = REACH / "REACH_2024_MSNA-kobo-tool_draft_v11.xlsx", REACH / "dummy_raw_data.xlsx"
    options = ["--ea", "cluster_id", "--reference", "2024-07"]
    assert main(["xlsform", "data", str(form), str(export), "-o", str(tmp_path), *options]) == 0
    roles, q = tmp_path / "roles.yaml", tmp_path / "questionnaire.yaml"
    proposed = q.read_text(encoding="utf-8")  # not the respondent's or the proxy's gender
    assert "role sex: ind_gender (male male, female female)" in proposed
    roles.write_text(REACH_ROLES, encoding="utf-8")
    assert main(["xlsform", "questionnaire", str(form), "-o", str(q), *options,
                 "--roles", str(roles)]) == 0  # fmt: skip
    findings = tmp_path / "findings.csv"
    files = ["--households", str(tmp_path / "households.csv")]
    files += ["--persons", str(tmp_path / "persons.csv")]
    assert main(["check", "--questionnaire", str(q), *files, "--findings", str(findings)]) == 1
    found = pd.read_csv(findings, dtype=str)
    raw = pd.read_excel(export, sheet_name=["main", "roster"], dtype=str, engine="openpyxl")
    roster = raw["roster"]
    age = pd.to_numeric(roster["ind_age"])
    cluster = roster["_parent_index"].map(
        dict(zip(raw["main"]["index"], raw["main"]["cluster_id"], strict=True))
    )
    per = pd.DataFrame({"male": roster["ind_gender"] == "male", "age0": age == 0, "age1": age == 1})
    per["female"] = roster["ind_gender"] == "female"
    per = per.groupby(cluster).sum().assign(persons=cluster.value_counts())
    ratio = 100 * per["male"] / per["female"]
    big = per["persons"] >= 100
    assert (found["rule_id"] == "V-05").sum() == int((age > 100).sum()) > 0
    unusual_ratio = set(per.index[big & ((ratio < 80) | (ratio > 125))])
    assert set(found.loc[found["rule_id"] == "A-01", "ea_id"]) == unusual_ratio != set()
    few_infants = set(per.index[big & (per["age1"] > 0) & (per["age0"] < per["age1"] / 2)])
    assert set(found.loc[found["rule_id"] == "A-02", "ea_id"]) == few_infants != set()
    assert "R-02" not in set(found["rule_id"])  # no relationship role: no relationship edit runs
    assert "role sex: from roles.yaml" in capsys.readouterr().out
