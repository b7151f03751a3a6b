"""The core's check messages (policyhub.validation, the rules package, pydantic) shown to officials in their
language: the core returns Messages (a code and its parameters), rendered here through the catalogs."""
from __future__ import annotations

from typing import Any

from policyhub.i18n import render


def message_of(error: Any) -> Any:
    """A pydantic error dict as the core words it (`policyhub.definitions.error_messages`); other values as
    they are."""
    if isinstance(error, dict):
        from policyhub.definitions.error_messages import message_of as worded

        return worded(error)
    return error


def translate(message: Any) -> str:
    """`message` in the official's language (a core Message); any other text unchanged."""
    return render(message)


def problem_list(problems) -> list[dict[str, str]]:
    """[(path, message)] as the templates show them."""
    return [{"path": p, "message": translate(m), "original": str(m)} for p, m in problems]
