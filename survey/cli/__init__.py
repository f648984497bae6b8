"""The ``survey`` command line: parse arguments, call one library function, print the outcome.

Library errors become one clear sentence on stderr. Exit status: 0 success, 1 the command ran
and found errors in the data, 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from collectors import InputError
from schemas import DefinitionError
from survey.accounts.access import AccountError, Forbidden
from survey.cli import (
    cspro,
    data,
    export,
    info,
    microdata,
    operations,
    people,
    rules,
    sampling,
    serving,
    xlsform,
)
from survey.cli.output import Fail, fail
from survey.collection.submission import SubmitError
from survey.config import ConfigError
from survey.states import TransitionRefused
from survey.store import StoreError

EXPECTED_ERRORS = (
    InputError,
    SubmitError,
    StoreError,
    AccountError,
    DefinitionError,
    TransitionRefused,
    Forbidden,
    ConfigError,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="survey",
        description="Population sample survey: collect, check, review and export household data.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    modules = (data, people, info, rules, serving, operations, export, cspro, xlsform, microdata)
    for module in (*modules, sampling):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except Fail as exc:
        return fail(exc.lines, exc.status)
    except InputError as exc:
        return fail(exc.messages(getattr(args, "lang", "en") or "en"), 2)
    except SubmitError as exc:
        return fail(exc.messages(getattr(args, "lang", "en") or "en"), 2)
    except EXPECTED_ERRORS as exc:
        return fail([str(exc)], 2)
    except KeyboardInterrupt:
        return fail(["interrupted"], 130)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
