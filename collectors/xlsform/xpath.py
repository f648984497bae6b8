"""A parser for the expressions of XLSForm ``relevant`` and ``constraint`` columns.

It reads the XPath 1.0 subset forms are written in — ``${name}`` references, ``.``, numbers,
quoted strings, ``and``/``or``, comparisons, arithmetic and function calls — into a small tree,
following XPath's precedence. What the tree *means* in our questionnaire is decided elsewhere
(:mod:`collectors.xlsform.translate`); this module only knows the syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class XPathSyntaxError(ValueError):
    """Text that is not an expression this parser can read."""


@dataclass(frozen=True)
class Ref:
    """``${name}``."""

    name: str


@dataclass(frozen=True)
class Current:
    """``.`` — the value of the field the expression belongs to."""


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class String:
    value: str


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Binary:
    """``or``, ``and``, a comparison (``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=``) or arithmetic."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Negative:
    operand: Node


@dataclass(frozen=True)
class Other:
    """Syntax read but outside this subset (paths such as ``..`` or ``/data/x``)."""

    text: str


Node = Ref | Current | Number | String | Call | Binary | Negative | Other

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<ref>\$\{\s*[^}\s]+\s*\})
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\||\(|\)|,)
  | (?P<path>\.\.|\.|/[^\s()=<>!,]*)
  | (?P<name>[A-Za-z_][\w.:-]*)
    )""",
    re.VERBOSE,
)

_LEVELS: tuple[tuple[str, ...], ...] = (
    ("or",),
    ("and",),
    ("=", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "div", "mod"),
)


def tokens(text: str) -> list[tuple[str, str]]:
    out = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise XPathSyntaxError(f"cannot read {text[position : position + 20]!r}")
        kind = match.lastgroup
        assert kind is not None
        out.append((kind, match.group(kind)))
        position = match.end()
    return out


def parse_xpath(text: str) -> Node:
    """The tree of ``text``; raises :class:`XPathSyntaxError` when it cannot be read."""
    parser = _Parser(tokens(text))
    node = parser.expression(0)
    if parser.position != len(parser.items):
        raise XPathSyntaxError(f"unexpected {parser.items[parser.position][1]!r}")
    return node


class _Parser:
    def __init__(self, items: list[tuple[str, str]]) -> None:
        self.items = items
        self.position = 0

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.position] if self.position < len(self.items) else None

    def take(self) -> tuple[str, str]:
        item = self.peek()
        if item is None:
            raise XPathSyntaxError("the expression ends too early")
        self.position += 1
        return item

    def expect(self, value: str) -> None:
        _, text = self.take()
        if text != value:
            raise XPathSyntaxError(f"expected {value!r}, found {text!r}")

    def operator(self, level: int) -> str | None:
        item = self.peek()
        if item is None:
            return None
        kind, text = item
        if kind in ("op", "name") and text in _LEVELS[level]:
            return text
        return None

    def expression(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        left = self.expression(level + 1)
        while (op := self.operator(level)) is not None:
            self.take()
            left = Binary(op, left, self.expression(level + 1))
        return left

    def unary(self) -> Node:
        item = self.peek()
        if item is not None and item == ("op", "-"):
            self.take()
            return Negative(self.unary())
        return self.primary()

    def primary(self) -> Node:
        kind, text = self.take()
        if kind == "ref":
            return Ref(text[2:-1].strip())
        if kind == "number":
            return Number(float(text))
        if kind == "string":
            return String(text[1:-1])
        if kind == "path":
            return Current() if text == "." else Other(text)
        if kind == "op" and text == "(":
            node = self.expression(0)
            self.expect(")")
            return node
        if kind == "name":
            if self.peek() == ("op", "("):
                self.take()
                args: list[Node] = []
                if self.peek() != ("op", ")"):
                    args.append(self.expression(0))
                    while self.peek() == ("op", ","):
                        self.take()
                        args.append(self.expression(0))
                self.expect(")")
                return Call(text, tuple(args))
            return Other(text)
        raise XPathSyntaxError(f"unexpected {text!r}")
