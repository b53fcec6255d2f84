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
