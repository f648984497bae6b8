"""One form field → the item(s) that hold it: type, code list, range, labels.

Universes are added later, once every field of the survey has its item (a ``relevant`` may name a
field further down the form).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

from collectors.xlsform.form import Choice, Field, Form
from collectors.xlsform.labels import bilingual
from collectors.xlsform.names import spelled
from collectors.xlsform.notes import Note
from collectors.xlsform.translate import Bounds, Untranslatable, bounds
from schemas import Code, ItemType, Label

INT_RANGE = (-2147483648.0, 2147483647.0)
"""Whole numbers an XForm ``int`` holds: the range of an integer without bounds in its form."""
DECIMAL_RANGE = (-1e15, 1e15)
"""The range of a decimal without bounds in its form."""

Claim = Callable[[list[str]], str]
"""Hands out the first free item name of the candidates given."""

NUMERIC = {"integer", "decimal", "range"}
TEXT = {"text", "barcode", "hidden", "time", "datetime", "acknowledge", "calculate", "date"}
LOCATIONS = {"geopoint", "geotrace", "geoshape"}
METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
    "background-audio",
    "background-geopoint",
}
MEDIA = {"image", "audio", "video", "file", "signature", "background-audio"}
_TRUE = {"yes", "true", "true()", "y", "t", "1"}
_FALSE = {"no", "false", "false()", "n", "f", "0"}
DATE_PATTERN = (
    r"^(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))|(?:\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]"
    r"|[13579][26])00)-02-29)$"
)
"""A real date YYYY-MM-DD of the Gregorian calendar (30 February and 29 February 2023 do not
match, so they are V-03), as one pattern the web form and the checks share."""


@dataclass
class Draft:
    """An item under construction (pydantic models are frozen), with where its values come from."""

    name: str
    field: Field
    label: Label
    type: ItemType
    hint: Label | None = None
    codes: tuple[Code, ...] | None = None
    range: tuple[float, float] | None = None
    pattern: str | None = None
    required: bool = True
    identifier: bool = False
    choice: str | None = None
    universe: str | None = None
    notes: list[Note] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"name": self.name, "label": self.label, "type": self.type}
        optional = {
            "hint": self.hint,
            "codes": self.codes,
            "range": self.range,
            "pattern": self.pattern,
            "universe": self.universe,
        }
        data |= {key: value for key, value in optional.items() if value is not None}
        if not self.required:
            data["required"] = False
        if self.identifier:
            data["identifier"] = True
        return data


def is_metadata(kind: str) -> bool:
    return kind in METADATA or kind.startswith("uri:")


def note(f: Field, code: str, en: str, zh: str) -> Note:
    return Note(code=code, subject=f.name, message_en=en, message_zh=zh, row=f.row)


def label_of(f: Field, form: Form) -> Label:
    return bilingual(f.labels, f.name, form.settings.get("default_language"))


def required(f: Field) -> tuple[bool, Note | None]:
    text = (f.required or "").strip().lower()
    if not text or text in _FALSE:
        return False, None
    if text in _TRUE:
        return True, None
    return False, note(
        f,
        "required",
        f"required only when '{f.required}': the model cannot make an item required by a "
        "condition, so it is not required",
        f"仅在“{f.required}”时必答：本系统无法按条件设置必答，因此设为非必答",
    )


def several(f: Field) -> bool:
    """Whether the field is held by several items (one 0/1 item per choice)."""
    return f.kind == "select_multiple" and not f.from_file


def drafts(f: Field, form: Form, name: str, claim: Claim) -> list[Draft]:
    """The item drafts of field ``f``: one named ``name``, or one per choice of a
    select_multiple, named ``field_choice`` (``field_choice_<choice>`` when that is taken)."""
    label = label_of(f, form)
    hint = bilingual(f.hints, "", form.settings.get("default_language")) if f.hints else None
    is_required, required_note = required(f)
    notes = [required_note] if required_note else []
    base = Draft(name=name, field=f, label=label, type=ItemType.TEXT, hint=hint)
    base.required = is_required
    base.notes = notes
    if f.kind in NUMERIC:
        _numeric(base, f)
    elif f.kind == "select_one":
        _select_one(base, f, form)
    elif f.kind == "select_multiple":
        return _select_multiple(base, f, form, claim)
    elif f.kind == "calculate":
        base.required = False
    elif f.kind == "date":
        base.pattern = DATE_PATTERN
        base.hint = base.hint or Label(zh="真实日期，格式 YYYY-MM-DD", en="a real date, YYYY-MM-DD")
    elif f.kind in LOCATIONS:
        base.identifier = True
    if f.constraint and f.kind not in NUMERIC:
        base.notes.append(
            note(
                f,
                "constraint",
                f"constraint '{f.constraint}' is left out: only numeric bounds are carried over",
                f"约束“{f.constraint}”未转换：只转换数值范围",
            )
        )
    return [base]


def _numeric(draft: Draft, f: Field) -> None:
    parameters = _parameters(f.parameters) if f.kind == "range" else {}
    whole = f.kind == "integer" or (
        f.kind == "range" and all(float(v).is_integer() for v in parameters.values())
    )
    draft.type = ItemType.INTEGER if whole else ItemType.NUMBER
    low, high = INT_RANGE if whole else DECIMAL_RANGE
    if f.kind == "range":
        low, high = parameters.get("start", 1.0), parameters.get("end", 10.0)
        low, high = min(low, high), max(low, high)
    if f.constraint:
        try:
            found = bounds(f.constraint)
        except Untranslatable as exc:
            draft.notes.append(
                note(
                    f,
                    "constraint",
                    f"constraint '{f.constraint}' is left out ({exc}); the range is "
                    f"[{_show(low)}, {_show(high)}]",
                    f"约束“{f.constraint}”未转换（{exc}）；范围取 [{_show(low)}, {_show(high)}]",
                )
            )
        else:
            low, high = _apply(found, low, high, whole, draft, f)
    draft.range = (low, high)


def _apply(
    found: Bounds, low: float, high: float, whole: bool, draft: Draft, f: Field
) -> tuple[float, float]:
    new_low, new_high = low, high
    dropped = []
    if found.low is not None:
        if whole:
            new_low = math.floor(found.low) + 1 if found.low_strict else math.ceil(found.low)
        elif found.low_strict:
            dropped.append(f"> {_show(found.low)}")
        else:
            new_low = found.low
    if found.high is not None:
        if whole:
            new_high = math.ceil(found.high) - 1 if found.high_strict else math.floor(found.high)
        elif found.high_strict:
            dropped.append(f"< {_show(found.high)}")
        else:
            new_high = found.high
    if new_low > new_high:
        draft.notes.append(
            note(
                f,
                "constraint",
                f"constraint '{f.constraint}' admits no value; it is left out",
                f"约束“{f.constraint}”不允许任何值，未转换",
            )
        )
        return low, high
    if dropped:
        draft.notes.append(
            note(
                f,
                "constraint",
                f"the strict bound(s) {', '.join(dropped)} of '{f.constraint}' are left out: a "
                "range of decimals includes its ends",
                f"“{f.constraint}”中的严格界限 {', '.join(dropped)} 未转换：小数范围包含端点",
            )
        )
    return float(new_low), float(new_high)


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _parameters(text: str | None) -> dict[str, float]:
    out = {}
    for part in (text or "").replace(";", " ").replace(",", " ").split():
        key, _, value = part.partition("=")
        try:
            out[key.strip().lower()] = float(value)
        except ValueError:
            continue
    return {k: v for k, v in out.items() if k in ("start", "end", "step")}


def choices_of(f: Field, form: Form) -> tuple[list[Choice], list[Note]]:
    """The field's choices, each name once (or_other adds ``other``)."""
    notes = []
    seen: set[str] = set()
    unique = []
    for choice in form.choices.get(f.list_name or "", ()):
        if choice.name in seen:
            notes.append(
                note(
                    f,
                    "choices",
                    f"list '{f.list_name}' names the choice '{choice.name}' twice; the first is kept",
                    f"列表“{f.list_name}”中选项“{choice.name}”出现两次，保留第一个",
                )
            )
            continue
        seen.add(choice.name)
        unique.append(choice)
    if f.or_other and "other" not in seen:
        unique.append(Choice("other", {"label": "Other", "label::Chinese (zh)": "其他"}))
        notes.append(
            note(
                f,
                "or_other",
                "or_other: the choice 'other' is kept; its 'specify' text field is left out",
                "or_other：保留“other”选项，其“请注明”文本项未转换",
            )
        )
    return unique, notes


