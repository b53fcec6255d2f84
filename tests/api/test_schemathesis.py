"""Schemathesis against the OpenAPI schema (/api/schema/), for every operation, as each
role: no server error and no answer that the schema does not describe (status code,
content type, headers, body).

It runs in-process through the WSGI app, on a seeded database (tests/api/conftest.py),
with a bounded number of examples per operation, positive and negative, derandomised
so that CI is stable. ``SCHEMATHESIS_EXAMPLES`` raises the bound for a longer run,
``SCHEMATHESIS_PATHS`` (a regular expression) keeps only the paths it matches;
``SCHEMATHESIS_REPORT=path.json`` writes the cases and failures by check.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
CHECK_NAMES = [check.__name__ for check in CHECKS]
ROLES = ["anonymous", "member", "chair"]

# Positive and negative examples; the coverage and stateful phases are left to longer runs.
CONFIG = schemathesis.Config.from_str(
    """
[generation]
mode = "all"
[phases.coverage]
enabled = false
[phases.stateful]
enabled = false
"""
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)
if os.environ.get("SCHEMATHESIS_PATHS"):  # a regular expression, to look into a few
    schema = schema.include(path_regex=os.environ["SCHEMATHESIS_PATHS"])

settings.register_profile(
    "api",
    max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10")),
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    # One seeded database for many examples is the point, not an accident.
    suppress_health_check=list(HealthCheck),
)

REAL_VALUES = {}  # filled by the test from the seeded database, read while generating
RECEIPT = {}


@schema.hook
def flatmap_case(context, case):
    """Half of the cases name real records (a generated id is almost never one), and the
    complainant's calls then carry the right receipt code for the complaint."""
    names = [name for name in case.path_parameters or {} if REAL_VALUES.get(name)]
    if not names:
        return st.just(case)

    def real(values):
        case.path_parameters = {**case.path_parameters, **values}
        if "reference" in values and values["reference"] == RECEIPT.get("reference"):
            case.headers = {**(case.headers or {}), "X-Receipt-Code": RECEIPT["code"]}
        return case

    references = [*REAL_VALUES.get("reference", []), RECEIPT.get("reference")]
    chosen = st.fixed_dictionaries(
        {
            name: st.sampled_from(references if name == "reference" else REAL_VALUES[name])
            for name in names
        }
    ).map(real)
    return st.one_of(st.just(case), chosen)


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(settings.get_profile("api"))
def test_api_answers_as_documented(case, role, seeded, tally, db, wsgi_in_test_transaction):
    REAL_VALUES.update(seeded["values"])
    RECEIPT.update(zip(("reference", "code"), seeded["receipt"], strict=True))
    token = seeded["tokens"].get(role)
    headers = {"Authorization": f"Token {token}"} if token else {}
    response = case.call(headers=headers)
    tally.cases[role] += 1
    operation = f"{case.method} {case.path}"
    failed = []
    for check in CHECKS:
        try:
            case.validate_response(response, checks=[check], headers=headers)
        except (FailureGroup, AssertionError) as error:
            failures = getattr(error, "exceptions", [error])
            title = "; ".join(str(getattr(f, "title", f)) for f in failures)
            tally.record(operation=operation, role=role, check=check.__name__, failure=title)
            failed.append(f"{check.__name__}: {error}")
        else:
            tally.record(operation=operation, role=role, check=check.__name__)
    assert not failed, "\n".join(failed)
