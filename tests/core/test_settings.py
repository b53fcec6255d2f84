import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ethics_tracker.settings import (
    DEV_SECRET_KEY,
    check_production_cache,
    check_production_settings,
)

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    """Start Django's system checks in a fresh process with the given environment."""
    inherited = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ENV"}}
    full_env = {**inherited, "DJANGO_SETTINGS_MODULE": "ethics_tracker.settings", **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_the_development_secret_key():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        check_production_settings(
            production=True, secret_key=DEV_SECRET_KEY, allowed_hosts=["ethics.example.org"]
        )


def test_production_refuses_empty_allowed_hosts():
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        check_production_settings(production=True, secret_key="x" * 50, allowed_hosts=[])


def test_development_accepts_the_defaults():
    check_production_settings(production=False, secret_key=DEV_SECRET_KEY, allowed_hosts=[])


def test_a_real_production_start_with_the_dev_key_fails():
    result = run_check(DJANGO_ENV="production", ALLOWED_HOSTS="ethics.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_real_production_start_with_proper_settings_passes():
    result = run_check(
        DJANGO_ENV="production",
        ALLOWED_HOSTS="ethics.example.org",
        SECRET_KEY="a-long-random-production-key-" + "z" * 30,
        LEDGER_SIGNING_KEY="ab" * 32,  # issue H 6: production signs with its own key
    )
    assert result.returncode == 0, result.stderr


def test_defaults_are_bulgarian_in_sofia(settings):
    assert settings.LANGUAGE_CODE == "bg"
    assert [code for code, _name in settings.LANGUAGES] == ["bg", "en"]
    assert settings.TIME_ZONE == "Europe/Sofia"
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


# --- the cache that holds the abuse limits (issue H) ---------------------------------------


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_production_refuses_a_per_process_cache(backend):
    with pytest.raises(ImproperlyConfigured, match="cache all workers share"):
        check_production_cache(production=True, caches={"default": {"BACKEND": backend}})


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    ],
)
def test_production_accepts_a_shared_cache(backend):
    check_production_cache(production=True, caches={"default": {"BACKEND": backend}})


def test_development_accepts_a_per_process_cache():
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    check_production_cache(production=False, caches=locmem)


def test_the_limits_default_to_the_database_cache_and_to_redis_with_redis_url():
    # ``import redis``: REDIS_URL once failed with "No module named 'redis'".
    code = "import redis; from django.conf import settings; print(settings.CACHES['default'])"

    def backend(**env):
        inherited = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
        return subprocess.run(  # noqa: S603
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env={**inherited, "DJANGO_SETTINGS_MODULE": "ethics_tracker.settings", **env},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.strip()

    assert "'django.core.cache.backends.db.DatabaseCache'" in backend()
    assert "RedisCache" in backend(REDIS_URL="redis://127.0.0.1:6379/0")
