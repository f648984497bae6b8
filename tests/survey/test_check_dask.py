"""`survey check --engine dask` on two local worker processes writes the findings the local
engine writes, byte for byte, and keeps them as Parquet parts, one per chunk of EAs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from schemas import default_questionnaire
from survey import synth
from survey.cli import main


def test_the_dask_engine_finds_what_the_local_engine_finds(tmp_path: Path) -> None:
    q = default_questionnaire()
    data, _ = synth.inject_errors(q, synth.generate(q, 1500, seed=4), synth.INJECTABLE, seed=4)
    files = {}
    for name in ("households", "persons", "listing", "eas"):
        files[name] = tmp_path / f"{name}.csv"
        getattr(data, name).sample(frac=1.0, random_state=3).to_csv(files[name], index=False)
    command = ["check", *(a for name, path in files.items() for a in (f"--{name}", str(path)))]
    local, dask = tmp_path / "local.csv", tmp_path / "dask.csv"
    assert main([*command, "--memory-mb", "0", "--findings", str(local)]) == 1
    parts = tmp_path / "parts"
    dask_run = ["--engine", "dask", "--memory-mb", "2", "--findings-dir", str(parts)]
    assert main([*command, *dask_run, "--findings", str(dask)]) == 1
    written = local.read_bytes()
    assert written.count(b"\n") > 40  # one of each injectable problem, and what follows
    assert dask.read_bytes() == written
    chunks = sorted(parts.glob("part-*.parquet"))
    assert len(chunks) >= 3  # 2 MB holds 1,000 persons: the 5,000 take several chunks
    stored = pd.concat([pd.read_parquet(p) for p in [*chunks, parts / "survey-wide.parquet"]])
    assert len(stored) == written.count(b"\n") - 1
    assert {"ID-05", "C-01", "C-04"} <= set(pd.read_parquet(parts / "survey-wide.parquet").rule_id)
