"""The score sheet on the public portal: the round's sheet in the annex layout, printable HTML or an Excel
workbook for the expert panel (GET /schemes/<key>/sheet.<fmt>), and the links to it on the scheme page
(template `kinds/scoresheet/scheme.html`, included by the portal for a round with score sheets).

Added to the app by the score-sheet kind's `policyhub_init_app`; the portal knows no score sheet."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from werkzeug.exceptions import NotFound

from ....i18n import ui_lang
from ....web import catalog
from ....web.i18n import gettext as _
from ....web.portal import category_choice
from ....webhub import current_hub
from ..model import sheet_for
from ..printing.sheet_html import render_sheet_html
from ..printing.sheet_xlsx import write_sheet_xlsx

bp = Blueprint("scoresheet_portal", __name__, template_folder="templates")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.errorhandler(NotFound)
def _not_found(e: NotFound):
    return render_template("portal/error.html", message=e.description, code=404), 404


@bp.get("/schemes/<key>/sheet.<fmt>")
def score_sheet(key: str, fmt: str):
    """The scheme's score sheet in the annex layout: printable HTML, or an Excel workbook for the panel."""
    if fmt not in ("html", "xlsx"):
        abort(404)
    hub = current_hub()
    rnd = catalog.resolve(hub, key, request.args.get("round") or None)
    category, error = category_choice(rnd)
    sheet = sheet_for(rnd.score_sheets, category) if rnd.score_sheets else None
    if sheet is None:
        abort(404, description=error or _("This scheme has no score sheet for that choice."))
    ctx = hub.evaluator(key, rnd.key).ctx
    if fmt == "html":
        return Response(render_sheet_html(sheet, ctx=ctx, lang=ui_lang()), mimetype="text/html")
    return Response(write_sheet_xlsx(sheet, ctx=ctx, lang=ui_lang()), mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{sheet.key}.xlsx"'})
