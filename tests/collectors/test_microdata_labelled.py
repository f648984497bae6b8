"""Microdata as statistical offices publish it — Stata, SPSS, Parquet — converts with the file's
own variable labels and value labels, and its cells read as a CSV of the same table would."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from collectors import InputError
from collectors.microdata import Options, convert_files
from schemas import ItemType, Reference, parse_definition
from survey.cli import main

SHARED = Path(__file__).parents[2].parent / "shared" / "testdata" / "microdata"
GHANA = SHARED / "ghanaS-simPop" / "ghanaS.csv.gz"
needs = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is not here (shared testdata)")

# A household survey's person file as Stata or SPSS holds it: numbers as doubles, codes labelled.
PEOPLE = pd.DataFrame(
    {
        "hid": [7.0, 7, 7, 8, 8, 9, 9],
        "village": ["A", "A", "A", "A", "A", "B", "B"],
        "sex": [1.0, 2, 1, 2, 1, 2, 1],
        "relate": [1.0, 2, 3, 1, 3, 1, 2],
        "age": [40.0, 35, 9, 61, 98, 50, 52],  # 98: "don't know", the one labelled age
        "income": [10.5, float("nan"), 0, 3.25, 7, 1, 2],
    }
)
LABELS = ["Household id", "Village", "Sex of member", "Relationship to head", "Age", "Income"]
VALUE_LABELS = {
    "sex": {1: "Male", 2: "Female"},
    "relate": {1: "Head", 2: "Spouse", 3: "Child", 4: "Other relative"},  # 4: in no row
    "age": {98: "Don't know"},
}


def options() -> Options:
    return Options(household_id=("hid",), ea="village", reference=Reference(year=2010, month=1))


def write(path: Path) -> Path:
    if path.suffix == ".dta":
        pyreadstat.write_dta(
            PEOPLE, str(path), column_labels=LABELS, variable_value_labels=VALUE_LABELS
        )
    elif path.suffix == ".sav":
        pyreadstat.write_sav(
            PEOPLE, str(path), column_labels=LABELS, variable_value_labels=VALUE_LABELS
        )
    else:
        PEOPLE.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".dta", ".sav"])
def test_a_stata_or_spss_file_converts_with_its_labels(tmp_path: Path, suffix: str) -> None:
    c = convert_files(write(tmp_path / f"people{suffix}"), options())
    q = c.questionnaire
    sex, relate = q.item("sex"), q.item("relate")
    assert sex.label.en == sex.label.zh == "Sex of member"
    assert (sex.type, sex.code_values, sex.code_label(2, "en")) == (
        ItemType.INTEGER,
        (1, 2),
        "Female",
    )
    assert relate.code_values == (1, 2, 3, 4)  # a labelled code no row holds is still a code
    assert relate.code_label(4, "en") == "Other relative"
    age = q.item("age")
    assert (age.type, age.codes) == (ItemType.INTEGER, None)  # 98 alone is labelled: a number
    assert q.item("income").type == ItemType.NUMBER
    persons = c.texts["persons"]
    assert persons["age"].tolist() == ["40", "35", "9", "61", "98", "50", "52"]  # not 40.0
    assert persons["income"].tolist() == ["10.5", "", "0", "3.25", "7", "1", "2"]  # NaN: blank
    said = [n.message() for n in c.notes]
    assert "relate: its 4 value labels became the code list (1 Head, 2 Spouse, 3 Child, " \
        "4 Other relative); any other value is an error" in said  # fmt: skip
    assert any(m.startswith("labels: item labels are the file's variable labels") for m in said)


def test_a_parquet_file_reads_as_its_csv_would(tmp_path: Path) -> None:
    c = convert_files(write(tmp_path / "people.parquet"), options())
    assert c.texts["persons"]["age"].tolist()[:3] == ["40", "35", "9"]
    assert c.questionnaire.item("sex").label.en == "sex"  # Parquet has no labels: the name
    assert c.questionnaire.item("age").type == ItemType.INTEGER


@pytest.mark.parametrize("suffix", [".dta", ".sav", ".parquet"])
def test_a_damaged_file_is_refused_in_one_located_sentence(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"people{suffix}"
    path.write_bytes(b"hid,village\n7,A\n")  # a CSV saved under the wrong name
    with pytest.raises(InputError) as refused:
        convert_files(path, options())
    [problem] = refused.value.problems
    assert problem.file == path.name
    assert "cannot be read as" in problem.message_en


@needs
@pytest.mark.slow
def test_ghana_as_a_stata_file_converts_as_its_csv_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ghana = pd.read_csv(GHANA)
    dta, encoded, labels = tmp_path / "ghana.dta", ghana.copy(), {}
    for column in ("sex", "relate"):  # as Stata's `encode` does: integer codes, value labels
        values = sorted(ghana[column].unique())
        labels[column] = dict(enumerate(values, start=1))
        encoded[column] = ghana[column].map({v: k for k, v in labels[column].items()})
    pyreadstat.write_dta(encoded, str(dta), variable_value_labels=labels)
    keys = ["--household-id", "hhid", "--ea", "clust", "--weight", "weight"]
    keys += ["--stratum", "region", "--reference", "2010-01"]
    for source, out in ((GHANA, tmp_path / "from-csv"), (dta, tmp_path / "from-dta")):
        assert main(["microdata", "data", str(source), *keys, "-o", str(out)]) == 0
        assert "wrote 8700 households, 36970 persons and 580 EAs" in capsys.readouterr().out
    from_csv = pd.read_csv(tmp_path / "from-csv" / "persons.csv", dtype=str)
    from_dta = pd.read_csv(tmp_path / "from-dta" / "persons.csv", dtype=str)
    coded = ["sex", "relate"]
    numbers = ["income"]  # the CSV wrote 0.0 where Stata's double reads as 0
    others = [*coded, *numbers]
    pd.testing.assert_frame_equal(from_dta.drop(columns=others), from_csv.drop(columns=others))
    for column in numbers:
        pd.testing.assert_series_equal(
            pd.to_numeric(from_dta[column]), pd.to_numeric(from_csv[column]), check_exact=False
        )
    q = parse_definition((tmp_path / "from-dta" / "questionnaire.yaml").read_text("utf-8"))
    for column in coded:  # the codes read back through the file's own value labels
        shown = from_dta[column].map(lambda v, c=column: q.item(c).code_label(int(v), "en"))
        assert sorted(shown.unique()) == sorted(ghana[column].unique())
    assert q.item("relate").code_values == tuple(range(1, len(labels["relate"]) + 1))
