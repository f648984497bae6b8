"""Universe expressions: the skip logic of the questionnaire, as a tiny safe language.

A universe is a Python-like boolean expression over item names, e.g. ``sex == 2 and 15 <= age <= 64``
or ``hh_no != "999"``. It is parsed once with :mod:`ast` into a whitelisted tree and then
evaluated *over columns* (a whole table at once), or handed to the web form as a JSON tree that
a small interpreter (web/static/expr.js) walks. Nothing is ever passed to ``eval`` or compiled.

Semantics of blanks: a comparison with a blank operand is false, so a person whose age is unknown
is outside ``age >= 15`` — and ``!=`` with a blank operand is false as well. The universe of
an item holds only where the answers it depends on are known.
"""

from __future__ import annotations

import ast
import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

COMPARATORS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}


class ExpressionError(ValueError):
    """A universe expression that is not in the supported language."""


@dataclass(frozen=True)
class Expression:
    """A parsed universe expression."""

    source: str
    tree: ast.expr

    @cached_property
    def names(self) -> frozenset[str]:
        """The item names the expression reads (walked once: rules ask for them per check)."""
        return frozenset(n.id for n in ast.walk(self.tree) if isinstance(n, ast.Name))

    def evaluate(self, table: pd.DataFrame, columns: Columns | None = None) -> pd.Series:
        """Evaluate over every row of ``table``; returns a boolean Series aligned to it.

        ``columns`` keeps the columns read as numpy values: pass the same dict to every
        expression evaluated over the same table, and each column is converted once."""
        read = {} if columns is None else columns
        return pd.Series(_evaluate(self.tree, table, len(table), read), index=table.index)

    def evaluate_record(self, values: Mapping[str, Any]) -> bool:
        """Evaluate for one record given as a mapping of item name to value (None = blank)."""
        frame = pd.DataFrame([{name: values.get(name) for name in self.names}])
        return bool(self.evaluate(frame).iloc[0])

    def to_tree(self) -> dict[str, Any]:
        """The expression as a JSON-ready tree, for the web form's interpreter (web/static/expr.js).

        Nodes: ``{"and": [node, ...]}``, ``{"or": [node, ...]}``, ``{"not": node}`` and
        ``{"cmp": OP, "left": operand, "right": operand}`` with OP one of ``== != < <= > >= in
        not in``; a chained comparison (``15 <= age <= 64``) is the "and" of its pairs. Operands:
        ``{"item": name}``, ``{"const": number or text}``, ``{"list": [number or text, ...]}``.
        The interpreter gives the same answers as :meth:`evaluate` (a blank operand makes a
        comparison false); nothing is compiled to code on either side."""
        return _to_tree(self.tree)

    def to_json(self) -> str:
        """:meth:`to_tree` as compact JSON text."""
        return json.dumps(self.to_tree(), ensure_ascii=False, separators=(",", ":"))


def parse(source: str) -> Expression:
    """Parse ``source``; raises :class:`ExpressionError` naming what is not allowed."""
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError(f"cannot parse {source!r}: {exc.msg}") from None
    _check(tree, source)
    return Expression(source=source, tree=tree)


def _check(node: ast.AST, source: str) -> None:
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value, source)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand, source)
    elif isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in COMPARATORS:
                raise ExpressionError(f"operator {type(op).__name__} is not allowed in {source!r}")
        for operand in [node.left, *node.comparators]:
            _check_operand(operand, source)
    else:
        raise ExpressionError(
            f"{source!r} must be comparisons joined by and/or/not, e.g. 'age >= 15 and sex == 2'"
        )


def _check_operand(node: ast.AST, source: str) -> None:
    if isinstance(node, ast.Name):
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float | str):
        return
    if isinstance(node, ast.Tuple | ast.List):
        for element in node.elts:
            if not (isinstance(element, ast.Constant) and isinstance(element.value, int | str)):
                raise ExpressionError(f"lists in {source!r} may hold only numbers and strings")
        return
    raise ExpressionError(f"only item names and constants may be compared in {source!r}")


