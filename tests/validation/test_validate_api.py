"""The public API of ``validation``: the findings table, the findings file, the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import validation
from tests.validation.household_tables import (
    Q,
    check,
    edit,
    family,
    renumbered,
    together,
)
from validation import FINDING_COLUMNS, RULES, findings_file, validate

RULES_MD = Path(__file__).resolve().parents[3] / "shared" / "spec" / "rules.md"


def _messy() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two households with a spread of problems."""
    hh1, pp1 = family()
    hh2, pp2 = renumbered(hh1, pp1, "002")
    pp1 = edit(edit(pp1, 3, education=12), 4, literate=1)
    pp2 = edit(edit(pp2, 1, id_number="370102198005120018"), 2, marital_status=1)
    return together(hh1, edit(hh2, n_away=1)), together(pp1, pp2)


def test_findings_columns_and_types():
    found = check(*_messy())
    assert list(found.columns) == FINDING_COLUMNS
    assert str(found["line_no"].dtype) == "Int64"
    assert set(found["severity"]) <= {"error", "warning", "info"}
    for column in ("rule_id", "severity", "ea_id", "hh_no", "fields", "message_en", "message_zh"):
        assert str(found[column].dtype) == "string", column


def test_findings_are_sorted_by_household_line_and_rule():
    found = check(*_messy())
    keys = found[["ea_id", "hh_no", "line_no", "rule_id"]]
    assert keys.equals(
        keys.sort_values(["ea_id", "hh_no", "line_no", "rule_id"], na_position="first")
    )
    household = found[found["hh_no"] == "002"]
    assert household["line_no"].isna().iloc[0]  # household-level finding before person lines


def test_no_clean_household_gets_findings():
    assert check(*family()).empty


def test_messages_never_carry_names_or_id_numbers():
    hh, pp = _messy()
    found = check(hh, pp)
    text = " ".join(found["message_en"]) + " ".join(found["message_zh"])
    for value in [*pp["name"], *pp["id_number"]]:
        assert value not in text


def test_each_household_alone_gives_its_own_findings():
    hh, pp = _messy()
    together_found = check(hh, pp)
    one_by_one = pd.concat(
        [check(hh[hh["hh_no"] == n], pp[pp["hh_no"] == n]) for n in ("001", "002")],
        ignore_index=True,
    )
    assert together_found.equals(one_by_one)


def test_extra_columns_are_tolerated():
    hh, pp = family()
    hh = hh.assign(enumerator="wang", version=3)
    pp = pp.assign(version=3, note="x")
    assert check(hh, pp).empty


def test_plain_numpy_dtypes_are_accepted():
    hh, pp = family()
    hh = hh.astype({"n_present": "int64", "hh_type": "float64"})
    pp = pp.astype({"ea_id": "object", "line_no": "int64"})
    assert check(hh, pp).empty


def test_missing_column_is_misuse():
    hh, pp = family()
    with pytest.raises(ValueError, match="persons table lacks column"):
        validate(Q, hh, pp.drop(columns=["sex"]))


def test_text_in_a_number_column_is_misuse():
    hh, pp = family()
    with pytest.raises(ValueError, match="read the data through the collectors"):
        validate(Q, hh, pp.astype({"sex": "object"}).assign(sex="male"))


def test_findings_file_in_english_and_chinese():
    found = check(*_messy())
    english = findings_file(found)
    assert list(english.columns) == [
        "rule_id",
        "severity",
        "ea_id",
        "hh_no",
        "line_no",
        "fields",
        "message",
    ]
    assert english["message"].tolist() == found["message_en"].tolist()
    assert findings_file(found, "zh")["message"].tolist() == found["message_zh"].tolist()
    with pytest.raises(ValueError, match="lang must be one of en, zh"):
        findings_file(found, "fr")


# The rules spec/rules.md lists (47), copied here so the registry is checked with or without
# ../shared beside the checkout; the test after this one keeps the copy equal to the spec.
SPEC_RULES = frozenset(
    [f"C-0{i}" for i in range(1, 5)]
    + [f"F-0{i}" for i in range(1, 6)]
    + [f"ID-0{i}" for i in range(1, 6)]
    + [f"P-0{i}" for i in range(1, 8)]
    + [f"R-0{i}" for i in range(1, 10)]
    + [f"S-{i:02d}" for i in range(1, 12)]
    + [f"V-0{i}" for i in range(1, 7)]
)


def test_every_rule_of_the_specification_is_registered():
    assert len(SPEC_RULES) == 47
    assert set(RULES) >= SPEC_RULES
    assert set(RULES) - SPEC_RULES == {"A-01", "A-02", "A-03", "A-04"}


def test_the_copy_of_the_specifications_rules_is_the_specification():
    if not RULES_MD.exists():
        pytest.skip("../shared/spec/rules.md is not beside the checkout")
    listed = set(re.findall(r"^\| ([A-Z]+-\d\d) \|", RULES_MD.read_text(encoding="utf-8"), re.M))
    assert listed == SPEC_RULES


def test_every_rule_is_broken_by_some_test():
    tests = "".join(
        path.read_text(encoding="utf-8") for path in Path(__file__).parent.glob("test_rules_*.py")
    )
    untested = [rule_id for rule_id in RULES if f'"{rule_id}"' not in tests]
    assert untested == []


def test_catalogue_has_severity_and_both_languages():
    catalogue = RULES.catalogue()
    assert list(catalogue["rule_id"][:3]) == ["V-01", "V-02", "V-03"]
    assert catalogue["description_en"].str.len().gt(0).all()
    assert catalogue["description_zh"].str.len().gt(0).all()
    assert RULES["S-04"].severity == "error"
    assert RULES["S-04"].fields_in(Q) == ("n_present", "n_away")


def test_a_rule_id_is_registered_once():
    with pytest.raises(ValueError, match="registered twice"):
        validation.rule("S-04", "error", en="again", zh="再次")(lambda ctx: ctx)
