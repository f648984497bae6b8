"""Which columns are household items and which person items.

From one file: the columns named with ``--household-columns`` (refused, located, when one varies
within a household), else every column constant within every household — when some household has
more than one person; otherwise nothing tells them apart and every column stays with the persons.
From a household file and a person file: each file's own columns.
"""

from __future__ import annotations

import pandas as pd

from collectors.microdata.keys import first_varying, ids_text
from collectors.microdata.options import Options
from collectors.microdata.problems import refuse
from collectors.microdata.reading import Source
from collectors.notes import Note


def split_levels(
    options: Options, persons: Source, household: pd.Series, candidates: list[str]
) -> tuple[list[str], list[str], list[Note]]:
    """(household columns, person columns, notes) of a single file."""
    if options.household_columns is not None:
        named = list(dict.fromkeys(options.household_columns))
        for column in named:
            persons.require(column, "--household-columns")
            position = first_varying(persons.cells[column], household)
            if position is not None:
                ids = ids_text(persons, list(options.household_id), position)
                raise refuse(
                    f"'{persons.cells[column].iloc[position]}' differs from the value on this "
                    f"household's first row ({ids}): a column named in --household-columns must "
                    "be the same for every person of a household",
                    f"“{persons.cells[column].iloc[position]}”与本户（{ids}）第一行的值不同："
                    "--household-columns 中的列在同一户的每个人必须相同",
                    persons.name,
                    row=persons.row(position),
                    column=column,
                )
        chosen = [c for c in candidates if c in named]
        return chosen, [c for c in candidates if c not in named], []
    if household.duplicated().sum() == 0:
        note = Note(
            "households",
            "no household has more than one row, so no column can be told to be household-level: "
            "every column is a person item (name them with --household-columns)",
            "没有哪一户有多于一行，无法判断哪些列属于住户：所有列均作为人员项（可用 "
            "--household-columns 指定）",
        )
        return [], candidates, [note]
    varying = persons.cells[candidates].groupby(household.to_numpy()).nunique().max()
    constant = [c for c in candidates if varying[c] <= 1]
    notes = []
    if constant:
        notes.append(
            Note(
                "households",
                f"constant within every household, so household items: {', '.join(constant)} "
                "(choose with --household-columns)",
                f"在每户内取值相同，故作为住户项：{', '.join(constant)}（可用 --household-columns 指定）",
            )
        )
    return constant, [c for c in candidates if c not in constant], notes
