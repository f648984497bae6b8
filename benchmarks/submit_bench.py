"""Concurrent API clients submitting households to `survey serve`; nothing acknowledged is lost.

    python benchmarks/submit_bench.py [--duration 30] [--clients 16] [--threads 16]

Builds a demo-like survey (EAs, a listing, one enumerator and API token per EA, part of the
households already submitted), starts `survey serve` in a subprocess, and lets ``--clients``
threads — one enumerator each, on their own EA — POST generated households to
/api/v1/households for ``--duration`` seconds. Prints households per second, p50/p95/p99
latency, and proves that every acknowledged household (HTTP 201) is stored by counting its
submission ids in the database afterwards. Targets on a 2-core machine: at least 100
households/s, p95 under 250 ms, none lost. Run by hand, not by the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from schemas import default_questionnaire
from survey import synth
from survey.accounts.access import Role, add_user, issue_token
from survey.collection.frame import store_frame
from survey.collection.submission import submit
from survey.context import Survey

KEY = ["ea_id", "hh_no"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def plain(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def bodies_by_ea(households: pd.DataFrame, persons: pd.DataFrame) -> dict[str, list[dict]]:
    """The API body of every household (without submission_id), grouped by EA."""
    by_household: dict[tuple[str, str], list[dict]] = {}
    person_columns = [c for c in persons.columns if c not in KEY]
    for row in persons.to_dict("records"):
        key = (row["ea_id"], row["hh_no"])
        by_household.setdefault(key, []).append({c: plain(row[c]) for c in person_columns})
    out: dict[str, list[dict]] = {}
    for row in households.to_dict("records"):
        key = (row["ea_id"], row["hh_no"])
        household = {c: plain(v) for c, v in row.items()}
        out.setdefault(key[0], []).append(
            {"household": household, "persons": by_household.get(key, [])}
        )
    return out


def build(folder: Path, n_households: int, n_eas: int, preload: float, seed: int):
    q = default_questionnaire()
    data = synth.generate(q, n_households, seed=seed, n_eas=n_eas)
    db = folder / "survey.db"
    survey = Survey.create(db, q)
    store_frame(survey, "eas", data.eas, "eas")
    store_frame(survey, "listing", data.listing, "listing")
    eas = sorted(data.eas["ea_id"])
    tokens = {}
    for number, ea_id in enumerate(eas, start=1):
        name = f"enum{number:02d}"
        add_user(survey, name, Role.ENUMERATOR, [ea_id], password=f"pw-{name}-bench")
        tokens[ea_id] = issue_token(survey, name)
    households = data.households.sample(frac=1, random_state=seed)  # preload a random part
    done = households.head(int(len(households) * preload))
    if len(done):
        persons = data.persons.merge(done[KEY], on=KEY)
        from collectors import Batch

        submit(survey, Batch(done.reset_index(drop=True), persons), source="import")
    rest = households.merge(done[KEY], on=KEY, how="left", indicator=True)
    rest = rest[rest["_merge"] == "left_only"].drop(columns="_merge")
    bodies = bodies_by_ea(rest, data.persons.merge(rest[KEY], on=KEY))
    survey.close()
    return db, tokens, bodies, len(done)


def start_server(db: Path, port: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    """``survey serve`` in a subprocess, its output (waitress' warnings, errors) in ``log``."""
    env = {**os.environ, "SURVEY_SECURE_COOKIES": "0"}
    command = [sys.executable, "-m", "survey", "serve", "--db", str(db), "--port", str(port)]
    command += ["--threads", str(threads)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("survey serve did not start within 60 s")


class Client(threading.Thread):
    def __init__(self, port: int, token: str, bodies: list[dict], stop_at: float) -> None:
        super().__init__(daemon=True)
        self.port, self.token, self.bodies, self.stop_at = port, token, bodies, stop_at
        self.latencies: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.acknowledged: list[str] = []

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        turn = 0
        while time.monotonic() < self.stop_at and self.bodies:
            body = self.bodies[turn % len(self.bodies)]  # round again: a new version each time
            turn += 1
            submission_id = str(uuid.uuid4())
            payload = json.dumps({"submission_id": submission_id, **body}).encode()
            started = time.perf_counter()
            try:
                connection.request("POST", "/api/v1/households", payload, headers)
                response = connection.getresponse()
                response.read()
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.statuses[0] += 1
                continue
            self.latencies.append(time.perf_counter() - started)
            self.statuses[response.status] += 1
            if response.status == 201:
                self.acknowledged.append(submission_id)


def stored(db: Path, submission_ids: list[str]) -> int:
    with Survey.open(db) as survey:
        found = 0
        for start in range(0, len(submission_ids), 900):
            chunk = submission_ids[start : start + 900]
            marks = ", ".join("?" for _ in chunk)
            found += survey.store.read.execute(
                f"SELECT COUNT(*) FROM versions WHERE submission_id IN ({marks})", chunk
            ).fetchone()[0]
        return int(found)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30, help="seconds of load (default 30)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent API clients")
    parser.add_argument("--threads", type=int, default=16, help="threads of survey serve")
    parser.add_argument("--households", type=int, default=8000, help="households generated")
    parser.add_argument("--preload", type=float, default=0.5, help="share submitted beforehand")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        db, tokens, bodies, preloaded = build(
            Path(folder), args.households, args.clients, args.preload, args.seed
        )
        print(
            f"built a survey of {len(tokens)} EAs and {args.households:,} generated households "
            f"({preloaded:,} already submitted) in {time.perf_counter() - started:.1f} s"
        )
        port = free_port()
        log = Path(folder) / "serve.log"
        server = start_server(db, port, args.threads, log)
        try:
            stop_at = time.monotonic() + args.duration
            clients = [
                Client(port, tokens[ea_id], bodies.get(ea_id, []), stop_at)
                for ea_id in sorted(tokens)[: args.clients]
            ]
            began, cpu_before = time.perf_counter(), cpu_seconds(server.pid)
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            elapsed = time.perf_counter() - began
            cpu_after = cpu_seconds(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        latencies = [x for c in clients for x in c.latencies]
        statuses = sum((c.statuses for c in clients), Counter())
        acknowledged = [s for c in clients for s in c.acknowledged]
        found = stored(db, acknowledged)
        rate = len(acknowledged) / elapsed
        p50, p95, p99 = (percentile(latencies, s) * 1000 for s in (0.50, 0.95, 0.99))
        print(
            f"{len(clients)} clients for {elapsed:.1f} s against survey serve "
            f"({args.threads} threads): {len(acknowledged):,} households acknowledged"
        )
        print(f"throughput: {rate:.1f} households/s (target >= 100)")
        print(f"latency: p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms (target p95 < 250)")
        print(f"answers by status: {dict(sorted(statuses.items()))}")
        if cpu_before is not None and cpu_after is not None and acknowledged:
            used = cpu_after - cpu_before
            print(
                f"server CPU: {used / elapsed:.0%} of one core, "
                f"{1000 * used / len(acknowledged):.1f} ms per household"
            )
        lines = log.read_text(errors="replace").splitlines()
        queued = sum("Task queue depth" in line for line in lines)
        errors = [line for line in lines if "ERROR" in line or "Traceback" in line]
        print(
            f"server log: {len(lines)} lines, {queued} waitress notes that every thread was busy, "
            f"{len(errors)} errors{':' if errors else ''}"
        )
        for line in errors[:10]:
            print(f"  {line}")
        lost = len(acknowledged) - found
        print(
            f"stored: {found:,} of {len(acknowledged):,} acknowledged submissions are in the "
            f"database — {'none lost' if lost == 0 else f'{lost} LOST'}"
        )
        if lost:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
