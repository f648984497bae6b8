"""Every message the household form can show names questions by their labels: no item name, no
expression syntax, no location prefix (the page shows the household and the person), in zh and en.

The messages come from the real rules over a synthetic survey with a problem of every injectable
rule (two of each), so a rule whose wording slips an item name onto the form fails here."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
import pytest

import schemas
import validation
from schemas import Questionnaire
from survey.synth import INJECTABLE, generate, inject_errors
from validation.wording import form_message, wording

Q = schemas.default_questionnaire()
SYNTAX = re.compile(r"==|!=|>=|<=|(?<![\w\s])\s*[<>]\s*(?=\d)|\band\b.*\bor\b\s*\(")
LOCATION = re.compile(r"^(EA \d+ household|调查小区\d+第)")


@cache
def findings() -> pd.DataFrame:
    survey = generate(Q, 600, seed=0, n_eas=4)
    bad, _ = inject_errors(Q, survey, sorted(INJECTABLE), seed=1, per_rule=2)
    found = validation.validate(Q, bad.households, bad.persons, listing=bad.listing, eas=bad.eas)
    on_form = found["hh_no"].notna() & found["severity"].isin(["error", "warning"])
    return found[on_form].reset_index(drop=True)


def item_names(q: Questionnaire, lang: str) -> dict[str, str]:
    """Names that must not appear, each with its label. In English a name that is a plain word
    of its own label ("sex" of "Sex", "health" of "State of health") is that word, not a name."""
    out = {}
    for table in (q.households, q.persons):
        for item in table.items:
            out[item.name] = item.label(lang)
    for derived in q.derived:
        out[derived.name] = derived.label(lang)
    if lang == "en":
        out = {
            n: label for n, label in out.items() if n not in re.findall(r"[a-z]+", label.lower())
        }
    return out


def names_in(text: str, names: dict[str, str]) -> list[str]:
    return [
        n for n in names if re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", text)
    ]


def test_the_synthetic_survey_reaches_every_rule_of_a_household() -> None:
    household_rules = {r for r in INJECTABLE if r != "C-04"}  # C-04 is about an EA
    assert household_rules <= set(findings()["rule_id"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_message_on_the_form_names_an_item_or_shows_a_formula(lang: str) -> None:
    names = item_names(Q, lang)
    bad = []
    for message in findings()[f"message_{lang}"].drop_duplicates():
        shown = form_message(Q, str(message), lang)
        problems = names_in(shown, names)
        if SYNTAX.search(shown):
            problems.append("syntax")
        if LOCATION.search(shown):
            problems.append("location")
        if problems:
            bad.append((problems, shown))
    assert bad == []


def test_the_scan_finds_an_item_name_and_a_formula_when_there_is_one() -> None:
    """The checks above can fail: a rule's template, before rewording, names both."""
    template = "性别（sex）未填报，本项适用（age >= 15：age 45），请补填。"
    assert names_in(template, item_names(Q, "zh")) == ["sex", "age"]
    assert SYNTAX.search(template)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_stored_message_reads_by_label_and_keeps_its_location(lang: str) -> None:
    """What files, the office's pages and the API show: the same words, with the location."""
    names = item_names(Q, lang)
    messages = findings()[f"message_{lang}"].drop_duplicates().astype(str)
    assert all(LOCATION.search(m) for m in messages)
    assert [m for m in messages if names_in(m, names) or SYNTAX.search(m)] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rewording_a_reworded_message_changes_nothing(lang: str) -> None:
    said = wording(Q, lang)
    for message in findings()[f"message_{lang}"].drop_duplicates().astype(str):
        assert said(message, located=True) == message


@pytest.mark.parametrize(
    ("lang", "message", "shown"),
    [
        (
            "zh",
            "调查小区370112001001001第019户第3人：性别（sex）未填报，本项适用（age >= 15：age 45），请补填。",
            "性别未填报，本项适用（年龄（周岁）不小于15：年龄（周岁） 45），请补填。",
        ),
        (
            "en",
            "EA 370112001001001 household 019, line 3: Sex (sex) is blank; fill it in.",
            "Sex is blank; fill it in.",
        ),
    ],
)
def test_a_message_reads_by_label_without_the_location(lang: str, message: str, shown: str) -> None:
    assert form_message(Q, message, lang) == shown
