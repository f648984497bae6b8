"""How a finding reads: questions named by their labels, never by item name or formula.

A rule's template is written once for every questionnaire, so it names the items it reads and
may quote a universe's expression. Every finding's message is reworded from the questionnaire
as the rule produces it (:func:`reword`, in :meth:`validation.registry.Rule.run`), so files, the
office's pages and the API read the same sentence: ``Label（name）`` becomes ``Label``, a
universe's expression becomes words (``age >= 15`` → "Age is at least 15"), and any item name
left becomes its label. The household form also drops the location the page already shows (the
household, the person): :func:`form_message`. Rewording a reworded message changes nothing, so
messages stored before this rewording existed read the same on the form.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from schemas import Item, Questionnaire
from schemas.expressions import COMPARATORS
from validation.messages import LANGS, PREFIX

WORD = "A-Za-z0-9_"

COMPARE: dict[str, dict[str, str]] = {
    "en": {
        "==": "{a} is {b}",
        "!=": "{a} is not {b}",
        ">=": "{a} is at least {b}",
        "<=": "{a} is at most {b}",
        ">": "{a} is more than {b}",
        "<": "{a} is less than {b}",
        "in": "{a} is one of {b}",
        "not in": "{a} is none of {b}",
    },
    "zh": {
        "==": "{a}为{b}",
        "!=": "{a}不为{b}",
        ">=": "{a}不小于{b}",
        "<=": "{a}不大于{b}",
        ">": "{a}大于{b}",
        "<": "{a}小于{b}",
        "in": "{a}为{b}之一",
        "not in": "{a}不为{b}中任何一个",
    },
}
FLIPPED = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "==": "==", "!=": "!="}
JOIN = {"en": {"and": " and ", "or": " or "}, "zh": {"and": "且", "or": "或"}}
NOT = {"en": "not ({})", "zh": "并非（{}）"}
LIST_SEP = {"en": ", ", "zh": "、"}


@dataclass(frozen=True)
class Wording:
    """The rewording of one questionnaire's messages in one language."""

    lang: str
    prefixes: tuple[re.Pattern[str], ...]
    universes: tuple[tuple[str, str], ...]  # (expression source, in words), longest first
    labelled: re.Pattern[str] | None  # "（name）" / " (name)" right after a label
    known: re.Pattern[str] | None  # a label already in the text: out of reach of the names
    bare: re.Pattern[str] | None  # a whole-word item name
    labels: Mapping[str, str]  # the names to replace by their labels
    labels_all: Mapping[str, str]

    def __call__(self, message: str, *, located: bool = False) -> str:
        """The message in words; ``located`` keeps its location prefix (EA, household, line)."""
        text, where = message, ""
        for prefix in self.prefixes:
            found = prefix.match(text)
            if found is not None:
                where, text = found.group(0), text[found.end() :]
                break
        text = self._words(text)
        if located and where:  # the sentence goes on after "…, line 2: "
            lower = self.lang == "en" and text[1:2].islower()
            return where + (text[:1].lower() + text[1:] if lower else text)
        return text[:1].upper() + text[1:] if self.lang == "en" else text

    def _words(self, message: str) -> str:
        text = message
        kept: list[str] = []  # text already in words, out of reach of the name replacement

        def keep(words: str) -> str:
            kept.append(words)
            return f"\x00{len(kept) - 1}\x00"

        for source, words in self.universes:
            if source in text:
                text = text.replace(source, keep(words))
        if self.labelled is not None:
            text = self.labelled.sub(lambda m: keep(self.labels_all[m.group(1)]), text)
        if self.known is not None:
            text = self.known.sub(lambda m: keep(m.group(0)), text)
        if self.bare is not None:
            text = self.bare.sub(lambda m: keep(self._label(m, text)), text)
        return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)

    def _label(self, match: re.Match[str], text: str) -> str:
        label = self.labels[match.group(0)]
        start = match.start()
        at_start = start == 0 or text[max(0, start - 2) : start].strip() in (".", ":", ";")
        if self.lang == "en" and not at_start and label[1:2].islower():
            return label[:1].lower() + label[1:]
        return label


def _label_of(item: Any, lang: str) -> str:
    return str(item.label.zh if lang == "zh" else item.label.en)


def _value(item: Any, value: Any, lang: str) -> str:
    if isinstance(item, Item) and item.codes:
        label = item.code_label(value, lang)
        if label:
            return f"{value}（{label}）" if lang == "zh" else f"{value} ({label})"
    return str(value)


SYMBOLS = COMPARATORS  # the expression language's own table of comparisons


