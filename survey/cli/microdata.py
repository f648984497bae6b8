"""``survey microdata``: bring other organisations' flat microdata in — a draft questionnaire
definition described from the data, and the data as our four flat files."""

from __future__ import annotations

import argparse
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from collectors.microdata import Conversion, Options, convert_files, definition_text
from collectors.notes import Note
from collectors.roles import with_roles
from schemas import Reference
from survey.cli.output import Fail, add_lang, add_roles

FILES = ("households", "persons", "eas", "listing")


def _reference(text: str) -> Reference:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"'{text}' is not a year-month such as 2025-11")
    return Reference(year=int(match.group(1)), month=int(match.group(2)))


def _options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="one row per person (CSV, CSV.gz, XLSX, Parquet, "
                   "Stata .dta or SPSS .sav); with --persons-file, the household file")  # fmt: skip
    p.add_argument("--persons-file", type=Path, default=None, help="the person file, if separate")
    p.add_argument("--household-id", nargs="+", metavar="COL", required=True,
                   help="column(s) whose values identify a household")  # fmt: skip
    p.add_argument("--ea", metavar="COL", default=None, help="the column of the EA")
    p.add_argument("--ea-id", metavar="CODE", default=None, help="the EA of every household")
    p.add_argument("--line", metavar="COL", default=None,
                   help="the person line number (default: order within the household)")  # fmt: skip
    p.add_argument("--household-columns", nargs="+", metavar="COL", default=None,
                   help="household-level columns (default: those constant within households)")  # fmt: skip
    p.add_argument("--codes", nargs="+", metavar="COL", default=[],
                   help="columns to make code lists of")  # fmt: skip
    p.add_argument("--text", nargs="+", metavar="COL", default=[],
                   help="columns to keep as free text")  # fmt: skip
    p.add_argument("--weight", metavar="COL", default=None, help="the design weight (prob = 1/it)")
    p.add_argument("--stratum", metavar="COL", default=None, help="the sampling stratum")
    p.add_argument("--split-eas", action="store_true",
                   help="split an EA of more than 998 households into parts")  # fmt: skip
    p.add_argument("--reference", type=_reference, default=None,
                   help="census moment as YEAR-MONTH (default: the current month)")  # fmt: skip
    add_roles(p)
    add_lang(p)


def register(commands: Any) -> None:
    p = commands.add_parser("microdata", help="bring other organisations' flat microdata in")
    sub = p.add_subparsers(dest="microdata_command", metavar="COMMAND", required=True)
    q = sub.add_parser("questionnaire", help="describe the data as a questionnaire definition")
    _options(q)
    q.add_argument("-o", "--out", type=Path, required=True, help="definition file to write")
    q.set_defaults(handler=questionnaire)
    d = sub.add_parser("data", help="write households, persons, eas and listing CSVs")
    _options(d)
    d.add_argument("-o", "--out", type=Path, required=True, help="folder to write into")
    d.set_defaults(handler=data)


def _convert(args: argparse.Namespace) -> Conversion:
    options = Options(
        household_id=tuple(args.household_id),
        ea=args.ea,
        ea_id=args.ea_id,
        line=args.line,
        household_columns=tuple(args.household_columns) if args.household_columns else None,
        codes=tuple(args.codes),
        text=tuple(args.text),
        weight=args.weight,
        stratum=args.stratum,
        split_eas=args.split_eas,
        reference=args.reference,
    )
    if args.persons_file is None:
        conversion = convert_files(args.file, options)
    else:
        conversion = convert_files(args.file, options, persons_path=args.persons_file)
    q, notes = with_roles(conversion.questionnaire, args.roles)
    role_notes = tuple(Note(f"role {n.role}", n.message_en, n.message_zh) for n in notes)
    return replace(conversion, questionnaire=q, notes=(*conversion.notes, *role_notes))


def _print_notes(conversion: Conversion, lang: str) -> None:
    for note in conversion.notes:
        print(f"{'说明' if lang == 'zh' else 'note'}: {note.message(lang)}")


def questionnaire(args: argparse.Namespace) -> int:
    conversion = _convert(args)
    try:
        args.out.write_text(definition_text(conversion, args.lang), encoding="utf-8")
    except OSError as exc:
        raise Fail([f"cannot write {args.out}: {exc.strerror}"]) from None
    _print_notes(conversion, args.lang)
    q = conversion.questionnaire
    print(
        f"已写出 {args.out}：住户项 {len(q.households.questions)} 个，人员项 "
        f"{len(q.persons.questions)} 个，说明 {len(conversion.notes)} 条"
        if args.lang == "zh"
        else f"wrote {args.out}: {len(q.households.questions)} household items, "
        f"{len(q.persons.questions)} person items, {len(conversion.notes)} notes"
    )
    return 0


def data(args: argparse.Namespace) -> int:
    conversion = _convert(args)
    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            conversion.texts[name].to_csv(out / f"{name}.csv", index=False, encoding="utf-8")
        (out / "questionnaire.yaml").write_text(
            definition_text(conversion, args.lang), encoding="utf-8"
        )
    except OSError as exc:
        raise Fail([f"cannot write into {out}: {exc.strerror}"]) from None
    _print_notes(conversion, args.lang)
    t = conversion.texts
    print(
        f"已写出 {out}：{len(t['households'])} 户、{len(t['persons'])} 人、{len(t['eas'])} 个"
        "调查小区，及 households.csv、persons.csv、eas.csv、listing.csv、questionnaire.yaml"
        if args.lang == "zh"
        else f"wrote {len(t['households'])} households, {len(t['persons'])} persons and "
        f"{len(t['eas'])} EAs to {out} (households.csv, persons.csv, eas.csv, listing.csv, "
        "questionnaire.yaml)"
    )
    return 0
