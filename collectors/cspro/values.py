"""A CSPro item's value set as our item's domain: codes, a range, and which values mean blank.

- Only the item's first value set is converted (CSPro's primary one); others are noted.
- Values only → ``codes`` with their labels. One range (``0-98``) → ``range``. Values and ranges
  together → codes, each value of a range labelled with the range's label, when they number at
  most :data:`MAX_EXPANDED`; otherwise the ``range`` from the lowest to the highest value (noted).
  A number item (with decimals) always gets a range.
- Special values: ``NOTAPPL`` (a blank field) makes the item optional (a blank is then no V-01).
  ``MISSING``, ``REFUSED`` and ``DEFAULT`` with a stored value (``999`` Don't know) are read as
  blank — our data model has no magic numbers — and noted, so they are reported as V-01 unless
  the item may be blank.
- An item without a value set gets the range its width allows, from 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from collectors.cspro.labels import label
from collectors.cspro.model import DictItem, Value
from collectors.notes import Note
from schemas import Code, ItemType

MAX_EXPANDED = 200
BLANK_SPECIALS = ("MISSING", "REFUSED", "DEFAULT")


@dataclass(frozen=True)
class Domain:
    type: ItemType
    codes: tuple[Code, ...] | None = None
    range: tuple[float, float] | None = None
    required: bool = True
    max_length: int | None = None
    blank_values: tuple[str, ...] = ()
    notes: tuple[Note, ...] = field(default_factory=tuple)


def item_type(item: DictItem) -> ItemType:
    if not item.numeric:
        return ItemType.TEXT
    return ItemType.NUMBER if item.decimals else ItemType.INTEGER


def width_range(item: DictItem) -> tuple[float, float]:
    """The largest value that fits the item's positions (and its decimals)."""
    digits = item.length - item.decimals - (1 if item.decimal_mark else 0)
    return (0.0, float(10 ** max(digits, 1)) - 10.0**-item.decimals)


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def domain(item: DictItem) -> Domain:
    kind = item_type(item)
    value_sets = [vs for vs in item.value_sets if vs.values]
    notes: list[Note] = []
    if len(value_sets) > 1:
        others = ", ".join(vs.name for vs in value_sets[1:])
        notes.append(
            Note(
                item.name,
                f"only the first value set ({value_sets[0].name}) is used; {others} left out",
                f"只采用第一个值集（{value_sets[0].name}），未采用 {others}",
            )
        )
    if not value_sets:
        if kind == ItemType.TEXT:
            return Domain(kind, max_length=item.length)
        return Domain(kind, range=width_range(item))
    values = value_sets[0].values
    required = not any(v.special == "NOTAPPL" for v in values)
    blanks = [v for v in values if v.special in BLANK_SPECIALS and v.pairs]
    ordinary = [v for v in values if v.special is None]
    blank_values = tuple(
        text
        for v in blanks
        for pair in v.pairs
        if pair.start.strip()
        for text in {pair.start.strip(), pair.start.strip().zfill(item.length)}
    )
    for v in blanks:
        shown = ", ".join(p.start.strip() for p in v.pairs)
        notes.append(
            Note(
                item.name,
                f"{shown} '{v.label.first()}' ({v.special}) is read as blank",
                f"{shown}“{v.label.first()}”（{v.special}）读作空白",
            )
        )
    if kind == ItemType.TEXT:
        codes, text_notes = _text_codes(item, ordinary)
        return Domain(
            kind,
            codes=codes,
            required=required,
            max_length=None if codes else item.length,
            blank_values=blank_values,
            notes=(*notes, *text_notes),
        )
    codes, span, number_notes = _numeric(item, kind, ordinary)
    return Domain(
        kind,
        codes=codes,
        range=span,
        required=required,
        blank_values=blank_values,
        notes=(*notes, *number_notes),
    )


def _text_codes(item: DictItem, values: list[Value]) -> tuple[tuple[Code, ...] | None, list[Note]]:
    if any(pair.to is not None for v in values for pair in v.pairs):
        return None, [
            Note(
                item.name,
                "its value set has ranges of text, which a code list cannot hold; left out",
                "其值集含文本区间，代码表无法表示；未转换",
            )
        ]
    codes: dict[str, Code] = {}
    for v in values:
        for pair in v.pairs:
            value = pair.start.strip()
            if value and value not in codes:
                codes[value] = Code(value=value, label=label(v.label, value))
    return tuple(codes.values()) or None, []


Span = tuple[float, float]


def _numeric(
    item: DictItem, kind: ItemType, values: list[Value]
) -> tuple[tuple[Code, ...] | None, Span | None, list[Note]]:
    """Codes or a range (one of them) for a numeric item's values."""
    spans: list[tuple[float, float, Value]] = []
    notes: list[Note] = []
    for v in values:
        for pair in v.pairs:
            low = _number(pair.start)
            high = low if pair.to is None else _number(pair.to)
            if low is None or high is None:
                notes.append(
                    Note(
                        item.name,
                        f"value '{pair.start}' is not a number; left out",
                        f"值“{pair.start}”不是数字；未转换",
                    )
                )
                continue
            spans.append((min(low, high), max(low, high), v))
    if not spans:
        return None, width_range(item), notes
    hull = (min(s[0] for s in spans), max(s[1] for s in spans))
    singles = all(low == high for low, high, _ in spans)
    whole = all(low.is_integer() and high.is_integer() for low, high, _ in spans)
    if kind == ItemType.INTEGER and singles and whole:
        return _codes(spans), None, notes
    if len(spans) == 1:
        return None, hull, notes
    count = sum(high - low + 1 for low, high, _ in spans)
    if kind == ItemType.INTEGER and whole and count <= MAX_EXPANDED:
        return _codes(spans), None, notes
    notes.append(
        Note(
            item.name,
            f"its value set mixes values and ranges that a code list cannot hold; checked as the "
            f"range {hull[0]:g}–{hull[1]:g}, value labels left out",
            f"其值集混合了单值与区间，代码表无法表示；按区间 {hull[0]:g}–{hull[1]:g} 检查，未转换值标签",
        )
    )
    return None, hull, notes


def _codes(spans: list[tuple[float, float, Value]]) -> tuple[Code, ...]:
    codes: dict[int, Code] = {}
    for low, high, v in spans:
        for number in range(int(low), int(high) + 1):
            if number not in codes:
                codes[number] = Code(value=number, label=label(v.label, str(number)))
    return tuple(codes.values())
