"""Each item's universe from the form's ``relevant`` (its own and its groups'), translated into
our expressions over the items of its table and the household's; what cannot be translated
exactly leaves the item without a universe, not required, with a note."""

from __future__ import annotations

from collectors.xlsform.form import Block, Field, Form
from collectors.xlsform.items import Draft, note
from collectors.xlsform.translate import (
    Multiple,
    Resolver,
    Single,
    Target,
    Untranslatable,
    universe,
)
from schemas import ItemType


def _target(draft: Draft) -> Single:
    codes = tuple(c.value for c in draft.codes) if draft.codes else None
    return Single(draft.name, draft.type, codes)


def _targets(drafts_: list[Draft]) -> dict[str, Target]:
    out: dict[str, Target] = {}
    multiples: dict[str, dict[str, str]] = {}
    for draft in drafts_:
        if draft.choice is not None:
            multiples.setdefault(draft.field.name, {})[draft.choice] = draft.name
        else:
            out[draft.field.name] = _target(draft)
    out |= {name: Multiple(items) for name, items in multiples.items()}
    return out


def universes(
    tables: dict[str, list[Draft]],
    form: Form,
    roster: Block | None,
    ea_field: Field | None,
    household_field: Field | None,
) -> None:
    household = _targets(tables["households"])
    if ea_field is not None:
        household[ea_field.name] = Single("ea_id", ItemType.TEXT)
    if household_field is not None:
        household[household_field.name] = Single("hh_no", ItemType.TEXT)
    scopes = {"households": household, "persons": household | _targets(tables["persons"])}
    duplicated = _duplicated_names(form)
    for table, items in tables.items():
        scope = scopes[table]

        def resolve(name: str, scope: dict[str, Target] = scope) -> Target | None:
            return None if name in duplicated else scope.get(name)

        done: dict[str, tuple[str | None, str | None]] = {}
        for draft in items:
            key = draft.field.name
            if key not in done:
                done[key] = _universe_of(draft.field, resolve)
            source, reason = done[key]
            draft.universe = source
            if reason is not None:
                draft.required = False
                if draft.choice is None or draft is _first_choice(items, draft):
                    draft.notes.append(
                        note(
                            draft.field,
                            "relevant",
                            f"its relevance cannot be translated exactly ({reason}); it is kept "
                            "without a universe and not required, so blanks are not reported",
                            f"其 relevant 条件无法准确转换（{reason}）；保留为无适用范围且非必答，"
                            "空白不报错",
                        )
                    )


def _first_choice(items: list[Draft], draft: Draft) -> Draft:
    return next(d for d in items if d.field is draft.field)


def _duplicated_names(form: Form) -> set[str]:
    seen: set[str] = set()
    twice: set[str] = set()
    for f in form.fields:
        (twice if f.name in seen else seen).add(f.name)
    return twice


def _universe_of(f: Field, resolve: Resolver) -> tuple[str | None, str | None]:
    """(universe, None) or (None, why not): the field's relevant and its groups', all joined."""
    conditions = [(b.name, b.relevant) for b in f.blocks if b.relevant]
    if f.relevant:
        conditions.append((f.name, f.relevant))
    parts = []
    for owner, text in conditions:
        try:
            parts.append(universe(text, resolve))
        except Untranslatable as exc:
            where = "" if owner == f.name else f" of the group '{owner}'"
            return None, f"'{text}'{where}: {exc}"
    if not parts:
        return None, None
    return " and ".join(parts), None
