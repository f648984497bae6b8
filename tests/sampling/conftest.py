"""The teaching data of R's survey package, read as R reads it (empty field = NA)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

SAMPLING = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "sampling"


@pytest.fixture(scope="session")
def teaching():
    """``teaching("apistrat")`` → the data set as a DataFrame; skips when the data are absent."""
    if not SAMPLING.is_dir():
        pytest.skip(f"the teaching data are not at {SAMPLING}")

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(SAMPLING / f"{name}.csv")

    return read