Values = tuple[np.ndarray, np.ndarray]
"""A column as plain numpy values and a mask of the rows where it is known (not blank)."""


def _values(series: pd.Series) -> Values:
    known = series.notna().to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype="float64", na_value=np.nan), known
    return series.to_numpy(dtype=object, na_value=None), known


Columns = dict[str, Values]
"""Columns already read from one table, by name."""


def _operand(node: ast.expr, table: pd.DataFrame, n: int, read: Columns) -> Any:
    if isinstance(node, ast.Name):
        if node.id not in read:
            read[node.id] = _values(table[node.id])
        return read[node.id]
    if isinstance(node, ast.Tuple | ast.List):
        return [element.value for element in node.elts if isinstance(element, ast.Constant)]
    assert isinstance(node, ast.Constant)
    return node.value


_OPS: dict[str, Any] = {
    "==": np.equal,
    "!=": np.not_equal,
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
}


def _compare(op: ast.cmpop, left: Any, right: Any, n: int) -> np.ndarray:
    """Elementwise comparison over numpy values; false wherever an operand is blank."""
    symbol = COMPARATORS[type(op)]
    if symbol in ("in", "not in"):
        values, known = left
        inside = np.isin(
            values, np.array(right, dtype=values.dtype if values.dtype != object else object)
        )
        return known & (inside if symbol == "in" else ~inside)
    known = np.ones(n, dtype=bool)
    sides = []
    for side in (left, right):
        if isinstance(side, tuple):
            known &= side[1]
            sides.append(side[0])
        else:
            sides.append(side)
    out = np.zeros(n, dtype=bool)
    if not known.any():
        return out
    a, b = (x[known] if isinstance(x, np.ndarray) else x for x in sides)
    with contextlib.suppress(TypeError):  # text compared with a number is never true
        out[known] = np.asarray(_OPS[symbol](a, b), dtype=bool)
    return out


def _evaluate(node: ast.expr, table: pd.DataFrame, n: int, read: Columns) -> np.ndarray:
    if isinstance(node, ast.BoolOp):
        values = [_evaluate(v, table, n, read) for v in node.values]
        combined = values[0]
        for value in values[1:]:
            combined = (combined & value) if isinstance(node.op, ast.And) else (combined | value)
        return combined
    if isinstance(node, ast.UnaryOp):
        return ~_evaluate(node.operand, table, n, read)
    assert isinstance(node, ast.Compare)
    out = np.ones(n, dtype=bool)
    left = _operand(node.left, table, n, read)
    for op, comparator in zip(node.ops, node.comparators, strict=True):
        right = _operand(comparator, table, n, read)
        out &= _compare(op, left, right, n)
        left = right
    return out


def _tree_operand(node: ast.expr) -> dict[str, Any]:
    if isinstance(node, ast.Name):
        return {"item": node.id}
    if isinstance(node, ast.Tuple | ast.List):
        return {"list": [e.value for e in node.elts if isinstance(e, ast.Constant)]}
    assert isinstance(node, ast.Constant)
    return {"const": node.value}


def _to_tree(node: ast.expr) -> dict[str, Any]:
    if isinstance(node, ast.BoolOp):
        return {"and" if isinstance(node.op, ast.And) else "or": [_to_tree(v) for v in node.values]}
    if isinstance(node, ast.UnaryOp):
        return {"not": _to_tree(node.operand)}
    assert isinstance(node, ast.Compare)
    parts = []
    left = node.left
    for op, right in zip(node.ops, node.comparators, strict=True):
        parts.append(
            {
                "cmp": COMPARATORS[type(op)],
                "left": _tree_operand(left),
                "right": _tree_operand(right),
            }
        )
        left = right
    return parts[0] if len(parts) == 1 else {"and": parts}
