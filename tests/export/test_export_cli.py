"""``survey export``: what it prints, and one clear sentence with status 2 for unusable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from survey.cli import main
from tests.export.builder import fieldwork


@pytest.fixture
def db(tmp_path: Path) -> Path:
    fieldwork(tmp_path / "survey.db").close()
    return tmp_path / "survey.db"


def test_export_writes_the_folder_and_prints_the_weighted_population(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["export", "--out", str(tmp_path / "out"), "--db", str(db), "--format", "csv,parquet"]
    )
    printed = capsys.readouterr()
    assert status == 0, printed.err
    progress = printed.err.splitlines()  # not a terminal: plain lines, a tenth of the work each
    assert progress[0] == "export: 0% 4 households, 6 persons"
    assert progress[-1] == "export: 100% 4 households written"
    assert all(line.startswith("export: ") for line in progress)
    assert "exported data of 4 households and 6 persons" in printed.out
    assert "left out 5 households" in printed.out
    assert "returned to the enumerator for correction: 1" in printed.out
    lines = printed.out.splitlines()
    stratum = next(line for line in lines if line.strip().startswith("3701"))
    assert stratum.split()[1:] == ["2", "4", "6", "300.0", "500.0"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["formats"] == ["csv", "parquet"]


def test_public_export_reports_k_anonymity_in_chinese(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "export",
            "--out",
            str(tmp_path / "pub"),
            "--db",
            str(db),
            "--public",
            "--lang",
            "zh",
            "--format",
            "csv",
        ]
    )
    printed = capsys.readouterr().out
    assert status == 0
    assert "已导出公开使用数据 4 户、6 人" in printed
    assert "k 匿名（k = 3）：6 个单元少于 k 人" in printed
    assert (tmp_path / "pub" / "k_anonymity.csv").exists()


@pytest.mark.parametrize(
    ("arguments", "sentence"),
    [
        (
            ["--format", "csv,pdf"],
            "unknown export format 'pdf'; choose one or more of csv, parquet, dta, sav, xlsx",
        ),
        (["--format", ","], "unknown export format nothing"),
        (["--lang", "zh", "--format", "xls"], "未知的导出格式 'xls'"),
    ],
)
def test_a_bad_format_is_one_sentence_and_status_2(
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    sentence: str,
) -> None:
    status = main(["export", "--out", str(tmp_path / "out"), "--db", str(db), *arguments])
    printed = capsys.readouterr()
    assert status == 2
    assert printed.out == ""
    assert len(printed.err.splitlines()) == 1
    assert sentence in printed.err
    assert "Traceback" not in printed.err
    assert not (tmp_path / "out").exists()


def test_an_unusable_folder_or_database_is_one_sentence_and_status_2(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["export", "--out", str(taken), "--db", str(db)]) == 2
    assert "is not empty" in capsys.readouterr().err
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    assert main(["export", "--out", str(tmp_path / "file.txt"), "--db", str(db)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert main(["export", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "none.db")]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err
