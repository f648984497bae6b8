"""Printing for the command line: errors to stderr, tables to stdout."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from survey import config
from survey.context import Survey


class Fail(Exception):
    """Stop the command with these lines on stderr and this exit status."""

    def __init__(self, lines: Sequence[str], status: int = 2) -> None:
        self.lines = list(lines)
        self.status = status
        super().__init__("; ".join(self.lines))


def fail(lines: Sequence[str], status: int) -> int:
    for line in lines:
        print(f"survey: {line}", file=sys.stderr)
    return status


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", default=None, help="survey database (default: $SURVEY_DB, else survey.db)"
    )


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=["en", "zh"], default="en", help="language of messages (default en)"
    )
    parser.set_defaults(messages_lang=True)  # --lang names the messages' language here


def message_lang(args: argparse.Namespace) -> str:
    """The language of the command's messages: its ``--lang`` where that means messages (as in
    ``survey check``), else English (``users add --lang`` is the account's language)."""
    return str(args.lang) if getattr(args, "messages_lang", False) else "en"


def add_roles(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--roles",
        type=Path,
        default=None,
        metavar="FILE",
        help="YAML file with a 'roles:' section: which items play relationship, sex, age … "
        "(spec/roles.md); wins over the roles proposed from the labels",
    )


def db_path(args: argparse.Namespace) -> str:
    return str(config.load(db=args.db)["db"])


def open_survey(args: argparse.Namespace) -> Survey:
    return Survey.open(db_path(args))


def table(frame: pd.DataFrame, max_rows: int = 60) -> str:
    if frame.empty:
        return "(none)"
    with pd.option_context(
        "display.max_columns", None, "display.width", 160, "display.max_rows", max_rows
    ):
        return frame.to_string(index=False, max_rows=max_rows)
