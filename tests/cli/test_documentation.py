"""Every command, option and setting is documented in the README (a test that fails when not)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from survey.cli import COMMANDS, build_parser
from survey.config import SETTINGS, Setting

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, argparse.ArgumentParser]]:
    found = []

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    path = f"{prefix} {name}".strip()
                    found.append((path, sub))
                    walk(sub, path)

    walk(build_parser(), "")
    return found


@pytest.mark.parametrize(("command", "parser"), _commands(), ids=lambda v: str(v)[:30])
def test_each_command_and_option_is_in_the_readme(
    command: str, parser: argparse.ArgumentParser
) -> None:
    assert f"survey {command}" in README
    for action in parser._actions:
        for option in action.option_strings:
            if option.startswith("--") and option not in ("--help", "--db"):
                assert option in README, f"{option} of 'survey {command}' is not in the README"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_each_setting_is_in_the_readme(setting: Setting) -> None:
    assert f"`{setting.env}`" in README


def _registered(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {choice.dest: choice.help for choice in sub._choices_actions}


def test_the_light_command_table_is_what_the_modules_register() -> None:
    registered = _registered(build_parser())
    assert registered == {name: help_text for name, (_, help_text) in COMMANDS.items()}
    assert list(registered) == list(_registered(build_parser(None)))


def test_survey_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from survey.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'pandas', 'numpy', 'pandera', 'pyarrow', 'pydantic', 'yaml', 'flask',\n"
        "         'collectors', 'validation', 'schemas', 'scipy', 'openpyxl'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "estimate" in done.stdout  # the commands are listed
    assert done.stdout.strip().splitlines()[-1] == "[]"
