"""Raw HTTP against the real server (waitress, as ``survey serve`` runs it): bodies cut short,
lengths that lie, bytes that are not UTF-8, chunked bodies. Every answer is a 4xx (or the
connection closes for a request that never arrived), nothing is stored, and no name or ID number
of a respondent reaches the logs."""

from __future__ import annotations

import http.client
import json
import logging
import socket
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from survey.accounts.access import issue_token
from tests.web.clients import form_data
from tests.web.survey_data import EA1, PASSWORDS, three_persons


@pytest.fixture
def server_tokens(server: str, survey_path: Any) -> dict[str, str]:
    from survey.context import Survey

    survey = Survey.open(str(survey_path))
    try:
        return {name: issue_token(survey, name) for name in PASSWORDS}
    finally:
        survey.close()


def address(server: str) -> tuple[str, int]:
    parts = urlsplit(server)
    return str(parts.hostname), int(parts.port or 80)


def exchange(server: str, raw: bytes, timeout: float = 10) -> bytes:
    """Send ``raw`` on a fresh connection, close our side, read the whole answer."""
    with socket.create_connection(address(server), timeout=timeout) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0


def request(token: str, body: bytes, headers: str) -> bytes:
    head = (
        "POST /api/v1/households HTTP/1.1\r\nHost: survey\r\nConnection: close\r\n"
        f"Authorization: Bearer {token}\r\n{headers}"
    )
    return head.encode() + b"\r\n" + body


def stored(survey_path: Any) -> int:
    from survey.context import Survey

    survey = Survey.open(str(survey_path))
    try:
        return int(survey.store.read.execute("SELECT COUNT(*) FROM versions").fetchone()[0])
    finally:
        survey.close()


BODY = json.dumps(three_persons(), ensure_ascii=False).encode()


def chunked(*chunks: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


@pytest.mark.parametrize(
    ("headers", "body", "statuses"),
    [
        pytest.param(
            "Content-Type: text/plain\r\nContent-Length: %d\r\n", BODY, {415}, id="text/plain"
        ),
        pytest.param(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n",
            BODY,
            {415},
            id="a form, as curl -d sends it",
        ),
        pytest.param(
            "Content-Type: application/json\r\nContent-Length: 99999999999999\r\n",
            BODY,
            {413},
            id="an enormous Content-Length",
        ),
        pytest.param(
            "Content-Type: application/json\r\nContent-Length: -5\r\n", b"", {400}, id="-5"
        ),
        pytest.param(
            "Content-Type: application/json\r\nContent-Length: many\r\n", b"", {400}, id="many"
        ),
        pytest.param(
            "Content-Type: application/json\r\nContent-Length: %d\r\n",
            b'{"household": {"name": "\xff\xfe\xe5\xbc"}}',
            {400},
            id="bytes that are not UTF-8",
        ),
        pytest.param(
            "Content-Type: application/json\r\nContent-Length: %d\r\n",
            BODY.replace("张伟".encode(), b"\\ud800"),
            {400},
            id="a lone surrogate escape",
        ),
        pytest.param(
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
            chunked(BODY[:40], BODY[40:-10]),
            {400},
            id="a chunked body cut inside the JSON",
        ),
        pytest.param(
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
            chunked(b"x" * (3 * 1024 * 1024)),
            {413},
            id="a chunked body of 3 MB",
        ),
        pytest.param(
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
            b"zz\r\nabc\r\n0\r\n\r\n",
            {400},
            id="a chunk size that is not hex",
        ),
        pytest.param(
            "Content-Type: application/json\r\nContent-Length: %d\r\n",
            b"[" * 200_000,
            {400},
            id="200,000 open brackets",
        ),
    ],
)
def test_a_broken_request_on_the_wire_is_a_4xx_and_stores_nothing(
    server, server_tokens, survey_path, headers, body, statuses
) -> None:
    headers = headers % len(body) if "%d" in headers else headers
    answer = exchange(server, request(server_tokens["wang"], body, headers))
    assert status_of(answer) in statuses, answer[:300]
    assert b"Traceback" not in answer
    assert stored(survey_path) == 0


def test_a_body_shorter_than_its_length_is_never_taken(server, server_tokens, survey_path) -> None:
    """The server waits for the rest; when the client gives up, nothing was stored."""
    headers = f"Content-Type: application/json\r\nContent-Length: {len(BODY) + 100}\r\n"
    answer = exchange(server, request(server_tokens["wang"], BODY, headers))
    assert answer == b"" or 400 <= status_of(answer) < 500
    assert stored(survey_path) == 0


def test_a_whole_chunked_body_is_taken(server, server_tokens, survey_path) -> None:
    headers = "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
    answer = exchange(
        server, request(server_tokens["wang"], chunked(BODY[:40], BODY[40:]), headers)
    )
    assert status_of(answer) == 201, answer[:300]
    assert stored(survey_path) == 1


@pytest.mark.parametrize(
    "path",
    [
        b"/households/\xff\xfe/001",
        b"/api/v1/households/%ED%A0%80/%ff",
        b"/api/v1/households/" + b"9" * 20_000 + b"/001",
        b"/login?next=%ff%fe",
    ],
)
def test_a_path_of_bytes_that_are_not_utf8_is_a_4xx(server, server_tokens, path) -> None:
    raw = (
        b"GET " + path + b" HTTP/1.1\r\nHost: survey\r\nConnection: close\r\n"
        b"Authorization: Bearer " + server_tokens["wang"].encode() + b"\r\n\r\n"
    )
    answer = exchange(server, raw)
    assert status_of(answer) < 500 or status_of(answer) == 0, answer[:300]
    assert b"Traceback" not in answer


def test_no_name_or_id_number_reaches_the_logs(server, server_tokens, survey_path, caplog) -> None:
    """Bad requests that carry respondents' names and ID numbers, on the API and the form:
    whatever the server logs about them names neither."""
    caplog.set_level(logging.DEBUG)
    body = three_persons()
    names = [p["name"] for p in body["persons"]]
    ids = [p["id_number"] for p in body["persons"]]
    wrong = [
        {**body, "explanations": [{"rule_id": "R-04", "line_no": 2**70, "text": ids[0]}]},
        {**body, "persons": [{**body["persons"][0], "name": 12, "id_number": ids[0]}]},
        {**body, "household": {**body["household"], "hh_no": names[0]}},
        {**body, "colour": names[1]},
    ]
    host, port = address(server)
    for one in wrong:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        connection.request(
            "POST",
            "/api/v1/households",
            body=json.dumps(one, ensure_ascii=False).encode(),
            headers={
                "Authorization": f"Bearer {server_tokens['wang']}",
                "Content-Type": "application/json",
            },
        )
        assert connection.getresponse().status < 500
        connection.close()
    surrogate = BODY.replace("张伟".encode(), b"\\ud800" + names[0].encode())
    exchange(
        server,
        request(
            server_tokens["wang"],
            surrogate,
            f"Content-Type: application/json\r\nContent-Length: {len(surrogate)}\r\n",
        ),
    )
    form = urlencode(form_data(body)).encode()
    exchange(
        server,
        b"POST /households/" + EA1.encode() + b"/001 HTTP/1.1\r\nHost: survey\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n"
        b"Content-Length: " + str(len(form)).encode() + b"\r\n\r\n" + form,
    )
    logged = "\n".join(f"{r.getMessage()}\n{r.exc_text or ''}" for r in caplog.records)
    for secret in [*names, *ids]:
        assert secret not in logged
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert stored(survey_path) == 0
