"""Registry labels in the interface language: from the policy set the app serves, else as declared at start-up,
else the registry's key. Used by the registry views, the home page and the audit log."""
from __future__ import annotations

from flask import g, has_app_context, has_request_context
from markupsafe import escape

# labels known at start-up (declared registries), by key: menu labels are built before a request exists;
# at request time the label comes from the policy set the app serves.
_EXTRA_LABELS: dict[str, dict[str, str]] = {}


def current_registries():
    """The registries of the policy set the app serves (one per request)."""
    from policyhub.webhub import current_hub

    if has_request_context():
        regs = g.get("_policyhub_registries")
        if regs is None:
            regs = g._policyhub_registries = current_hub().registries
        return regs
    return current_hub().registries


def registry_label(name: str) -> dict[str, str]:
    """The registry's {zh, en} label: from the served policy set, else as known at start-up, else its key."""
    if has_app_context():
        try:
            reg = current_registries().get(name)
        except Exception:  # noqa: BLE001 - a menu label must never break a page
            reg = None
        if reg is not None:
            return {"zh": reg.label.zh, "en": reg.label.en}
    return _EXTRA_LABELS.get(name) or {"zh": name, "en": name}


class _RegistryLabel:
    """A menu label that follows the interface language."""

    def __init__(self, name: str):
        self.name = name

    def __str__(self) -> str:
        from .base import _ui_lang

        label = registry_label(self.name)
        return label.get(_ui_lang()) or label.get("zh") or self.name

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __eq__(self, other) -> bool:
        return isinstance(other, _RegistryLabel) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("registry", self.name))
