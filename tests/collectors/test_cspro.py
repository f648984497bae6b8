"""CSPro dictionaries and data files brought in: small dictionaries written here, then the real
CSPro examples in ../shared/testdata/cspro (skipped, saying why, when absent)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from collectors import InputError
from collectors.cspro import convert, parse_dictionary, read_data, read_dictionary
from collectors.roles import with_roles
from schemas import Reference, dump_definition, parse_definition
from survey.cli import main
from tests.tables import md
from validation import validate

CSPRO = Path(__file__).parents[2].parent / "shared" / "testdata" / "cspro"
needs_cspro = pytest.mark.skipif(
    not CSPRO.is_dir(), reason=f"{CSPRO} is not here (shared testdata)"
)
REFERENCE = Reference(year=2024, month=6)

TEXT_DCF = """\ufeff[Dictionary]
Version=CSPro 7.6
Label=Water survey|饮水调查
Name=WATER_DICT
RecordTypeStart=1
RecordTypeLen=1
Positions=Absolute
ZeroFill=Yes
DecimalChar=No

[Languages]
EN=English
ZH=Chinese

[Level]
Label=Household|户
Name=WATER_QUEST

[IdItems]

[Item]
Label=Province|省
Name=PROV
Start=2
Len=2

[Item]
Label=Area|小区
Name=AREA
Start=4
Len=3

[Item]
Label=Household number|户号
Name=HHNO
Start=7
Len=2

[Record]
Label=Housing|住房
Name=HOUSING
RecordTypeValue='H'
RecordLen=14

[Item]
Label=Rooms|间数
Name=ROOMS
Start=9
Len=2

[ValueSet]
Label=Rooms
Name=ROOMS_VS1
Value=1:20

[Item]
Label=Tenure|产权
Name=TENURE
Start=11
Len=1

[ValueSet]
Label=Tenure
Name=TENURE_VS1
Value=1;Owned|自有
Value=2;Rented|租赁
Value=' ';Not applicable|不适用
Name=NOTAPPL,Special

[Item]
Label=Rent paid|租金
Name=RENT
Start=12
Len=5
Decimal=1

[Record]
Label=Person|人
Name=PERSON
RecordTypeValue='P'
Required=No
MaxRecords=12
RecordLen=40

[Item]
Label=Name|姓名
Name=P_NAME
Start=9
Len=10
DataType=Alpha

[Item]
Label=Sex|性别
Name=SEX
Start=19
Len=1

[ValueSet]
Label=Sex
Name=SEX_VS1
Value=1;Male|男
Value=2;Female|女

[Item]
Label=Age|年龄
Name=AGE
Start=20
Len=3

[ValueSet]
Label=Age
Name=AGE_VS1
Value=0:120
Value=999;Don't know|不知道
Name=MISSING,Special

[ValueSet]
Label=Age groups
Name=AGE_VS2
Value=0:14;Children
Value=15:120;Adults

[Item]
Label=Birth date|出生日期
Name=BIRTH
Start=23
Len=6

[Item]
Label=Birth year|出生年
Name=BIRTH_YEAR
Start=23
Len=4
ItemType=SubItem

