"""Settings: the mode is read case-insensitively, production refuses short secret keys, the session lifetime
is configurable."""
from __future__ import annotations

import datetime as dt

import pytest

LONG = "x" * 32


@pytest.fixture
def env(monkeypatch):
    for name in ("POLICYHUB_MODE", "POLICYHUB_SECRET_KEY", "POLICYHUB_DATABASE_URL",
                 "POLICYHUB_SESSION_HOURS", "POLICYHUB_INSECURE_COOKIES"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize("written", ["Production", "PRODUCTION", " production "])
def test_mode_is_case_insensitive(env, tmp_path, written):
    from policyhub.config import load_config

    env.setenv("POLICYHUB_MODE", written)
    env.setenv("POLICYHUB_SECRET_KEY", LONG)
    cfg = load_config(str(tmp_path))
    assert cfg["POLICYHUB_MODE"] == "production"
    assert cfg["SESSION_COOKIE_SECURE"] is True


def test_mode_demo_any_case(env, tmp_path):
    from policyhub.config import load_config

    env.setenv("POLICYHUB_MODE", "Demo")
    assert load_config(str(tmp_path))["POLICYHUB_MODE"] == "demo"


def test_unknown_mode_is_refused(env, tmp_path):
    from policyhub.config import ConfigError, load_config

    env.setenv("POLICYHUB_MODE", "prod")
    env.setenv("POLICYHUB_SECRET_KEY", LONG)
    with pytest.raises(ConfigError, match="POLICYHUB_MODE"):
        load_config(str(tmp_path))


def test_production_refuses_a_short_secret_key(env, tmp_path):
    from policyhub.config import ConfigError, load_config

    env.setenv("POLICYHUB_SECRET_KEY", "x" * 31)
    with pytest.raises(ConfigError, match="32"):
        load_config(str(tmp_path))
    env.setenv("POLICYHUB_SECRET_KEY", LONG)
    assert load_config(str(tmp_path))["SECRET_KEY"] == LONG


def test_session_lifetime_is_configurable(env, tmp_path):
    from policyhub.config import load_config

    env.setenv("POLICYHUB_SECRET_KEY", LONG)
    assert load_config(str(tmp_path))["PERMANENT_SESSION_LIFETIME"] == dt.timedelta(hours=8)
    env.setenv("POLICYHUB_SESSION_HOURS", "2")
    assert load_config(str(tmp_path))["PERMANENT_SESSION_LIFETIME"] == dt.timedelta(hours=2)
    env.setenv("POLICYHUB_SESSION_HOURS", "zero")
    from policyhub.config import ConfigError
    with pytest.raises(ConfigError, match="POLICYHUB_SESSION_HOURS"):
        load_config(str(tmp_path))
