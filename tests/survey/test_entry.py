"""The household form's entry: removing a person keeps every explanation with its person."""

from __future__ import annotations

from survey.collection.entry import Entry


def test_removing_a_person_takes_their_explanations_and_moves_the_later_ones_up() -> None:
    entry = Entry(
        household={"n_present": "4"},
        persons=[{"name": "张伟"}, {"name": "张小红"}, {"name": "李娜"}, {"name": "张小明"}],
        explanations=[
            {"rule_id": "S-09", "line_no": None, "text": "一户多人，属实"},
            {"rule_id": "P-03", "line_no": 2, "text": "about the child removed"},
            {"rule_id": "R-04", "line_no": 3, "text": "再婚，年龄差属实"},
        ],
    )
    left = entry.with_person_removed(2)
    assert [p["name"] for p in left.persons] == ["张伟", "李娜", "张小明"]
    assert left.explanations == [
        {"rule_id": "S-09", "line_no": None, "text": "一户多人，属实"},
        {"rule_id": "R-04", "line_no": 2, "text": "再婚，年龄差属实"},  # 李娜 is line 2 now
    ]
    assert left.explanation("R-04", 2) == "再婚，年龄差属实"
