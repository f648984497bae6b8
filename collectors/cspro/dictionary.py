"""Reading a CSPro dictionary file (.dcf) in either format: CSPro 8 JSON or 7.x text."""

from __future__ import annotations

import hashlib
from pathlib import Path

from collectors.cspro.json_format import parse_json_dictionary
from collectors.cspro.model import Dictionary
from collectors.cspro.problems import utf8_file
from collectors.cspro.text_format import parse_text_dictionary


def parse_dictionary(text: str, source: str = "<dictionary>", fingerprint: str = "") -> Dictionary:
    """A dictionary from its text; JSON when it starts with ``{``, else the 7.x text format."""
    text = text.removeprefix("\ufeff")
    if text.lstrip().startswith("{"):
        return parse_json_dictionary(text, source, fingerprint)
    return parse_text_dictionary(text, source, fingerprint)


def read_dictionary(path: str | Path) -> Dictionary:
    """Read a .dcf file; raises :class:`collectors.InputError` with a located message."""
    path = Path(path)
    data, text = utf8_file(
        path,
        "open it in CSPro 7 or later and save it again",
        "请用 CSPro 7 或更高版本打开后重新保存",
    )
    return parse_dictionary(text, path.name, hashlib.sha256(data).hexdigest()[:12])
