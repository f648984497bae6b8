"""The architecture holds: SQL only in the store, web/ only through the public surface, small modules.

Each rule is a function over a module's source that returns its offences, run over every module
of the source packages; each is also shown a small offending source, so the rule itself is known
to catch what it is for.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import survey

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("survey", "schemas", "collectors", "validation", "web")
STORE = ROOT / "survey" / "store"
MAX_LINES = 400
SQLITE = ("sqlite3", "sqlite_utils")
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
    r"|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER)|DROP\s+(TABLE|INDEX)|ALTER\s+TABLE|PRAGMA\s+\w+)\b",
    re.S,
)
EXECUTES = {"execute", "executemany", "executescript"}
# CSPro 7+'s .csdb data file is an SQLite file: read-only input to convert, not our database
FOREIGN_SQLITE = {ROOT / "collectors" / "cspro" / "csdb.py"}


def modules(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def outside_store(path: Path) -> bool:
    return STORE not in path.parents and path not in FOREIGN_SQLITE


def sqlite_imports(source: str) -> list[str]:
    """Imports of sqlite3 or sqlite_utils."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in SQLITE]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in SQLITE:
            found.append(node.module or "")
    return found


def sql_run(source: str) -> list[str]:
    """SQL text (string constants, f-string parts included) and calls of ``execute``-like methods."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and SQL.search(node.value)
        ):
            found.append(f"line {node.lineno}: SQL text {node.value[:40]!r}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in EXECUTES
        ):
            found.append(f"line {node.lineno}: .{node.func.attr}(...)")
    return found


def private_survey_imports(source: str) -> list[str]:
    """Imports of a survey module other than the package itself, or of names it does not export."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("survey.")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("survey."):
                found.append(node.module)
            elif node.module == "survey":
                found += [f"survey.{a.name}" for a in node.names if a.name not in survey.__all__]
    return found


SEVERITIES = {"error", "warning", "info"}


def bare_severities(source: str) -> list[str]:
    """A severity compared or listed as a bare string instead of ``Severity`` (the enum)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
            parts += [
                e for p in parts if isinstance(p, ast.Tuple | ast.List | ast.Set) for e in p.elts
            ]
            found += [
                f"line {p.lineno}: {p.value!r}"
                for p in parts
                if isinstance(p, ast.Constant) and p.value in SEVERITIES
            ]
    return found


def bare_actions(source: str) -> list[str]:
    """An audit action passed as a bare string instead of ``AuditAction`` or ``Action``."""
    return [
        f"line {k.value.lineno}: action={ast.unparse(k.value)}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and not (isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument")
        for k in node.keywords
        if k.arg == "action"
        and (
            isinstance(k.value, ast.JoinedStr)
            or (isinstance(k.value, ast.Constant) and isinstance(k.value.value, str))
            or (isinstance(k.value, ast.Attribute) and k.value.attr == "value")
        )
    ]


def too_long(source: str) -> list[str]:
    lines = len(source.splitlines())
    return [f"{lines} lines (at most {MAX_LINES})"] if lines > MAX_LINES else []


def offences(rule, paths: list[Path]) -> dict[str, list[str]]:
    found = {str(p.relative_to(ROOT)): rule(p.read_text(encoding="utf-8")) for p in paths}
    return {path: what for path, what in found.items() if what}


def imports_of_test_modules(source: str) -> list[str]:
    """Imports of a test module (``tests.….test_…``): its helpers and fixtures belong in a
    helper module or a conftest.py, written once."""
    return [
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom)
        and re.fullmatch(r"tests(\.\w+)*\.test_\w+", node.module or "")
    ]


def test_no_test_module_imports_another() -> None:
    assert offences(imports_of_test_modules, modules("tests")) == {}


def test_no_module_outside_the_store_imports_sqlite() -> None:
    assert offences(sqlite_imports, [p for p in modules(*PACKAGES) if outside_store(p)]) == {}


def test_no_module_outside_the_store_runs_sql() -> None:
    assert offences(sql_run, [p for p in modules(*PACKAGES) if outside_store(p)]) == {}


def test_web_imports_only_the_public_surface_of_survey() -> None:
    assert offences(private_survey_imports, modules("web")) == {}


def test_severity_is_the_enum_not_a_bare_string() -> None:
    assert offences(bare_severities, modules("survey", "web")) == {}


def test_audit_actions_are_the_enum_not_bare_strings() -> None:
    assert offences(bare_actions, modules("survey", "web")) == {}


def test_no_module_exceeds_400_lines() -> None:
    assert offences(too_long, modules(*PACKAGES)) == {}


def test_the_public_surface_is_declared_once_and_every_name_resolves() -> None:
    source = (ROOT / "survey" / "__init__.py").read_text(encoding="utf-8")
    typed = {
        alias.asname or alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("survey.")
        if node.module != "survey.surface"  # the table itself, imported as _SURFACE
        for alias in node.names
    }
    runtime = set(survey._SURFACE)
    assert runtime == set(survey.__all__) == typed
    assert len(survey.__all__) == len(runtime)
    for name in survey.__all__:
        assert getattr(survey, name) is not None


def test_the_public_surface_holds_only_what_web_uses() -> None:
    """A name web/ no longer needs leaves the surface, so the surface stays the front end's list."""
    imported = {
        alias.asname or alias.name
        for path in modules("web")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == "survey"
        for alias in node.names
    }
    assert set(survey.__all__) - imported == set()


