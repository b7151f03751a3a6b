"""Canonical JSON text and digests of rules."""
from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 text, no NaN: equal rules give equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def digest(value: Any) -> str:
    """``"sha256:<16 hex>"`` of the canonical JSON of ``value``."""
    text = canonical_json(value).encode("utf-8")
    return "sha256:" + hashlib.sha256(text).hexdigest()[:16]
