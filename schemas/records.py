"""pydantic models of one submitted household, derived from the definition.

These parse the JSON API's body strictly: a key that is not an item, or a value of the wrong JSON
type, is refused with its location. Code lists and ranges are *not* checked here — a value outside
them is stored and becomes a V-03 finding, so no household is lost for a slip of a finger.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, create_model

from schemas.definition import ItemType, Questionnaire, Table

_PY_TYPES: dict[ItemType, Any] = {
    ItemType.INTEGER: StrictInt,
    ItemType.NUMBER: StrictInt | StrictFloat,
    ItemType.TEXT: StrictStr,
}


EXPLANATION_MAX = 1000  # characters of one explanation


class Explanation(BaseModel):
    """The enumerator's answer to a warning."""

    model_config = ConfigDict(extra="forbid")
    rule_id: StrictStr = Field(min_length=1, max_length=20)
    line_no: StrictInt | None = None
    text: StrictStr = Field(min_length=1, max_length=EXPLANATION_MAX)


def record_model(table: Table, *, exclude: tuple[str, ...] = ()) -> type[BaseModel]:
    fields: dict[str, Any] = {
        item.name: (_PY_TYPES[item.type] | None, None)
        for item in table.items
        if item.name not in exclude
    }
    return create_model(  # type: ignore[call-overload, no-any-return]
        f"{table.name.title()}Record",
        __config__=ConfigDict(extra="forbid"),
        **fields,
    )


@cache
def submission_model(questionnaire: Questionnaire) -> type[BaseModel]:
    """The model of ``POST /api/v1/households``: household, persons, explanations."""
    household = record_model(questionnaire.households)
    parent_key = questionnaire.households.key
    person = record_model(questionnaire.persons, exclude=parent_key)
    fields: dict[str, Any] = {
        "submission_id": (StrictStr | None, None),
        "household": (household, ...),
        "persons": (list[person], Field(default_factory=list, max_length=99)),  # type: ignore[valid-type]
        "explanations": (list[Explanation], Field(default_factory=list)),
    }
    return create_model(  # type: ignore[call-overload, no-any-return]
        "Submission", __config__=ConfigDict(extra="forbid"), **fields
    )
