"""`survey serve` killed with SIGKILL three times while four clients submit households, and
restarted each time: every household the server acknowledged is stored, exactly once, and a
client resending after a lost answer (same submission_id, same body) gets the stored result."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
import uuid
from pathlib import Path

import pytest

from survey.accounts.access import issue_token
from tests.web.live import LiveServer
from tests.web.survey_data import family, new_survey

pytestmark = [pytest.mark.slow]

CLIENTS, PER_CLIENT, KILLS = 4, 15, 3
DEADLINE_S = 240.0  # the whole test, however slow the machine: then it fails rather than hangs


def test_kill_minus_nine_three_times_loses_no_acknowledged_household(tmp_path: Path) -> None:
    db = tmp_path / "survey.db"
    with new_survey(db) as survey:
        token = issue_token(survey, "wang")
    server = LiveServer(db, tmp_path / "serve.log", threads=4).start()
    deadline = time.monotonic() + DEADLINE_S
    acknowledged: dict[str, str] = {}  # submission_id -> hh_no
    lock = threading.Lock()

    def client(k: int) -> None:
        for i in range(PER_CLIENT):
            hh_no = f"{100 + k * PER_CLIENT + i:03d}"
            body = {"submission_id": str(uuid.uuid4()), **family(hh_no)}
            while time.monotonic() < deadline:
                try:
                    status, _ = server.call("POST", "/api/v1/households", token, body)
                except OSError:  # the server is down (killed): send the same body again
                    time.sleep(0.2)
                    continue
                if status in (200, 201):
                    with lock:
                        acknowledged[body["submission_id"]] = hh_no
                    break
                time.sleep(0.2)  # e.g. 503 while restarting: retry

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(KILLS):
            with lock:
                before = len(acknowledged)
            while time.monotonic() < deadline:
                with lock:
                    if len(acknowledged) >= before + 5:
                        break
                time.sleep(0.05)
            server.kill()
            server.start()
        for thread in threads:
            thread.join(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        server.stop()
    assert all(not t.is_alive() for t in threads), "clients did not finish in time"
    assert len(acknowledged) == CLIENTS * PER_CLIENT
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT submission_id, hh_no FROM versions").fetchall()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = [s for s, _ in stored]
    assert len(ids) == len(set(ids))  # none stored twice
    assert dict(stored) == acknowledged  # every acknowledged household, and nothing else
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert log.count("serving ") == KILLS + 1
    access = [line for line in log.splitlines() if " survey.access " in line]
    assert access  # the access log, each line with its timestamp, and no respondent's name
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line) for line in access)
    assert "张伟" not in log
