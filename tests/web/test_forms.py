"""The household form is generated from the questionnaire definition — the default one and any
other — and its universes, roster and widgets work by server round trips without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from schemas import parse_definition
from survey.accounts.access import Role, add_user
from survey.context import Survey
from tests.web.clients import login, make_app, page_token
from tests.web.survey_data import EA1, Q, load_frames
from web.db import close
from web.forms import roster_columns

PETS = """
id: pets-2025
version: "1"
title: {zh: 宠物调查, en: Pet survey}
reference: {year: 2025, month: 11}
tables:
  households:
    label: {zh: 户, en: Households}
    key: [ea_id, hh_no]
    items:
      - {name: ea_id, label: {zh: 小区, en: EA}, type: text}
      - {name: hh_no, label: {zh: 户号, en: Household number}, type: text}
      - name: owns_pet
        label: {zh: 是否养宠物, en: Keeps a pet}
        type: integer
        codes: {1: [是, "yes"], 2: [否, "no"]}
      - name: n_pets
        label: {zh: 宠物数量, en: Number of pets}
        type: integer
        range: [1, 20]
        universe: owns_pet == 1
  persons:
    label: {zh: 人, en: Persons}
    key: [ea_id, hh_no, line_no]
    parent: households
    items:
      - {name: ea_id, label: {zh: 小区, en: EA}, type: text}
      - {name: hh_no, label: {zh: 户号, en: Household number}, type: text}
      - {name: line_no, label: {zh: 序号, en: Line}, type: integer, range: [1, 99]}
      - {name: given_name, label: {zh: 名字, en: Given name}, type: text, max_length: 20}
      - {name: years, label: {zh: 岁数, en: Years of age}, type: integer, range: [0, 120]}
      - name: pet_carer
        label: {zh: 是否照顾宠物, en: Looks after the pets}
        type: integer
        codes: {1: [是, "yes"], 2: [否, "no"]}
        universe: owns_pet == 1 and years >= 10
  eas:
    label: {zh: 小区, en: EAs}
    key: [ea_id]
    frame: true
    items:
      - {name: ea_id, label: {zh: 小区, en: EA}, type: text}
      - {name: name, label: {zh: 名称, en: Name}, type: text}
  listing:
    label: {zh: 底册, en: Listing}
    key: [ea_id, hh_no]
    frame: true
    items:
      - {name: ea_id, label: {zh: 小区, en: EA}, type: text}
      - {name: hh_no, label: {zh: 户号, en: Household number}, type: text}
      - {name: head_name, label: {zh: 户主, en: Head}, type: text}
"""
PET_EA = "110101001001001"


class Form(HTMLParser):
    """The household form's fields: name → [attributes], each marked hidden when its field is
    (out of universe); the person template for JavaScript is left out."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.fields: dict[str, list[dict[str, str | None]]] = {}
        self.field_hidden = False
        self.in_template = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "template":
            self.in_template = True
        if tag == "div" and "field" in (values.get("class") or "").split():
            self.field_hidden = "hidden" in values
        if self.in_template or tag not in ("input", "select", "textarea") or not values.get("name"):
            return
        values["_hidden"] = "1" if self.field_hidden else None
        values["_tag"] = tag
        self.fields.setdefault(str(values["name"]), []).append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.in_template = False

    def shown(self, name: str) -> bool:
        return any(not f["_hidden"] for f in self.fields.get(name, []))


@pytest.fixture
def wang(client: FlaskClient) -> FlaskClient:
    login(client, "wang")
    return client


def form_of(client: FlaskClient, path: str = f"/households/{EA1}/001") -> Form:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return Form(response.text)


def round_trip(client: FlaskClient, data: dict[str, str], path: str = f"/households/{EA1}/001"):
    data = {"csrf_token": page_token(client, path), **data}
    return client.post(path, data=data)


def test_every_question_of_the_default_questionnaire_is_on_the_form(wang) -> None:
    form = form_of(wang)
    for item in Q.households.questions:
        assert f"h.{item.name}" in form.fields, item.name
    for item in Q.persons.questions:
        assert f"p1.{item.name}" in form.fields, item.name
    assert "h.ea_id" not in form.fields
    assert "p1.line_no" not in form.fields


def test_widgets_follow_the_item_definitions(wang) -> None:
    html = wang.get(f"/households/{EA1}/001").text
    form = Form(html)
    assert [f["value"] for f in form.fields["p1.sex"]] == ["1", "2"]  # few codes: radios
    assert {f["type"] for f in form.fields["p1.sex"]} == {"radio"}
    assert form.fields["p1.ethnicity"][0]["_tag"] == "select"  # many codes: a select
    year = form.fields["p1.birth_year"][0]
    assert (year["type"], year["min"], year["max"], year["inputmode"]) == (
        "number",
        "1900",
        "2025",
        "numeric",
    )
    assert form.fields["p1.name"][0]["maxlength"] == "50"
    assert form.fields["p1.id_number"][0]["pattern"] == r"\d{17}[\dXx]"
    assert "女" not in html
    assert "female" in html
    tree = '{"cmp":"&gt;=","left":{"item":"age"},"right":{"const":3}}'.replace('"', "&#34;")
    assert f'data-universe="{tree}"' in html  # the universe age >= 3, as a tree for expr.js


