"""The enumerator's explanations of warnings, checked before anything is stored.

An explanation answers a finding: it names a rule of the catalogue and, when the finding is about
a person, that person's line in the roster being submitted. One that names no rule or no person
explains nothing; it is refused with where it is and what to do, the same for the form and the API.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from schemas import EXPLANATION_MAX
from validation import RULES

SHOWN = 20  # characters of a rule id quoted back
REPORTED = 20  # explanations reported at most: the first are enough to correct the rest


@dataclass(frozen=True)
class Misplaced:
    """One explanation that explains nothing: its position, the part that is wrong, why."""

    index: int
    part: str  # rule_id | line_no | text, or "" for the whole explanation
    en: str
    zh: str

    @property
    def location(self) -> str:
        return f"explanations[{self.index}]" + (f".{self.part}" if self.part else "")


def misplaced(
    explanations: Sequence[Mapping[str, Any]], lines: Iterable[object]
) -> list[Misplaced]:
    """The explanations that name no rule of the catalogue, or no person among ``lines`` (the
    line numbers of the roster submitted with them), are too long, or repeat an earlier one."""
    roster = sorted({n for n in lines if isinstance(n, int) and not isinstance(n, bool)})
    shown = ", ".join(str(n) for n in roster[:10]) or "—"
    out: list[Misplaced] = []
    seen: dict[tuple[str, object], int] = {}
    for i, note in enumerate(explanations):
        if len(out) >= REPORTED:
            break
        rule_id = str(note.get("rule_id") or "").strip()
        line = note.get("line_no")
        first = seen.setdefault((rule_id, line), i)
        if first != i:
            out.append(
                Misplaced(
                    i,
                    "",
                    f"explanation {i + 1} answers the same finding as explanation {first + 1}; "
                    "give one explanation per finding",
                    f"第{i + 1}条说明与第{first + 1}条针对同一问题；每个问题只需一条说明",
                )
            )
            continue
        if rule_id not in RULES:
            quoted = rule_id[:SHOWN]
            out.append(
                Misplaced(
                    i,
                    "rule_id",
                    f"explanation {i + 1} answers rule {quoted!r}, which is not a rule of this "
                    "survey; use the rule id of the finding it explains (e.g. R-04)",
                    f"第{i + 1}条说明针对的规则“{quoted}”不是本调查的规则；"
                    "请填写所说明问题的规则编号（如 R-04）",
                )
            )
        if line is not None and line not in roster:
            number = str(line)[:SHOWN]
            out.append(
                Misplaced(
                    i,
                    "line_no",
                    f"explanation {i + 1} is about person line {number}, but the roster has "
                    f"lines {shown}; correct its line_no, or leave it out for the household",
                    f"第{i + 1}条说明针对第{number}号人员，但人员名单只有 {shown} 号；"
                    "请更正 line_no，说明整户时不填 line_no",
                )
            )
        if len(str(note.get("text") or "")) > EXPLANATION_MAX:
            out.append(
                Misplaced(
                    i,
                    "text",
                    f"explanation {i + 1} is longer than {EXPLANATION_MAX} characters; shorten it",
                    f"第{i + 1}条说明超过{EXPLANATION_MAX}个字符；请缩短",
                )
            )
    return out
