"""`/favicon.ico`: the site's icon, served from the project (browsers ask for it on every page)."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, send_file

bp = Blueprint("favicon", __name__)
ICON = Path(__file__).resolve().parent / "static" / "favicon.ico"


@bp.get("/favicon.ico")
def favicon():
    return send_file(ICON, mimetype="image/vnd.microsoft.icon", max_age=86400)
