"""The core's check messages (policyhub.validation, the rules package, pydantic) shown to officials in their
language: the core returns Messages (a code and its parameters), rendered here through the catalogs."""
from __future__ import annotations

from typing import Any

from policyhub.i18n import Message, render


def message_of(error: Any) -> Any:
    """The core's Message inside a pydantic error dict (its `ctx.error`), else the error's text."""
    if isinstance(error, dict):
        inner = (error.get("ctx") or {}).get("error")
        if isinstance(inner, Exception) and inner.args and isinstance(inner.args[0], Message):
            return inner.args[0]
        return (error.get("msg") or "").removeprefix("Value error, ")
    return error


def translate(message: Any) -> str:
    """`message` in the official's language (a core Message); any other text unchanged."""
    return render(message)


def problem_list(problems) -> list[dict[str, str]]:
    """[(path, message)] as the templates show them."""
    return [{"path": p, "message": translate(m), "original": str(m)} for p, m in problems]
