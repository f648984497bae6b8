"""Households not in the listing (survey.collection.unlisted): added with an address, removed by
whoever added them while no version exists, kept once submitted; every refusal leaves the
database as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from survey.accounts.access import Forbidden, Role, User, add_user
from survey.collection.drafting import save_draft
from survey.collection.entry import Entry
from survey.collection.submission import submit
from survey.collection.unlisted import (
    UnlistedRefused,
    add_unlisted,
    addition_of,
    remove_unlisted,
)
from survey.context import Survey
from survey.store import events
from tests.families import EA1, family
from tests.survey.households import batch, new_survey


@pytest.fixture
def setting(tmp_path: Path) -> Iterator[tuple[Survey, dict[str, User]]]:
    survey, users = new_survey(tmp_path / "s.db")
    users["sun"] = add_user(survey, "sun", Role.ENUMERATOR, [EA1], password="pw-sun")[0]
    yield survey, users
    survey.close()


def count(survey: Survey, table: str) -> int:
    return int(survey.store.read[table].count)


def trail(survey: Survey) -> list[tuple[str, str | None]]:
    found = events.for_household(survey.store.read, EA1, "003").astype(object)
    found = found.where(found.notna(), None)
    return list(zip(found["action"], found["from_state"], strict=True))


def test_an_addition_takes_the_next_number_and_keeps_its_address(setting) -> None:
    survey, users = setting
    assert add_unlisted(survey, users["wang"], EA1, "3号楼 501", "孙丽") == "003"
    added = addition_of(survey, EA1, "003")
    assert added is not None
    assert (added.address, added.head_name, added.added_by_name) == ("3号楼 501", "孙丽", "wang")
    assert added.removable_by(users["wang"])
    assert not added.removable_by(users["sun"])
    assert addition_of(survey, EA1, "001") is None  # a listed household


@pytest.mark.parametrize("address", [None, "", "  \t\n", "门" * 101])
def test_a_blank_or_too_long_address_adds_nothing(setting, address) -> None:
    survey, users = setting
    before = count(survey, "events")
    with pytest.raises(UnlistedRefused) as refused:
        add_unlisted(survey, users["wang"], EA1, address)
    assert (refused.value.status, refused.value.field) == (422, "address")
    assert "地址" in refused.value.zh
    assert (count(survey, "households"), count(survey, "additions")) == (0, 0)
    assert count(survey, "events") == before


def test_a_supervisor_adds_nothing(setting) -> None:
    survey, users = setting
    with pytest.raises(Forbidden):
        add_unlisted(survey, users["li"], EA1, "3-501")
    assert count(survey, "households") == 0


def test_the_adder_removes_it_with_its_draft_and_the_number_is_not_reused(setting) -> None:
    survey, users = setting
    add_unlisted(survey, users["wang"], EA1, "3-501")
    save_draft(survey, users["wang"], EA1, "003", Entry(household={"hh_type": "1"}, persons=[]))
    removed = remove_unlisted(survey, users["wang"], EA1, "003")
    assert removed.address == "3-501"
    assert (count(survey, "households"), count(survey, "drafts"), count(survey, "additions")) == (
        0,
        0,
        0,
    )
    assert trail(survey) == [
        ("addition", None),
        ("draft_save", "draft"),
        ("addition_remove", "draft"),
    ]
    assert add_unlisted(survey, users["wang"], EA1, "3-502") == "004"


def test_a_submitted_addition_is_not_removed(setting) -> None:
    survey, users = setting
    add_unlisted(survey, users["wang"], EA1, "3-501")
    submit(survey, batch(*family("003", EA1)), source="form", user=users["wang"])
    with pytest.raises(UnlistedRefused, match="has been submitted, so it cannot be removed"):
        remove_unlisted(survey, users["wang"], EA1, "003")
    assert count(survey, "additions") == 1
    assert [a for a, _ in trail(survey)] == ["addition", "submit"]


def test_another_enumerator_of_the_ea_does_not_remove_it(setting) -> None:
    survey, users = setting
    add_unlisted(survey, users["wang"], EA1, "3-501")
    with pytest.raises(Forbidden, match="was added by wang: only they can remove it"):
        remove_unlisted(survey, users["sun"], EA1, "003")
    assert count(survey, "additions") == 1
    with pytest.raises(UnlistedRefused, match="is not an addition"):
        remove_unlisted(survey, users["wang"], EA1, "001")
