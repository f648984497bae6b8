"""XLSForm expressions in our terms: ``relevant`` → a universe, ``constraint`` → a range.

A translation is exact or it is refused with a reason: the universe language
(:mod:`schemas.expressions`) treats a comparison with a blank answer as false, as XPath does for
``=`` and ``<``; but XPath's ``!=`` is *true* for a blank, so ``a != b`` becomes ``not (a == b)``,
and ``${x} = ''`` (x is blank) becomes ``not (x == x)``. A comparison is translated only where our
typed columns compare as XPath's strings and numbers would: numbers with numeric items, quoted
text with text items, ``selected()`` with a code of the field's list. Anything else — arithmetic,
functions, calculations compared as numbers — is refused rather than approximated.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from collectors.xlsform.xpath import (
    Binary,
    Call,
    Current,
    Negative,
    Node,
    Number,
    Ref,
    String,
    XPathSyntaxError,
    parse_xpath,
)
from schemas import ItemType, parse


class Untranslatable(ValueError):
    """An expression with no exact equivalent; ``args[0]`` says why in English."""


@dataclass(frozen=True)
class Single:
    """A form field held by one item: its name, type and code values."""

    item: str
    type: ItemType
    codes: tuple[int | str, ...] | None = None


@dataclass(frozen=True)
class Multiple:
    """A select_multiple field held as one 0/1 item per choice."""

    items: dict[str, str]


Target = Single | Multiple
Resolver = Callable[[str], Target | None]
"""Gives the item(s) a form field name is held by in the scope, or None when it has none."""

_COMPARISONS = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_NUMERIC = (ItemType.INTEGER, ItemType.NUMBER)


def universe(text: str, resolve: Resolver) -> str:
    """Our universe expression for a ``relevant`` text; raises :class:`Untranslatable`."""
    try:
        node = parse_xpath(text)
    except XPathSyntaxError as exc:
        raise Untranslatable(f"it cannot be read ({exc})") from None
    source = _boolean(node, resolve)
    parse(source)  # our own parser must accept what we built
    return source


def _boolean(node: Node, resolve: Resolver) -> str:
    if isinstance(node, Binary) and node.op in ("and", "or"):
        return f"({_boolean(node.left, resolve)} {node.op} {_boolean(node.right, resolve)})"
    if isinstance(node, Call) and node.name == "not" and len(node.args) == 1:
        return f"not {_boolean(node.args[0], resolve)}"
    if isinstance(node, Call) and node.name == "selected" and len(node.args) == 2:
        return _selected(node.args[0], node.args[1], resolve)
    if isinstance(node, Binary) and node.op in _COMPARISONS:
        return _comparison(node, resolve)
    if isinstance(node, Call):
        raise Untranslatable(f"the function {node.name}() has no equivalent")
    raise Untranslatable("it is not a comparison joined by and/or/not")


def _field(node: Node, resolve: Resolver) -> Target:
    assert isinstance(node, Ref)
    target = resolve(node.name)
    if target is None:
        raise Untranslatable(f"${{{node.name}}} is not an item of this table or its household")
    return target


def _selected(field: Node, choice: Node, resolve: Resolver) -> str:
    if not isinstance(field, Ref) or not isinstance(choice, String | Number):
        raise Untranslatable("selected() is used with something other than a field and a choice")
    value = choice.value if isinstance(choice, String) else _number_text(choice.value)
    target = _field(field, resolve)
    if isinstance(target, Multiple):
        if value not in target.items:
            raise Untranslatable(f"'{value}' is not a choice of ${{{field.name}}}")
        return f"({target.items[value]} == 1)"
    if target.codes is None:
        raise Untranslatable(f"${{{field.name}}} is not a select field")
    literal = _literal_for(target, String(value), "=")
    return f"({target.item} == {literal})"


def _comparison(node: Binary, resolve: Resolver) -> str:
    left, right = node.left, node.right
    if not isinstance(left, Ref) and isinstance(right, Ref):
        left, right = right, left
        node = Binary(_MIRROR[node.op], left, right)
    if not isinstance(left, Ref):
        raise Untranslatable(
            "a comparison without a field (or with a calculation) has no equivalent"
        )
    target = _field(left, resolve)
    if isinstance(target, Multiple):
        raise Untranslatable(
            f"${{{left.name}}} is a select_multiple compared as a whole; use selected()"
        )
    if isinstance(right, String) and right.value == "" and node.op in ("=", "!="):
        known = f"({target.item} == {target.item})"
        return f"not {known}" if node.op == "=" else known
    if isinstance(right, Ref):
        other = _field(right, resolve)
        if isinstance(other, Multiple) or (target.type in _NUMERIC) != (other.type in _NUMERIC):
            raise Untranslatable(f"${{{left.name}}} and ${{{right.name}}} are not of one kind")
        if target.type not in _NUMERIC and node.op not in ("=", "!="):
            raise Untranslatable("text compared with < or > is compared as numbers in the form")
        if ItemType.NUMBER in (target.type, other.type) and node.op in ("=", "!="):
            raise Untranslatable("two decimals compared with = are compared as text in the form")
        literal = other.item
    else:
        literal = _literal_for(target, right, node.op)
    if node.op == "!=":
        return f"not ({target.item} == {literal})"
    return f"({target.item} {_COMPARISONS[node.op]} {literal})"


_MIRROR = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _literal_for(target: Single, node: Node, op: str) -> str:
    """The constant to compare ``target`` with, typed as its column is."""
    number = _constant_number(node)
    if target.type in _NUMERIC:
        if isinstance(node, String):
            text = node.value.strip()
            as_number = _parse_number(text)
            if as_number is None:
                raise Untranslatable(f"'{node.value}' is not a number")
            # '=' compares the stored text: only the number's own spelling can be equal to it
            if op in ("=", "!=") and text != _number_text(as_number):
                raise Untranslatable(f"'{node.value}' is not how the form stores that number")
            number = as_number
        if number is None:
            raise Untranslatable("the value compared is not a constant")
        if target.type == ItemType.INTEGER and number.is_integer():
            return str(int(number))
        return repr(number)
    if op not in ("=", "!="):
        raise Untranslatable("text compared with < or > is compared as numbers in the form")
    if not isinstance(node, String):
        raise Untranslatable("a text field compared with a number is compared as numbers")
    return repr(node.value)


def _constant_number(node: Node) -> float | None:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Negative) and isinstance(node.operand, Number):
        return -node.operand.value
    return None


def _parse_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


@dataclass(frozen=True)
class Bounds:
    """Numeric bounds read from a constraint; a strict bound is marked so the caller can decide."""

    low: float | None = None
    high: float | None = None
    low_strict: bool = False
    high_strict: bool = False


def bounds(text: str) -> Bounds:
    """The bounds of a constraint made only of ``. op number`` joined by ``and``."""
    try:
        node = parse_xpath(text)
    except XPathSyntaxError as exc:
        raise Untranslatable(f"it cannot be read ({exc})") from None
    found = Bounds()
    for part in _conjuncts(node):
        if not isinstance(part, Binary) or part.op not in ("<", "<=", ">", ">="):
            raise Untranslatable("it is not a set of bounds such as '. >= 0 and . <= 120'")
        op, left, right = part.op, part.left, part.right
        if isinstance(right, Current):
            op, left, right = _MIRROR[op], right, left
        number = _constant_number(right)
        if not isinstance(left, Current) or number is None:
            raise Untranslatable("it is not a set of bounds such as '. >= 0 and . <= 120'")
        strict = op in ("<", ">")
        if op in (">", ">="):
            if found.low is None or number > found.low:
                found = Bounds(number, found.high, strict, found.high_strict)
        elif found.high is None or number < found.high:
            found = Bounds(found.low, number, found.low_strict, strict)
    return found


def _conjuncts(node: Node) -> list[Node]:
    if isinstance(node, Binary) and node.op == "and":
        return [*_conjuncts(node.left), *_conjuncts(node.right)]
    return [node]
