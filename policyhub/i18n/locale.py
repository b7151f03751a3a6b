"""The user's language: which locale a request is answered in, and which side of a bilingual label it reads.

One place selects the locale (a whitelisted `?lang=`, remembered in the session, else zh_CN); the app, the
portal, the API and the back office all ask here.
"""
from __future__ import annotations

from flask import has_request_context, request, session

from ..config import DEFAULT_LANGUAGE, LANGUAGES

# What `?lang=` may say, and the locale each means. Plain "zh" and "zh-CN" are accepted here and never passed
# through raw (Flask-Admin crashes on "zh-CN" and falls back to English on "zh").
LOCALE_ALIASES = {"zh": "zh_Hans_CN", "zh_CN": "zh_Hans_CN", "zh-CN": "zh_Hans_CN", "zh_Hans_CN": "zh_Hans_CN",
                  "en": "en", "en_US": "en", "en-US": "en"}


def select_locale() -> str:
    """?lang= (whitelisted) remembered in the session, else zh_CN. Never pass a raw value through."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    want = request.args.get("lang")
    if want in LOCALE_ALIASES:
        session["lang"] = LOCALE_ALIASES[want]
    lang = session.get("lang")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def ui_lang() -> str:
    """'zh' or 'en': which side of a bilingual label to show."""
    return "en" if select_locale() == "en" else "zh"
