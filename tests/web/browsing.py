"""What the browser tests do in headless Chromium: the phone's and the desktop's viewports,
answering questions section by section as a person would, opening the field app logged in with
its worker installed, waiting for the page, and reading what the server stored."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from flask import Flask

from tests.families import citizen_id
from tests.families import family as clean_family
from tests.web.clients import make_app
from tests.web.survey_data import EA1, PASSWORDS, Q
from web.db import close

#: the field app's words the tests look for, by language
APP_TEXTS = {
    "en": {"add": "Add a person", "kept": "Kept on this phone", "refused": "Logging"},
    "zh": {"add": "添加一人", "kept": "已保存在本机", "refused": "登出"},
}


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def answer(field: Any, name: str, value: object) -> None:
    """Answer one question the way a person would: tick, choose or type."""
    radio = field.locator(f'input[type="radio"][value="{value}"]')
    if radio.count():
        radio.check()
    elif field.locator("select").count():
        field.locator("select").select_option(str(value))
    else:
        field.locator(f'input[name="{name}"]').fill(str(value))


def ready(page: Any) -> None:
    """Wait until the field app has put back what the phone keeps of this household (it reads
    IndexedDB after the page has loaded); a form without the field app is ready as it loads."""
    if page.locator("body[data-field-app]").count():
        page.locator("#household-form[data-ready]").wait_for(state="attached")


def open_section(page: Any, key: str) -> None:
    """With JavaScript the form shows one section at a time (web/static/sections.js): open the
    one of ``key`` ("h" the household, "p2" person 2, "review") from its list of sections.
    Without JavaScript the form is one page: nothing to open."""
    if not page.locator("#section-steps").count():
        return
    ready(page)  # putting back what the phone kept may add persons and their sections
    step = page.locator(f'#section-steps button[data-section="{key}"]')
    if step.count():
        step.click()


def submit(page: Any) -> None:
    """Submit from the review page, where the button is."""
    open_section(page, "review")
    page.locator("#submit").click()


def fill(page: Any, prefix: str, items: list[Any], values: dict[str, Any]) -> None:
    """Answer every question as it appears: a question whose universe reads a later answer
    (D3 reads D8) shows up once that answer is given."""
    open_section(page, prefix)
    pending = [item.name for item in items if values.get(item.name) is not None]
    while pending:
        shown = [n for n in pending if page.locator(f"#f-{prefix}-{n}").is_visible()]
        assert shown, f"questions never shown: {pending}"
        for name in shown:
            answer(page.locator(f"#f-{prefix}-{name}"), f"{prefix}.{name}", values[name])
            pending.remove(name)


def fill_household(page: Any, household: dict[str, Any]) -> None:
    fill(page, "h", Q.households.questions, household)


def fill_person(page: Any, line: int, person: dict[str, Any]) -> None:
    fill(page, f"p{line}", Q.persons.questions, person)


def four_persons() -> dict[str, Any]:
    household, persons = clean_family("001", EA1)
    daughter = {
        **{k: persons[2][k] for k in ("ethnicity", "residence", "hukou_place", "time_away")},
        "name": "张小红",
        "relationship": 2,
        "sex": 2,
        "birth_year": 2016,
        "birth_month": 4,
        "id_number": citizen_id(2016, 4, 2, 44),
        "education": 2,
    }
    persons = [{k: v for k, v in p.items() if k != "line_no"} for p in persons]
    household = {k: v for k, v in household.items() if k not in ("ea_id", "hh_no")}
    return {"household": household | {"n_present": 4}, "persons": [*persons, daughter]}


def open_app(browser: Any, server: str, lang: str, survey_path: Any) -> tuple[Any, Any]:
    """A phone context logged in as wang in ``lang`` (his account's), the worker installed."""
    with closing(sqlite3.connect(survey_path)) as db, db:
        db.execute("UPDATE users SET lang = ? WHERE name = 'wang'", [lang])
    context = browser.new_context(
        **PHONE, locale="zh-CN" if lang == "zh" else "en-GB", service_workers="allow"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server + "/login")
    page.fill("#name", "wang")
    page.fill("#password", PASSWORDS["wang"])
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(server + "/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    worker = f"navigator.serviceWorker.controller?.scriptURL.includes('lang={lang}')"
    for _ in range(40):  # the worker of this language has installed and controls the page
        page.reload()
        if page.evaluate(worker):
            break
        page.wait_for_timeout(500)
    assert page.evaluate(worker)
    return context, page


def eventually(page: Any, script: str, tries: int = 80) -> None:
    """Wait until the (promise-returning) ``script`` answers true in the page."""
    for _ in range(tries):
        if page.evaluate(
            f"() => Promise.resolve(window.FieldStore && ({script})).catch(() => false)"
        ):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"never true: {script}")


def idb_count(page: Any, store: str) -> int:
    return int(
        page.evaluate(
            "(s) => window.FieldStore ? window.FieldStore.keys(s).then(k => k.length) : -1", store
        )
    )


def rows(survey_path: Any, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(survey_path)) as db:
        return list(db.execute(sql).fetchall())


def versions(survey_path: Any) -> list[tuple[Any, ...]]:
    return rows(survey_path, "SELECT ea_id, hh_no, version FROM versions ORDER BY id")


def persons_stored(survey_path: Any) -> list[tuple[Any, ...]]:
    return rows(survey_path, "SELECT line_no, name FROM person_rows ORDER BY version_id, line_no")


@contextmanager
def serving(path: Path) -> Iterator[tuple[str, Flask]]:
    """The application of the survey at ``path`` served by waitress on a free localhost port, in
    a thread: its address and the application. It stops cleanly: requests still being served
    finish before the database closes, and the browser's kept-alive connections are closed so
    the loop ends (instead of its select() failing on a closed socket)."""
    import waitress
    from waitress import wasyncore

    application = make_app(path)
    wsgi = waitress.create_server(application, host="127.0.0.1", port=0, threads=4)
    stopping = threading.Event()

    def serve() -> None:
        try:
            wsgi.run()
        except (OSError, ValueError):  # its sockets closed under its select() as it stops
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{wsgi.effective_port}", application
    finally:
        stopping.set()
        wsgi.task_dispatcher.shutdown()
        wsgi.close()
        wasyncore.close_all(wsgi._map)
        thread.join(timeout=5)
        close(application)
