"""Versioned migrations, run in order when a database is opened.

Each is a function decorated with :func:`migration` and a version number; it runs in its own
transaction together with the row that records it, so a failed migration leaves nothing behind.
Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

from survey.states import sql_check
from survey.store.connection import Store
from survey.store.tables import index_id_numbers

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[int, str, Migration]] = []

ROLES = ("enumerator", "supervisor", "office")
SOURCES = ("form", "api", "import")
SEVERITIES = ("error", "warning", "info")


def migration(version: int) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        if any(v == version for v, _, _ in MIGRATIONS):
            raise ValueError(f"migration {version} is registered twice")
        MIGRATIONS.append((version, fn.__name__, fn))
        MIGRATIONS.sort(key=lambda entry: entry[0])
        return fn

    return register


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def run_statements(db: sqlite_utils.Database, script: str) -> None:
    """Execute ``;``-separated statements inside the current transaction (``executescript``
    would commit it first)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migration(1)
def core_tables(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        f"""
        CREATE TABLE survey_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN {_in(ROLES)}),
            password_hash TEXT NOT NULL,
            lang TEXT NOT NULL DEFAULT 'zh',
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        CREATE TABLE assignments (
            user_id INTEGER NOT NULL REFERENCES users(id),
            ea_id TEXT NOT NULL,
            PRIMARY KEY (user_id, ea_id)
        );
        CREATE INDEX assignments_ea ON assignments(ea_id);
        CREATE TABLE api_tokens (
            token_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE TABLE households (
            ea_id TEXT NOT NULL,
            hh_no TEXT NOT NULL,
            state TEXT NOT NULL {sql_check()},
            current_version INTEGER,
            approved_version INTEGER,
            listed INTEGER NOT NULL DEFAULT 1,
            enumerator_id INTEGER REFERENCES users(id),
            first_submitted_at TEXT,
            approved_at TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (ea_id, hh_no)
        );
        CREATE INDEX households_state ON households(state);
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            ea_id TEXT NOT NULL,
            hh_no TEXT NOT NULL,
            version INTEGER NOT NULL,
            submission_id TEXT UNIQUE,
            source TEXT NOT NULL CHECK (source IN {_in(SOURCES)}),
            submitted_by INTEGER REFERENCES users(id),
            submitted_at TEXT NOT NULL,
            UNIQUE (ea_id, hh_no, version),
            FOREIGN KEY (ea_id, hh_no) REFERENCES households(ea_id, hh_no)
        );
        CREATE TABLE cell_errors (
            version_id INTEGER NOT NULL REFERENCES versions(id),
            table_name TEXT NOT NULL,
            line_no INTEGER,
            field TEXT NOT NULL,
            value TEXT NOT NULL
        );
        CREATE INDEX cell_errors_version ON cell_errors(version_id);
        CREATE TABLE explanations (
            version_id INTEGER NOT NULL REFERENCES versions(id),
            rule_id TEXT NOT NULL,
            line_no INTEGER,
            text TEXT NOT NULL
        );
        CREATE INDEX explanations_version ON explanations(version_id);
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            version_id INTEGER REFERENCES versions(id),
            ea_id TEXT,
            hh_no TEXT,
            line_no INTEGER,
            rule_id TEXT NOT NULL,
            severity TEXT NOT NULL CHECK (severity IN {_in(SEVERITIES)}),
            fields TEXT NOT NULL,
            message_en TEXT NOT NULL,
            message_zh TEXT NOT NULL
        );
        CREATE INDEX findings_version ON findings(version_id);
        CREATE INDEX findings_household ON findings(ea_id, hh_no);
        CREATE TABLE waivers (
            id INTEGER PRIMARY KEY,
            ea_id TEXT NOT NULL,
            hh_no TEXT NOT NULL,
            version INTEGER NOT NULL,
            rule_id TEXT NOT NULL,
            line_no INTEGER,
            reason TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            at TEXT NOT NULL
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            action TEXT NOT NULL,
            ea_id TEXT,
            hh_no TEXT,
            version INTEGER,
            from_state TEXT,
            to_state TEXT,
            comment TEXT,
            field TEXT,
            line_no INTEGER,
            details TEXT
        );
        CREATE INDEX events_household ON events(ea_id, hh_no, id);
        """,
    )


