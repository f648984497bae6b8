"""The ``survey`` command line: parse arguments, call one library function, print the outcome.

Library errors become one clear sentence on stderr. Exit status: 0 success, 1 the command ran
and found errors in the data, 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("data", "create an empty survey database"),
    "load": ("data", "load the frame: eas or listing (CSV or XLSX), or the PES persons"),
    "import": ("data", "bulk-submit households and persons from flat files"),
    "check": ("data", "validate flat files without a database"),
    "validate": ("data", "re-run every rule over the database"),
    "users": ("people", "accounts: add, token, revoke, list"),
    "status": ("info", "coverage and progress per EA and enumerator"),
    "codebook": ("info", "print the codebook of the questionnaire"),
    "rules": ("rules", "the edit rules: id, severity, roles read, and which apply to a definition"),
    "serve": ("serving", "serve the web application (production WSGI server)"),
    "demo": ("serving", "build a demo survey database and serve it"),
    "backup": ("operations", "copy the database to a new file, safely while it is being served"),
    "restore": ("operations", "replace the database by a backup (stop the server first)"),
    "export": (
        "export",
        "write the clean dataset (approved households) with codebook and manifest",
    ),
    "cspro": ("cspro", "bring a CSPro survey in (dictionary and data)"),
    "xlsform": ("xlsform", "bring an ODK/Kobo XLSForm survey and its data in"),
    "microdata": ("microdata", "bring other organisations' flat microdata in"),
    "sample": ("sampling", "draw the sample of EAs from a frame: stratified PPS systematic or SRS"),
    "weights": (
        "sampling",
        "base weights, non-response adjustment, calibration and trimming, with a report",
    ),
    "pes": (
        "sampling",
        "post-enumeration survey: match persons, omission rate (漏登率), dual-system estimate",
    ),
    "estimate": (
        "sampling",
        "totals, means, proportions and ratios with standard errors, for domains too",
    ),
}
"""Every command: the module of ``survey.cli`` that registers it, and its one-line help.

``survey --help`` lists them from here without importing the modules (which import pandas,
pandera, the converters …): only the module of the command being run is imported. A test keeps
this table equal to what the modules register."""

MODULES = ("data", "people", "info", "rules", "serving", "operations", "export", "cspro",
           "xlsform", "microdata", "sampling")  # fmt: skip
"""Registration order (the order of ``survey --help``)."""

_LATE = "sampling"
"""The module imported when the command is not one of the table's (a command added there but
not yet here still runs; a typo is told about)."""


def build_parser(command: str | None = "*") -> argparse.ArgumentParser:
    """The parser with every command registered (``command="*"``), or with only ``command``'s
    module imported and the other commands listed by name and help."""
    parser = argparse.ArgumentParser(
        prog="survey",
        description="Population sample survey: collect, check, review and export household data.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = COMMANDS[command][0] if command in COMMANDS else None
    late = command not in COMMANDS and command is not None
    for name in MODULES:
        if command == "*" or name == wanted or (name == _LATE and late):
            importlib.import_module(f"survey.cli.{name}").register(commands)
        else:
            for listed, (module, help_text) in COMMANDS.items():
                if module == name:
                    commands.add_parser(listed, help=help_text, add_help=False)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The command word of ``argv`` (None for ``survey --help`` or nothing)."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command(words))
    args = parser.parse_args(words)
    from collectors import InputError
    from schemas import DefinitionError
    from survey.cli.output import Fail, fail, message_lang
    from survey.config import ConfigError
    from survey.errors import Refusal

    lang = message_lang(args)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except Fail as exc:
        return fail(exc.lines, exc.status)
    except (InputError, Refusal) as exc:
        return fail(exc.messages(lang), 2)
    except (DefinitionError, ConfigError) as exc:
        return fail([str(exc)], 2)
    except KeyboardInterrupt:
        return fail(["interrupted"], 130)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
