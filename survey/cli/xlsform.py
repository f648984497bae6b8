"""Commands that bring an ODK/Kobo XLSForm survey in: its questionnaire and its exported data."""

from __future__ import annotations

import argparse
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from collectors.roles import with_roles
from collectors.xlsform import Conversion, Options, convert_form, definition_text, read_export
from collectors.xlsform.notes import Note
from schemas import Reference
from survey.cli.output import Fail, add_lang, add_roles


def register(commands: Any) -> None:
    p = commands.add_parser("xlsform", help="bring an ODK/Kobo XLSForm survey and its data in")
    what = p.add_subparsers(dest="xlsform_command", metavar="WHAT", required=True)

    q = what.add_parser("questionnaire", help="convert an XLSForm into a questionnaire definition")
    q.add_argument("form", type=Path, help="the XLSForm (.xlsx)")
    _options(q)
    q.set_defaults(handler=questionnaire)

    d = what.add_parser(
        "data", help="convert a Kobo/ODK export into households.csv and persons.csv"
    )
    d.add_argument("form", type=Path, help="the XLSForm (.xlsx) the data were collected with")
    d.add_argument("export", type=Path, help="the export workbook (.xlsx, repeats as sheets)")
    _options(d)
    d.add_argument(
        "--ea-id", default=None, help="the EA of every household when the form has no EA field"
    )
    d.set_defaults(handler=data)


def _options(p: argparse.ArgumentParser) -> None:
    add_lang(p)
    add_roles(p)
    p.add_argument("-o", "--out", type=Path, required=True, help="file (or folder) to write")
    p.add_argument("--roster", default=None, help="the repeat that lists the persons")
    p.add_argument("--ea", default=None, help="the form field that gives the EA")
    p.add_argument("--household", default=None, help="the form field that gives hh_no")
    p.add_argument("--reference", default=None, help="census moment YYYY-MM (default: this month)")


def _conversion_options(args: argparse.Namespace) -> Options:
    reference = None
    if args.reference is not None:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", args.reference.strip())
        if match is None or not 1 <= int(match.group(2)) <= 12:
            raise Fail([f"--reference {args.reference!r} is not a year and month like 2024-07"])
        reference = Reference(year=int(match.group(1)), month=int(match.group(2)))
    return Options(roster=args.roster, ea=args.ea, household=args.household, reference=reference)


def _convert(args: argparse.Namespace) -> Conversion:
    conversion = convert_form(args.form, _conversion_options(args))
    q, notes = with_roles(conversion.questionnaire, args.roles)
    role_notes = tuple(Note("role", f"role {n.role}", n.message_en, n.message_zh) for n in notes)
    return replace(conversion, questionnaire=q, notes=(*conversion.notes, *role_notes))


def questionnaire(args: argparse.Namespace) -> int:
    conversion = _convert(args)
    text = definition_text(conversion, args.lang)
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise Fail([f"cannot write {args.out}: {exc.strerror}"]) from None
    q = conversion.questionnaire
    for note in conversion.notes:
        print(f"note: {note.text(args.lang)}")
    print(
        f"wrote {args.out}: {len(q.households.questions)} household items, "
        f"{len(q.persons.questions)} person items, {len(conversion.notes)} notes"
    )
    return 0


def data(args: argparse.Namespace) -> int:
    conversion = _convert(args)
    result = read_export(conversion, args.export, ea_id=args.ea_id)
    out: Path = args.out
    try:
        out.mkdir(parents=True, exist_ok=True)
        for table, text in result.texts.items():
            text.to_csv(out / f"{table}.csv", index=False, encoding="utf-8")
        (out / "questionnaire.yaml").write_text(
            definition_text(conversion, args.lang), encoding="utf-8"
        )
    except OSError as exc:
        raise Fail([f"cannot write into {out}: {exc.strerror}"]) from None
    for problem in result.warnings:
        print(f"warning: {problem.message(args.lang)}")
    errors = result.cell_errors
    for row in errors.head(10).itertuples():
        table = str(row.table)
        column = result.columns[table].get(str(row.field), str(row.field))
        print(
            f"unreadable: {args.export.name}, sheet {result.sheets[table]}, row {row.row}, "
            f"column {column}: '{row.value}' is not a valid {row.field}"
        )
    print(
        f"wrote {out / 'households.csv'} ({len(result.households)} households), "
        f"{out / 'persons.csv'} ({len(result.persons)} persons) and "
        f"{out / 'questionnaire.yaml'}; {len(errors)} unreadable cells (reported by 'survey "
        "check' as V-03)"
    )
    return 0
