"""Configuration from the environment; production refuses to start without its secrets."""
from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

LANGUAGES = ("zh_Hans_CN", "en")          # Flask-Admin ships zh_Hans_CN; zh_CN selects it
DEFAULT_LANGUAGE = "zh_Hans_CN"
MODES = ("production", "demo", "testing")
MIN_SECRET_BYTES = 32
DEFAULT_SESSION_HOURS = 8.0               # a working day; officials sign in again the next morning


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the message says what to set."""


def normalise_mode(value: str | None) -> str:
    """`production`, `demo` or `testing`, whatever the case or surrounding spaces; unset means production."""
    mode = (value or "production").strip().lower()
    if mode not in MODES:
        raise ConfigError(f"POLICYHUB_MODE is '{value}'; it must be one of: {', '.join(MODES)}.")
    return mode


def _session_hours(raw: str | None) -> float:
    if raw is None or raw == "":
        return DEFAULT_SESSION_HOURS
    try:
        hours = float(raw)
    except ValueError:
        hours = 0.0
    if not 0 < hours <= 24 * 31:
        raise ConfigError(f"POLICYHUB_SESSION_HOURS is '{raw}'; give a number of hours between 0 and 744.")
    return hours


def _database_url(env, instance_path: str, mode: str) -> str:
    if env.get("POLICYHUB_DATABASE_URL"):
        return env["POLICYHUB_DATABASE_URL"]
    name = "policyhub-demo.db" if mode == "demo" else "policyhub.db"   # demo data never meets production's
    return "sqlite:///" + str(Path(instance_path) / name)


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Settings for create_app: POLICYHUB_* environment variables, then `overrides` (docs/config.md)."""
    overrides = dict(overrides or {})
    env = os.environ
    mode = normalise_mode(overrides.pop("POLICYHUB_MODE", None) or env.get("POLICYHUB_MODE"))
    lifetime = dt.timedelta(hours=_session_hours(env.get("POLICYHUB_SESSION_HOURS")))
    cfg = {
        "POLICYHUB_MODE": mode,
        "SQLALCHEMY_DATABASE_URI": _database_url(env, instance_path, mode),
        "SECRET_KEY": env.get("POLICYHUB_SECRET_KEY"),
        "MAX_CONTENT_LENGTH": int(env.get("POLICYHUB_MAX_BODY", 256 * 1024)),
        "BABEL_DEFAULT_LOCALE": DEFAULT_LANGUAGE,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,                          # officials edit long rules
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": lifetime,
        "REMEMBER_COOKIE_DURATION": lifetime,
        "SCREENSHOT_DIR": env.get("POLICYHUB_SCREENSHOT_DIR"),
        "POLICYHUB_TRUSTED_PROXIES": int(env.get("POLICYHUB_TRUSTED_PROXIES") or 0),
        "POLICYHUB_HUB_CHECK_SECONDS": float(env.get("POLICYHUB_HUB_CHECK_SECONDS") or 2.0),
        "POLICYHUB_DECISION_LOG": env.get("POLICYHUB_DECISION_LOG") or None,
        "POLICYHUB_DECISION_LOG_FACTS": tuple(n.strip() for n in (env.get("POLICYHUB_DECISION_LOG_FACTS") or "")
                                              .split(",") if n.strip()),
    }
    cfg.update(overrides)
    key = cfg.get("SECRET_KEY")
    if not key:
        if mode in ("demo", "testing"):
            cfg["SECRET_KEY"] = secrets.token_hex(32)             # per process: sessions end with it
        else:
            raise ConfigError("POLICYHUB_SECRET_KEY is not set. Set it to a long random value "
                              "(python -c 'import secrets; print(secrets.token_hex(32))'), "
                              "or start with --demo for a local trial.")
    elif mode == "production" and len(key.encode() if isinstance(key, str) else key) < MIN_SECRET_BYTES:
        raise ConfigError(f"POLICYHUB_SECRET_KEY is shorter than {MIN_SECRET_BYTES} bytes. Set it to a long "
                          "random value (python -c 'import secrets; print(secrets.token_hex(32))').")
    if mode == "production":
        cfg.setdefault("SESSION_COOKIE_SECURE", env.get("POLICYHUB_INSECURE_COOKIES") != "1")
    return cfg
