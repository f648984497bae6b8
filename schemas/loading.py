"""Reading a questionnaire definition from YAML or JSON text into a validated model."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import yaml
from pydantic import ValidationError

from schemas.definition import Questionnaire


class DefinitionError(ValueError):
    """A questionnaire definition that cannot be used; the message names the item at fault."""


def parse_definition(text: str, source: str = "<definition>") -> Questionnaire:
    """Parse YAML (a superset of JSON) text into a :class:`Questionnaire`."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise DefinitionError(
            f"{source}: not valid YAML or JSON{where}: check the indentation, a missing ':' or "
            "an unclosed quote there"
        ) from None
    if not isinstance(data, dict):
        raise DefinitionError(f"{source}: a definition is a mapping with 'tables', 'items' …")
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(f"{source}: {_describe(exc)}") from None


#: pydantic's kinds of problem, in the words of a definition's author (pydantic's own text is a
#: programmer's: "Input should be a valid integer, unable to parse string as an integer").
_WORDS = {
    "missing": "is required",
    "extra_forbidden": "is not a key of a definition here (a misspelling?)",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "dict_type": "must be a mapping (key: value lines)",
    "model_type": "must be a mapping (key: value lines)",
    "model_attributes_type": "must be a mapping (key: value lines)",
    "too_short": "is too short",
    "too_long": "is too long",
}


def _message(error: Any) -> str:
    kind = str(error["type"])
    if kind in ("literal_error", "enum"):
        return f"must be one of {error.get('ctx', {}).get('expected', 'the allowed values')}"
    if kind == "value_error":  # the definition's own checks: our words already
        return str(error["msg"]).removeprefix("Value error, ")
    return _WORDS.get(kind, "is not valid here")


def _describe(exc: ValidationError) -> str:
    """One line per problem, located by its path in the definition, in words for its author."""
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = _message(error)
        lines.append(f"{where}: {message}" if where else message)
    return "; ".join(dict.fromkeys(lines))


describe = _describe
"""A pydantic validation error as one line per problem, located by its path."""


def default_definition_text() -> str:
    return resources.files("schemas").joinpath("questionnaire.yaml").read_text(encoding="utf-8")


def default_questionnaire() -> Questionnaire:
    """The shipped definition: the national 1% population sample survey."""
    return parse_definition(default_definition_text(), "schemas/questionnaire.yaml")


def dump_definition(questionnaire: Questionnaire) -> str:
    """JSON text of a definition that :func:`parse_definition` reads back equal."""
    return json.dumps(
        questionnaire.model_dump(mode="json", by_alias=True), ensure_ascii=False, sort_keys=True
    )
