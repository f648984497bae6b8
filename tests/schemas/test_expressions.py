"""Universe expressions evaluated over columns, for one record, and as the form's JSON tree."""

from __future__ import annotations

import pandas as pd
import pytest

from schemas import ExpressionError, parse


def people() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sex": pd.array([2, 2, 1, 2, None], dtype="Int64"),
            "age": pd.array([15, 64, 30, 65, 30], dtype="Int64"),
            "hh_no": pd.array(["001", "999", "002", None, "003"], dtype="string"),
        }
    )


def test_a_chained_comparison_holds_only_inside_the_range() -> None:
    universe = parse("sex == 2 and 15 <= age <= 64")
    assert universe.evaluate(people()).tolist() == [True, True, False, False, False]


def test_a_blank_answer_puts_the_row_outside_the_universe() -> None:
    assert parse('hh_no != "999"').evaluate(people()).tolist() == [True, False, True, False, True]


def test_not_or_and_lists() -> None:
    frame = people()
    assert parse("not sex == 1").evaluate(frame).tolist() == [True, True, False, True, True]
    assert parse("sex in (1,) or age > 60").evaluate(frame).tolist() == [
        False,
        True,
        True,
        True,
        False,
    ]


def test_one_record() -> None:
    universe = parse("age >= 15")
    assert universe.evaluate_record({"age": 15}) is True
    assert universe.evaluate_record({"age": 14}) is False
    assert universe.evaluate_record({"age": None}) is False


def test_the_form_gets_a_tree_of_the_same_expression() -> None:
    assert parse("age >= 3").to_tree() == {
        "cmp": ">=",
        "left": {"item": "age"},
        "right": {"const": 3},
    }
    assert parse('not (15 <= age <= 64 or hh_no in ("001", "002"))').to_tree() == {
        "not": {
            "or": [
                {
                    "and": [
                        {"cmp": "<=", "left": {"const": 15}, "right": {"item": "age"}},
                        {"cmp": "<=", "left": {"item": "age"}, "right": {"const": 64}},
                    ]
                },
                {"cmp": "in", "left": {"item": "hh_no"}, "right": {"list": ["001", "002"]}},
            ]
        }
    }


@pytest.mark.parametrize(
    "source", ["age + 1 > 3", "f(age)", "age.real > 1", "lambda: 1", "age >= 15 if 1 else 2"]
)
def test_anything_but_comparisons_is_refused(source: str) -> None:
    with pytest.raises(ExpressionError):
        parse(source)
