"""Reading a table of sampled units for the sampling commands: CSV, Parquet, Stata, SPSS, or an
export folder (its persons file)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from collectors import InputError, Problem

# identifiers keep their leading zeros (hh_no 001, an EA code) when read from CSV
TEXT = {c: str for c in ("ea_id", "hh_no", "id_number", "psu", "stratum", "name")}
SUFFIXES = (".csv", ".csv.gz", ".parquet", ".dta", ".sav")


def _refuse(path: Path, en: str, zh: str) -> InputError:
    return InputError([Problem("read", en, zh, file=str(path))])


def data_file(path: Path, table: str = "persons") -> Path:
    """The file to read: ``path`` itself, or the ``table`` file of an export folder."""
    if path.is_dir():
        for suffix in (".parquet", ".csv"):
            candidate = path / f"{table}{suffix}"
            if candidate.is_file():
                return candidate
        raise _refuse(
            path,
            f"is a folder without {table}.parquet or {table}.csv; give an export folder or a data file",
            f"是文件夹，但其中没有 {table}.parquet 或 {table}.csv；请给出导出文件夹或数据文件",
        )
    if not path.is_file():
        raise _refuse(path, "does not exist", "不存在")
    return path


def read_table(path: str | Path, table: str = "persons") -> pd.DataFrame:
    """The file as a table (text codes stay text in CSV only where they are not numbers)."""
    file = data_file(Path(path), table)
    name = file.name.lower()
    try:
        if name.endswith((".csv", ".csv.gz")):
            return pd.read_csv(file, encoding="utf-8-sig", low_memory=False, dtype=TEXT)
        if name.endswith(".parquet"):
            return pd.read_parquet(file)
        if name.endswith(".dta"):
            return pd.read_stata(file, convert_categoricals=False)
        if name.endswith(".sav"):
            import pyreadstat

            frame, _ = pyreadstat.read_sav(str(file))
            return frame
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise _refuse(
            file,
            f"cannot be read as a {file.suffix.lstrip('.')} file ({type(exc).__name__}); check that "
            "it is complete and of that format",
            f"无法按 {file.suffix.lstrip('.')} 格式读取（{type(exc).__name__}）；请检查文件是否完整、格式是否正确",
        ) from None
    raise _refuse(
        file,
        f"is not a data file the command reads; use one of {', '.join(SUFFIXES)} or an export folder",
        f"不是可读取的数据文件；请使用 {', '.join(SUFFIXES)} 之一或导出文件夹",
    )
