"""Other organisations' flat microdata: each decision and refusal on small inline tables, and the
real files (Ghana simPop, sdcMicro testdata) from ../shared/testdata, skipped when absent."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from collectors import InputError
from collectors.microdata import Options, Source, convert, definition_text
from schemas import ItemType, Reference, parse_definition
from survey.cli import main
from tests.tables import md

SHARED = Path(__file__).parents[2].parent / "shared" / "testdata" / "microdata"
GHANA = SHARED / "ghanaS-simPop" / "ghanaS.csv.gz"
SDC = SHARED / "sdcMicro-testdata" / "testdata.csv"
needs = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is not here (shared testdata)")
REF = Reference(year=2010, month=1)

PEOPLE = """
| hid | village | roof  | name  | sex    | relate | age | income | w   |
| 7   | A       | tin   | Kofi  | male   | head   | 40  | 10.5   | 4   |
| 7   | A       | tin   | Ama   | female | spouse | 35  | .      | 4   |
| 7   | A       | tin   | Yaw   | male   | child  | 9   | 0      | 4   |
| 8   | A       | straw | Esi   | female | head   | 61  | 3.25   | 4   |
| 8   | A       | straw | Kwame | male   | child  | 30  | 7      | 4   |
| 9   | B       | tin   | Abena | female | head   | 50  | 1      | 2   |
| 9   | B       | tin   | Kojo  | male   | spouse | 52  | 2      | 2   |
"""


def source(text: str, name: str = "people.csv") -> Source:
    return Source(name, md(text), 0)


def opts(**kw: object) -> Options:
    base: dict[str, object] = {"household_id": ("hid",), "ea": "village", "reference": REF}
    return Options(**(base | kw))  # type: ignore[arg-type]


def test_levels_types_codes_and_keys_are_decided_from_the_data() -> None:
    c = convert(source(PEOPLE), None, opts(weight="w"))
    q = c.questionnaire
    assert q.households.columns == ["ea_id", "hh_no", "hid", "roof"]
    assert q.persons.columns == [
        "ea_id", "hh_no", "line_no", "name", "sex", "relate", "age", "income"
    ]  # fmt: skip
    assert q.item("hid", "households").identifier is True
    sex = q.item("sex")
    assert (sex.type, sex.code_values, sex.code_label(2, "en")) == (
        ItemType.INTEGER,
        (1, 2),
        "female",
    )
    assert q.item("name").codes is None
    assert q.item("roof", "households").codes is None  # 2 values on 3 households: free text
    assert q.item("age").type == ItemType.INTEGER
    assert q.item("age").range == (-1e15, 1e15)  # no range invented from 9–61
    income = q.item("income")
    assert (income.type, income.required) == (ItemType.NUMBER, False)
    households, persons = c.texts["households"], c.texts["persons"]
    assert households[["ea_id", "hh_no", "hid", "roof"]].values.tolist() == [
        ["A", "001", "7", "tin"], ["A", "002", "8", "straw"], ["B", "001", "9", "tin"]
    ]  # fmt: skip
    assert persons["sex"].tolist() == ["1", "2", "1", "2", "1", "2", "1"]
    assert persons["line_no"].tolist() == ["1", "2", "3", "1", "2", "1", "2"]
    assert c.texts["eas"].values.tolist() == [["A", "", "A", "0.25"], ["B", "", "B", "0.5"]]
    assert c.texts["listing"]["expected_persons"].tolist() == ["3", "2", "2"]
    said = [n.message() for n in c.notes]
    assert "relate: 3 text values became codes 1–3 in order of first appearance (1 head, " \
        "2 spouse, 3 child), the text as both labels" in said  # fmt: skip
    assert any(m.startswith("income: 1 blank cells: not required") for m in said)
    assert any(m.startswith("age: whole numbers; no range was made") for m in said)
    assert parse_definition(definition_text(c)) == q


def test_integer_codes_only_when_asked_and_forced_text() -> None:
    c = convert(source(PEOPLE), None, opts(codes=("age",), text=("sex",)))
    assert c.questionnaire.item("age").code_values == (9, 30, 35, 40, 50, 52, 61)
    assert c.questionnaire.item("sex").codes is None
    assert c.texts["persons"]["sex"].tolist()[:2] == ["male", "female"]


def test_named_household_columns_and_a_line_column() -> None:
    table = md(PEOPLE)
    table["line"] = ["3", "1", "2", "1", "2", "2", "1"]
    c = convert(Source("p.csv", table, 0), None, opts(household_columns=("roof",), line="line"))
    assert c.questionnaire.households.columns == ["ea_id", "hh_no", "hid", "roof"]
    assert "w" in c.questionnaire.persons.columns
    assert c.texts["persons"]["name"].tolist()[:3] == ["Ama", "Yaw", "Kofi"]


def test_a_weight_varying_within_an_ea_leaves_prob_blank_and_keeps_the_weight() -> None:
    table = md(PEOPLE)
    table.loc[3:4, "w"] = "5"
    c = convert(Source("p.csv", table, 0), None, opts(weight="w"))
    assert c.texts["eas"]["prob"].tolist() == ["", "0.5"]
    assert "w" in c.questionnaire.households.columns
    assert any("differs between households of the EA" in n.message() for n in c.notes)
    assert c.questionnaire.tables["eas"].by_name["prob"].required is False


def test_a_household_file_and_a_person_file() -> None:
    households = source(
        """
        | hid | village | roof  |
        | 8   | A       | straw |
        | 7   | A       | tin   |
        """,
        "hh.csv",
    )
    persons = source(
        """
        | hid | name | sex    |
        | 7   | Kofi | male   |
        | 8   | Esi  | female |
        | 7   | Ama  | female |
        """
    )
    c = convert(persons, households, opts())
    assert c.texts["households"]["hid"].tolist() == ["8", "7"]
    assert c.texts["persons"][["hh_no", "line_no", "name"]].values.tolist() == [
        ["001", "1", "Esi"], ["002", "1", "Kofi"], ["002", "2", "Ama"]
    ]  # fmt: skip


REFUSALS = [
    (opts(household_id=("hh",)), "people.csv, row 1: has no column 'hh' for --household-id"),
    (
        opts(household_columns=("income",)),
        "people.csv, row 3, column income: '' differs from the value on this household's first "
        "row (7)",
    ),
    (
        Options(household_id=("hid",), reference=REF),
        "people.csv: no EA is given: name the EA column with --ea COL",
    ),
]


@pytest.mark.parametrize(("options", "start"), REFUSALS)
def test_refusals_are_one_located_sentence(options: Options, start: str) -> None:
    with pytest.raises(InputError) as caught:
        convert(source(PEOPLE), None, options)
    assert caught.value.messages()[0].startswith(start)


def test_a_household_in_two_eas_is_refused_with_both_rows() -> None:
    table = md(PEOPLE)
    table.loc[4, "village"] = "B"
    with pytest.raises(InputError) as caught:
        convert(Source("p.csv", table, 0), None, opts())
    assert caught.value.messages() == [
        "p.csv, row 6, column village: household 8 is in EA B here but in EA A at row 5; if "
        "household ids repeat only across EAs, give both: --household-id village hid"
    ]


def test_an_ea_of_more_than_998_households_is_refused_or_split() -> None:
    table = pd.DataFrame({"hid": [str(i) for i in range(1000)], "x": "1"})
    with pytest.raises(InputError) as caught:
        convert(Source("big.csv", table, 0), None, Options(("hid",), ea_id="E1"))
    assert caught.value.messages()[0].startswith("big.csv, row 1000: EA E1 holds 1000 households")
    c = convert(Source("big.csv", table, 0), None, Options(("hid",), ea_id="E1", split_eas=True))
    assert c.texts["households"]["ea_id"].value_counts().to_dict() == {"E1-1": 998, "E1-2": 2}
    assert c.texts["eas"]["psu"].tolist() == ["E1", "E1"]


def test_the_cli_refuses_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.csv"
    md(PEOPLE).to_csv(path, index=False)
    args = ["microdata", "data", str(path), "--household-id", "hid", "--ea", "nope"]
    assert main([*args, "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.startswith("survey: p.csv, row 1: has no column 'nope' for --ea")


@needs
def test_ghana_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, db = tmp_path / "gh", str(tmp_path / "gh.db")
    keys = ["--household-id", "hhid", "--ea", "clust", "--weight", "weight"]
    keys += ["--stratum", "region", "--reference", "2010-01"]
    assert main(["microdata", "data", str(GHANA), *keys, "-o", str(out)]) == 0
    assert "wrote 8700 households, 36970 persons and 580 EAs" in capsys.readouterr().out
    findings = tmp_path / "findings.csv"
    files = ["--households", str(out / "households.csv"), "--persons", str(out / "persons.csv")]
    q = ["--questionnaire", str(out / "questionnaire.yaml")]
    assert main(["check", *q, *files, "--findings", str(findings)]) == 1  # S-03, R-02 …
    found = pd.read_csv(findings, dtype=str)
    persons = pd.read_csv(out / "persons.csv", dtype=str)
    sizes = persons.groupby(["ea_id", "hh_no"]).size()
    found = found[found["rule_id"] == "S-09"]
    assert len(found) == int((sizes > 10).sum()) == 259
    first = found.iloc[0]
    assert sizes[(first["ea_id"], first["hh_no"])] > 10  # a real household of the data
    assert main(["init", "--db", db, *q]) == 0
    assert main(["load", "eas", str(out / "eas.csv"), "--db", db]) == 0
    assert main(["load", "listing", str(out / "listing.csv"), "--db", db]) == 0
    assert main(["import", *files, "--db", db]) == 0
    export = tmp_path / "export"
    assert main(["export", "--out", str(export), "--format", "csv", "--include-unapproved",
                 "--db", db]) == 0  # fmt: skip
    exported = pd.read_csv(export / "persons.csv", dtype={"ea_id": str})
    source = pd.read_csv(GHANA)
    eas = pd.read_csv(out / "eas.csv", dtype=str)
    with_prob = set(eas.loc[eas["prob"].notna(), "ea_id"])
    derived = source[source["clust"].astype(str).isin(with_prob)]
    assert (len(with_prob), len(exported)) == (579, len(derived)) == (579, 36913)
    assert exported["weight"].sum() == pytest.approx(derived["weight"].sum(), rel=1e-9)


@needs
def test_sdcmicro_one_ea_split_and_checked(tmp_path: Path) -> None:
    out = tmp_path / "sdc"
    args = ["microdata", "data", str(SDC), "--household-id", "ori_hid", "--ea-id", "1"]
    args += ["--split-eas", "--weight", "sampling_weight", "--codes", "sex", "relat"]
    assert main([*args, "-o", str(out)]) == 0
    households = pd.read_csv(out / "households.csv", dtype=str)
    assert households["ea_id"].value_counts().to_dict() == {"1-1": 998, "1-2": 2}
    assert pd.read_csv(out / "eas.csv")["prob"].tolist() == [0.01, 0.01]
    q = parse_definition((out / "questionnaire.yaml").read_text(encoding="utf-8"))
    assert q.item("sex").code_values == (1, 2)
    assert q.item("urbrur", "households").range == (-1e15, 1e15)
    files = ["--households", str(out / "households.csv"), "--persons", str(out / "persons.csv")]
    assert main(["check", "--questionnaire", str(out / "questionnaire.yaml"), *files]) == 0
    assert len(pd.read_csv(out / "persons.csv")) == 4580


FRICTIONLESS = (
    Path(__file__).parents[2].parent / "shared" / "testdata" / "peer-tests" / "frictionless"
)


def _refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str], path: Path) -> str:
    args = ["microdata", "questionnaire", str(path), "--household-id", "id", "--ea-id", "1"]
    assert main([*args, "-o", str(tmp_path / "q.yaml")]) == 2
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("id,name,id", "row 1: column 'id' appears twice in the header (columns 1 and 3)"),
        ("id,,age", "row 1: the header cell of column 2 is blank"),
    ],
)
def test_a_duplicate_or_blank_header_is_refused_at_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, message: str
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(f"{header}\n1,a,3\n", encoding="utf-8")
    assert message in _refusal(tmp_path, capsys, path)


def test_blank_lines_keep_the_row_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,age\n1,30\n\n\n,40\n", encoding="utf-8")  # the blank id is on row 5
    assert "p.csv, row 5, column id: the household id is blank" in _refusal(tmp_path, capsys, path)


@pytest.mark.skipif(not FRICTIONLESS.is_dir(), reason="shared testdata is not here")
def test_frictionless_invalid_csv_is_refused_at_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _refusal(tmp_path, capsys, FRICTIONLESS / "invalid.csv")
    assert "invalid.csv, row 5: has 5 cells where the header has 4" in err


def test_leading_zeros_keep_text() -> None:
    c = convert(source(PEOPLE.replace("| 10.5   |", "| 001101 |")), None, opts())
    assert c.questionnaire.item("income").type == ItemType.TEXT
