"""The tasks kind: the round's `tasks`: numbered tasks with lead units and yearly progress."""
from __future__ import annotations

from ...hookspecs import hookimpl
from ...i18n import M_
from ..base import SectionKind
from . import evaluate
from .result import TasksState
from .model import Task


class TasksKind(SectionKind):
    """See docs/kinds/tasks.md."""

    name = "tasks"
    section_type = TasksState
    section = "tasks"
    status_words = {"all_reported": M_("All tasks reported"), "partly_reported": M_("Some tasks reported"),
                    "not_reported": M_("Not reported")}
    model = list[Task]
    many = True

    def check(self, ctx, section):
        return evaluate.check(ctx, section)

    def evaluate_section(self, ctx, section, facts, as_of):
        return evaluate.evaluate(ctx, section, facts, as_of)


KIND = TasksKind()


@hookimpl
def policyhub_scheme_kinds():
    return [KIND]
