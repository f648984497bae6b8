"""Proposing item roles for a converted definition (spec/roles.md), and ``--roles FILE``.

An item whose label or name reads as relationship to the head, sex, age or marital status (in
English, French, Spanish, Portuguese or Chinese) and whose value labels read as head / spouse /
son or daughter, male / female, never married … gets that role. Every role set is said in a
note with its codes; an item that looks like a role but whose codes cannot be read gets none,
with a note saying why. A roles file (a YAML mapping with a ``roles:`` section) wins over what
was proposed, role by role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from collectors.problems import InputError, Problem
from collectors.role_words import (
    IN_LAW,
    ITEM,
    MARITAL,
    NOT_AGE,
    OTHER_PERSON,
    RELATIONSHIP,
    SEX,
    UNKNOWN,
)
from schemas import DefinitionError, Item, ItemType, Questionnaire
from schemas.loading import describe


@dataclass(frozen=True)
class RoleNote:
    """What was decided about one role, in both languages."""

    role: str
    message_en: str
    message_zh: str

    def message(self, lang: str = "en") -> str:
        return f"role {self.role}: {self.message_zh if lang == 'zh' else self.message_en}"


_READERS: dict[str, tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]], tuple[str, ...]]]
_READERS = {
    "relationship": (RELATIONSHIP, {"child": IN_LAW, "parent": IN_LAW}, ("head",)),
    "sex": (SEX, {}, ("male", "female")),
    "marital_status": (MARITAL, {}, ("never_married", "married")),
}
"""Per coded role: the classes of its value labels, what excludes a class, the classes needed."""


def _texts(item: Item) -> str:
    """The item's name (its words: ``age_in_years`` reads as "age in years") and its labels."""
    return f"{item.name.replace('_', ' ')} {item.label.en} {item.label.zh}"


def _code_texts(item: Item, value: int | str) -> str:
    return (
        " ".join([str(value)] if isinstance(value, str) and not value.isdigit() else [])
        + " "
        + " ".join(item.code_label(value, lang) or "" for lang in ("en", "zh"))
    )


def _classify(
    item: Item, classes: dict[str, re.Pattern[str]], exclude: dict[str, re.Pattern[str]]
) -> dict[str, list[int | str]]:
    out: dict[str, list[int | str]] = {}
    for value in item.code_values:
        text = _code_texts(item, value).strip()
        for name, pattern in classes.items():
            if pattern.search(text) and not (name in exclude and exclude[name].search(text)):
                out.setdefault(name, []).append(value)
                break
    return out


def _candidates(q: Questionnaire, role: str) -> list[Item]:
    """The person items whose name or label reads as ``role``; for a coded role, those whose
    value labels also read as its codes come first (only they, when there are any)."""
    pattern = ITEM[role]
    found = []
    for item in q.persons.questions:
        text = _texts(item)
        if not pattern.search(text) or (role != "relationship" and OTHER_PERSON.search(text)):
            continue
        if role == "age" and (NOT_AGE.search(text) or item.codes or item.type == ItemType.TEXT):
            continue
        if role != "age" and not item.codes:
            continue
        found.append(item)
    if role in _READERS:
        classes, exclude, required = _READERS[role]
        readable = [
            i for i in found if all(_classify(i, classes, exclude).get(r) for r in required)
        ]
        return readable or found
    return found


def _codes_text(codes: dict[str, list[int | str]]) -> str:
    return ", ".join(
        f"{name} {'/'.join(map(str, values))}" for name, values in codes.items() if values
    )


def propose_roles(q: Questionnaire) -> tuple[dict[str, Any], list[RoleNote]]:
    """Roles read from the labels of ``q``'s person items, and a note on each decision."""
    roles: dict[str, Any] = {}
    notes: list[RoleNote] = []
    for role in ("relationship", "sex", "age", "marital_status"):
        items = _candidates(q, role)
        if not items:
            continue
        if len(items) > 1 and role != "relationship":
            names = ", ".join(i.name for i in items)
            notes.append(
                RoleNote(
                    role,
                    f"not set: several items could be it ({names}); say which with --roles",
                    f"未设定：有多个题目可能是（{names}），请用 --roles 指定",
                )
            )
            continue
        item = items[0]
        if role == "age":
            roles[role] = {"item": item.name}
            notes.append(
                RoleNote(role, f"{item.name} ({item.label.en})", f"{item.name}（{item.label.zh}）")
            )
            continue
        classes, exclude, required = _READERS[role]
        codes = _classify(item, classes, exclude)
        lacking = [name for name in required if not codes.get(name)]
        if role == "relationship" and len(codes.get("head", [])) > 1:
            lacking.append("head (more than one code reads as head)")
        if lacking:
            notes.append(
                RoleNote(
                    role,
                    f"not set on {item.name}: no value label reads as {', '.join(lacking)}; "
                    "say its codes with --roles",
                    f"未设定于{item.name}：没有值标签可识别为{'、'.join(lacking)}，请用 --roles 指定编码",
                )
            )
            continue
        if role == "relationship":
            codes["other"] = [
                v
                for v in item.code_values
                if not any(v in c for c in codes.values())
                and not UNKNOWN.search(_code_texts(item, v))
            ]
        roles[role] = {"item": item.name, "codes": codes}
        shown = _codes_text(codes)
        notes.append(RoleNote(role, f"{item.name} ({shown})", f"{item.name}（{shown}）"))
    return roles, notes


def read_roles_file(path: Path) -> dict[str, Any]:
    """The ``roles:`` section of a YAML file; ``InputError`` naming the file otherwise."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _problem(
            path, f"cannot be read ({exc.strerror})", f"无法读取（{exc.strerror}）"
        ) from None
    except yaml.YAMLError as exc:
        raise _problem(path, f"is not valid YAML ({exc})", f"不是有效的 YAML（{exc}）") from None
    if not isinstance(data, dict) or not isinstance(data.get("roles"), dict):
        raise _problem(
            path,
            "a roles file is a mapping with a 'roles:' section (see spec/roles.md)",
            "角色文件应为含 'roles:' 部分的映射（见 spec/roles.md）",
        )
    return dict(data["roles"])


def _problem(path: Path, en: str, zh: str) -> InputError:
    return InputError([Problem("roles_file", en, zh, file=str(path))])


def with_roles(
    q: Questionnaire, roles_file: Path | None = None
) -> tuple[Questionnaire, list[RoleNote]]:
    """``q`` with the proposed roles, overridden role by role by ``roles_file``."""
    roles, notes = propose_roles(q)
    if roles_file is not None:
        given = read_roles_file(roles_file)
        for name, role in given.items():
            roles[name] = role
            notes = [n for n in notes if n.role != name]
            notes.append(RoleNote(name, f"from {roles_file.name}", f"取自 {roles_file.name}"))
    data = q.model_dump(mode="json", by_alias=True)
    data["roles"] = roles
    try:
        return Questionnaire.model_validate(data), notes
    except ValidationError as exc:
        source = str(roles_file) if roles_file is not None else "the proposed roles"
        raise DefinitionError(f"{source}: {describe(exc)}") from None
