"""The notes of a conversion about what the form holds that our questionnaire does not: fields
left out (by kind, or with a repeat other than the roster), and how the keys and the roster were
chosen."""

from __future__ import annotations

from datetime import date

from collectors.xlsform.form import Block, Field, Form
from collectors.xlsform.items import MEDIA, is_metadata
from collectors.xlsform.notes import Note
from schemas import Reference


def kind_reason(kind: str) -> str:
    if kind == "note":
        return "note"
    if kind in MEDIA:
        return "media"
    if is_metadata(kind):
        return "metadata"
    return f"type:{kind}"


def left_out_notes(left_out: dict[str, list[str]], form: Form) -> list[Note]:
    notes = []
    for reason, fields in left_out.items():
        listed = ", ".join(fields)
        if reason == "note":
            en, zh = "notes hold no answer and are not items", "说明文字不含答案，不作为题目"
        elif reason == "media":
            en, zh = "photos, sound, video and files are left out", "照片、录音、视频和文件未转换"
        elif reason == "metadata":
            en = "metadata the device records (times, device, user) are left out"
            zh = "设备记录的元数据（时间、设备、用户）未转换"
        elif reason.startswith("type:"):
            kind = reason.removeprefix("type:")
            en, zh = f"the type '{kind}' has no equivalent; left out", f"类型“{kind}”无对应，未转换"
        else:
            block = form.repeat_named(reason)
            row = block.row if block else None
            notes.append(
                Note(
                    code="repeat",
                    subject=reason,
                    message_en=f"this repeat is left out with its {len(fields)} field(s) "
                    f"({listed}): only the roster becomes the persons table (choose it with "
                    "--roster)",
                    message_zh=f"此 repeat 及其 {len(fields)} 个字段（{listed}）未转换："
                    "只有人员名单转为人员表（用 --roster 选择）",
                    row=row,
                )
            )
            continue
        notes.append(Note(code=reason, subject=listed, message_en=en, message_zh=zh))
    return notes


def structure_notes(
    form: Form,
    roster: Block | None,
    ea_field: Field | None,
    household_field: Field | None,
    reference: Reference | None,
) -> list[Note]:
    notes = []
    if roster is None:
        notes.append(
            Note(
                "roster",
                "persons",
                "the form has no repeat: the persons table has only its key and no rows",
                "表单没有 repeat：人员表只有编号列，没有数据",
            )
        )
    else:
        notes.append(
            Note(
                "roster",
                roster.name,
                "this repeat is the persons table; line_no is each person's position in it",
                "此 repeat 为人员表；line_no 为人员在其中的顺序号",
                row=roster.row,
            )
        )
        if roster.repeat_count:
            notes.append(
                Note(
                    "repeat_count",
                    roster.name,
                    f"repeat_count '{roster.repeat_count}' is not checked against the persons",
                    f"repeat_count“{roster.repeat_count}”不与人数核对",
                    row=roster.row,
                )
            )
    if ea_field is None:
        notes.append(
            Note(
                "ea_id",
                "ea_id",
                "no form field gives the EA (--ea FIELD): 'survey xlsform data' gives every "
                "household the EA of --ea-id",
                "没有指定给出调查小区的字段（--ea FIELD）：“survey xlsform data”将所有住户的调查小区"
                "设为 --ea-id 的值",
            )
        )
    if household_field is None:
        notes.append(
            Note(
                "hh_no",
                "hh_no",
                "no form field gives the household number (--household FIELD): households are "
                "numbered 001, 002 … in their order in the data within each EA",
                "没有指定给出户编号的字段（--household FIELD）：住户按其在数据中的顺序在各调查小区内"
                "编为 001、002……",
            )
        )
    if reference is None:
        today = date.today()
        notes.append(
            Note(
                "reference",
                "reference",
                f"the census moment is set to {today.year}-{today.month:02d} (give it with "
                "--reference YYYY-MM)",
                f"调查时点设为 {today.year}-{today.month:02d}（可用 --reference YYYY-MM 指定）",
            )
        )
    return notes
