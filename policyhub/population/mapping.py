"""A mapping file renames a file's columns and converts units and codes before validation.

YAML or JSON, every key optional (docs/population.md):

    id: 统一社会信用代码             # the column holding the enterprise's identifier
    columns: {专职人员: full_time_staff, 所在区: region}
    scale: {office_area: 1.0}        # multiply numbers of a column (e.g. 10,000 yuan -> yuan: 10000)
    codes:                           # replace values of a column (e.g. region names -> division codes)
      region: {黄埔区: "440112", 天河区: "440106"}
    drop: [备注]                     # columns to ignore
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PolicyError

_KEYS = {"id", "columns", "scale", "codes", "drop"}


@dataclass
class Mapping:
    """Column renames, unit scales and code tables, applied to each row before it is validated."""

    id: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    scale: dict[str, float] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    drop: list[str] = field(default_factory=list)

    def apply(self, row: dict[str, Any]) -> dict[str, Any]:
        """The row with columns renamed (after `drop`), codes replaced and numbers scaled."""
        out = {}
        for k, v in row.items():
            if k in self.drop:
                continue
            out[self.columns.get(k, k)] = v
        for col, table in self.codes.items():
            v = out.get(col)
            if v is not None and str(v) in table:
                out[col] = table[str(v)]
        for col, factor in self.scale.items():
            v = out.get(col)
            if v is None or v == "":
                continue
            try:
                out[col] = float(v) * factor
            except (TypeError, ValueError):
                pass  # validation reports the value as it was
        return out


def load_mapping(path: str | Path | None) -> Mapping:
    """Read a mapping file; a PolicyError says what is wrong with it."""
    if path is None:
        return Mapping()
    from ..yamlio import load_yaml

    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as e:
        raise PolicyError(f"mapping {path}: {e}") from None
    if not isinstance(data, dict):
        raise PolicyError(f"mapping {path}: expected a mapping of {', '.join(sorted(_KEYS))}")
    unknown = set(data) - _KEYS
    if unknown:
        raise PolicyError(
            f"mapping {path}: unknown keys {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(_KEYS))})"
        )
    m = Mapping(
        id=data.get("id"),
        columns=dict(data.get("columns") or {}),
        scale=dict(data.get("scale") or {}),
        codes={k: {str(a): b for a, b in (v or {}).items()} for k, v in (data.get("codes") or {}).items()},
        drop=list(data.get("drop") or []),
    )
    for k, v in m.scale.items():
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise PolicyError(f"mapping {path}: scale of '{k}' must be a number")
    return m
