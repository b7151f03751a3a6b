"""Limits that bound what a rule may be and what one evaluation may cost."""

MAX_DEPTH = 32
"""Deepest nesting of operations and literal arrays (an argument list adds no level)."""

MAX_NODES = 2000
"""Most JSON values (operations, arrays and scalars) one rule may hold."""

OPS_BUDGET = 100_000
"""Most engine operations one evaluation may charge (a node, or an item an iterator visits)."""

CACHE_SIZE = 1024
"""Compiled rules kept by :func:`compile_rule`'s LRU cache."""
