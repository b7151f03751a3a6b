"""JsonLogic truthiness, as pinned in docs/rules-semantics.md."""
from __future__ import annotations

from typing import Any


def truthy(value: Any) -> bool:
    """False for null, false, 0, "", [] and {}; true for everything else (also "0")."""
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)):
        return value != 0 and value == value   # NaN is falsy
    if isinstance(value, (str, list, tuple, dict)):
        return len(value) > 0
    return True
