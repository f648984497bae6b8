"""pydantic models of one submitted household, derived from the definition.

These parse the JSON API's body strictly: a key that is not an item, or a value of the wrong JSON
type, is refused with its location. Code lists and ranges are *not* checked here — a value outside
them is stored and becomes a V-03 finding, so no household is lost for a slip of a finger.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StrictFloat,
    StrictInt,
    StrictStr,
    create_model,
)

from schemas.definition import Item, ItemType, Questionnaire, Table
from schemas.keys import HOUSEHOLD_NUMBER

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


def _key_schema(item: Item) -> Callable[[dict[str, Any]], None]:
    """What a key item must hold, for the JSON Schema: the household or person it names.

    Parsing stays lenient (a missing or malformed key is refused after parsing, with a message
    naming the key), but the document states the contract, so a client — or a fuzzer — builds
    bodies the server stores."""
    wanted: dict[str, Any] = {"type": "integer" if item.type == ItemType.INTEGER else "string"}
    if item.name == "hh_no":  # whatever the definition says, the store takes 001–999
        wanted["pattern"] = HOUSEHOLD_NUMBER
    elif item.pattern is not None:  # a key's digits are ASCII digits (JSON Schema's \d is not)
        wanted["pattern"] = item.pattern.replace(r"\d", "[0-9]")
    if item.range is not None and item.type == ItemType.INTEGER:
        wanted["minimum"], wanted["maximum"] = int(item.range[0]), int(item.range[1])

    def document(schema: dict[str, Any]) -> None:
        title = schema.get("title")
        schema.clear()
        schema.update(wanted, **({"title": title} if title else {}))

    return document


def record_name(table: Table) -> str:
    """The name of a table's record model, as the JSON Schema's ``$defs`` holds it."""
    return f"{table.name.title()}Record"


def record_model(table: Table, *, exclude: tuple[str, ...] = ()) -> type[BaseModel]:
    keys = [name for name in table.key if name not in exclude]
    required: list[JsonValue] = [*keys]  # documented: the key says which household or person
    fields: dict[str, Any] = {
        item.name: (
            _PY_TYPES[item.type] | None,
            Field(None, json_schema_extra=_key_schema(item)) if item.name in keys else None,
        )
        for item in table.items
        if item.name not in exclude
    }
    return create_model(  # type: ignore[call-overload, no-any-return]
        record_name(table),
        __config__=ConfigDict(extra="forbid", json_schema_extra={"required": required}),
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