@migration(2)
def web_sessions(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE web_sessions (
            token_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            seen_at TEXT NOT NULL
        );
        CREATE INDEX web_sessions_user ON web_sessions(user_id);
        CREATE TABLE login_failures (
            name TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            locked_until TEXT
        );
        """,
    )


@migration(3)
def drafts_table(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE drafts (
            ea_id TEXT NOT NULL,
            hh_no TEXT NOT NULL,
            entry TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id),
            saved_at TEXT NOT NULL,
            PRIMARY KEY (ea_id, hh_no),
            FOREIGN KEY (ea_id, hh_no) REFERENCES households(ea_id, hh_no)
        );
        """,
    )


@migration(4)
def person_id_number_index(db: sqlite_utils.Database) -> None:
    """Databases made before the index (a new one gets it with its record tables)."""
    index_id_numbers(db)


@migration(5)
def version_fields(db: sqlite_utils.Database) -> None:
    """Applicable and filled fields of each version (see survey.store.fields)."""
    db.execute(
        "CREATE TABLE version_fields (version_id INTEGER PRIMARY KEY REFERENCES versions(id), "
        "applicable_fields INTEGER NOT NULL, filled_fields INTEGER NOT NULL)"
    )


@migration(20)
def interview_paradata(db: sqlite_utils.Database) -> None:
    """When each version's interview started and ended on the device (see survey.store.paradata).
    Versions without it (imports, those stored before) have no row."""
    db.execute(
        "CREATE TABLE version_paradata (version_id INTEGER PRIMARY KEY REFERENCES versions(id), "
        "started_at TEXT NOT NULL, ended_at TEXT NOT NULL)"
    )


@migration(40)
def pes_tables(db: sqlite_utils.Database) -> None:
    """The post-enumeration survey's own submissions, kept apart from the survey's versions
    (the same EAs and household numbers come back in them); see survey.store.pes."""
    run_statements(
        db,
        "CREATE TABLE pes_loads (id INTEGER PRIMARY KEY, loaded_at TEXT NOT NULL, "
        "source TEXT NOT NULL, persons INTEGER NOT NULL, eas TEXT NOT NULL);"
        "CREATE TABLE pes_persons (load_id INTEGER NOT NULL REFERENCES pes_loads(id), "
        "ea_id TEXT NOT NULL, hh_no TEXT NOT NULL, line_no INTEGER NOT NULL, "
        "data TEXT NOT NULL, PRIMARY KEY (load_id, ea_id, hh_no, line_no));"
        "CREATE INDEX pes_persons_ea ON pes_persons (ea_id)",
    )


@migration(30)
def comment_thread(db: sqlite_utils.Database) -> None:
    """The comment thread of a household, kept across its versions: reviewers' comments (with a
    return, or on their own), and replies to them. Comments made before are carried over from
    the audit trail, where they stay."""
    run_statements(
        db,
        """
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            ea_id TEXT NOT NULL,
            hh_no TEXT NOT NULL,
            version INTEGER,
            parent_id INTEGER REFERENCES comments(id),
            user_id INTEGER REFERENCES users(id),
            action TEXT NOT NULL,
            field TEXT,
            line_no INTEGER,
            text TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX comments_household ON comments(ea_id, hh_no, id);
        CREATE INDEX comments_parent ON comments(parent_id);
        INSERT INTO comments (ea_id, hh_no, version, user_id, action, field, line_no, text, at)
          SELECT ea_id, hh_no, version, user_id, action, field, line_no, comment, at FROM events
          WHERE comment IS NOT NULL AND ea_id IS NOT NULL AND hh_no IS NOT NULL ORDER BY id;
        CREATE INDEX events_action ON events(action, id);
        """,
    )


