import pytest
from django.core.exceptions import ImproperlyConfigured

from ethics_tracker.settings import env_days_by_key


def test_retention_overrides_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "inadmissible=400, withdrawn=730")
    assert env_days_by_key("RETENTION_DAYS") == {"inadmissible": 400, "withdrawn": 730}


@pytest.mark.parametrize("value", ["inadmissible", "withdrawn=soon", "=30"])
def test_a_bad_retention_override_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("RETENTION_DAYS", value)
    with pytest.raises(ImproperlyConfigured):
        env_days_by_key("RETENTION_DAYS")


def test_a_real_production_start_without_a_ledger_signing_key_fails():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in {"LEDGER_SIGNING_KEY", "DJANGO_ENV"}}
    env.update(
        DJANGO_SETTINGS_MODULE="ethics_tracker.settings",
        DJANGO_ENV="production",
        ALLOWED_HOSTS="ethics.example.org",
        SECRET_KEY="a-long-random-production-key-" + "z" * 30,
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "LEDGER_SIGNING_KEY" in result.stderr
