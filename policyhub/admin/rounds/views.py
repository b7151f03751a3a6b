"""The round pages: list, overview and clone, the section editors (one route: `/<id>/<section>` and
`/<id>/<section>/<item>`, see `section_editor.py`), changes, preview and publish.

Every page checks the official's jurisdiction (`service.get_row`); every POST is CSRF-protected (the app's
global CSRFProtect; forms are FlaskForm subclasses), refused for rounds that are not drafts, refused when
the version the form was loaded at is not the current one, and saved through `service.save_round`.
"""
from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select

from policyhub.db import db
from policyhub.db.models import RoundRow

from ..base import OfficialView
from . import housekeeping, service, where
from .display import cite_text, show, tr
from .forms import CloneForm, SettingsForm, VersionForm, fmt, lang, optional_label
from .messages import problem_list, translate
from .section_editor import SectionEditor
from .sections import ReadOnlySection
from .case_views import CaseViews, words
from .guard import guarded
from .service import Refused


class RoundsView(CaseViews, OfficialView):
    """/admin/rounds/…: configure a scheme's rounds without touching code."""

    def __init__(self, editors: list[SectionEditor] = (), readonly: list[ReadOnlySection] = (), **kwargs):
        self.editors = {e.name: e for e in editors}
        self.readonly = list(readonly)
        kwargs.setdefault("name", lazy_gettext("Rounds"))
        kwargs.setdefault("endpoint", "rounds")
        kwargs.setdefault("url", "rounds")
        super().__init__(**kwargs)

    # -- shared ----------------------------------------------------------------------------------------------------
    def page(self, template: str, row: RoundRow | None = None, status: int = 200, **kw):
        ctx: dict[str, Any] = {"tr": tr, "show": show, "cite_text": cite_text, "fmt": fmt, "lang": lang(),
                               "translate": translate, "status_label": service.status_label,
                               "editors": list(self.editors.values()), "editor_url": self.editor_url,
                               "words": words()}
        if row is not None:
            scheme = service.scheme_row(row.scheme_key)
            jur = service.jurisdiction_row(row.jurisdiction_code)
            ctx.update(row=row, editable=service.may_edit(row),
                       scheme_title=tr((scheme.data or {}).get("title")) if scheme else row.scheme_key,
                       scheme_doc=(scheme.data or {}).get("document") if scheme else None,
                       jurisdiction_name=(jur.name_en if lang() == "en" else jur.name_zh) if jur else
                       row.jurisdiction_code)
        ctx.update(kw)
        return self.render(template, **ctx), status

    def begin_post(self, round_id: int) -> RoundRow:
        """A change to a round: in scope and editable, a draft, at the version the form was loaded from."""
        row = service.get_row(round_id, edit=True)
        service.ensure_draft(row)
        service.ensure_version(row, request.form.get("version"))
        return row

    def editor_url(self, name: str, round_id: int, item: str | int | None = None, **query) -> str:
        """The page of the section editor `name` (or one of its items) for a round."""
        return self.editors[name].url(round_id, item, **query)

    def saved(self, result: service.SaveResult, url: str):
        """Flash what the save changed and go to `url`."""
        if result.changes:
            flash(gettext("Saved as version %(v)d: %(n)d value(s) changed.", v=result.version,
                          n=len(result.changes)), "success")
        else:
            flash(gettext("Nothing was changed."), "info")
        return redirect(url)

    # -- list and overview -----------------------------------------------------------------------------------------
    @expose("/")
    @guarded
    def index(self):
        rows = service.visible_rounds()
        schemes = {}
        for r in rows:
            if r.scheme_key not in schemes:
                s = service.scheme_row(r.scheme_key)
                schemes[r.scheme_key] = tr((s.data or {}).get("title")) if s else r.scheme_key
        names = {}
        for r in rows:
            if r.jurisdiction_code not in names:
                j = service.jurisdiction_row(r.jurisdiction_code)
                names[r.jurisdiction_code] = (j.name_en if lang() == "en" else j.name_zh) if j else r.jurisdiction_code
        return self.page("rounds/list.html", rows=rows, schemes=schemes, names=names,
                         can_clone={r.id: service.can_edit(service.current_official(), r.jurisdiction_code)
                                    for r in rows},
                         clone_form=CloneForm(formdata=None))

    @expose("/<int:round_id>/")
    @guarded
    def details(self, round_id: int):
        row = service.get_row(round_id)
        rnd = service.load_round(row)
        others = [r for r in db.session.scalars(select(RoundRow).where(RoundRow.scheme_key == row.scheme_key)
                                                .order_by(RoundRow.key)) if r.id != row.id]
        return self.page("rounds/details.html", row, rnd=rnd, others=others, readonly=self.readonly,
                         clone_form=CloneForm(formdata=None),
                         may_clone=service.can_edit(service.current_official(), row.jurisdiction_code))

    @expose("/<int:round_id>/clone", methods=("POST",))
    @guarded
    def clone(self, round_id: int):
        row = service.get_row(round_id, edit=True)
        form = CloneForm()
        if not form.validate():
            raise Refused(gettext("Enter a key for the new round."), 400, kind="invalid")
        title = optional_label(form.title_zh.data, form.title_en.data)
        if title and not (title["zh"] and title["en"]):
            raise Refused(gettext("Give the title in both Chinese and English, or leave both empty."), 400,
                          kind="invalid")
        new = service.clone_round(row, form.new_key.data, title=title, effective=form.effective.data)
        flash(gettext("Round %(key)s was created as a draft from round %(src)s.", key=new.key, src=row.key),
              "success")
        return redirect(url_for(".details", round_id=new.id))

    # -- housekeeping: a draft's settings, deleting a draft --------------------------------------------------------
    @expose("/<int:round_id>/settings", methods=("GET", "POST"))
    @guarded
    def settings(self, round_id: int):
        """A draft's title and effective date."""
        row = service.get_row(round_id)
        rnd = service.load_round(row)
        status, problems = 200, []
        if request.method == "POST":
            row = self.begin_post(round_id)
            form = SettingsForm()
            if form.validate():
                title = optional_label(form.title_zh.data, form.title_en.data)
                if title and not (title["zh"] and title["en"]):
                    form.title_en.errors.append(gettext("Give the title in both Chinese and English, or leave "
                                                        "both empty."))
                else:
                    result = housekeeping.update_settings(row, title=title, effective=form.effective.data,
                                                          submitted_version=form.version.data)
                    if result.ok:
                        return self.saved(result, url_for(".details", round_id=row.id))
                    problems = problem_list(result.problems)
            status = 400
        else:
            title = rnd.title.model_dump() if rnd.title else {}
            form = SettingsForm(formdata=None, data={"version": row.version, "title_zh": title.get("zh", ""),
                                                     "title_en": title.get("en", ""), "effective": rnd.effective})
        delete_form = VersionForm(formdata=None, data={"version": row.version})
        return self.page("rounds/settings.html", row, status, rnd=rnd, form=form, delete_form=delete_form,
                         problems=problems)

    @expose("/<int:round_id>/delete", methods=("POST",))
    @guarded
    def delete(self, round_id: int):
        form = VersionForm()
        if not form.validate() or not form.confirm.data:
            raise Refused(gettext("Tick the box to confirm that the draft should be deleted."), 400,
                          kind="invalid")
        key = housekeeping.delete_draft(round_id, form.version.data)
        flash(gettext("Draft round %(key)s was deleted.", key=key), "success")
        return redirect(url_for(".index"))

    # -- the section editors ---------------------------------------------------------------------------------------
    @expose("/<int:round_id>/<section>", methods=("GET", "POST"))
    @guarded
    def section(self, round_id: int, section: str):
        """A section editor's page (parameters, categories, a scheme kind's section)."""
        return self._editor(section).handle(self, round_id)

    @expose("/<int:round_id>/<section>/<path:item>", methods=("GET", "POST"))
    @guarded
    def section_item(self, round_id: int, section: str, item: str):
        """One item of a section (a score sheet, a criterion)."""
        editor = self._editor(section).item
        if editor is None:
            raise Refused(gettext("This round has no such page."), 404, kind="invalid")
        return editor.handle(self, round_id, item)

    def _editor(self, name: str) -> SectionEditor:
        editor = self.editors.get(name)
        if editor is None:
            raise Refused(gettext("This round has no such page."), 404, kind="invalid")
        return editor

    # -- diff, preview, publish ------------------------------------------------------------------------------------
    @expose("/<int:round_id>/diff")
    @guarded
    def diff(self, round_id: int):
        row = service.get_row(round_id)
        against = request.args.get("against", type=int)
        other = None
        if against:
            other = service.get_row(against)
            if other.scheme_key != row.scheme_key:
                raise Refused(gettext("Only rounds of the same scheme can be compared."), 400, kind="invalid")
        else:
            other = service.published_row(row.scheme_key)
            if other is not None and other.id == row.id:
                other = None
        changes = where.readable(service.diff_against(row, other)) if other is not None else []
        for c in changes:
            c["where"] = where.where(c, other.data, row.data)
        others = [r for r in db.session.scalars(select(RoundRow).where(RoundRow.scheme_key == row.scheme_key)
                                                .order_by(RoundRow.key)) if r.id != row.id]
        return self.page("rounds/diff.html", row, other=other, changes=changes, others=others)

    @expose("/<int:round_id>/preview")
    @guarded
    def preview(self, round_id: int):
        row = service.get_row(round_id)
        service.load_round(row)
        runs, pub = service.case_runs(row)
        from .impact import preview_impact

        return self.page("rounds/preview.html", row, runs=runs, published=pub,
                         failing=[c for c in runs if c.applicable and c.draft and not c.draft.passed],
                         changed=[c for c in runs if c.changed],
                         population=preview_impact(row, pub, service.current_official()))

    @expose("/<int:round_id>/publish", methods=("GET", "POST"))
    @guarded
    def publish(self, round_id: int):
        row = service.get_row(round_id)
        status = 200
        problems: list = []
        message = None
        if request.method == "POST":
            row = service.get_row(round_id, edit=True)
            form = VersionForm()
            try:
                if not form.validate():
                    raise Refused(gettext("The form is not valid; reload the page."), 400, kind="invalid")
                archived = service.publish_round(row, form.version.data)
            except Refused as e:
                if e.kind not in ("cases", "invalid"):
                    raise
                db.session.rollback()
                message, problems, status = e.message, e.problems, e.status
                row = service.get_row(round_id)
            else:
                if archived:
                    flash(gettext("Round %(key)s is published; round(s) %(old)s archived.", key=row.key,
                                  old=", ".join(r.key for r in archived)), "success")
                else:
                    flash(gettext("Round %(key)s is published.", key=row.key), "success")
                return redirect(url_for(".details", round_id=row.id))
        form = VersionForm(formdata=None, data={"version": row.version})
        rnd = service.load_round(row)
        check_problems = service.check(rnd) if row.status == "draft" else []
        runs, pub = service.case_runs(row) if row.status == "draft" else ([], None)
        changes = where.readable(service.diff_against(row, pub)) if pub is not None else []
        for c in changes:
            c["where"] = where.where(c, pub.data, row.data)
        return self.page("rounds/publish.html", row, status, form=form, message=message,
                         problems=problem_list(problems), check_problems=problem_list(check_problems), runs=runs,
                         published=pub, changes=changes,
                         failing=[c for c in runs if c.applicable and c.draft and not c.draft.passed])
