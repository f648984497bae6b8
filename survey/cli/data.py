"""Commands that bring data in and check it: init, load, import, check, validate."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from schemas import Questionnaire, default_questionnaire, parse_definition
from survey.accounts.access import user_named
from survey.cli.output import Fail, add_db, add_lang, db_path, open_survey, table
from survey.cli.progress import progress
from survey.collection.checking import DEFAULT_MEMORY_MB, Progress, check_files
from survey.collection.frame import load_frame
from survey.collection.importing import import_files
from survey.collection.revalidate import validate_all
from survey.context import Survey
from validation import findings_file
from validation.chunked import use_system_allocator
from validation.registry import Severity

RECORD_FILE = "CSV, XLSX or Parquet"


def register(commands: Any) -> None:
    p = commands.add_parser("init", help="create an empty survey database")
    add_db(p)
    p.add_argument(
        "--questionnaire",
        type=Path,
        default=None,
        help="questionnaire definition (YAML/JSON; default: the 1%% survey)",
    )
    p.set_defaults(handler=init)

    p = commands.add_parser(
        "load", help="load the frame: eas or listing (CSV or XLSX), or the PES persons"
    )
    add_db(p)
    p.add_argument("what", choices=["eas", "listing", "pes"])
    p.add_argument("file", type=Path)
    p.set_defaults(handler=load)

    p = commands.add_parser("import", help="bulk-submit households and persons from flat files")
    add_db(p)
    add_lang(p)
    p.add_argument("--households", type=Path, required=True, help=RECORD_FILE)
    p.add_argument("--persons", type=Path, required=True, help=RECORD_FILE)
    p.add_argument(
        "--as",
        dest="as_user",
        default=None,
        help="record the submissions as made by this user (e.g. the enumerator)",
    )
    p.set_defaults(handler=import_)

    p = commands.add_parser("check", help="validate flat files without a database")
    add_lang(p)
    p.add_argument("--households", type=Path, required=True, help=RECORD_FILE)
    p.add_argument("--persons", type=Path, required=True, help=RECORD_FILE)
    p.add_argument("--listing", type=Path, default=None)
    p.add_argument("--eas", type=Path, default=None)
    p.add_argument("--questionnaire", type=Path, default=None)
    p.add_argument("--findings", type=Path, default=None, help="write every finding to this CSV")
    add_memory(p)
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local: chunks one after another here; dask: chunks as tasks on a Dask cluster",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        help="with --engine dask: the scheduler's address (default: two local worker processes)",
    )
    p.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="with --engine dask: where the chunks' files go (a path every worker can read)",
    )
    p.add_argument(
        "--findings-dir",
        type=Path,
        default=None,
        help="with --engine dask: write the findings as Parquet parts, one per chunk",
    )
    p.set_defaults(handler=check)

    p = commands.add_parser("validate", help="re-run every rule over the database")
    add_db(p)
    add_lang(p)
    p.add_argument("--findings", type=Path, default=None, help="write every finding to this CSV")
    add_memory(p)
    p.set_defaults(handler=validate)


def add_memory(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--memory-mb",
        type=int,
        default=DEFAULT_MEMORY_MB,
        help="working memory of one chunk of EAs, in MB (default %(default)s); 0 checks all at once",
    )


def init(args: argparse.Namespace) -> int:
    if args.questionnaire:
        try:
            text = args.questionnaire.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise Fail([f"cannot read {args.questionnaire}: {exc}"]) from None
        questionnaire = parse_definition(text, str(args.questionnaire))
    else:
        questionnaire = default_questionnaire()
    path = db_path(args)
    Survey.create(path, questionnaire).close()
    print(
        f"created {path} for {questionnaire.title.en} ({questionnaire.id} {questionnaire.version})"
    )
    return 0


def load(args: argparse.Namespace) -> int:
    if args.what == "pes":
        from survey.sampling.pes_loading import load_pes

        with open_survey(args) as survey:
            persons, eas = load_pes(survey, args.file)
        print(f"loaded {persons} PES persons of {eas} EAs from {args.file}")
        return 0
    with open_survey(args) as survey:
        rows = load_frame(survey, args.what, args.file)
    print(f"loaded {rows} {args.what} rows from {args.file}")
    return 0


def import_(args: argparse.Namespace) -> int:
    with open_survey(args) as survey:
        user = user_named(survey, args.as_user) if args.as_user else None
        result = import_files(survey, args.households, args.persons, user=user)
    n_hh = len(result.households)
    found = result.findings
    errors = int((found["severity"] == Severity.ERROR).sum())
    warnings = int((found["severity"] == Severity.WARNING).sum())
    print(
        f"imported {n_hh} households as new versions; {errors} errors and {warnings} warnings "
        "found (see 'survey status' and the review queue)"
    )
    return 0


def _summary(findings: pd.DataFrame, lang: str) -> str:
    if findings.empty:
        return "no findings" if lang == "en" else "未发现问题"
    by_rule = (
        findings.groupby(["severity", "rule_id"])
        .size()
        .rename("count")
        .reset_index()
        .sort_values(["severity", "count"], ascending=[True, False])
    )
    lines = [table(by_rule, max_rows=200)]
    located = findings[findings["ea_id"].notna() & (findings["severity"] == Severity.ERROR)]
    if len(located):
        worst = located.groupby("ea_id").size().sort_values(ascending=False).head(5)
        title = "EAs with the most errors:" if lang == "en" else "错误最多的调查小区："
        lines += ["", title, *[f"  {ea}: {n}" for ea, n in worst.items()]]
    return "\n".join(lines)


def _report(findings: pd.DataFrame, args: argparse.Namespace) -> int:
    print(_summary(findings, args.lang))
    if args.findings:
        findings_file(findings, args.lang).to_csv(args.findings, index=False, encoding="utf-8")
        print(f"wrote {len(findings)} findings to {args.findings}")
    errors = int((findings["severity"] == Severity.ERROR).sum())
    households = findings.loc[findings["severity"] == Severity.ERROR, ["ea_id", "hh_no"]]
    print(
        f"{errors} errors in {len(households.drop_duplicates())} households"
        if args.lang == "en"
        else f"共 {errors} 个错误，涉及 {len(households.drop_duplicates())} 户"
    )
    return 1 if errors else 0


def check(args: argparse.Namespace) -> int:
    use_system_allocator()
    questionnaire = default_questionnaire()
    if args.questionnaire:
        questionnaire = parse_definition(
            args.questionnaire.read_text(encoding="utf-8"), str(args.questionnaire)
        )
    if args.engine == "dask":
        return _report(_check_dask(questionnaire, args), args)
    if args.scheduler or args.work_dir or args.findings_dir:
        raise Fail(["--scheduler, --work-dir and --findings-dir go with --engine dask"])
    with _progress(args) as report:
        findings = check_files(
            questionnaire,
            args.households,
            args.persons,
            listing=args.listing,
            eas=args.eas,
            memory_mb=args.memory_mb or None,
            progress=report,
        )
    return _report(findings, args)


def _check_dask(questionnaire: Questionnaire, args: argparse.Namespace) -> pd.DataFrame:
    from survey.collection.dask_check import check_files_dask

    with _progress(args) as report:
        return check_files_dask(
            questionnaire,
            args.households,
            args.persons,
            listing=args.listing,
            eas=args.eas,
            memory_mb=args.memory_mb or DEFAULT_MEMORY_MB,
            scheduler=args.scheduler,
            work_dir=args.work_dir,
            findings_dir=args.findings_dir,
            progress=report,
        )


@contextmanager
def _progress(args: argparse.Namespace) -> Iterator[Progress | None]:
    """A bar on a terminal; nothing when stderr is a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    with progress("检查" if args.lang == "zh" else "check") as report:
        yield report


def validate(args: argparse.Namespace) -> int:
    use_system_allocator()
    with open_survey(args) as survey, _progress(args) as report:
        findings = validate_all(survey, memory_mb=args.memory_mb or None, progress=report)
    return _report(findings, args)
