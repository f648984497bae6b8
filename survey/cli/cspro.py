"""``survey cspro``: bring a CSPro survey in — its dictionary as our questionnaire definition,
its data file as households.csv and persons.csv."""

from __future__ import annotations

import argparse
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from collectors.cspro import Conversion, convert, read_data, read_dictionary
from collectors.definition_text import definition_text
from collectors.notes import Note
from collectors.roles import with_roles
from schemas import Reference
from survey.cli.output import Fail, add_lang, add_roles


def _reference(text: str) -> Reference:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"'{text}' is not a year-month such as 2025-11")
    return Reference(year=int(match.group(1)), month=int(match.group(2)))


def _choices(p: argparse.ArgumentParser) -> None:
    p.add_argument("dictionary", type=Path, help="the CSPro data dictionary (.dcf)")
    p.add_argument(
        "--ea",
        nargs="+",
        metavar="ITEM",
        default=None,
        help="id items joined into ea_id (default: the id items before the household number)",
    )
    p.add_argument(
        "--household",
        metavar="ITEM",
        default=None,
        help="id item that gives hh_no (default: the id item labelled as the household)",
    )
    p.add_argument(
        "--person-record",
        metavar="RECORD",
        default=None,
        help="record read as the persons table (default: the repeating record most like a roster)",
    )
    add_roles(p)
    add_lang(p)


def register(commands: Any) -> None:
    cspro = commands.add_parser("cspro", help="bring a CSPro survey in (dictionary and data)")
    sub = cspro.add_subparsers(dest="cspro_command", metavar="COMMAND", required=True)

    p = sub.add_parser("questionnaire", help="convert a CSPro dictionary into a definition")
    _choices(p)
    p.add_argument("-o", "--out", type=Path, required=True, help="definition file to write")
    p.add_argument(
        "--reference",
        type=_reference,
        default=None,
        help="census moment as YEAR-MONTH (default: the current month)",
    )
    p.set_defaults(handler=questionnaire)

    p = sub.add_parser("data", help="convert a CSPro data file into households.csv, persons.csv")
    _choices(p)
    p.add_argument("data", type=Path, help="the CSPro data file (.dat)")
    p.add_argument("-o", "--out", type=Path, required=True, help="folder to write the CSVs into")
    p.set_defaults(handler=data)


def _convert(args: argparse.Namespace, reference: Reference | None = None) -> Conversion:
    conversion = convert(
        read_dictionary(args.dictionary),
        ea=args.ea,
        household=args.household,
        person_record=args.person_record,
        reference=reference,
    )
    q, notes = with_roles(conversion.questionnaire, args.roles)
    role_notes = tuple(Note(f"role {n.role}", n.message_en, n.message_zh) for n in notes)
    return replace(conversion, questionnaire=q, notes=(*conversion.notes, *role_notes))


def questionnaire(args: argparse.Namespace) -> int:
    conversion = _convert(args, args.reference)
    q = conversion.questionnaire
    text = definition_text(
        q,
        [
            f"Converted from the CSPro dictionary {args.dictionary.name} by 'survey cspro'.",
            "What the conversion left out or changed:",
            *(f" - {note.message(args.lang)}" for note in conversion.notes),
        ],
    )
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise Fail([f"cannot write {args.out}: {exc.strerror}"]) from None
    zh = args.lang == "zh"
    print(
        f"已写出 {args.out}：户表 {len(q.households.items)} 项，人表 {len(q.persons.items)} 项"
        if zh
        else f"wrote {args.out}: {len(q.households.items)} household items, "
        f"{len(q.persons.items)} person items"
    )
    if conversion.notes:
        print(
            f"{len(conversion.notes)} 条说明（未转换或有改动之处）："
            if zh
            else f"{len(conversion.notes)} notes (what was left out or changed):"
        )
        for note in conversion.notes:
            print(f"  {note.message(args.lang)}")
    return 0


def data(args: argparse.Namespace) -> int:
    result = read_data(args.data, _convert(args))
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, frame in (
            ("households", result.households_text),
            ("persons", result.persons_text),
        ):
            frame.to_csv(args.out / f"{name}.csv", index=False, encoding="utf-8")
    except OSError as exc:
        raise Fail([f"cannot write into {args.out}: {exc.strerror}"]) from None
    for problem in result.warnings:
        print(f"warning: {problem.message(args.lang)}")
    unread = len(result.cell_errors)
    if args.lang == "zh":
        print(
            f"已写出 {len(result.households)} 户、{len(result.persons)} 人到 {args.out}；"
            f"{unread} 个单元格无法读取（survey check 以 V-03 报告）"
        )
    else:
        print(
            f"wrote {len(result.households)} households and {len(result.persons)} persons to "
            f"{args.out}; {unread} cells could not be read ('survey check' reports them as V-03)"
        )
    return 0
