"""The sections a round page shows, in tab order: the round-wide editors of this package (parameters,
categories), then one per registered scheme kind — its editor when the kind has one (`kind.editor`, a dotted
path "package.module:EDITOR", imported here and nowhere else), otherwise its section shown read-only."""
from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

from flask_babel import gettext, lazy_gettext

from .display import tr
from .section_editor import SectionEditor

ROUND_WIDE = ("policyhub.admin.rounds.parameters:EDITOR", "policyhub.admin.rounds.categories:EDITOR")


# The back office's words for the built-in kinds that have no editor of their own; another kind may declare its
# own `label` ({zh, en}); else its name is shown.
KIND_LABELS = {"tasks": lazy_gettext("Tasks")}


def kind_label(kind) -> str:
    """A scheme kind's name in the official's language."""
    own = getattr(kind, "label", None)
    if own:
        return tr(own)
    word = KIND_LABELS.get(kind.name)
    return str(word) if word is not None else kind.name


class ReadOnlySection:
    """A kind without an editor: the overview shows its section; there is no tab and no edit button."""

    editable = False

    def __init__(self, kind):
        self.kind = kind
        self.name = kind.name

    @property
    def label(self) -> str:
        return kind_label(self.kind)

    def data(self, rnd) -> Any:
        """The kind's section of the round (plain data), or None."""
        value = getattr(rnd, self.kind.section, None)
        if hasattr(value, "model_dump"):
            return value.model_dump(mode="json", exclude_none=True)
        if isinstance(value, list):
            return [v.model_dump(mode="json", exclude_none=True) if hasattr(v, "model_dump") else v for v in value]
        return value

    def summary(self, rnd) -> str | None:
        value = self.data(rnd)
        if not value:
            return None
        return str(len(value)) if isinstance(value, list) else gettext("yes")


def load_editor(path: str) -> SectionEditor:
    """The editor object a dotted path "package.module:NAME" names."""
    module_name, _, attr = path.partition(":")
    return getattr(import_module(module_name), attr or "EDITOR")


def sections(kinds) -> tuple[list[SectionEditor], list[ReadOnlySection], dict[str, Path]]:
    """(editors in tab order, read-only sections, template folders by kind name) for the registered `kinds`."""
    editors = [load_editor(p) for p in ROUND_WIDE]
    readonly: list[ReadOnlySection] = []
    folders: dict[str, Path] = {}
    for kind in kinds:
        editor = kind.load_editor()
        if editor is None:
            readonly.append(ReadOnlySection(kind))
            continue
        for e in (editor, editor.item):
            if e is not None:
                e.template_root = f"kinds/{kind.name}/"
        folders[kind.name] = kind.templates
        editors.append(editor)
    editors.sort(key=lambda e: e.order)
    return editors, readonly, folders
