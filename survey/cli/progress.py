"""Progress of a long command on stderr: a bar (tqdm) on a terminal; plain lines, one per tenth
of the work, when the output goes to a file or a pipe."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Report = Callable[[float, str], None]
STEP = 10  # percent between two plain lines


@contextmanager
def progress(title: str, stream: TextIO | None = None) -> Iterator[Report]:
    """A reporter of (share done, what is being done) for the ``with`` block."""
    out = stream or sys.stderr
    if out.isatty():
        from tqdm import tqdm

        bar = tqdm(total=100, desc=title, unit="%", file=out, leave=True)

        def on_bar(share: float, line: str) -> None:
            bar.n = round(min(max(share, 0.0), 1.0) * 100)
            bar.set_postfix_str(line, refresh=False)
            bar.refresh()

        try:
            yield on_bar
        finally:
            bar.close()
        return
    said = [-STEP]

    def on_lines(share: float, line: str) -> None:
        percent = int(min(max(share, 0.0), 1.0) * 100)
        if percent - said[0] >= STEP:
            said[0] = percent - percent % STEP
            print(f"{title}: {percent}% {line}", file=out, flush=True)

    yield on_lines
