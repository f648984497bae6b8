"""`survey serve` as an operator runs it: a separate process on 127.0.0.1, started, stopped,
killed with SIGKILL and restarted by the tests that need the real thing (crash, backup, fuzzing,
disk full). Every wait is bounded; a server that does not come up fails the test."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

START_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """One ``survey serve`` process over ``db``; ``url`` is its address."""

    def __init__(self, db: Path, log: Path, threads: int = 8, **settings: str) -> None:
        self.db, self.log, self.threads = db, log, threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "SURVEY_SECURE_COOKIES": "0",
            **{f"SURVEY_{k.upper()}": v for k, v in settings.items()},
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> LiveServer:
        command = [sys.executable, "-m", "survey", "serve", "--db", str(self.db)]
        command += ["--port", str(self.port), "--threads", str(self.threads)]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, env=self.env, stdout=out, stderr=out)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"survey serve stopped: {self.log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise AssertionError(f"survey serve did not listen within {START_TIMEOUT_S} s")

    def kill(self) -> None:
        """SIGKILL: no clean-up, as a power cut or the OOM killer would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.process = None

    def call(
        self, method: str, path: str, token: str | None = None, body: Any = None
    ) -> tuple[int, Any]:
        """One JSON request; (status, parsed body or None). Raises OSError when the server is
        gone (refused or reset connection)."""
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            try:
                with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as answer:
                    return answer.status, _json(answer.read())
            except urllib.error.HTTPError as error:
                return error.code, _json(error.read())
        except http.client.HTTPException as error:  # killed while answering: a cut answer
            raise ConnectionResetError(f"the answer was cut off: {error!r}") from error


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None
