"""XLSForms and their Kobo exports: each mapping, each refusal, and the real forms of peers.

Small forms are written inline as markdown tables into an .xlsx in tmp_path; the real material
(REACH MSNA 2024, onadata, pyxform) lives in ../shared/testdata and its tests skip when absent.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest

from collectors import InputError
from collectors.xlsform import Options, convert_form, definition_text, read_export
from collectors.xlsform.items import DATE_PATTERN
from schemas import ItemType, Reference, parse, parse_definition
from survey.cli import main
from tests.tables import md, write_book

SHARED = Path(__file__).parents[2].parent / "shared" / "testdata" / "xlsform"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"{SHARED} is not here (shared testdata)"
)
REF = Options(reference=Reference(year=2024, month=7))

SURVEY = """
| type                   | name    | label::English (en) | label::Chinese (zh) | relevant                 | constraint             | required |
| text                   | village | Village             | 村                  | .                        | .                      | yes      |
| integer                | hh_id   | Household id        | 户号                | .                        | .                      | yes      |
| select_one yn          | water   | Piped water         | 自来水              | .                        | .                      | yes      |
| begin_group            | dwell   | Dwelling            | 住房                | ${water} = 1             | .                      | .        |
| decimal                | area    | Area                | 面积                | .                        | . > 0 and . <= 500     | yes      |
| end_group              | dwell   | .                   | .                   | .                        | .                      | .        |
| select_multiple assets | assets  | Assets              | 财产                | .                        | .                      | no       |
| begin_repeat           | members | Members             | 成员                | .                        | .                      | .        |
| text                   | pname   | Name                | 姓名                | .                        | .                      | yes      |
| integer                | age     | Age                 | 年龄                | .                        | . >= 0 and . < 120     | yes      |
| select_one sex         | sex     | Sex                 | 性别                | .                        | .                      | yes      |
| date                   | born    | Birth date          | 出生日期            | ${age} < 5               | .                      | yes      |
| select_one yn          | school  | In school           | 在校                | ${age} >= 5 and selected(${sex}, 'f') and ${water} != 1 | . | yes |
| calculate              | adult   | .                   | .                   | .                        | .                      | .        |
| note                   | thanks  | Thank you           | 谢谢                | .                        | .                      | .        |
| text                   | job     | Job                 | 工作                | count-selected(${assets}) > 1 | .                 | yes      |
| end_repeat             | members | .                   | .                   | .                        | .                      | .        |
| begin_repeat           | visits  | Visits              | 访问                | .                        | .                      | .        |
| date                   | visit   | Visit date          | 访问日期            | .                        | .                      | yes      |
| end_repeat             | visits  | .                   | .                   | .                        | .                      | .        |
"""
CHOICES = """
| list_name | name  | label::English (en) | label::Chinese (zh) |
| yn        | 1     | Yes                 | 是                  |
| yn        | 2     | No                  | 否                  |
| sex       | m     | Male                | 男                  |
| sex       | f     | Female              | 女                  |
| assets    | radio | Radio               | 收音机              |
| assets    | tv    | TV                  | 电视                |
"""
SETTINGS = """
| form_title   | form_id | version |
| Water survey | water   | 2024.2  |
"""


@pytest.fixture
def form(tmp_path: Path) -> Path:
    return write_book(
        tmp_path / "form.xlsx", {"survey": SURVEY, "choices": CHOICES, "settings": SETTINGS}
    )


def test_types_codes_ranges_labels_and_keys_are_carried_over(form: Path) -> None:
    conversion = convert_form(
        form, Options(ea="village", household="hh_id", reference=REF.reference)
    )
    q = conversion.questionnaire
    assert (q.id, q.version, q.title.en) == ("water", "2024.2", "Water survey")
    assert q.households.columns == [
        "ea_id", "hh_no", "water", "area", "assets_radio", "assets_tv"
    ]  # fmt: skip
    assert q.persons.columns == [
        "ea_id", "hh_no", "line_no", "pname", "age", "sex", "born", "school", "adult", "job"
    ]  # fmt: skip
    water = q.item("water", "households")
    assert water.type == ItemType.INTEGER
    assert water.code_values == (1, 2)
    assert (water.label.zh, water.label.en) == ("自来水", "Piped water")
    assert q.item("sex").type == ItemType.TEXT
    assert q.item("sex").code_values == ("m", "f")
    assert q.item("age").range == (0, 119)  # '. < 120' on whole numbers
    assert q.item("area", "households").range == (-1e15, 500)  # a decimal's '> 0' is left out
    radio = q.item("assets_radio", "households")
    assert (radio.code_values, radio.required, radio.label.en) == ((0, 1), False, "Assets: Radio")
    assert q.item("born").pattern == DATE_PATTERN
    assert q.item("adult").required is False
    assert q.item("ea_id", "households").label.en == "Village"
    assert q.item("hh_no", "households").pattern == r"^\d{3}$"
    assert parse_definition(definition_text(conversion)) == q


def test_relevant_becomes_an_exact_universe_with_its_groups(form: Path) -> None:
    q = convert_form(form, REF).questionnaire
    assert q.item("area", "households").universe == "(water == 1)"
    assert q.item("born").universe == "(age < 5)"
    assert q.item("school").universe == "(((age >= 5) and (sex == 'f')) and not (water == 1))"


def test_a_blank_answer_satisfies_not_equal_as_in_xpath(form: Path) -> None:
    universe = convert_form(form, REF).questionnaire.item("school").universe
    assert universe is not None
    frame = pd.DataFrame(
        {"age": [10, 10, 10], "sex": ["f", "f", "f"], "water": [pd.NA, 1, 2]}
    ).astype({"age": "Int64", "water": "Int64", "sex": "string"})
    assert parse(universe).evaluate(frame).tolist() == [True, False, True]


def test_what_cannot_be_represented_is_noted_never_dropped(form: Path) -> None:
    conversion = convert_form(form, REF)
    notes = {(n.code, n.subject): n for n in conversion.notes}
    job = conversion.questionnaire.item("job")
    assert (job.universe, job.required) == (None, False)
    assert "count-selected" in notes[("relevant", "job")].message_en
    assert notes[("relevant", "job")].row == 17
    assert "visit" in notes[("repeat", "visits")].message_en
    assert ("note", "thanks") in notes
    assert "> 0" in notes[("constraint", "area")].message_en
    assert "这些" not in notes[("note", "thanks")].message_zh  # both languages are written
    assert notes[("note", "thanks")].message_zh


@pytest.mark.parametrize(
    ("relevant", "universe"),
    [
        ("${age} >= 15 and ${age} <= 64", "((age >= 15) and (age <= 64))"),
        ("not(${sex} = 'm') or ${age} > 3", "(not (sex == 'm') or (age > 3))"),
        ("${water} = '1'", "(water == 1)"),
        ("${sex} = ''", "not (sex == sex)"),
        ("${sex} != ''", "(sex == sex)"),
        ("selected(${assets}, 'tv')", "(assets_tv == 1)"),
        ("5 < ${age}", "(age > 5)"),
    ],
)
def test_each_translatable_relevant(tmp_path: Path, relevant: str, universe: str) -> None:
    assert _universe_of_probe(tmp_path, relevant) == (universe, True)


@pytest.mark.parametrize(
    "relevant",
    [
        "${water} = '01'",  # the form compares the stored text '1' with '01'
        "${sex} > 'a'",  # text compared as numbers
        "${age} + 1 > 5",  # arithmetic
        "${assets} = 'tv'",  # a select_multiple as a whole
        "${nowhere} = 1",  # not a field of the household
        "selected(${assets}, 'car')",  # not a choice
        "${age} = ",  # unreadable
    ],
)
def test_each_untranslatable_relevant_is_a_note(tmp_path: Path, relevant: str) -> None:
    assert _universe_of_probe(tmp_path, relevant) == (None, False)


def _universe_of_probe(tmp_path: Path, relevant: str) -> tuple[str | None, bool]:
    survey = md(SURVEY)
    probe = {"type": "text", "name": "probe", "label::English (en)": "Probe", "required": "yes"}
    probe["relevant"] = relevant
    position = survey.index[survey["name"] == "job"][0]
    survey = pd.concat(
        [survey.iloc[:position], pd.DataFrame([probe]), survey.iloc[position:]], ignore_index=True
    ).fillna("")
    path = tmp_path / "probe.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        survey.to_excel(writer, sheet_name="survey", index=False)
        md(CHOICES).to_excel(writer, sheet_name="choices", index=False)
    item = convert_form(path, REF).questionnaire.item("probe")
    return item.universe, item.required


def test_a_name_taken_by_a_key_or_another_group_is_prefixed(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "f.xlsx",
        {
            "survey": """
            | type        | name   | label |
            | begin_group | g      | G     |
            | integer     | hh_no  | Number of the household in the village |
            | text        | Name-X | Name  |
            | end_group   | g      | .     |
            | integer     | hh_no  | Again |
            """
        },
    )
    conversion = convert_form(path, REF)
    assert conversion.questionnaire.households.columns == [
        "ea_id", "hh_no", "g_hh_no", "name_x", "hh_no_2"
    ]  # fmt: skip
    assert {n.subject for n in conversion.notes if n.code == "renamed"} == {"hh_no", "Name-X"}


def refusal(path: Path, options: Options = REF) -> list[str]:
    with pytest.raises(InputError) as caught:
        convert_form(path, options)
    return [p.message() for p in caught.value.problems]


def test_the_roster_is_chosen_by_name_and_a_wrong_choice_is_refused(form: Path) -> None:
    visits = convert_form(form, Options(roster="visits", reference=REF.reference))
    assert visits.questionnaire.persons.columns[3:] == ["visit"]
    assert refusal(form, Options(roster="nobody")) == [
        "form.xlsx, sheet survey: has no repeat named 'nobody' for --roster "
        "(repeats: members, visits)"
    ]
    assert refusal(form, Options(ea="age")) == [
        "form.xlsx, sheet survey, row 11, column name: the field 'age' given for --ea is inside "
        "the repeat 'members'; it must be a field of the household"
    ]


def test_a_form_with_broken_structure_is_refused_located(tmp_path: Path) -> None:
    unbalanced = write_book(
        tmp_path / "u.xlsx", {"survey": "| type | name |\n| begin_group | g |\n| text | a |"}
    )
    assert refusal(unbalanced) == [
        "u.xlsx, sheet survey, row 2, column type: the group 'g' begun here is never ended; add "
        "an 'end group' row"
    ]
    no_list = write_book(tmp_path / "l.xlsx", {"survey": "| type | name |\n| select_one zz | a |"})
    assert refusal(no_list) == [
        "l.xlsx, sheet survey, row 2, column type: 'a' uses the choice list 'zz', which is not in "
        "the choices sheet; add the list or correct its name"
    ]
    not_a_form = write_book(tmp_path / "n.xlsx", {"data": "| a |\n| 1 |"})
    assert refusal(not_a_form) == [
        "n.xlsx: has no 'survey' sheet, so it is not an XLSForm (sheets found: data)"
    ]


def test_a_name_used_twice_in_a_group_is_refused_as_pyxform_does(tmp_path: Path) -> None:
    twice = write_book(
        tmp_path / "t.xlsx", {"survey": "| type | name |\n| text | a |\n| integer | A |"}
    )
    assert refusal(twice) == [
        "t.xlsx, sheet survey, row 3, column name: the name 'A' is used twice in the same group "
        "(rows 2 and 3); give each question its own name"
    ]


def test_relevant_and_bind_relevant_are_one_column_read_row_by_row(tmp_path: Path) -> None:
    survey = """