@pytest.mark.parametrize(
    ("rule", "source"),
    [
        (sqlite_imports, "import sqlite3\n"),
        (sqlite_imports, "from sqlite_utils import Database\n"),
        (sql_run, 'rows = db.execute("SELECT id FROM users")\n'),
        (sql_run, 'query = f"SELECT * FROM {table} WHERE id = ?"\n'),
        (sql_run, 'sql = "UPDATE households SET state = ?"\n'),
        (sql_run, "conn.executemany(text, rows)\n"),
        (private_survey_imports, "from survey.review.actions import act\n"),
        (private_survey_imports, "import survey.store\n"),
        (private_survey_imports, "from survey import store\n"),
        (too_long, "x = 1\n" * (MAX_LINES + 1)),
        (bare_severities, 'errors = found["severity"] == "error"\n'),
        (bare_severities, 'if f.severity in ("error", "warning"):\n    pass\n'),
        (bare_actions, 'events.record(db, at=at, action="login")\n'),
        (bare_actions, 'events.record(db, at=at, action=f"load_{name}")\n'),
        (bare_actions, "events.record(db, at=at, action=action.value)\n"),
    ],
)
def test_each_rule_catches_what_it_is_for(rule, source: str) -> None:
    assert rule(source)


@pytest.mark.parametrize(
    ("rule", "source"),
    [
        (sqlite_imports, "import sqlalchemy_free_module\n"),
        (sql_run, 'label = "Select the household from the list"\n'),
        (sql_run, "frame.query('age > 15')\n"),
        (private_survey_imports, "from survey import Survey, act\n"),
        (too_long, "x = 1\n" * MAX_LINES),
        (bare_severities, 'errors = found["severity"] == Severity.ERROR\n'),
        (bare_severities, 'body = {"error": {"code": code}}\n'),
        (bare_actions, "events.record(db, at=at, action=AuditAction.LOGIN)\n"),
        (bare_actions, 'parser.add_argument("--ea", action="append")\n'),
    ],
)
def test_each_rule_lets_ordinary_code_pass(rule, source: str) -> None:
    assert rule(source) == []


def test_the_audit_actions_keep_the_values_the_events_table_holds() -> None:
    from survey.audit import AuditAction

    stored = {"comment", "reply", "draft_save", "addition", "assign", "validate", "export"}
    stored |= {"job_start", "load_eas", "load_listing", "load_pes", "login", "login_failed"}
    stored |= {"login_unlock", "logout", "language", "password_change", "password_reset"}
    stored |= {"password_rehash", "user_add", "user_add_by", "user_update", "token_issue"}
    stored |= {"token_issue_by", "token_revoke", "addition_remove"}
    assert {a.value for a in AuditAction} == stored
