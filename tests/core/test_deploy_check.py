"""`manage.py check --deploy --fail-level WARNING` passes with the production
environment README documents (.ci/check_deploy.sh sets it), and fails when a
production default is switched off, so the check is really looking."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The production settings the script must not inherit from the test run.
LEFT_OUT = {
    "DATABASE_URL",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "CSP_REPORT_ONLY",
}


def check_deploy(**overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in LEFT_OUT and not k.startswith("DJANGO_")}
    env.update(PY=sys.executable, **overrides)
    return subprocess.run(  # noqa: S603 (a fixed script of ours, no outside input)
        ["bash", str(ROOT / ".ci" / "check_deploy.sh")],  # noqa: S607 (bash from PATH, as CI)
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_environment_passes_the_deploy_check():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_switching_off_a_production_default_fails_it():
    result = check_deploy(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W004" in result.stderr