[Item]
Label=Meals|每日餐数
Name=MEALS
Start=29
Len=1
Occurrences=7
"""


def _json_dcf() -> str:
    """The same dictionary in the CSPro 8 JSON format, record items without start positions."""

    def labels(en: str, zh: str) -> list[dict[str, str]]:
        return [{"text": en, "language": "EN"}, {"text": zh, "language": "ZH"}]

    def item(name: str, en: str, zh: str, length: int, **more: object) -> dict[str, object]:
        base = {"name": name, "labels": labels(en, zh), "contentType": "numeric", "length": length}
        return base | more

    def values(*pairs: tuple[str, str, str]) -> list[dict[str, object]]:
        return [{"labels": labels(en, zh), "pairs": [{"value": v}]} for v, en, zh in pairs]

    age_values = [
        {"labels": labels("", ""), "pairs": [{"range": ["0", "120"]}]},
        {
            "labels": labels("Don't know", "不知道"),
            "special": "MISSING",
            "pairs": [{"value": "999"}],
        },
    ]
    tenure = [
        *values(("1", "Owned", "自有"), ("2", "Rented", "租赁")),
        {
            "labels": labels("Not applicable", "不适用"),
            "special": "NOTAPPL",
            "pairs": [{"value": ""}],
        },
    ]
    data = {
        "software": "CSPro",
        "version": 8.0,
        "fileType": "dictionary",
        "name": "WATER_DICT",
        "labels": labels("Water survey", "饮水调查"),
        "languages": [{"name": "EN", "label": "English"}, {"name": "ZH", "label": "Chinese"}],
        "recordType": {"start": 1, "length": 1},
        "defaults": {"decimalMark": False, "zeroFill": True},
        "relativePositions": True,
        "levels": [
            {
                "name": "WATER_QUEST",
                "labels": labels("Household", "户"),
                "ids": {
                    "items": [
                        item("PROV", "Province", "省", 2, start=2),
                        item("AREA", "Area", "小区", 3, start=4),
                        item("HHNO", "Household number", "户号", 2, start=7),
                    ]
                },
                "records": [
                    {
                        "name": "HOUSING",
                        "labels": labels("Housing", "住房"),
                        "recordType": "H",
                        "occurrences": {"required": True, "maximum": 1},
                        "items": [
                            item(
                                "ROOMS",
                                "Rooms",
                                "间数",
                                2,
                                valueSets=[
                                    {
                                        "name": "ROOMS_VS1",
                                        "values": [{"pairs": [{"range": ["1", "20"]}]}],
                                    }
                                ],
                            ),
                            item(
                                "TENURE",
                                "Tenure",
                                "产权",
                                1,
                                valueSets=[{"name": "TENURE_VS1", "values": tenure}],
                            ),
                            item("RENT", "Rent paid", "租金", 5, decimals=1, decimalMark=False),
                        ],
                    },
                    {
                        "name": "PERSON",
                        "labels": labels("Person", "人"),
                        "recordType": "P",
                        "occurrences": {"required": False, "maximum": 12},
                        "items": [
                            item("P_NAME", "Name", "姓名", 10, contentType="alpha"),
                            item(
                                "SEX",
                                "Sex",
                                "性别",
                                1,
                                valueSets=[
                                    {
                                        "name": "SEX_VS1",
                                        "values": values(
                                            ("1", "Male", "男"), ("2", "Female", "女")
                                        ),
                                    }
                                ],
                            ),
                            item(
                                "AGE",
                                "Age",
                                "年龄",
                                3,
                                valueSets=[
                                    {"name": "AGE_VS1", "values": age_values},
                                    {
                                        "name": "AGE_VS2",
                                        "values": [{"pairs": [{"range": ["0", "14"]}]}],
                                    },
                                ],
                            ),
                            item("BIRTH", "Birth date", "出生日期", 6),
                            item(
                                "BIRTH_YEAR",
                                "Birth year",
                                "出生年",
                                4,
                                subitem=True,
                                subitemOffset=0,
                            ),
                            item("MEALS", "Meals", "每日餐数", 1, occurrences={"maximum": 7}),
                        ],
                    },
                ],
            }
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


DAT = "\ufeff" + "\n".join(
    [
        # type, PROV, AREA, HHNO | housing: ROOMS, TENURE, RENT (implied decimal)
        "H0100105" + "03" + "2" + "01255",
        # person: NAME (10), SEX, AGE, BIRTH (6), MEALS x7
        "P0100105" + "Wang Li   " + "1" + "034" + "199001" + "3333333",
        "P0100105" + "Zhao Min  " + "2" + "999" + "199203",
        "P0100105" + "Baby      " + " " + "  1",
        "H0100107" + "01",  # vacant: no persons, tenure blank (not applicable)
        "P0200101" + "Li Na     " + "2" + "1a2",
        "H0200101" + "04" + "1",
        "",
    ]
)


@pytest.fixture(params=["text", "json"])
def dictionary_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "Water.dcf"
    path.write_text(TEXT_DCF if request.param == "text" else _json_dcf(), encoding="utf-8")
    return path


def test_a_dictionary_becomes_a_definition_with_both_languages(dictionary_file: Path) -> None:
    conversion = convert(read_dictionary(dictionary_file), reference=REFERENCE)
    q = conversion.questionnaire
    assert q.households.columns == ["ea_id", "hh_no", "rooms", "tenure", "rent"]
    assert q.persons.columns == ["ea_id", "hh_no", "line_no", "p_name", "sex", "age", "birth"]
    assert q.households.by_name["ea_id"].pattern == r"^\d{5}$"
    sex = q.persons.by_name["sex"]
    assert (sex.type, sex.code_label(2, "zh"), sex.code_label(2, "en")) == (
        "integer",
        "女",
        "Female",
    )
    assert q.persons.by_name["sex"].label.zh == "性别"
    assert q.households.by_name["rooms"].range == (1, 20)
    assert q.households.by_name["rent"].type == "number"
    assert q.households.by_name["tenure"].required is False  # NOTAPPL: a blank is allowed
    assert q.persons.by_name["age"].range == (0, 120)
    assert q.persons.by_name["p_name"].max_length == 10
    assert q.persons.by_name["age"].number == "AGE"
    # the written definition reads back equal
    assert parse_definition(dump_definition(q)) == q


def test_what_cannot_be_represented_is_noted_never_dropped_silently(dictionary_file: Path) -> None:
    conversion = convert(read_dictionary(dictionary_file), reference=REFERENCE)
    notes = {note.subject: note.message_en for note in conversion.notes}
    assert "subitem overlapping BIRTH" in notes["BIRTH_YEAR"]
    assert "occurs 7 times" in notes["MEALS"]
    assert "read as blank" in notes["AGE"] or "AGE_VS2" in notes["AGE"]
    ages = [n.message_en for n in conversion.notes if n.subject == "AGE"]
    assert any("999 'Don't know' (MISSING) is read as blank" in m for m in ages)
    assert all(n.message_zh for n in conversion.notes)


def test_text_and_json_dictionaries_give_the_same_layout(tmp_path: Path) -> None:
    text = convert(parse_dictionary(TEXT_DCF, "a.dcf"), reference=REFERENCE)
    from_json = convert(parse_dictionary(_json_dcf(), "a.dcf"), reference=REFERENCE)
    assert text.layout == from_json.layout
    assert text.questionnaire.tables == from_json.questionnaire.tables


def test_a_household_number_beyond_998_is_refused_naming_the_item() -> None:
    dcf = TEXT_DCF.replace(
        "Name=HHNO\nStart=7\nLen=2\n",
        "Name=HHNO\nStart=7\nLen=2\n\n[ValueSet]\nLabel=H\nName=HH_VS\nValue=1:1500\n",
    )
    with pytest.raises(InputError, match="household number item HHNO allows values up to 1500"):
        convert(parse_dictionary(dcf, "wide.dcf"), reference=REFERENCE)


def test_ea_and_household_items_can_be_chosen() -> None:
    conversion = convert(
        parse_dictionary(TEXT_DCF, "a.dcf"), ea=["area"], household="HHNO", reference=REFERENCE
    )
    q = conversion.questionnaire
    assert q.households.columns[:3] == ["ea_id", "hh_no", "prov"]
    assert q.households.by_name["ea_id"].label.en == "Enumeration area (AREA)"
    with pytest.raises(InputError, match="ea item DISTRICT is not an id item"):
        convert(parse_dictionary(TEXT_DCF, "a.dcf"), ea=["DISTRICT"], reference=REFERENCE)


def test_a_data_file_becomes_typed_tables(dictionary_file: Path, tmp_path: Path) -> None:
    conversion = convert(read_dictionary(dictionary_file), reference=REFERENCE)
    dat = tmp_path / "water.dat"
    dat.write_text(DAT, encoding="utf-8")
    data = read_data(dat, conversion)
    expected_households = md(
        """
        | ea_id | hh_no | rooms | tenure | rent |
        | 01001 | 005   | 03    | 2      | 0125.5 |
        | 01001 | 007   | 01    | .      | .      |
        | 02001 | 001   | 04    | 1      | .      |
        """
    )
    assert data.households_text.fillna("").astype(str).to_dict("records") == (
        expected_households.to_dict("records")
    )
    assert data.households["rent"].tolist()[0] == 125.5
    assert data.persons_text["p_name"].tolist()[:3] == ["Wang Li", "Zhao Min", "Baby"]  # trimmed
    persons = data.persons[["hh_no", "line_no", "p_name", "sex", "age", "birth"]]
    assert persons.astype(object).where(persons.notna(), None).values.tolist() == [
        ["005", 1, "Wang Li", 1, 34, 199001],
        ["005", 2, "Zhao Min", 2, None, 199203],  # 999 Don't know is blank
        ["005", 3, "Baby", None, 1, None],
        ["001", 1, "Li Na", 2, None, None],  # "1a2" cannot be read: a cell error
    ]
    assert data.person_lines.tolist() == [2, 3, 4, 6]
    assert data.household_lines.tolist() == [1, 5, 7]
    assert data.cell_errors[["row", "field", "value"]].values.tolist() == [[6, "age", "1a2"]]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["H0100105032", "X0100105"], "water.dat, row 2: record type 'X' is not in the dictionary"),
        (
            ["H0100105032", "P01001"],
            "water.dat, row 2: the line has 6 characters but the id items end at position 8",
        ),
        (
            ["P0100105Wang Li   1034"],
            "water.dat, row 1: person records of household 01001/005 have no household record",
        ),
        (
            ["H0100100032"],
            "water.dat, row 1, column HHNO: the household number HHNO is '00', not a number from 1 to 998",
        ),
        (
            ["H0100105032", "H0100105042"],
            "water.dat, row 2: a second HOUSING record for the case of line 1",
        ),
    ],
)
def test_structural_problems_are_located(tmp_path: Path, lines: list[str], message: str) -> None:
    conversion = convert(parse_dictionary(TEXT_DCF, "Water.dcf"), reference=REFERENCE)
    dat = tmp_path / "water.dat"
    dat.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_data(dat, conversion)
    assert caught.value.messages()[0].startswith(message)
    assert caught.value.problems[0].message_zh


def test_the_same_key_from_two_cases_is_refused(tmp_path: Path) -> None:
    conversion = convert(parse_dictionary(TEXT_DCF, "Water.dcf"), ea=["AREA"], reference=REFERENCE)
    dat = tmp_path / "water.dat"
    dat.write_text("H0100105032\nH0200105032\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2: ea_id 001 and hh_no 005 are shared"):
        read_data(dat, conversion)


def test_a_data_file_in_another_encoding_is_refused_at_its_first_odd_line(tmp_path: Path) -> None:
    conversion = convert(parse_dictionary(TEXT_DCF, "Water.dcf"), ea=["AREA"], reference=REFERENCE)
    dat = tmp_path / "water.dat"
    dat.write_bytes("H0100105032\nH0100205032 王\n".encode("gbk"))
    with pytest.raises(InputError, match=r"water\.dat, row 2: is not UTF-8 text; export the data"):
        read_data(dat, conversion)


def test_the_cli_refuses_bad_input_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.dcf"
    bad.write_text('{"software": "CSPro", ', encoding="utf-8")
    assert main(["cspro", "questionnaire", str(bad), "-o", str(tmp_path / "q.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("survey: bad.dcf, row 1: is not valid JSON")
    missing = tmp_path / "none.dcf"
    assert main(["cspro", "data", str(missing), str(bad), "-o", str(tmp_path)]) == 2
    assert "none.dcf: cannot be read" in capsys.readouterr().err


def test_the_cli_converts_and_the_check_reads_the_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dcf = tmp_path / "Water.dcf"
    dcf.write_text(TEXT_DCF, encoding="utf-8")
    dat = tmp_path / "water.dat"
    dat.write_text(DAT, encoding="utf-8")
    q = tmp_path / "q.yaml"
    assert main(["cspro", "questionnaire", str(dcf), "-o", str(q), "--reference", "2024-06"]) == 0
    out = capsys.readouterr().out
    assert "MEALS: occurs 7 times" in out
    written = q.read_text(encoding="utf-8")
    assert written.startswith("# Converted from the CSPro dictionary Water.dcf")
    expected = convert(read_dictionary(dcf), reference=REFERENCE)
    proposed, _ = with_roles(expected.questionnaire)  # the roles read from its labels
    assert parse_definition(written, "q.yaml") == proposed  # reads back equal
    assert main(["cspro", "data", str(dcf), str(dat), "-o", str(tmp_path)]) == 0
    assert "wrote 3 households and 4 persons" in capsys.readouterr().out
    findings = tmp_path / "findings.csv"
    code = main(
        [
            "check",
            "--questionnaire",
            str(q),
            "--households",
            str(tmp_path / "households.csv"),
            "--persons",
            str(tmp_path / "persons.csv"),
            "--findings",
            str(findings),
        ]
    )
    assert code == 1
    found = pd.read_csv(findings, dtype=str)
    located = found[["rule_id", "hh_no", "line_no", "fields"]].fillna("").values.tolist()
    assert ["V-03", "001", "1", "age"] in located  # "1a2" kept as a cell error
    assert ["V-01", "005", "2", "age"] in located  # 999 Don't know is blank
    assert ["V-01", "005", "3", "sex"] in located


# --- the CSPro examples ------------------------------------------------------------------------


@needs_cspro
@pytest.mark.parametrize(
    ("folder", "households", "persons", "note"),
    [
        ("capi-census", "HH_NUMBER", "POPULATION_RECORD", "HH_MONTH_BORN"),
        ("labor-force-survey", "GHHHNO", "DEM_REC", "LABOR_REC"),
        ("simple-capi", "HOUSEHOLD_ID", "PERSON_REC", "ea_id"),
        ("kenya-2019-census-dictionary", "HHNUMBER", "POP_REC", "DEATH_REC"),
        ("popstan-census", "HH", "PERSON", "P15A_OCC"),
    ],
)
def test_the_example_dictionaries_convert_with_notes(
    folder: str, households: str, persons: str, note: str
) -> None:
    (dcf,) = (CSPRO / folder).glob("*.dcf")
    conversion = convert(read_dictionary(dcf), reference=REFERENCE)
    q = conversion.questionnaire
    assert q.households.by_name["hh_no"].number == households
    assert q.persons.key == ("ea_id", "hh_no", "line_no")
    assert note in {n.subject for n in conversion.notes}
    assert parse_definition(dump_definition(q)) == q


@needs_cspro
def test_popstan_census_end_to_end_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = CSPRO / "popstan-census"
    dcf, dat = str(folder / "Census Dictionary.dcf"), str(folder / "Popstan Census.dat")
    q = tmp_path / "questionnaire.yaml"
    assert main(["cspro", "questionnaire", dcf, "-o", str(q), "--reference", "2000-01"]) == 0
    assert main(["cspro", "data", dcf, dat, "-o", str(tmp_path)]) == 0
    assert "wrote 4872 households and 24271 persons" in capsys.readouterr().out
    households = pd.read_csv(tmp_path / "households.csv", dtype=str)
    persons = pd.read_csv(tmp_path / "persons.csv", dtype=str)
    assert households["ea_id"].str.fullmatch(r"\d{17}").all()
    keys = ["ea_id", "hh_no"]
    with_persons = households.merge(
        persons[keys].drop_duplicates(), on=keys, how="left", indicator=True
    )
    assert (with_persons["_merge"] == "left_only").sum() == 416  # vacant units
    findings = tmp_path / "findings.csv"
    args = [
        "--households",
        str(tmp_path / "households.csv"),
        "--persons",
        str(tmp_path / "persons.csv"),
    ]
    assert main(["check", "--questionnaire", str(q), *args, "--findings", str(findings)]) == 1
    found = pd.read_csv(findings, dtype=str)
    # the roles proposed from the labels let the structure and relationship edits run (their
    # counts are checked against the source data in test_roles_material.py)
    assert {"V-03", "S-03", "S-07", "S-09", "R-06", "P-05"} <= set(found["rule_id"])
    assert "role relationship: p02_rel (head 1, spouse 2, child 3, parent 4, other 5/6)" in (
        q.read_text(encoding="utf-8")
    )
    assert (found.loc[found["rule_id"] == "V-03", "fields"].isin(["p15_occ", "p16_ind"])).all()


@needs_cspro
def test_smallstan_blank_ages_and_sexes_are_found_by_v01_at_their_lines(tmp_path: Path) -> None:
    folder = CSPRO / "hotdeck-smallstan"
    conversion = convert(read_dictionary(folder / "Popstan.dcf"), reference=REFERENCE)
    data = read_data(folder / "smallStan.dat", conversion)
    assert (len(data.households), len(data.persons)) == (100, 506)
    q = tmp_path / "q.yaml"
    q.write_text(dump_definition(conversion.questionnaire), encoding="utf-8")
    data.households_text.to_csv(tmp_path / "households.csv", index=False)
    data.persons_text.to_csv(tmp_path / "persons.csv", index=False)
    findings = tmp_path / "findings.csv"
    args = [
        "--households",
        str(tmp_path / "households.csv"),
        "--persons",
        str(tmp_path / "persons.csv"),
    ]
    assert main(["check", "--questionnaire", str(q), *args, "--findings", str(findings)]) == 1
    found = pd.read_csv(findings, dtype={"ea_id": str, "hh_no": str, "line_no": "Int64"})
    blank = found[found["rule_id"] == "V-01"]
    at = data.persons_text[["ea_id", "hh_no"]].assign(
        line_no=data.persons["line_no"], file_line=data.person_lines
    )
    located = blank.merge(at, on=["ea_id", "hh_no", "line_no"])
    # the lines of smallStan.dat whose age or sex is blank, as CSPro's own export shows them
    derived = pd.read_csv(folder / "derived_person.csv", dtype=str)
    for field, column, count in (("p04_age", "P04_AGE", 10), ("p03_sex", "P03_SEX", 2)):
        expected = sorted(int(n) for n in derived.loc[derived[column].isna(), "_line"])
        assert len(expected) == count
        assert sorted(located.loc[located["fields"] == field, "file_line"]) == expected


def test_the_roster_choice_is_said_with_the_other_repeating_records(dictionary_file: Path) -> None:
    conversion = convert(read_dictionary(dictionary_file), reference=REFERENCE)
    (said,) = [n for n in conversion.notes if n.subject == "PERSON"]
    assert said.message_en.startswith(
        "read as the persons table (as the repeating record most like a roster, up to 12 per case)"
    )


@needs_cspro
def test_a_csdb_is_read_case_by_case(tmp_path: Path) -> None:
    folder = CSPRO / "capi-census"
    conversion = convert(read_dictionary(folder / "Household.dcf"), reference=REFERENCE)
    data = read_data(folder / "Household.csdb", conversion)
    level = pd.read_csv(folder / "derived_level_1.csv", dtype=str)
    people = pd.read_csv(folder / "derived_population_record.csv", dtype=str)
    assert (len(data.households), len(data.persons)) == (len(level), len(people)) == (4, 7)
    assert data.persons_text["hh_name"].tolist() == people["hh_name"].str.rstrip().tolist()
    assert data.households_text["hh_no"].tolist() == level["hh_number"].str.zfill(3).tolist()
    empty = tmp_path / "empty.csdb"
    sqlite3.connect(empty).execute("CREATE TABLE cases (id TEXT)").connection.close()
    with pytest.raises(InputError, match=r"empty\.csdb: has no table 'level-1'"):
        read_data(empty, conversion)


def test_a_record_beyond_max_records_is_a_located_finding(
    dictionary_file: Path, tmp_path: Path
) -> None:
    conversion = convert(read_dictionary(dictionary_file), reference=REFERENCE)
    person = "P0100105" + "Wang Li   " + "1" + "034" + "199001"
    dat = tmp_path / "many.dat"
    dat.write_text("\n".join(["H0100105" + "03" + "2" + "01255", *[person] * 13]), encoding="utf-8")
    data = read_data(dat, conversion)
    found = validate(conversion.questionnaire, data.households, data.persons)
    beyond = found[(found["rule_id"] == "V-03") & (found["fields"] == "line_no")]
    assert beyond["line_no"].tolist() == [13]  # MaxRecords=12: the 13th person is located
    assert data.person_lines.tolist()[12] == 14
    assert [w.message() for w in data.warnings] == [
        "many.dat, row 14: person 13 of its case, but the dictionary allows at most 12 PERSON "
        "records; it is kept and 'survey check' reports it (V-03 on the line number): correct "
        "the case or the dictionary"
    ]
