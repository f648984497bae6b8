"""The SQLite store: one writer connection per database, readers per thread.

Settings measured and explained in DESIGN.md: WAL journal, ``synchronous=FULL``, foreign keys on,
a busy timeout. Every write goes through :meth:`Store.write`, which serialises writers with a lock
and opens ``BEGIN IMMEDIATE`` so a check-then-insert never meets "database is locked".
"""

from __future__ import annotations

import errno
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from survey.errors import Refusal

BUSY_TIMEOUT_MS = 10_000
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)

Database = sqlite_utils.Database
"""An open database as store functions take it: the one name for its type outside the store."""

IntegrityError = sqlite3.IntegrityError
"""A write broke a constraint, e.g. one submission id stored by two requests racing."""

OperationalError = sqlite3.OperationalError
"""SQLite could not carry out a statement (locked, disk full, I/O): see :func:`storage_full`."""


def storage_full(error: BaseException) -> bool:
    """Whether ``error`` says the disk (or the database's page limit) is full: SQLite's
    SQLITE_FULL, or the operating system's ENOSPC / EDQUOT on a file the server writes."""
    if isinstance(error, sqlite3.Error):
        return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


class StoreError(Refusal):
    """The database cannot be used (missing, not a survey database, too new, damaged)."""

    code = "store_unusable"
    status = 503


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
    )
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


class Store:
    """A survey database file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self._writer = _connect(self.path)
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open database {self.path}: {exc}", f"无法打开数据库 {self.path}：{exc}"
            ) from None
        self.db = sqlite_utils.Database(self._writer)
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One transaction on the writer connection; committed on success, rolled back on error."""
        with self._lock:
            self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
                raise
            else:
                self._writer.execute("COMMIT")

    @property
    def read(self) -> sqlite_utils.Database:
        """A reader connection of this thread (WAL lets readers run beside the writer)."""
        db = getattr(self._local, "db", None)
        if db is None:
            conn = _connect(self.path)
            with self._lock:
                self._readers.append(conn)
            db = sqlite_utils.Database(conn)
            self._local.db = db
        return db

    def settings(self) -> dict[str, str]:
        """The SQLite version and the pragmas in force, for ``survey status``."""
        conn = self._writer
        return {
            "sqlite_version": sqlite3.sqlite_version,
            "journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
            "synchronous": {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[
                conn.execute("PRAGMA synchronous").fetchone()[0]
            ],
            "foreign_keys": "ON" if conn.execute("PRAGMA foreign_keys").fetchone()[0] else "OFF",
            "busy_timeout_ms": str(conn.execute("PRAGMA busy_timeout").fetchone()[0]),
        }

    def close(self) -> None:
        with self._lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            self._writer.close()
