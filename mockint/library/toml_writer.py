"""Scenario data (plain dicts and lists) written as a TOML file that tomllib reads back to the same data."""

from __future__ import annotations

import json


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return f"{v:g}" if isinstance(v, float) else str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a valid TOML basic string
    if isinstance(v, list) and all(not isinstance(x, dict) for x in v):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as a TOML value")


def _toml_table(data: dict, prefix: str, out: list[str]) -> None:
    for k, v in data.items():
        if not isinstance(v, dict) and not (isinstance(v, list) and v and isinstance(v[0], dict)):
            out.append(f"{k} = {_toml_value(v)}")
    for k, v in data.items():
        name = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            out.append(f"\n[{name}]")
            _toml_table(v, name, out)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            for item in v:
                out.append(f"\n[[{name}]]")
                _toml_table(item, name, out)


def scenario_toml(data: dict, header: str = "") -> str:
    """Scenario data as a TOML file that `load_scenario` reads back to the same scenario."""
    out = [f"# {line}" if line else "#" for line in header.splitlines()]
    _toml_table(data, "", out)
    return "\n".join(out).lstrip("\n") + "\n"
