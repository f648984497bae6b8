"""A long command's progress: a bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import io

from survey.cli.progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_that_ends_full() -> None:
    screen = Terminal()
    with progress("export", screen) as report:
        for share in (0.0, 0.5, 1.0):
            report(share, "persons")
    shown = screen.getvalue()
    assert "export" in shown
    assert "100/100" in shown
    assert "\r" in shown  # redrawn in place, not one line per step


def test_a_file_gets_a_line_per_tenth_of_the_work() -> None:
    log = io.StringIO()
    with progress("export", log) as report:
        for step in range(101):
            report(step / 100, f"row {step}")
    lines = log.getvalue().splitlines()
    assert lines[0] == "export: 0% row 0"
    assert lines[-1] == "export: 100% row 100"
    assert len(lines) == 11
