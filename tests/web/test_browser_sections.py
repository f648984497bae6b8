"""The household form in sections on a phone, in Chinese and English (web/static/sections.js,
review.js): the household, one section per person and a review page, walked with Next and the
list of sections, with the progress said; the roster table follows what is typed and opens a
person; a blank required question and an out-of-range birth year are listed on the review page
and open their section with the question focused; Enter at a section's end opens the next one;
the household submits and is stored as typed; offline the phone's cached copy has its sections
too. Without JavaScript the form is one long page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.browsing import (
    APP_TEXTS,
    PHONE,
    answer,
    fill_household,
    fill_person,
    four_persons,
    open_app,
    open_section,
    persons_stored,
    rows,
    submit,
    versions,
)
from tests.web.survey_data import EA1, PASSWORDS, Q

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SAYS = {
    "en": {
        "section": "Section {n} of {total}",
        "answered": "Required questions answered: {done} of {total}",
        "range": "Enter a number from 1900 to 2025",
        "blank": "Answer this question",
        "sex": "Sex",
        "person": "Person {n}",
        "head": "head",
        "female": "female",
        "submitted": "submitted",
    },
    "zh": {
        "section": "第{n}部分（共{total}部分）",
        "answered": "必答题已答：{done}/{total}",
        "range": "请填写1900至2025之间的数",
        "blank": "请填写本项",
        "sex": "性别",
        "person": "第{n}人",
        "head": "户主",
        "female": "女",
        "submitted": "已提交",
    },
}


def progress(page: Any) -> str:
    return str(page.locator("#section-progress").inner_text())


def required_counts(page: Any) -> tuple[int, int]:
    """(answered, asked) of the required questions that apply, read from the form itself."""
    counts = page.evaluate(
        """() => {
            const asked = [...document.querySelectorAll(".field[data-required]")].filter(f => !f.hidden);
            const done = asked.filter(f => [...f.querySelectorAll("input:not([type=hidden]), select")]
                .some(i => i.type === "radio" ? i.checked : i.value.trim() !== ""));
            return [done.length, asked.length];
        }"""
    )
    return int(counts[0]), int(counts[1])


def roster(page: Any, where: str) -> list[list[str]]:
    cells = page.locator(f"#{where} tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
    )
    return [list(row) for row in cells]


def last_question(page: Any) -> str:
    """The name of the last question the open section shows."""
    return str(
        page.evaluate(
            """() => {
                const open = [...document.querySelectorAll("#household-form .household, #persons > .person")]
                    .find(s => !s.hidden);
                const inputs = [...open.querySelectorAll("input:not([type=hidden]), select, textarea")]
                    .filter(i => !i.disabled && !i.closest("[hidden]"));
                return inputs[inputs.length - 1].name;
            }"""
        )
    )


def focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement.name || ''"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_household_of_four_is_walked_section_by_section_and_submitted(
    browser, server, survey_path, lang
) -> None:
    says = SAYS[lang]
    context, page = open_app(browser, server, lang, survey_path)
    page.goto(f"{server}/households/{EA1}/001")
    assert says["section"].format(n=1, total=3) in progress(page)  # household, person 1, review
    body = four_persons()
    answer(
        page.locator("#f-h-dwelling_type"), "h.dwelling_type", body["household"]["dwelling_type"]
    )
    expect(page.locator("#f-h-floor_area")).to_have_class(re.compile(r"\brevealed\b"))  # marked
    fill_household(page, body["household"])
    done, asked = required_counts(page)
    assert says["answered"].format(done=done, total=asked) in progress(page)
    assert 0 < done < asked

    page.locator("#section-next").click()  # Next: person 1, the head, named as listed
    assert says["section"].format(n=2, total=3) in progress(page)
    assert page.locator('input[name="p1.name"]').is_visible()
    assert page.locator("#f-h-hh_type").is_hidden()  # the household's questions are put away
    fill_person(page, 1, body["persons"][0])
    for line in (2, 3, 4):
        page.get_by_role("button", name=APP_TEXTS[lang]["add"]).click()  # opens the new section
        assert says["section"].format(n=line + 1, total=line + 2) in progress(page)
        fill_person(page, line, body["persons"][line - 1])
    assert page.locator("#section-steps button").count() == 6

    # Enter at the last question of person 3's section opens person 4's at its first question.
    open_section(page, "p3")
    page.locator(f'[name="{last_question(page)}"]').last.press("Enter")
    assert says["section"].format(n=5, total=6) in progress(page)
    assert focused(page).startswith("p4.")
    assert versions(survey_path) == []  # Enter never submits

    # The roster on the household's section, as typed: line, name, relationship, sex, age.
    open_section(page, "h")
    table = roster(page, "roster-household")
    assert [r[:2] for r in table] == [
        ["1", "张伟"],
        ["2", "李娜"],
        ["3", "张小明"],
        ["4", "张小红"],
    ]
    assert says["head"] in table[0][2]
    assert table[3][3] == says["female"]
    assert table[3][4] == "9"  # born April 2016: nine at the census moment of November 2025
    page.locator('#roster-household tr[data-line="2"]').click()  # a row opens that person
    assert says["section"].format(n=3, total=6) in progress(page)
    page.fill('input[name="p2.name"]', "李娜娜")
    open_section(page, "review")
    assert roster(page, "roster-review")[1][1] == "李娜娜"  # it follows the typing

    submit(page)
    page.wait_for_url("**notice=sent#notice")
    assert versions(survey_path) == [(EA1, "001", 1)]
    names = [name for _, name in persons_stored(survey_path)]
    assert names == ["张伟", "李娜娜", "张小明", "张小红"]
    assert rows(survey_path, "SELECT birth_year FROM person_rows WHERE line_no = 4") == [(2016,)]
    context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_review_page_lists_what_to_correct_and_opens_it(
    browser, server, survey_path, lang
) -> None:
    says = SAYS[lang]
    context, page = open_app(browser, server, lang, survey_path)
    page.goto(f"{server}/households/{EA1}/001")
    body = four_persons()
    fill_household(page, body["household"])
    fill_person(page, 1, body["persons"][0])
    for line in (2, 3):
        page.get_by_role("button", name=APP_TEXTS[lang]["add"]).click()
        person = body["persons"][line - 1]
        fill_person(page, line, {k: v for k, v in person.items() if line != 3 or k != "sex"})
    open_section(page, "p2")  # person 3's sex is left blank, person 2's birth year is wrong
    page.fill('input[name="p2.birth_year"]', "1850")

    open_section(page, "review")
    issues = page.locator("#review-issues li")
    sex = issues.filter(has_text=says["person"].format(n=3)).filter(has_text=says["sex"])
    blank = sex.filter(has_text=says["blank"])  # the phone's check; the server's says so too
    expect(blank).to_have_count(1)
    old = issues.filter(has_text=says["person"].format(n=2)).filter(has_text=says["range"])
    expect(old).to_have_count(1)

    old.locator("a").click()  # opens person 2's section, the birth year focused
    assert says["section"].format(n=3, total=5) in progress(page)
    assert focused(page) == "p2.birth_year"
    assert page.locator('input[name="p2.birth_year"]').is_visible()
    open_section(page, "review")
    blank.locator("a").click()
    assert says["section"].format(n=4, total=5) in progress(page)
    assert focused(page) == "p3.sex"
    answer(page.locator("#f-p3-sex"), "p3.sex", 1)
    open_section(page, "review")
    expect(sex).to_have_count(0)  # answered: gone from the phone's check and the server's

    # Removing person 3 (confirmed) removes their section and their row; undoing puts both back.
    open_section(page, "p3")
    page.locator('#persons .person[data-line="3"] button.remove').click()
    page.locator("#confirm-remove").click()
    assert says["section"].format(n=3, total=4) in progress(page)  # back on person 2
    assert page.locator("#section-steps button").count() == 4
    assert [r[0] for r in roster(page, "roster-review")] == ["1", "2"]
    page.locator("#undo-remove").click()
    assert page.locator("#section-steps button").count() == 5
    assert [r[0] for r in roster(page, "roster-review")] == ["1", "2", "3"]
    assert versions(survey_path) == []
    context.close()


def test_the_sections_work_offline_from_the_phones_copy(browser, server, survey_path) -> None:
    context, page = open_app(browser, server, "zh", survey_path)
    context.set_offline(True)
    page.goto(f"{server}/households/{EA1}/002")  # answered by the worker: the cached blank form
    page.locator("#offline-banner").wait_for()
    says = SAYS["zh"]
    assert says["section"].format(n=1, total=3) in progress(page)
    page.locator("#section-next").click()
    page.fill('input[name="p1.name"]', "王芳")
    open_section(page, "h")
    assert roster(page, "roster-household")[0][:2] == ["1", "王芳"]
    context.close()


def answer_without_javascript(page: Any, prefix: str, items: list[Any], values: dict[str, Any]):
    """Answer what shows; the server's round trip ("Apply answers") shows what applies next."""
    pending = [item.name for item in items if values.get(item.name) is not None]
    for _ in range(3):
        for name in [n for n in pending if page.locator(f"#f-{prefix}-{n}").is_visible()]:
            answer(page.locator(f"#f-{prefix}-{name}"), f"{prefix}.{name}", values[name])
            pending.remove(name)
        page.locator("button.no-js-only").click()


def test_without_javascript_the_form_is_one_page_and_submits(browser, server, survey_path):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(server + "/login")
    page.fill("#name", "wang")
    page.fill("#password", PASSWORDS["wang"])
    page.locator("form.narrow button[type=submit]").click()
    page.goto(f"{server}/households/{EA1}/001")
    assert page.locator("#section-steps").count() == 0
    assert page.locator("#roster-household").count() == 0
    for shown in ("#f-h-hh_type", "#f-p1-name", "#add-person", "#submit"):
        assert page.locator(shown).is_visible(), shown  # all on one page, as before
    body = four_persons()
    answer_without_javascript(page, "h", Q.households.questions, body["household"])
    answer_without_javascript(page, "p1", Q.persons.questions, body["persons"][0])
    page.locator("#submit").click()
    page.wait_for_url("**notice=sent**")
    assert versions(survey_path) == [(EA1, "001", 1)]
    assert [name for _, name in persons_stored(survey_path)] == ["张伟"]
    context.close()