def test_a_new_household_starts_with_its_head_as_listed(wang) -> None:
    form = form_of(wang)
    assert form.fields["p1.name"][0]["value"] == "张伟"
    assert form.fields["p1.relationship"][0]["_tag"] == "select"
    assert "head of household" in wang.get(f"/households/{EA1}/001").text


def test_fields_outside_their_universe_are_hidden_until_the_answers_call_for_them(wang) -> None:
    form = form_of(wang)
    assert form.shown("p1.sex")
    assert not form.shown("p1.education")  # no birth date yet: age unknown
    assert not form.shown("h.floor_area")
    applied = round_trip(
        wang,
        {
            "action": "update",
            "h.dwelling_type": "1",
            "p1._row": "1",
            "p1.sex": "2",
            "p1.birth_year": "1990",
            "p1.birth_month": "1",
            "p1.hukou_place": "1",
        },
    )
    assert applied.status_code == 200
    form = Form(applied.text)
    for name in ("h.floor_area", "p1.education", "p1.children_born", "p1.birth_last_year"):
        assert form.shown(name), name
    assert not form.shown("p1.health")  # 35 years old
    assert not form.shown("p1.reason_away")  # time_away not answered


def test_persons_are_added_and_removed_by_round_trips(wang) -> None:
    added = round_trip(wang, {"action": "add_person", "p1._row": "1", "p1.name": "张伟"})
    form = Form(added.text)
    assert "p2.name" in form.fields
    assert "p3.name" not in form.fields
    again = round_trip(
        wang,
        {
            "action": "add_person",
            "p1._row": "1",
            "p1.name": "张伟",
            "p2._row": "1",
            "p2.name": "李娜",
        },
    )
    assert "p3.name" in Form(again.text).fields
    removed = round_trip(
        wang,
        {
            "remove": "1",
            "p1._row": "1",
            "p1.name": "张伟",
            "p2._row": "1",
            "p2.name": "李娜",
            "p3._row": "1",
        },
    )
    form = Form(removed.text)
    assert form.fields["p1.name"][0]["value"] == "李娜"  # line 2 moved up to line 1
    assert "p3.name" not in form.fields


@pytest.fixture
def pets(tmp_path: Path) -> Iterator[Flask]:
    path = tmp_path / "pets.db"
    survey = Survey.create(path, parse_definition(PETS))
    load_frames(
        survey,
        [{"ea_id": PET_EA, "name": "宠物小区"}],
        [{"ea_id": PET_EA, "hh_no": "001", "head_name": "Ann"}],
    )
    add_user(survey, "ann", Role.ENUMERATOR, [PET_EA], password="pw-ann-12345", lang="en")
    survey.close()
    app = make_app(path)
    yield app
    close(app)


def test_another_questionnaire_gets_its_own_form(pets) -> None:
    client = pets.test_client()
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    client.post(
        "/login", data={"name": "ann", "password": "pw-ann-12345", "csrf_token": token.group(1)}
    )
    path = f"/households/{PET_EA}/001"
    form = form_of(client, path)
    names = [n for n in form.fields if n.startswith(("h.", "p1.")) and not n.endswith("_row")]
    assert names == ["h.owns_pet", "h.n_pets", "p1.given_name", "p1.years", "p1.pet_carer"]
    assert not form.shown("h.n_pets")
    assert not form.shown("p1.pet_carer")
    assert form.fields["h.n_pets"][0]["min"] == "1"
    applied = round_trip(
        client,
        {
            "action": "update",
            "h.owns_pet": "1",
            "p1._row": "1",
            "p1.years": "30",
            "p2._row": "1",
            "p2.years": "5",
        },
        path,
    )
    form = Form(applied.text)
    assert form.shown("h.n_pets")
    assert form.shown("p1.pet_carer")
    assert not form.shown("p2.pet_carer")  # five years old
    assert "Looks after the pets" in applied.text


def test_the_roster_table_has_the_questionnaires_name_relationship_sex_and_age(wang) -> None:
    columns = [(c.name, c.label.en) for c in roster_columns(Q)]
    assert columns == [
        ("name", "Name"),
        ("relationship", "Relationship to the head of household"),
        ("sex", "Sex"),
        ("age", "Age in completed years at the census moment"),  # derived from D5
    ]
    page = wang.get(f"/households/{EA1}/001").text
    head = re.search(r'<template id="roster-template">.*?</thead>', page, re.S)
    assert head
    assert re.findall(r'data-item="(\w+)"', head.group(0)) == [n for n, _ in columns]
    assert "Person line number" in head.group(0)  # the first column: the line, as labelled


def test_another_questionnaires_roster_reads_its_own_roles() -> None:
    pets = parse_definition(PETS + "roles:\n  name: {item: given_name}\n  age: {item: years}\n")
    assert [(c.name, c.label.en) for c in roster_columns(pets)] == [
        ("given_name", "Given name"),
        ("years", "Years of age"),
    ]
    assert roster_columns(parse_definition(PETS)) == []  # no roles: the line number only