| type    | name  | relevant     | bind::relevant |
| integer | age   | .            | .              |
| text    | job   | .            | ${age} >= 15   |
| text    | pet   | ${age} < 15  | .              |
| text    | club  | ${age} > 30  | ${age} > 30    |
"""
    q = convert_form(write_book(tmp_path / "b.xlsx", {"survey": survey}), REF).questionnaire
    universes = {name: q.item(name, "households").universe for name in ("job", "pet", "club")}
    assert universes == {"job": "(age >= 15)", "pet": "(age < 15)", "club": "(age > 30)"}
    clash = survey.replace("| ${age} > 30    |", "| ${age} > 40    |")
    assert refusal(write_book(tmp_path / "c.xlsx", {"survey": clash})) == [
        "c.xlsx, sheet survey, row 5, column bind::relevant: the columns 'relevant' and "
        "'bind::relevant' mean the same and hold different texts in this row; keep one of them"
    ]


def test_a_note_without_a_name_is_left_out_with_a_note(tmp_path: Path) -> None:
    book = write_book(
        tmp_path / "n.xlsx",
        {"survey": "| type | name | label |\n| note | . | Welcome |\n| text | a | A |"},
    )
    conversion = convert_form(book, REF)
    assert conversion.questionnaire.households.columns[-1] == "a"
    assert "(unnamed note, row 2)" in {n.subject for n in conversion.notes}


@pytest.mark.parametrize(
    ("value", "real"), [("1980-02-29", True), ("1980-02-30", False), ("2023-02-29", False)]
)
def test_dates_are_checked_as_dates(value: str, real: bool) -> None:
    assert bool(re.fullmatch(DATE_PATTERN, value)) is real


MAIN = """
| start    | village | hh_id | water | dwell/area | assets   | _uuid | _index |
| 08:00    | V1      | 1     | 1     | 80         | radio tv | u1    | 1      |
| 09:00    | V1      | 2     | 2     | .          | .        | u2    | 2      |
| 10:00    | V2      | 1     | 1     | abc        | car      | u3    | 3      |
"""
MEMBERS = """
| pname | age | sex | born                | school | adult | job | _parent_index | _index |
| Ana   | 30  | f   | .                   | .      | 1     | .   | 1             | 1      |
| Ben   | 3   | m   | 2021-02-03 00:00:00 | .      | 0     | .   | 1             | 2      |
| Cy    | 40  | m   | .                   | .      | 1     | .   | 3             | 3      |
"""


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_book(tmp_path / "export.xlsx", {"water": MAIN, "members": MEMBERS})


def keyed() -> Options:
    return Options(ea="village", household="hh_id", reference=REF.reference)


def test_an_export_becomes_typed_tables_linked_by_index(form: Path, export: Path) -> None:
    data = read_export(convert_form(form, keyed()), export)
    hh = data.households
    assert hh[["ea_id", "hh_no", "water"]].astype(object).values.tolist() == [
        ["V1", "001", 1], ["V1", "002", 2], ["V2", "001", 1]
    ]  # fmt: skip
    assert hh["assets_radio"].tolist()[:2] == [1, pd.NA]
    assert hh["assets_tv"].tolist()[0] == 1
    persons = data.persons
    assert persons[["ea_id", "hh_no", "line_no", "pname"]].values.tolist() == [
        ["V1", "001", 1, "Ana"], ["V1", "001", 2, "Ben"], ["V2", "001", 1, "Cy"]
    ]  # fmt: skip
    assert persons["born"].tolist()[1] == "2021-02-03"
    errors = data.cell_errors
    assert errors[["table", "row", "field", "value"]].values.tolist() == [
        ["households", 4, "area", "abc"]
    ]
    assert [w.message() for w in data.warnings] == [
        "export.xlsx, sheet water, row 4, column assets: 1 answer(s) name choices not in the "
        "list 'assets' (car); they are not counted as any choice — correct the data or the "
        "form's choices"
    ]


def test_without_a_household_field_households_are_numbered_within_their_ea(
    form: Path, tmp_path: Path
) -> None:
    main_sheet = md(MAIN).drop(columns=["_index"])
    members = (
        md(MEMBERS).drop(columns=["_parent_index"]).assign(_submission__uuid=["u1", "u1", "u3"])
    )
    path = tmp_path / "uuid.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        main_sheet.to_excel(writer, sheet_name="water", index=False)
        members.to_excel(writer, sheet_name="members", index=False)
    conversion = convert_form(form, Options(ea="village", reference=REF.reference))
    data = read_export(conversion, path)
    assert data.households[["ea_id", "hh_no"]].values.tolist() == [
        ["V1", "001"], ["V1", "002"], ["V2", "001"]
    ]  # fmt: skip
    assert data.persons["hh_no"].tolist() == ["001", "001", "001"]
    assert data.persons["ea_id"].tolist() == ["V1", "V1", "V2"]


def export_refusal(form: Path, path: Path, options: Options, ea_id: str | None = None) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_export(convert_form(form, options), path, ea_id=ea_id)
    return [p.message() for p in caught.value.problems]


def test_an_export_with_broken_structure_is_refused_located(form: Path, tmp_path: Path) -> None:
    orphan = write_book(
        tmp_path / "o.xlsx",
        {"water": MAIN, "members": MEMBERS.replace("| 3             | 3      |", "| 9 | 3 |")},
    )
    assert export_refusal(form, orphan, keyed()) == [
        "o.xlsx, sheet members, row 4, column _parent_index: _parent_index '9' names no row of "
        "sheet 'water' (_index); this person has no household — export the main sheet and the "
        "roster together"
    ]
    twice = write_book(
        tmp_path / "t.xlsx",
        {"water": MAIN.replace("| V1      | 2 ", "| V1      | 1 "), "members": MEMBERS},
    )
    assert export_refusal(form, twice, keyed()) == [
        "t.xlsx, sheet water, row 3, column hh_id: EA V1 household 001 is repeated; each "
        "household needs its own hh_id"
    ]
    assert export_refusal(form, orphan, REF) == [
        "form.xlsx: the form has no EA field (--ea FIELD), so every household's EA must be given "
        "with --ea-id CODE"
    ]
    no_roster = write_book(tmp_path / "r.xlsx", {"water": MAIN})
    assert export_refusal(form, no_roster, keyed())[0].startswith(
        "r.xlsx: has no sheet 'members' for the roster repeat (sheets found: water)"
    )


def test_an_ea_given_for_every_household(form: Path, export: Path) -> None:
    data = read_export(convert_form(form, REF), export, ea_id="E7")
    assert data.households["ea_id"].tolist() == ["E7"] * 3
    assert data.households["hh_no"].tolist() == ["001", "002", "003"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_refuses_bad_input_in_one_located_sentence(
    form: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["xlsform", "questionnaire", str(form), "-o", str(tmp_path / "q.yaml"), "--roster", "x"],
        capsys,
    )
    assert code == 2
    assert err == (
        "survey: form.xlsx, sheet survey: has no repeat named 'x' for --roster "
        "(repeats: members, visits)\n"
    )
    code, _, err = run(
        ["xlsform", "questionnaire", str(tmp_path / "none.xlsx"), "-o", str(tmp_path / "q.yaml")],
        capsys,
    )
    assert (code, err) == (2, "survey: none.xlsx: does not exist; check the path\n")
    code, _, err = run(
        ["xlsform", "questionnaire", str(form), "-o", "q.yaml", "--reference", "July"], capsys
    )
    assert (code, err) == (2, "survey: --reference 'July' is not a year and month like 2024-07\n")


@pytest.mark.skipif(
    any(importlib.util.find_spec(m) for m in ("xlrd", "python_calamine")),
    reason="an .xls reader is installed here",
)
def test_an_old_xls_form_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    assert refusal(path) == [
        "old.xls: is an old Excel .xls workbook and no reader for .xls is installed here; open "
        "it in Excel or LibreOffice, save it as .xlsx and use that file"
    ]


# --- the real material in ../shared/testdata/xlsform ----------------------------------------

REACH = SHARED / "reach-msna-2024"
REACH_FORM = REACH / "REACH_2024_MSNA-kobo-tool_draft_v11.xlsx"


@needs_shared
def test_reach_form_roster_becomes_persons_and_other_repeats_are_noted() -> None:
    conversion = convert_form(REACH_FORM, Options(ea="cluster_id", reference=REF.reference))
    q = conversion.questionnaire
    assert conversion.roster is not None
    assert conversion.roster.name == "roster"
    assert {"ind_age", "ind_gender", "wgq_vision"} <= set(q.persons.columns)
    assert q.item("ind_age").range == (0, 119)
    assert (
        q.item("wgq_vision").universe == "(consent == 'yes') and (ind_age >= 5) and (ind_age >= 5)"
    )
    assert q.item("aap_priority_challenge_food", "households").code_values == (0, 1)
    left_out = {n.subject for n in conversion.notes if n.code == "repeat"}
    assert left_out == {"edu_ind", "health_ind", "nut_ind"}


@needs_shared
def test_reach_export_end_to_end_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "msna"
    options = ["--ea", "cluster_id", "--reference", "2024-07"]
    code, text, _ = run(
        [
            "xlsform",
            "data",
            str(REACH_FORM),
            str(REACH / "dummy_raw_data.xlsx"),
            "-o",
            str(out),
            *options,
        ],
        capsys,
    )
    assert code == 0
    assert "(241 households)" in text
    assert "(965 persons)" in text
    findings = tmp_path / "findings.csv"
    code, text, _ = run(
        [
            "check",
            "--questionnaire",
            str(out / "questionnaire.yaml"),
            "--households",
            str(out / "households.csv"),
            "--persons",
            str(out / "persons.csv"),
            "--findings",
            str(findings),
        ],
        capsys,
    )
    assert code == 1
    with findings.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # the dummy data hold ages of 120 where the form allows '. < 120': V-03 at those persons
    raw = pd.read_excel(
        REACH / "dummy_raw_data.xlsx", sheet_name=["main", "roster"], dtype=str, engine="openpyxl"
    )
    persons = pd.read_csv(out / "persons.csv", dtype=str, keep_default_na=False)
    too_old = persons.index[raw["roster"]["ind_age"].to_numpy() == "120"]
    v03 = [(r["ea_id"], r["hh_no"], r["line_no"]) for r in rows if r["rule_id"] == "V-03"]
    assert sorted(v03) == sorted(
        persons.loc[too_old, ["ea_id", "hh_no", "line_no"]].itertuples(index=False, name=None)
    )
    assert len(v03) == 5
    households = pd.read_csv(out / "households.csv", dtype=str, keep_default_na=False)
    assert len(households) == 241
    assert len(persons) == 965
    assert households["ea_id"].tolist() == raw["main"]["cluster_id"].tolist()
    # every person row is its export row, in order, under the household its _parent_index names
    by_index = dict(
        zip(
            raw["main"]["index"],
            zip(households["ea_id"], households["hh_no"], strict=True),
            strict=True,
        )
    )
    assert list(zip(persons["ea_id"], persons["hh_no"], strict=True)) == [
        by_index[i] for i in raw["roster"]["_parent_index"]
    ]
    located = {(r["ea_id"], r["hh_no"]) for r in rows if r["hh_no"]}  # not the EAs' signals
    assert located <= set(zip(households["ea_id"], households["hh_no"], strict=True))
    assert "2381 errors in 241 households" in text


@needs_shared
def test_onadata_tutorial_with_old_type_spellings() -> None:
    conversion = convert_form(SHARED / "onadata" / "tutorial_w_repeats.xlsx", REF)
    q = conversion.questionnaire
    assert q.version == "2014111"
    assert q.item("has_children", "households").code_values == (0, 1)
    assert q.households.columns[-4:] == [
        "web_browsers_firefox", "web_browsers_chrome", "web_browsers_ie", "web_browsers_safari"
    ]  # fmt: skip
    assert q.persons.columns[3:] == ["childs_name", "childs_age"]
    assert q.item("gps", "households").identifier
    assert any(n.subject == "picture" and n.code == "media" for n in conversion.notes)


@needs_shared
def test_onadata_nested_repeats_roster_is_a_top_level_repeat() -> None:
    path = SHARED / "onadata" / "household_nested_repeats.xlsx"
    conversion = convert_form(path, REF)
    assert conversion.roster is not None
    assert conversion.roster.name == "man"
    assert conversion.questionnaire.title.en == "Household Survey"
    assert {n.subject for n in conversion.notes if n.code == "repeat"} == {"woman", "child"}
    assert refusal(path, Options(roster="child")) == [
        "household_nested_repeats.xlsx, sheet survey, row 8, column name: the repeat 'child' is "
        "inside another repeat; the roster must be a repeat of the household itself"
    ]


@needs_shared
def test_pyxform_spec_test_chinese_labels_and_every_type() -> None:
    conversion = convert_form(SHARED / "pyxform" / "xlsform_spec_test.xlsx", REF)
    q = conversion.questionnaire
    assert q.id == "Spec-test"
    yes = q.item("skip_to_end", "households").codes
    assert yes is not None
    assert (yes[0].label.zh, yes[0].label.en) == ("是", "Yes")
    assert q.item("date_test", "households").pattern is not None
    assert q.item("label_test").type == ItemType.TEXT  # 'label-test', renamed
    noted = {n.code for n in conversion.notes}
    assert {"media", "metadata", "note", "renamed"} <= noted


@needs_shared
@pytest.mark.skipif(
    any(importlib.util.find_spec(m) for m in ("xlrd", "python_calamine")),
    reason="an .xls reader is installed here",
)
def test_pyxform_tutorial_xls_is_refused_without_an_xls_reader() -> None:
    assert refusal(SHARED / "pyxform" / "tutorial.xls")[0].startswith(
        "tutorial.xls: is an old Excel .xls workbook"
    )


@needs_shared
@pytest.mark.skipif(
    not any(importlib.util.find_spec(m) for m in ("xlrd", "python_calamine")),
    reason="no .xls reader is installed here",
)
def test_pyxform_tutorial_xls_is_read_with_an_xls_reader() -> None:
    assert convert_form(SHARED / "pyxform" / "tutorial.xls", REF).questionnaire.households.items
