"""The demo survey: a few EAs of one 街道, their listing, an account per role, and realistic
households of which some carry errors, some are missing, some already reviewed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from collectors import Batch
from schemas import default_questionnaire
from survey import synth
from survey.accounts.access import Role, User, add_user
from survey.collection.frame import store_frame
from survey.collection.submission import submit
from survey.context import Survey
from survey.review.actions import ReviewError, act
from survey.states import Action
from survey.store import StoreError, survey_meta

KEY = ["ea_id", "hh_no"]
DEMO_ERRORS = ("V-01", "V-03", "ID-01", "ID-02", "S-04", "S-05", "P-03", "R-04", "R-05", "F-01")


@dataclass
class DemoInfo:
    path: str
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)  # role, name, pw, eas
    households: int = 0
    missing: int = 0
    with_errors: int = 0

    def describe(self) -> str:
        lines = [
            f"demo survey written to {self.path}: {self.households} households submitted, "
            f"{self.with_errors} with seeded problems, {self.missing} listed but not yet visited",
            "logins (role, name, password, EAs):",
        ]
        lines += [f"  {role:<10} {name:<10} {pw:<14} {eas}" for role, name, pw, eas in self.logins]
        return "\n".join(lines)


def _fresh(path: Path) -> None:
    """Remove an earlier demo database at ``path``; refuse to touch any other file."""
    if not path.exists():
        return
    probe = Survey.open(path)
    try:
        is_demo = survey_meta.value(probe.store.db, "demo") is not None
    finally:
        probe.close()
    if not is_demo:
        raise StoreError(
            f"{path} holds a survey that is not a demo; choose another --db",
            f"{path} 中是一项正式调查而非演示；请另选 --db",
        )
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_demo(path: str | Path, households: int = 200, seed: int = 1) -> DemoInfo:
    path = Path(path)
    _fresh(path)
    q = default_questionnaire()
    n_eas = max(1, min(6, households // 50))
    data = synth.generate(q, households, seed=seed, n_eas=n_eas)
    rng = np.random.default_rng(seed)
    per_rule = max(1, households // 60)
    data, injected = synth.inject_errors(q, data, DEMO_ERRORS, seed=seed, per_rule=per_rule)
    keys = data.households[KEY]
    touched = injected[KEY].drop_duplicates()
    untouched = keys.merge(touched, on=KEY, how="left", indicator=True)
    untouched = untouched[untouched["_merge"] == "left_only"][KEY]
    missing = untouched.sample(n=max(1, households // 25), random_state=seed)
    submitted = keys.merge(missing, on=KEY, how="left", indicator=True)["_merge"] == "left_only"
    info = DemoInfo(str(path))
    with Survey.create(path, q) as survey:
        with survey.store.write() as db:
            survey_meta.put(db, "demo", "1")
        store_frame(survey, "eas", data.eas, "demo eas")
        store_frame(survey, "listing", data.listing, "demo listing")
        ea_ids = data.eas["ea_id"].tolist()
        add_user(survey, "office", Role.OFFICE, password="office-demo")
        supervisor, _ = add_user(
            survey, "supervisor", Role.SUPERVISOR, ea_ids, password="supervisor-demo"
        )
        info.logins += [
            ("office", "office", "office-demo", "all"),
            ("supervisor", "supervisor", "supervisor-demo", "all demo EAs"),
        ]
        enumerators: dict[str, User] = {}
        for number, ea in enumerate(ea_ids, start=1):
            name = f"enum{number}"
            enumerators[ea], _ = add_user(
                survey, name, Role.ENUMERATOR, [ea], password=f"{name}-demo"
            )
            info.logins.append(("enumerator", name, f"{name}-demo", ea))
        hh = data.households[submitted.to_numpy()]
        for ea, group in hh.groupby("ea_id", sort=True):
            people = data.persons.merge(group[KEY], on=KEY)
            batch = Batch(group.reset_index(drop=True), people.reset_index(drop=True))
            submit(survey, batch, source="import", user=enumerators[str(ea)])
        _review_some(survey, supervisor, hh[KEY], rng)
        info.households = int(submitted.sum())
        info.missing = len(missing)
        info.with_errors = len(touched.merge(hh[KEY], on=KEY))
    return info


def _review_some(
    survey: Survey, supervisor: User, keys: pd.DataFrame, rng: np.random.Generator
) -> None:
    """Approve about a third of the clean households, so the queue shows every state."""
    for row in keys.sample(frac=0.35, random_state=int(rng.integers(1 << 31))).itertuples():
        try:
            act(survey, supervisor, row.ea_id, row.hh_no, Action.APPROVE, version=1)
        except ReviewError:
            continue  # not clean: it stays in the queue for the supervisor