@migration(31)
def one_time_passwords(db: sqlite_utils.Database) -> None:
    """A password the office handed out (a new account, a reset) is changed at the first login."""
    db.execute("ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0")


@migration(32)
def household_assignments(db: sqlite_utils.Database) -> None:
    """Households given to one or more enumerators by name (an EA split, a reassignment); a
    household without a row here belongs to the enumerators of its EA."""
    run_statements(
        db,
        """
        CREATE TABLE household_assignments (
            ea_id TEXT NOT NULL,
            hh_no TEXT NOT NULL,
            user_id INTEGER NOT NULL REFERENCES users(id),
            PRIMARY KEY (ea_id, hh_no, user_id)
        );
        CREATE INDEX household_assignments_user ON household_assignments(user_id);
        """,
    )


@migration(33)
def jobs_table(db: sqlite_utils.Database) -> None:
    """Long work run outside the request (exports): state, progress, log, result. At most one
    job of a kind waits or runs at once."""
    run_statements(
        db,
        """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
            progress REAL NOT NULL DEFAULT 0,
            log TEXT NOT NULL DEFAULT '',
            params TEXT NOT NULL,
            result TEXT,
            error_en TEXT,
            error_zh TEXT,
            user_id INTEGER REFERENCES users(id),
            owner TEXT NOT NULL,
            created_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE UNIQUE INDEX jobs_one_running ON jobs(kind) WHERE state = 'running';
        """,
    )


@migration(10)
def login_attempts(db: sqlite_utils.Database) -> None:
    """Failed logins per account and client address, with their time (issue 13): throttling
    counts them over a sliding window, so a stranger's failures never lock the owner out from
    another address. Replaces the per-name counter of ``login_failures``."""
    run_statements(
        db,
        """
        CREATE TABLE login_attempts (
            name TEXT NOT NULL,
            address TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX login_attempts_name ON login_attempts(name, address, at);
        CREATE INDEX login_attempts_address ON login_attempts(address, at);
        DROP TABLE login_failures;
        """,
    )


@migration(11)
def submission_digests(db: sqlite_utils.Database) -> None:
    """The digest of the body each submission_id came with (issue 13): the same id sent again
    with another body is refused instead of silently answering the first household."""
    db.execute(
        "CREATE TABLE submission_digests (submission_id TEXT PRIMARY KEY, digest TEXT NOT NULL)"
    )


@migration(50)
def additions_table(db: sqlite_utils.Database) -> None:
    """A household not in the listing as the enumerator added it: address, head's name, by whom
    (those added before: no address, the adder from the audit trail)."""
    run_statements(
        db,
        """
        CREATE TABLE additions (ea_id TEXT NOT NULL, hh_no TEXT NOT NULL, address TEXT,
            head_name TEXT, added_by INTEGER REFERENCES users(id), added_at TEXT NOT NULL,
            PRIMARY KEY (ea_id, hh_no));
        INSERT OR IGNORE INTO additions (ea_id, hh_no, added_by, added_at)
          SELECT e.ea_id, e.hh_no, e.user_id, e.at FROM events e JOIN households h
          ON h.ea_id = e.ea_id AND h.hh_no = e.hh_no WHERE e.action = 'addition';
        """,
    )


def applied(store: Store) -> list[int]:
    db = store.db
    if "schema_migrations" not in db.table_names():
        return []
    return [row["version"] for row in db.query("SELECT version FROM schema_migrations")]


def migrate(store: Store) -> list[int]:
    """Apply every pending migration in order; returns the versions applied now."""
    with store.write() as db:
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    done = set(applied(store))
    ran = []
    for version, name, fn in MIGRATIONS:
        if version in done:
            continue
        with store.write() as db:
            fn(db)
            db.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [version, name, datetime.now(UTC).isoformat(timespec="seconds")],
            )
        ran.append(version)
    return ran
