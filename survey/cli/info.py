"""Commands that report: status, codebook."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from schemas import codebook as codebook_module
from schemas import default_questionnaire
from survey.cli.output import add_db, add_lang, db_path, open_survey, table
from survey.progress.status import percent
from survey.progress.status import status as survey_status

FIGURE_COLUMNS = {
    "household_coverage": ("房不漏户", "household coverage"),
    "person_coverage": ("户不漏人", "person coverage"),
    "item_completeness": ("项不漏填", "item completeness"),
}


def register(commands: Any) -> None:
    p = commands.add_parser("status", help="coverage and progress per EA and enumerator")
    add_db(p)
    add_lang(p)
    p.set_defaults(handler=status)
    p = commands.add_parser("codebook", help="print the codebook of the questionnaire")
    add_db(p)
    add_lang(p)
    p.add_argument("--format", choices=["md", "json"], default="md")
    p.set_defaults(handler=codebook)


def _percent(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in FIGURE_COLUMNS:
        if column in out:
            out[column] = out[column].astype("Float64").map(lambda v: percent(v, 2))
    return out


def status(args: argparse.Namespace) -> int:
    zh = args.lang == "zh"
    with open_survey(args) as survey:
        report = survey_status(survey)
        settings = survey.store.settings()
    print(("数据库：" if zh else "database: ") + ", ".join(f"{k}={v}" for k, v in settings.items()))
    columns = [
        "ea_id",
        "listed",
        "received",
        "missing",
        "additions",
        "submitted",
        "returned",
        "approved",
        *FIGURE_COLUMNS,
    ]
    print()
    print("各调查小区" if zh else "By enumeration area")
    print(table(_percent(report.by_ea[[c for c in columns if c in report.by_ea]]), max_rows=500))
    print()
    print("各调查员" if zh else "By enumerator")
    print(table(_percent(report.by_enumerator), max_rows=500))
    print()
    print("全部" if zh else "Whole survey")
    for column, (label_zh, label_en) in FIGURE_COLUMNS.items():
        value = report.overall[column].iloc[0] if len(report.overall) else None
        shown = percent(value, 2)
        print(f"  {label_zh if zh else label_en}: {shown}")
    if len(report.signals):
        print()
        print("汇总信号" if zh else "Signals")
        message = "message_zh" if zh else "message_en"
        for row in report.signals.itertuples():
            print(f"  {row.rule_id} {row.ea_id or ''}: {getattr(row, message)}")
    return 0


def codebook(args: argparse.Namespace) -> int:
    """The codebook of the database's questionnaire; without a database, of the default one."""
    if args.db is None and not Path(db_path(args)).exists():
        questionnaire = default_questionnaire()
    else:
        with open_survey(args) as survey:
            questionnaire = survey.questionnaire
    if args.format == "json":
        print(codebook_module.to_json(questionnaire))
    else:
        print(codebook_module.to_markdown(questionnaire, args.lang), end="")
    return 0
