"""``survey check --engine dask``: the same chunks of EAs checked on a Dask cluster.

The client cuts the files into chunks of whole EAs (as the local engine does) in a folder the
workers can read (``work_dir``: a shared path when the scheduler is on other machines). Each
chunk is one task: a worker reads its chunk's files, runs every rule but the survey-wide ones
(:func:`validation.chunked.check_chunk`), writes the findings as its own Parquet part
(``findings_dir/part-NNNNN.parquet``) and sends back the few columns the survey-wide rules read.
The client then runs the survey-wide pass (:func:`validation.chunked.finish`) and writes its
findings as ``findings_dir/survey-wide.parquet``. Without a scheduler address a LocalCluster
of two worker processes is started for the run and stopped after it.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from collectors import read_frame
from schemas import Questionnaire
from survey.collection.checking import (
    DEFAULT_MEMORY_MB,
    FilePart,
    Progress,
    read_part,
    split_files,
)
from validation.chunked import SURVEY_WIDE, Checked, check_chunk, finish

LOCAL_WORKERS = 2


def _check_part(
    q: Questionnaire, part: FilePart, listing: pd.DataFrame | None, out: str | None
) -> Checked:
    """One task, on a worker: read, check, write the chunk's findings."""
    checked = check_chunk(q, read_part(q, part), listing)
    if out is not None:
        checked.findings.to_parquet(out, index=False)
    return checked


def check_files_dask(
    questionnaire: Questionnaire,
    households: str | Path,
    persons: str | Path,
    *,
    listing: str | Path | None = None,
    eas: str | Path | None = None,
    memory_mb: int = DEFAULT_MEMORY_MB,
    scheduler: str | None = None,
    work_dir: str | Path | None = None,
    findings_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """:func:`~survey.collection.checking.check_files`'s findings, the chunks checked by the
    workers of the Dask ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``) or of a
    LocalCluster of two processes."""
    from dask.distributed import Client, LocalCluster, as_completed

    q = questionnaire
    listing_table = read_frame(q, "listing", listing) if listing else None
    eas_table = read_frame(q, "eas", eas) if eas else None
    out = Path(findings_dir) if findings_dir is not None else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.parquet"):
            old.unlink()
    with tempfile.TemporaryDirectory(prefix="survey-check-", dir=work_dir) as folder:
        parts = split_files(q, Path(households), Path(persons), memory_mb, Path(folder))
        cluster: Any = None
        if scheduler is None:
            cluster = LocalCluster(
                n_workers=LOCAL_WORKERS,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                memory_limit=f"{max(2 * memory_mb, 1024)}MiB",  # pandas alone takes 200 MB
            )
        try:
            with Client(scheduler or cluster) as client:
                # the listing once to each worker (each task keeps the rows of its EAs)
                shared = (
                    None if listing_table is None else client.scatter(listing_table, broadcast=True)
                )
                futures = [
                    client.submit(
                        _check_part,
                        q,
                        part,
                        shared,
                        None if out is None else str(out / f"part-{i:05d}.parquet"),
                        key=f"survey-check-{i}",
                        pure=False,
                    )
                    for i, part in enumerate(parts)
                ]
                for done, _ in enumerate(as_completed(futures), start=1):
                    if progress is not None:
                        progress(done / (len(parts) + 1), f"chunk {done} of {len(parts)}")
                checked: list[Checked] = client.gather(futures)
        finally:
            if cluster is not None:
                cluster.close()
    found = finish(q, checked, listing=listing_table, eas=eas_table, aggregates=True)
    if out is not None:
        wide = found[found["rule_id"].isin(SURVEY_WIDE)]
        wide.reset_index(drop=True).to_parquet(out / "survey-wide.parquet", index=False)
    if progress is not None:
        progress(1.0, "survey-wide rules")
    return found
