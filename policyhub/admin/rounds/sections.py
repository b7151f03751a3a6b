"""The sections a round page shows, in tab order: the round-wide editors of this package (parameters,
categories), then one per registered scheme kind — its editor when the kind has one (`kind.editor`, a dotted
path "package.module:EDITOR", imported here and nowhere else), otherwise its section shown read-only."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from flask_babel import gettext, lazy_gettext

from .display import tr
from .section_editor import SectionEditor

ROUND_WIDE = ("policyhub.admin.rounds.parameters:EDITOR", "policyhub.admin.rounds.categories:EDITOR")


@dataclass
class KindInfo:
    """What the round page needs of a scheme kind."""

    name: str
    label: Any                       # a Label, a {zh, en} dict or a lazy string
    attr: str                        # the Round attribute holding the kind's section
    editor: str | None = None        # "package.module:EDITOR"


# The built-in kinds, until the kinds register themselves through the policyhub_scheme_kinds hook.
BUILTIN_KINDS = (
    KindInfo("checklist", None, "criteria", "policyhub.kinds.checklist.editor:EDITOR"),
    KindInfo("scoresheet", None, "score_sheets", "policyhub.kinds.scoresheet.editor:EDITOR"),
    KindInfo("funding", None, "funding", "policyhub.kinds.funding.editor:EDITOR"),
    KindInfo("targets", None, "targets", "policyhub.kinds.targets.editor:EDITOR"),
    KindInfo("lifecycle", None, "lifecycle", "policyhub.kinds.lifecycle.editor:EDITOR"),
    KindInfo("tasks", lazy_gettext("Tasks"), "tasks", None),
)


class ReadOnlySection:
    """A kind without an editor: the overview shows its section; there is no tab and no edit button."""

    editable = False

    def __init__(self, kind: KindInfo):
        self.kind = kind
        self.name = kind.name

    @property
    def label(self) -> str:
        return tr(self.kind.label)

    def data(self, rnd) -> Any:
        """The kind's section of the round (plain data), or None."""
        value = getattr(rnd, self.kind.attr, None)
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


def template_folder(editor: SectionEditor) -> Path:
    """A kind's editor keeps its templates in templates/ beside its module."""
    import sys

    return Path(sys.modules[type(editor).__module__].__file__).resolve().parent / "templates"


def sections(kinds=BUILTIN_KINDS) -> tuple[list[SectionEditor], list[ReadOnlySection], dict[str, Path]]:
    """(editors in tab order, read-only sections, template folders by kind name)."""
    editors = [load_editor(p) for p in ROUND_WIDE]
    readonly: list[ReadOnlySection] = []
    folders: dict[str, Path] = {}
    for kind in kinds:
        if not kind.editor:
            readonly.append(ReadOnlySection(kind))
            continue
        editor = load_editor(kind.editor)
        root = f"kinds/{kind.name}/"
        for e in (editor, editor.item):
            if e is not None:
                e.template_root = root
        folders[kind.name] = template_folder(editor)
        editors.append(editor)
    editors.sort(key=lambda e: e.order)
    return editors, readonly, folders
