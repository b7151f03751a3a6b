"""The checklist on the public portal: its conditions on the result page (template `kinds/checklist/result.html`,
included by the portal for a round with criteria). Added to the app by the checklist kind's `policyhub_init_app`."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("checklist_portal", __name__, template_folder="templates")
