"""The skeleton every round section editor shares: a GET shows the form, a POST validates it, applies it to a
copy of the round's data, saves that through `service.save_round` with the version the form was loaded at
(checked, audited), flashes what changed and redirects.

An editor is one tab of a round: the round-wide parameters and categories (in this package) or a scheme
kind's section (`policyhub/kinds/<kind>/editor.py`, exporting `EDITOR`). `RoundsView` routes
`/admin/rounds/<id>/<name>` to `editor.handle` and `/admin/rounds/<id>/<name>/<item>` to `editor.item.handle`.
A subclass says only what differs: its form, the form's initial data, how the submitted values change the round
data (`apply`), its template and the template's extra values (`context`). Buttons other than "save" post
`action=verb:arg` and are handled by a method `action_<verb>(edit, arg)`; actions listed in `viewer_actions`
change nothing, so viewers and published rounds may use them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from flask import request, url_for
from flask_babel import gettext

from policyhub.db.models import RoundRow
from policyhub.definitions import Round

from . import service
from .forms import VersionForm
from .messages import problem_list

Problem = tuple[str, str]


def invalid_form() -> list[Problem]:
    """The problem shown when fields have their own messages."""
    return [("", gettext("Some values are not valid; see the messages under the fields."))]


def unknown_action() -> list[Problem]:
    return [("", gettext("Unknown action."))]


@dataclass
class Edit:
    """One request to an editor: the round it works on, its form and what went wrong."""

    view: Any
    row: RoundRow
    rnd: Round
    item: str | None = None
    form: Any = None
    problems: list[Problem] = field(default_factory=list)
    status: int = 200
    state: dict[str, Any] = field(default_factory=dict)     # what the editor worked out for this request

    def fail(self, problems: list[Problem], status: int = 422) -> None:
        """Show the page again with these problems."""
        self.problems = list(problems)
        self.status = status


class SectionEditor:
    """One tab of the round editor; see the module docstring for the steps a subclass fills in."""

    name: str = ""                       # URL segment and tab id: /admin/rounds/<id>/<name>
    label: Any = ""                      # the tab's label (lazy_gettext)
    order: int = 100                     # tabs are sorted by it
    template: str = ""                   # relative to `template_root`
    template_root: str = "rounds/"       # a kind's editor gets "kinds/<kind>/" when it is registered
    what: str = ""                       # the audit summary's prefix
    form: type = VersionForm
    viewer_actions: frozenset[str] = frozenset()
    item: SectionEditor | None = None    # the editor of one item of the section (/<name>/<item>)

    # -- the round's overview -----------------------------------------------------------------------------
    # a section the overview marks "yes" when the round has it (funding, targets, lifecycle); None: say nothing
    present_if: str | None = None

    def summary(self, rnd: Round) -> str | None:
        """What the overview shows for this section (a count, "yes"), or None when the round has none."""
        return gettext("yes") if self.present_if and getattr(rnd, self.present_if) else None

    # -- the steps ---------------------------------------------------------------------------------------
    def load(self, edit: Edit) -> None:
        """Work out what the request is about (`edit.state`); raise service.Refused for a missing item."""

    def empty(self, edit: Edit) -> bool:
        """True when the round has nothing to edit here: the page says so and nothing is posted."""
        return False

    def initial(self, edit: Edit) -> dict[str, Any]:
        """The form's data for a GET."""
        return {"version": edit.row.version}

    def form_class(self, edit: Edit) -> type:
        return self.form

    def make_form(self, edit: Edit, posted: bool):
        """The form, filled from the request (POST) or from `initial` (GET), then `localise`d."""
        cls = self.form_class(edit)
        form = cls() if posted else cls(formdata=None, data=self.initial(edit))
        self.localise(edit, form)
        return form

    def localise(self, edit: Edit, form) -> None:
        """Set choices whose labels depend on the language or the round."""

    def apply(self, edit: Edit, data: dict[str, Any]) -> list[Problem]:
        """Write the submitted form into `data` (a plain copy of the round); return the problems found."""
        return []

    def place(self, edit: Edit, problems: list[Problem]) -> None:
        """Put the problems the save reported under the fields they concern."""

    def saved_at(self, edit: Edit, data: dict[str, Any]) -> str:
        """Where the official goes after a save."""
        return self.url(edit.row.id, edit.item)

    def context(self, edit: Edit) -> dict[str, Any]:
        """Extra values for the template."""
        return {}

    # -- the skeleton ----------------------------------------------------------------------------------------
    def handle(self, view, round_id: int, item: str | None = None):
        """GET: the form. POST: run the posted action (default "save"); a redirect when it saved."""
        row = service.get_row(round_id)
        edit = Edit(view, row, service.load_round(row), item)
        self.load(edit)
        if self.empty(edit):
            return self.render(edit)
        if request.method == "POST":
            action, _, arg = (request.form.get("action") or "save").partition(":")
            if action not in self.viewer_actions:
                edit.row = view.begin_post(round_id)
            edit.form = self.make_form(edit, True)
            handler = getattr(self, f"action_{action}", None) if action.isidentifier() else None
            if handler is None:
                edit.fail(unknown_action())
            else:
                done = handler(edit, arg)
                if done is not None:
                    return done
        else:
            edit.form = self.make_form(edit, False)
        return self.render(edit)

    def action_save(self, edit: Edit, arg: str):
        """Validate, apply, save."""
        if not edit.form.validate():
            edit.fail(invalid_form())
            return None
        return self.commit(edit, lambda data: self.apply(edit, data))

    def commit(self, edit: Edit, change: Callable[[dict[str, Any]], list[Problem]], what: str | None = None):
        """Apply `change` to a copy of the round's data and save it as a new version: the redirect after
        saving, or None with the problems on `edit`."""
        data = service.round_data(edit.rnd)
        problems = change(data)
        if problems:
            edit.fail(problems)
            return None
        result = service.save_round(edit.row, data, edit.form.version.data, what=what or self.what or self.name)
        if result.ok:
            return edit.view.saved(result, self.saved_at(edit, data))
        self.place(edit, result.problems)
        edit.fail(result.problems)
        return None

    def render(self, edit: Edit):
        return edit.view.page(self.template_root + self.template, edit.row, edit.status, rnd=edit.rnd,
                              form=edit.form, problems=problem_list(edit.problems), **self.context(edit))

    def url(self, round_id: int, item: str | int | None = None, **query) -> str:
        """This editor's page (or one of its items) for a round."""
        if item is None:
            return url_for(".section", round_id=round_id, section=self.name, **query)
        return url_for(".section_item", round_id=round_id, section=self.name, item=str(item), **query)


__all__ = ["Edit", "SectionEditor", "invalid_form", "unknown_action"]
