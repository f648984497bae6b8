"""Our items from inferred columns: the item of each column, and the notes saying what was
decided about it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from collectors.microdata.types import WIDEST, Inferred
from collectors.notes import Note
from schemas import ItemType, Label


def item(
    name: str,
    column: str,
    inferred: Inferred,
    *,
    identifier: bool = False,
    label: str | None = None,
    value_labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The item of a column: labelled with the file's variable label (else the column name);
    a code list labelled with the file's value labels, every labelled value a code even where
    no row holds it (else the values themselves)."""
    out: dict[str, Any] = {
        "name": name,
        "label": Label(zh=label or column, en=label or column),
        "type": ItemType.TEXT if identifier else inferred.type,
        "required": inferred.blank == 0,
        "identifier": identifier,
    }
    if inferred.codes is not None and not identifier:
        named = dict(value_labels or {})
        integer = inferred.type == ItemType.INTEGER
        extra = [v for v in named if not integer or v.lstrip("-").isdigit()]
        values = list(dict.fromkeys([*inferred.codes, *extra]))
        if integer:
            values.sort(key=int)
        out["codes"] = {
            (int(v) if integer else i): [named.get(v, v)] * 2 for i, v in enumerate(values, start=1)
        }
        out["type"] = ItemType.INTEGER
    elif out["type"] != ItemType.TEXT:
        out["range"] = WIDEST
    return out


def item_notes(
    name: str, column: str, inferred: Inferred, value_labels: Mapping[str, str] | None = None
) -> list[Note]:
    notes = []
    if name != column:
        notes.append(
            Note(
                column, f"named '{name}' (lower-case letters, digits, _; unique)", f"改名为“{name}”"
            )
        )
    if inferred.filled == 0:
        notes.append(
            Note(
                column,
                "every cell is blank: kept as optional text",
                "所有单元格为空：保留为非必答文本",
            )
        )
        return notes
    if inferred.blank:
        notes.append(
            Note(
                column,
                f"{inferred.blank} blank cells: not required (write its universe into the "
                "definition to check blanks)",
                f"{inferred.blank} 个空单元格：设为非必答（可在定义中写明适用范围以检查空白）",
            )
        )
    if inferred.codes is not None and value_labels:
        shown = ", ".join(f"{v} {label}" for v, label in list(value_labels.items())[:6])
        n = len(value_labels)
        notes.append(
            Note(
                column,
                f"its {n} value labels became the code list ({shown}{' …' if n > 6 else ''}); "
                "any other value is an error",
                f"其 {n} 个值标签成为代码表（{shown}{' …' if n > 6 else ''}）；其他取值为错误",
            )
        )
    elif inferred.codes is not None:
        n = len(inferred.codes)
        shown = ", ".join(inferred.codes[:6]) + (" …" if n > 6 else "")
        if inferred.type == ItemType.INTEGER:
            notes.append(
                Note(
                    column,
                    f"--codes: its {n} whole-number values became a code list ({shown}); any "
                    "other value is an error",
                    f"--codes：其 {n} 个整数取值成为代码表（{shown}）；其他取值为错误",
                )
            )
        else:
            listing = ", ".join(f"{i} {v}" for i, v in enumerate(inferred.codes[:6], start=1))
            notes.append(
                Note(
                    column,
                    f"{n} text values became codes 1–{n} in order of first appearance "
                    f"({listing}{' …' if n > 6 else ''}), the text as both labels",
                    f"{n} 个文本取值按首次出现顺序编为代码 1–{n}（{listing}{' …' if n > 6 else ''}），"
                    "文本作为中英文标签",
                )
            )
    elif inferred.type == ItemType.INTEGER:
        notes.append(
            Note(
                column,
                "whole numbers; no range was made from the values seen (an observed range is not "
                "a rule): write its real range or codes (--codes) into the definition",
                "整数；未按所见取值设定范围（观察到的范围不是规则）：请在定义中写明实际范围或代码（--codes）",
            )
        )
    elif inferred.type == ItemType.NUMBER:
        notes.append(
            Note(
                column,
                "numbers with decimals; no range was made from the values seen: write its real "
                "range into the definition",
                "带小数的数值；未按所见取值设定范围：请在定义中写明实际范围",
            )
        )
    return notes


def free_text_note(column: str) -> Note:
    return Note(
        column,
        "kept as free text (its values seldom repeat or are too many for a code list); "
        "--codes makes it a code list",
        "保留为自由文本（取值很少重复或过多，不宜作代码表）；可用 --codes 转为代码表",
    )
