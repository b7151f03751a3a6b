"""Configuration from the environment; production refuses to start without its secrets."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

LANGUAGES = ("zh_Hans_CN", "en")          # Flask-Admin ships zh_Hans_CN; zh_CN selects it
DEFAULT_LANGUAGE = "zh_Hans_CN"


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the message says what to set."""


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Settings for create_app: POLICYHUB_* environment variables, then `overrides`."""
    overrides = dict(overrides or {})
    env = os.environ
    mode = overrides.get("POLICYHUB_MODE") or env.get("POLICYHUB_MODE", "production")
    cfg = {
        "POLICYHUB_MODE": mode,                                   # production | demo | testing
        "SQLALCHEMY_DATABASE_URI": env.get("POLICYHUB_DATABASE_URL")
        or "sqlite:///" + str(Path(instance_path) / "policyhub.db"),
        "SECRET_KEY": env.get("POLICYHUB_SECRET_KEY"),
        "MAX_CONTENT_LENGTH": int(env.get("POLICYHUB_MAX_BODY", 256 * 1024)),
        "BABEL_DEFAULT_LOCALE": DEFAULT_LANGUAGE,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,                          # officials edit long rules
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SCREENSHOT_DIR": env.get("POLICYHUB_SCREENSHOT_DIR"),
    }
    cfg.update(overrides)
    if not cfg.get("SECRET_KEY"):
        if cfg["POLICYHUB_MODE"] in ("demo", "testing"):
            cfg["SECRET_KEY"] = secrets.token_hex(32)             # per process: sessions end with it
        else:
            raise ConfigError("POLICYHUB_SECRET_KEY is not set. Set it to a long random value "
                              "(python -c 'import secrets; print(secrets.token_hex(32))'), "
                              "or start with --demo for a local trial.")
    if cfg["POLICYHUB_MODE"] == "production":
        cfg.setdefault("SESSION_COOKIE_SECURE", env.get("POLICYHUB_INSECURE_COOKIES") != "1")
    return cfg
