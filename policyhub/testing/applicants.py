"""Random but complete applicants for a score sheet: every fact the sheet reads, within its declared range.

Used by the benchmark and by the tests that compare the short scoring path with the explanation.
"""
from __future__ import annotations

import random
from typing import Any

from ..definitions.round import Round

# The range an integer or number fact takes when it declares no maximum (counts, areas, amounts).
OPEN_RANGE = 30


def random_applicant(rnd: Round, reads: frozenset[str], rng: random.Random, *, category: str | None = None
                     ) -> dict[str, Any]:
    """One applicant with a value for each fact in `reads` (and `category` when given)."""
    facts: dict[str, Any] = {}
    for name in sorted(reads):
        f = rnd.facts[name]
        if f.type == "boolean":
            facts[name] = rng.random() < 0.8
        elif f.type in ("integer", "number"):
            lo = f.minimum if f.minimum is not None else 0
            hi = f.maximum if f.maximum is not None else lo + OPEN_RANGE
            v = rng.uniform(lo, hi)
            facts[name] = int(round(v)) if f.type == "integer" else round(v, 1)
        elif f.enum:
            facts[name] = rng.choice(f.enum)
    if category is not None:
        facts["category"] = category
    return facts


def random_applicants(rnd: Round, reads: frozenset[str], n: int, *, seed: int = 7,
                      category: str | None = None) -> list[dict[str, Any]]:
    """`n` applicants from one seed: the same list on every run."""
    rng = random.Random(seed)
    return [random_applicant(rnd, reads, rng, category=category) for _ in range(n)]
