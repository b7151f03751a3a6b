"""Guangzhou's back-office page: record a task's status and progress note for a year, and the report by lead
division.

The page is the core's task progress page (`policyhub.admin.task_progress.TaskProgressPage`) on the registry
"guangzhou-tasks", worded for the action plan's units, which are the IP Office's divisions (处室). Registered
from `plugin.py` through the `policyhub_admin_views(admin, app)` hook.
"""
from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext

from policyhub.admin.jurisdiction_pages import add_pages
from policyhub.admin.task_progress import WORDS, TaskProgressPage

HERE = Path(__file__).resolve().parent
TRANSLATIONS = HERE / "translations"
REGISTRY = "guangzhou-tasks"

DIVISION_WORDS = {
    **WORDS,
    "intro": lazy_gettext("The tasks of %(document)s and their lead divisions: record each task’s status and a "
                          "progress note for a year, and see the report by lead division."),
    "report": lazy_gettext("Report by lead division"),
    "leads": lazy_gettext("Lead divisions"),
    "reporting_unit": lazy_gettext("Reporting division"),
    "whole_task": lazy_gettext("The whole task (all its lead divisions)"),
    "unit_help": lazy_gettext("Where several divisions lead parts of a task, the division reporting; otherwise "
                              "leave it for the whole task."),
    "not_a_lead": lazy_gettext("This division does not lead task %(n)s (its lead divisions: %(units)s)."),
    "status_rule": lazy_gettext("A task’s status is its latest report up to the year of that date. Where several "
                                "divisions lead a task, each division’s own latest report counts for it, else the "
                                "latest report on the whole task."),
}


class TaskProgressView(TaskProgressPage):
    """/admin/guangzhou/progress/: record progress on a task; the report by lead division. For the officials
    who may see Guangzhou (where the tasks are kept)."""

    registry = REGISTRY
    words = DIVISION_WORDS
    template = "policyhub_guangzhou/progress.html"
    page_name = lazy_gettext("Task progress")
    page_endpoint = "guangzhou_progress"
    page_url = "/admin/guangzhou/progress"


def register(admin, app) -> None:
    add_pages(admin, app, __name__, TaskProgressView())


__all__ = ["TaskProgressView", "TRANSLATIONS", "register"]
