"""V-03 on respondents' text: a control character (NUL, bell), a direction override or mark in
a name is an error finding located on the person's field; ordinary Chinese and Latin names,
with spaces and middle dots, are not."""

from __future__ import annotations

import pytest

from tests.validation.household_tables import check, edit, family, rows


@pytest.mark.parametrize(
    "name",
    [
        "赵\u0000六",
        "赵\u202e六",
        "赵六\u0007",
        "\u2066赵六",
        "赵\u200f六",
        "赵\x85六",
        "赵\u061c六",
    ],
    ids=["NUL", "RLO", "bell", "isolate", "RLM", "NEL", "ALM"],
)
def test_a_hidden_character_in_a_name_is_v03(name: str) -> None:
    hh, pp = family()
    found = check(hh, edit(pp, 2, name=name))
    assert rows(found, "V-03") == [("error", "001", 2, "name")]
    assert "invisible control or direction character" in found["message_en"].iloc[0]
    assert "不可见的控制字符" in found["message_zh"].iloc[0]


@pytest.mark.parametrize("name", ["赵六", "阿依古丽·买买提", "Anna Maria", "O'Neil-Smith"])
def test_visible_names_pass(name: str) -> None:
    hh, pp = family()
    assert rows(check(hh, edit(pp, 2, name=name)), "V-03") == []
