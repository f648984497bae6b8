"""Backup and restore of a survey database, safe while the server runs.

A backup is taken with SQLite's online backup API from a reader connection: it copies one
consistent snapshot of the database *including what is still in the WAL* (a plain ``cp`` of the
file misses it), while the server goes on reading and writing. The copy is written beside its
destination under a temporary name, checked (``PRAGMA integrity_check``, a survey database,
its migrations known), switched to a single self-contained file (journal mode DELETE) and only
then renamed into place, so a failed or interrupted backup never leaves a half file under the
name asked for.

Restore checks the backup the same way and refuses a file that is not a survey database, is
damaged, or was made by a newer version of this software (migrations it does not know); it then
copies the backup into the target through the same API, so the target's own WAL is handled by
SQLite rather than overwritten beside it.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from survey.store.connection import BUSY_TIMEOUT_MS, StoreError
from survey.store.migrations import MIGRATIONS

COUNTED = ("households", "versions", "hh_rows", "person_rows", "users", "events")


@dataclass(frozen=True)
class Copy:
    """A checked copy: where it is, its size, its migrations and the rows of its main tables."""

    path: Path
    bytes: int
    migrations: tuple[int, ...]
    counts: dict[str, int]

    def describe(self) -> str:
        rows = ", ".join(f"{table} {n:,}" for table, n in self.counts.items())
        version = max(self.migrations) if self.migrations else 0
        return f"{self.path}: {self.bytes:,} bytes, schema {version}, integrity ok; {rows}"


def _open(path: Path, *, read_only: bool) -> sqlite3.Connection:
    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def _is_survey(conn: sqlite3.Connection) -> bool:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return {"survey_meta", "schema_migrations"} <= tables and bool(
        conn.execute("SELECT 1 FROM survey_meta WHERE key = 'questionnaire'").fetchone()
    )


def inspect(path: Path) -> Copy:
    """Check that ``path`` is a sound survey database this software can open; its figures."""
    if not path.is_file():
        raise StoreError(f"there is no file {path}", f"没有文件 {path}")
    try:
        conn = _open(path, read_only=True)
    except sqlite3.Error as exc:
        raise StoreError(
            f"{path} cannot be opened as a database: {exc}", f"{path} 无法作为数据库打开：{exc}"
        ) from None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not _is_survey(conn):
            raise StoreError(
                f"{path} is not a survey database; nothing was changed",
                f"{path} 不是调查数据库；未作任何更改",
            )
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            shown = "; ".join(problems[:3])
            raise StoreError(
                f"{path} is damaged ({shown}); nothing was changed",
                f"{path} 已损坏（{shown}）；未作任何更改",
            )
        migrations = tuple(r[0] for r in conn.execute("SELECT version FROM schema_migrations"))
        newer = sorted(set(migrations) - _known())
        if newer:
            raise StoreError(
                f"{path} was made by a newer version of this software (schema migrations "
                f"{', '.join(map(str, newer))} are unknown here); upgrade first; nothing was changed",
                f"{path} 由更新版本的本软件创建（此处不认识结构迁移 "
                f"{', '.join(map(str, newer))}）；请先升级；未作任何更改",
            )
        counts = {
            table: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in COUNTED
            if table in tables
        }
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} is not a sound database ({exc}); nothing was changed",
            f"{path} 不是完好的数据库（{exc}）；未作任何更改",
        ) from None
    finally:
        conn.close()
    return Copy(path, path.stat().st_size, tuple(sorted(migrations)), counts)


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    # One step: one read transaction, so one snapshot. In WAL mode it does not block the
    # server's writers; copying in several steps would restart whenever the server writes.
    source.backup(target, pages=-1)


def _known() -> frozenset[int]:
    return frozenset(version for version, _, _ in MIGRATIONS)


def backup(database: Path, out: Path) -> Copy:
    """Copy the live survey database ``database`` to the new file ``out``; the checked copy."""
    if not database.is_file():
        raise StoreError(
            f"there is no survey database at {database}", f"{database} 处没有调查数据库"
        )
    if out.exists():
        raise StoreError(
            f"{out} exists already; choose a new file name for the backup",
            f"{out} 已存在；请为备份另选一个新文件名",
        )
    if out.resolve() == database.resolve():
        raise StoreError(
            "the backup must go to another file than the database",
            "备份须写入数据库以外的另一个文件",
        )
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        source = _open(database, read_only=True)
        try:
            if not _is_survey(source):
                raise StoreError(
                    f"{database} is not a survey database; nothing was written",
                    f"{database} 不是调查数据库；未写入任何内容",
                )
            target = _open(partial, read_only=False)
            try:
                _copy(source, target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
        checked = inspect(partial)
        partial.replace(out)
    except sqlite3.Error as exc:
        raise StoreError(
            f"the backup to {out} failed ({exc}); nothing was written",
            f"备份到 {out} 失败（{exc}）；未写入任何内容",
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return Copy(out, checked.bytes, checked.migrations, checked.counts)


def restore(backup_file: Path, database: Path) -> Copy:
    """Replace the contents of ``database`` by the checked backup ``backup_file``.

    The server must be stopped first; the caller keeps a copy of what is replaced."""
    checked = inspect(backup_file)
    if backup_file.resolve() == database.resolve():
        raise StoreError(
            "the backup and the database are the same file", "备份与数据库是同一个文件"
        )
    try:
        source = _open(backup_file, read_only=True)
        try:
            target = _open(database, read_only=False)
            try:
                _copy(source, target)
                target.execute("PRAGMA journal_mode=WAL")
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise StoreError(
            f"the restore into {database} failed ({exc})", f"恢复到 {database} 失败（{exc}）"
        ) from None
    return Copy(database, database.stat().st_size, checked.migrations, checked.counts)
