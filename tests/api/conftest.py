"""What the schemathesis run shares: one seeded database for the module, a token per
role, the WSGI app running inside the test's transaction, and the tally of checks.

The demo data (``seed_demo``: a code in force, members, a committee and a case in every
state) takes seconds to build, so it is built once, inside a transaction that is rolled
back when the module ends; each test (one per operation and role) runs in a savepoint of
it (pytest-django's ``db``), so what one test writes never reaches the next.
"""

import json
import os
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction

from cases.models import Case, EvidenceFile
from cases.workflow import transition_names
from code_of_conduct.models import CodeVersion, EthicsCode, Provision
from ethics_tracker.accounts.services import api_token_issue
from ethics_tracker.oversight.forms import default_period
from ethics_tracker.oversight.statistics import tables
from tests.factories import PNG, CaseFactory

# The accounts a token is made for (straight in the database: it stands for their login).
ACCOUNTS = {"member": "member", "chair": "chair"}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """``{"tokens": {role: key}, "values": {path parameter: [real values]}, "receipt":
    (reference, code)}`` over the demo data and one complaint whose receipt code is known."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        mine = CaseFactory(files=[SimpleUploadedFile("photo.png", PNG, "image/png")])
        users = get_user_model().objects
        tokens = {
            role: api_token_issue(user=users.get(username=username), with_second_factor=True)[1]
            for role, username in ACCOUNTS.items()
        }
        versions = list(CodeVersion.objects.values_list("pk", flat=True))
        references = list(Case.objects.values_list("reference", flat=True))
        values = {
            "reference": references,
            "id": versions + list(Provision.objects.values_list("pk", flat=True)[:10]),
            "version_id": versions,
            "slug": list(EthicsCode.objects.values_list("slug", flat=True)),
            "name": transition_names(),
            "file_id": [str(f) for f in EvidenceFile.objects.values_list("public_id", flat=True)],
            "label": ["cases.case", "code_of_conduct.codeversion"],
            "object_id": [str(pk) for pk in Case.objects.values_list("pk", flat=True)[:5]],
            "kind": ["trail", "ledger"],
            "fmt": ["csv", "jsonl"],
            "key": [table.key for table in tables(period=default_period())],
        }
        yield {"tokens": tokens, "values": values, "receipt": (mine.reference, mine.receipt_code)}
        transaction.set_rollback(True)


@pytest.fixture
def wsgi_in_test_transaction():
    """Django's WSGI handler closes "old" connections around each request, which inside
    a test's transaction would break it; the test client unhooks the same signal."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class Tally:
    """Cases sent and failures by check, written as JSON for the security report."""

    def __init__(self):
        self.cases = Counter()  # by role
        self.failures = Counter()  # by check
        self.checked = Counter()  # by check
        self.failing = {}  # (operation, role, check) -> first failure's title
        self.operations = set()

    def record(self, *, operation, role, check, failure=None):
        self.operations.add(operation)
        self.checked[check] += 1
        if failure is not None:
            self.failures[check] += 1
            self.failing.setdefault((operation, role, check), failure)

    def as_dict(self, checks) -> dict:
        return {
            "operations": len(self.operations),
            "cases": sum(self.cases.values()),
            "cases_by_role": dict(self.cases),
            "checks": {
                name: {"checked": self.checked[name], "failures": self.failures[name]}
                for name in checks
            },
            "failing": [
                {"operation": op, "role": role, "check": check, "failure": title}
                for (op, role, check), title in sorted(self.failing.items())
            ],
        }


SUMMARY = pytest.StashKey[dict]()


@pytest.fixture(scope="module")
def tally(request):
    """The module's tally; summed up at the end of the run, and written to
    $SCHEMATHESIS_REPORT if set."""
    counts = Tally()
    yield counts
    summary = counts.as_dict(request.module.CHECK_NAMES)
    request.config.stash[SUMMARY] = summary
    path = os.environ.get("SCHEMATHESIS_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as report:
            json.dump(summary, report, indent=2, ensure_ascii=False)


def pytest_terminal_summary(terminalreporter, config):
    summary = config.stash.get(SUMMARY, None)
    if summary is None:
        return
    by_role = ", ".join(f"{role} {n}" for role, n in summary["cases_by_role"].items())
    terminalreporter.write_sep("-", "schemathesis")
    terminalreporter.write_line(
        f"{summary['cases']} cases over {summary['operations']} operations ({by_role})"
    )
    for name, row in summary["checks"].items():
        terminalreporter.write_line(f"  {name}: {row['checked']} checked, {row['failures']} failed")
