"""The vocabulary of the survey: the questionnaire definition and everything derived from it.

No I/O happens here beyond reading the packaged default definition.
"""

from schemas.definition import (
    Code,
    Derived,
    Item,
    ItemType,
    Label,
    Questionnaire,
    Reference,
    RuleParams,
    Table,
)
from schemas.expressions import Expression, ExpressionError, parse
from schemas.loading import (
    DefinitionError,
    default_definition_text,
    default_questionnaire,
    dump_definition,
    parse_definition,
)
from schemas.records import EXPLANATION_MAX, Explanation, record_model, submission_model
from schemas.tables import dtype_of, dtypes, empty_table, table_schema, with_derived

CELL_ERROR_COLUMNS = ["table", "row", "ea_id", "hh_no", "line_no", "field", "value"]
"""Columns of a cell-errors table: cells that could not be parsed into their item's type.

``row`` is the source row number (header = row 1) when the cells came from a file."""

__all__ = [
    "CELL_ERROR_COLUMNS",
    "EXPLANATION_MAX",
    "Code",
    "DefinitionError",
    "Derived",
    "Explanation",
    "Expression",
    "ExpressionError",
    "Item",
    "ItemType",
    "Label",
    "Questionnaire",
    "Reference",
    "RuleParams",
    "Table",
    "default_definition_text",
    "default_questionnaire",
    "dtype_of",
    "dtypes",
    "dump_definition",
    "empty_table",
    "parse",
    "parse_definition",
    "record_model",
    "submission_model",
    "table_schema",
    "with_derived",
]
