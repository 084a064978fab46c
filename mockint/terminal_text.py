"""Text that is safe to print on a terminal: nothing from a scenario file, a transcript or a report can
move the cursor, clear the screen, set the window title, change colours or talk to the terminal.

Removed: escape sequences (CSI `ESC [ ... final`, OSC `ESC ] ... BEL|ST`, DCS/SOS/PM/APC strings up to
ST, and two-character `ESC x`), their 8-bit C1 forms (U+009B CSI, U+009D OSC, ...), every other C0 and C1
control character and DEL. Kept: new lines and tabs; a carriage return becomes a new line (a lone CR
would let text overwrite what came before it on the line). No imports beyond `re`: this is the floor.
"""

from __future__ import annotations

import re

_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: parameters, intermediates, a final byte
    r"|(?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)"  # OSC, DCS, SOS, PM, APC up to BEL/ST
    r"|\x1b[ -/]*[0-~]?"  # any other escape (two-character, or with intermediates), or a lone ESC
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 (less tab and new line), DEL, C1


def terminal_safe(text: str) -> str:
    """`text` without anything a terminal would act on (see the module's docstring)."""
    if text.isprintable():  # the common case: plain text, nothing to do
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def _clean(value):
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _needs_cleaning(value) -> bool:
    if isinstance(value, str):
        return not value.replace("\n", "").replace("\t", "").isprintable() and _clean(value) != value
    if isinstance(value, dict):
        return any(_needs_cleaning(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_needs_cleaning(v) for v in value)
    return False


def terminal_safe_model(model):
    """A pydantic model (a report, a scenario) with every text field made terminal-safe; the model itself
    when nothing needed it (the common case costs one walk over its fields)."""
    if model is None:
        return None
    data = model.model_dump()
    if not _needs_cleaning(data):
        return model
    return type(model).model_validate(_clean(data))
