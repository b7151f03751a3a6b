"""The decision log, for audit: with POLICYHUB_DECISION_LOG naming a file, every API evaluation appends one
JSON line: when, which endpoint, scheme, round, round version, digest and outcome, plus only the facts that
POLICYHUB_DECISION_LOG_FACTS names (none by default: no personal data). Off unless set."""
from __future__ import annotations

import datetime as dt
import json
import os
import threading
from typing import Any

from flask import current_app

_lock = threading.Lock()


def log_decision(endpoint: str, result: dict[str, Any], facts: dict[str, Any]) -> None:
    """Append one entry when the decision log is on (one write per line, so workers' lines never mix)."""
    path = current_app.config.get("POLICYHUB_DECISION_LOG")
    if not path:
        return
    allowed = current_app.config.get("POLICYHUB_DECISION_LOG_FACTS") or ()
    entry = {
        "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
        "endpoint": endpoint,
        "scheme": result.get("scheme"),
        "round": result.get("round"),
        "version": result.get("round_version"),
        "digest": result.get("digest"),
        "outcome": result.get("outcome"),
        "facts": {k: facts[k] for k in allowed if k in facts},
    }
    line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    try:
        with _lock:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
    except OSError:
        current_app.logger.exception("decision log: cannot append to %s", path)
