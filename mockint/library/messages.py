"""Scenario validation problems as one `field.path: message` line each, the field named as it is written
in the file, in words a scenario's author understands."""

from __future__ import annotations

import re

from pydantic import ValidationError

from mockint.library.schema import (
    Lens, LevelCalibration, LevelReflection, Mode, Probe, QuizQuestion, RedFlagNote, Scenario, Section, WeakAnswer,
    did_you_mean,
)

_MESSAGES = {
    "greater_than": "must be > {gt}",
    "greater_than_equal": "must be >= {ge}",
    "less_than_equal": "must be <= {le}",
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (not part of the scenario format)",
    "too_short": "must have at least {min_length} item(s)",
    "string_too_short": "must not be empty",
    "string_type": "must be a text string (in quotes), got {input_repr}",
    "int_type": "must be a whole number, got {input_repr}",
    "int_parsing": "must be a whole number, got {input_repr}",
    "int_from_float": "must be a whole number, got {input_repr}",
    "float_type": "must be a number, got {input_repr}",
    "float_parsing": "must be a number, got {input_repr}",
    "list_type": "must be a list ([...] or [[...]] tables), got {input_repr}",
    "model_type": "must be a table ({{...}} or [...] section), got {input_repr}",
    "model_attributes_type": "must be a table ({{...}} or [...] section), got {input_repr}",
    "literal_error": "must be one of {expected}, got {input_repr}",
    "string_pattern_mismatch": "must be lowercase letters, digits and dashes (like 'my-story'), got {input_repr}",
    "too_long": "must have at most {max_length} item(s)",
}


def _format_loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


_SUB_FIELD = re.compile(r"^(\[\d+\](?= )|[a-z_]+(\[\d+\])*(\.[a-z_]+(\[\d+\])*)*(?=: ))")


def _input_repr(value: object) -> str:
    kind = {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(type(value))
    shown = repr(value) if not isinstance(value, (list, dict)) else kind
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _all_field_names() -> set[str]:
    names: set[str] = set()
    for model in (Scenario, Section, LevelReflection, Probe, RedFlagNote, WeakAnswer, QuizQuestion, Lens, LevelCalibration, Mode):
        names |= set(model.model_fields)
    return names


def format_validation_error(err: ValidationError) -> list[str]:
    """One `field.path: message` line per problem, the field named as it is written in the file."""
    problems = []
    for e in err.errors():
        template = _MESSAGES.get(e["type"])
        ctx = dict(e.get("ctx") or {})
        ctx["input_repr"] = _input_repr(e.get("input"))
        for k, v in list(ctx.items()):
            if isinstance(v, float) and v.is_integer():
                ctx[k] = int(v)
        msg = template.format(**ctx) if template else e["msg"]
        msg = msg.removeprefix("Value error, ")
        loc = _format_loc(e["loc"])
        if e["type"] == "extra_forbidden":
            msg += did_you_mean(str(e["loc"][-1]), _all_field_names())
        m = _SUB_FIELD.match(msg) if e["type"] == "value_error" else None
        if m:  # a check on a whole table that names the field it concerns ("answer: ...", "[2] ...")
            sub_field = m.group(1)
            joined = sub_field if loc == "(top level)" else loc + ("" if sub_field.startswith("[") else ".") + sub_field
            loc, msg = joined, msg[m.end():].removeprefix(": ").lstrip()
        problems.append(f"{loc}: {msg}")
    return problems


def toml_problem(message: str) -> str:
    """'Unescaped ... (at line 3, column 12)' -> 'line 3, column 12: invalid TOML: Unescaped ...'."""
    m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if not m:
        return f"invalid TOML: {message}"
    return f"line {m.group(1)}, column {m.group(2)}: invalid TOML: {message[: m.start()]}"
