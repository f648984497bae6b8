"""`survey backup` while `survey serve` takes households from 8 clients: the copy holds every
household acknowledged before the backup began, passes its integrity check, and restores.
`survey restore` refuses what is not a sound survey database of a schema it knows."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from pathlib import Path

import pytest

from survey.accounts.access import issue_token
from survey.cli import main
from survey.context import Survey
from tests.web.live import LiveServer
from tests.web.survey_data import EA1, family, new_survey

pytestmark = [pytest.mark.slow]

CLIENTS = 8
PER_CLIENT = 12  # households each client submits at most


def stored_households(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT hh_no FROM versions WHERE ea_id = ?", [EA1])}


def test_a_backup_taken_while_eight_clients_submit_holds_every_acknowledged_household(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "survey.db"
    with new_survey(db) as survey:
        token = issue_token(survey, "wang")
    server = LiveServer(db, tmp_path / "serve.log").start()
    acknowledged: list[str] = []
    lock = threading.Lock()
    sixteen = threading.Event()

    def client(k: int) -> None:
        for i in range(PER_CLIENT):
            hh_no = f"{100 + k * PER_CLIENT + i:03d}"
            body = {"submission_id": str(uuid.uuid4()), **family(hh_no)}
            status, _ = server.call("POST", "/api/v1/households", token, body)
            if status in (200, 201):
                with lock:
                    acknowledged.append(hh_no)
                    if len(acknowledged) >= 16:
                        sixteen.set()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    try:
        for thread in threads:
            thread.start()
        assert sixteen.wait(timeout=120), "the server acknowledged fewer than 16 households"
        with lock:
            before = set(acknowledged)
        assert main(["backup", "--db", str(db), str(tmp_path / "backup.db")]) == 0
        for thread in threads:
            thread.join(timeout=180)
    finally:
        server.stop()
    printed = capsys.readouterr().out
    assert "integrity ok" in printed
    assert "households" in printed
    copy = stored_households(tmp_path / "backup.db")
    assert before <= copy  # every household acknowledged before the backup began
    assert copy <= set(acknowledged) | stored_households(db)
    assert not Path(f"{tmp_path / 'backup.db'}-wal").exists()  # one self-contained file

    restored = tmp_path / "restored.db"
    assert main(["restore", "--db", str(restored), str(tmp_path / "backup.db")]) == 0
    assert stored_households(restored) == copy
    with Survey.open(restored) as again:
        assert again.questionnaire.households.key == ("ea_id", "hh_no")


def test_restore_keeps_the_database_it_replaces(tmp_path: Path) -> None:
    db, backup = tmp_path / "survey.db", tmp_path / "backup.db"
    new_survey(db).close()
    assert main(["backup", "--db", str(db), str(backup)]) == 0
    assert main(["restore", "--db", str(db), str(backup)]) == 0
    kept = list(tmp_path.glob("survey.before-restore-*.db"))
    assert len(kept) == 1
    assert main(["backup", "--db", str(db), str(backup)]) == 2  # never over an existing file


def test_restore_refuses_what_is_not_a_sound_survey_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "survey.db"
    new_survey(db).close()
    before = db.read_bytes()
    text = tmp_path / "notes.db"
    text.write_text("not a database at all", encoding="utf-8")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    newer = tmp_path / "newer.db"
    assert main(["backup", "--db", str(db), str(newer)]) == 0
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
    capsys.readouterr()
    for wrong, says in [
        (text, "not a sound database"),
        (other, "not a survey database"),
        (newer, "newer version"),
        (tmp_path / "missing.db", "there is no file"),
    ]:
        assert main(["restore", "--db", str(db), str(wrong)]) == 2
        assert says in capsys.readouterr().err
    assert db.read_bytes() == before
    assert list(tmp_path.glob("*.before-restore-*")) == []
