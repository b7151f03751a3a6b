"""Compiled templates shared by every app of the process.

Each Flask app has its own Jinja environment, which compiles every template it renders. Apps made in one
process (the test suite makes hundreds; a server makes one per worker) share the compiled code through this
in-memory bytecode cache. Jinja keys each entry by the template's name and file and checks it against a checksum of
the source, so an edited template is compiled again.
"""
from __future__ import annotations

import threading

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory, by Jinja's bucket key."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        with self._lock:
            self._store[bucket.key] = data

    def clear(self) -> None:
        with self._lock:
            self._store.clear()


SHARED = MemoryBytecodeCache()