def _integer_codes(choices: list[Choice]) -> bool:
    """Integer codes only when every choice name is a whole number in its own spelling."""
    try:
        return all(str(int(c.name)) == c.name for c in choices)
    except ValueError:
        return False


def _select_one(draft: Draft, f: Field, form: Form) -> None:
    if f.from_file:
        draft.notes.append(
            note(
                f,
                "from_file",
                "its choices are in an external file: kept as text without a code list",
                "选项在外部文件中：按文本保留，无代码表",
            )
        )
        return
    choices, notes = choices_of(f, form)
    draft.notes.extend(notes)
    integer = _integer_codes(choices)
    draft.type = ItemType.INTEGER if integer else ItemType.TEXT
    draft.codes = tuple(
        Code(
            value=int(c.name) if integer else c.name,
            label=bilingual(c.labels, c.name, form.settings.get("default_language")),
        )
        for c in choices
    )


SELECTED = Label(zh="选中", en="selected")
NOT_SELECTED = Label(zh="未选", en="not selected")


def _select_multiple(draft: Draft, f: Field, form: Form, claim: Claim) -> list[Draft]:
    if f.from_file:
        draft.notes.append(
            note(
                f,
                "from_file",
                "its choices are in an external file: kept as one text item of the chosen names",
                "选项在外部文件中：按一个文本项保留所选名称",
            )
        )
        return [draft]
    choices, notes = choices_of(f, form)
    out = []
    for choice in choices:
        choice_label = bilingual(choice.labels, choice.name, form.settings.get("default_language"))
        out.append(
            Draft(
                name=claim(
                    [spelled(f"{f.name}_{choice.name}"), spelled(f"{f.name}_choice_{choice.name}")]
                ),
                field=f,
                label=Label(
                    zh=f"{draft.label.zh}：{choice_label.zh}",
                    en=f"{draft.label.en}: {choice_label.en}",
                ),
                type=ItemType.INTEGER,
                hint=draft.hint,
                codes=(Code(value=0, label=NOT_SELECTED), Code(value=1, label=SELECTED)),
                required=draft.required,
                choice=choice.name,
            )
        )
    first_notes = [*draft.notes, *notes]
    if f.constraint:
        first_notes.append(
            note(
                f,
                "constraint",
                f"constraint '{f.constraint}' is left out: only numeric bounds are carried over",
                f"约束“{f.constraint}”未转换：只转换数值范围",
            )
        )
    if out:
        out[0].notes = first_notes
    return out