def _operand(node: ast.expr) -> tuple[str, Any]:
    if isinstance(node, ast.Name):
        return "item", node.id
    if isinstance(node, ast.Tuple | ast.List):
        return "list", [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return "const", node.value if isinstance(node, ast.Constant) else None


def _pair(op: str, left: ast.expr, right: ast.expr, items: Mapping[str, Any], lang: str) -> str:
    (lkind, lvalue), (rkind, rvalue) = _operand(left), _operand(right)
    if lkind != "item" and rkind == "item":
        (lkind, lvalue), (rkind, rvalue), op = (rkind, rvalue), (lkind, lvalue), FLIPPED.get(op, op)
    item = items.get(str(lvalue))
    name = _label_of(item, lang) if item is not None else str(lvalue)
    if rkind == "list":
        value = LIST_SEP[lang].join(_value(item, v, lang) for v in rvalue)
    elif rkind == "item":
        other = items.get(str(rvalue))
        value = _label_of(other, lang) if other is not None else str(rvalue)
    else:
        value = _value(item, rvalue, lang)
    return COMPARE[lang][op].format(a=name, b=value)


def describe(node: ast.expr, items: Mapping[str, Any], lang: str) -> str:
    """A universe's expression (its parsed tree, :class:`schemas.expressions.Expression`) in
    words: ``sex == 2 and 15 <= age <= 64`` → "Sex is 2 (female) and Age is at least 15 and
    Age is at most 64"."""
    if isinstance(node, ast.BoolOp):
        key = "and" if isinstance(node.op, ast.And) else "or"
        return JOIN[lang][key].join(describe(part, items, lang) for part in node.values)
    if isinstance(node, ast.UnaryOp):
        return NOT[lang].format(describe(node.operand, items, lang))
    assert isinstance(node, ast.Compare)
    parts, left = [], node.left
    for op, right in zip(node.ops, node.comparators, strict=True):
        parts.append(_pair(SYMBOLS[type(op)], left, right, items, lang))
        left = right
    return JOIN[lang]["and"].join(parts)


def _prefix_pattern(template: str) -> re.Pattern[str]:
    pattern = re.escape(template)
    for key in ("ea_id", "hh_no", "line_no"):
        pattern = pattern.replace(re.escape("{" + key + "}"), r"[^\s:：,，]+")
    return re.compile("^" + pattern)


def _names(pattern_of: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(pattern_of, key=len, reverse=True))


def build(q: Questionnaire, lang: str) -> Wording:
    items: dict[str, Any] = {}
    for table in (q.households, q.persons):
        items.update(table.by_name)
    for derived in q.derived:
        items.setdefault(derived.name, derived)
    labels = {name: _label_of(item, lang) for name, item in items.items()}
    # In English a name that is a plain word of its own label ("sex" / "Sex", "health" / "State
    # of health") reads as itself.
    renamed = {
        n: label
        for n, label in labels.items()
        if lang != "en" or n.lower() not in re.findall(r"[a-z]+", label.lower())
    }
    universes: dict[str, str] = {}
    for table in (q.households, q.persons):
        for item in table.items:
            expr = item.universe_expr
            if expr is not None:
                universes[expr.source] = describe(expr.tree, items, lang)
    names = _names(labels)
    labelled = _names(set(labels.values()))
    return Wording(
        lang=lang,
        prefixes=tuple(
            _prefix_pattern(PREFIX[level]["zh" if lang == "zh" else "en"])
            for level in ("person", "household")
        ),
        universes=tuple(sorted(universes.items(), key=lambda kv: len(kv[0]), reverse=True)),
        labelled=re.compile(rf"(?:{labelled})(?:（|\s\()({names})(?:）|\))") if names else None,
        known=re.compile(rf"(?<![{WORD}])(?:{labelled})(?![{WORD}])", re.IGNORECASE)
        if labelled
        else None,
        bare=re.compile(rf"(?<![{WORD}])(?:{_names(renamed)})(?![{WORD}])") if renamed else None,
        labels=renamed,
        labels_all=labels,
    )


_CACHE: dict[tuple[int, str], tuple[Questionnaire, Wording]] = {}


def wording(q: Questionnaire, lang: str) -> Wording:
    """The (cached) rewording of ``q``'s messages in ``lang``."""
    key = (id(q), lang)
    cached = _CACHE.get(key)
    if cached is None or cached[0] is not q:
        cached = _CACHE[key] = (q, build(q, lang))
    return cached[1]


def form_message(q: Questionnaire, message: str, lang: str) -> str:
    """``message`` (a finding's, in ``lang``) as the household form shows it: in words, without
    the location prefix."""
    return wording(q, lang)(message)


def reword(q: Questionnaire, findings: pd.DataFrame) -> pd.DataFrame:
    """``findings`` with both message columns in words, their location prefix kept (the
    rows of one rule's findings: one regular-expression pass per message)."""
    out = findings.copy()
    for lang in LANGS:
        column = f"message_{lang}"
        if column in out.columns and len(out):
            said = wording(q, lang)
            words = [said(m, located=True) if isinstance(m, str) else m for m in out[column]]
            out[column] = pd.Series(words, index=out.index, dtype=out[column].dtype)
    return out
