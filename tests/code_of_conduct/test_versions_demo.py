"""The demo data: the sample code in two versions, loaded through the services."""

from io import StringIO

import pytest

from code_of_conduct import demo
from code_of_conduct.models import CodeVersion
from code_of_conduct.selectors import version_compare
from ethics_tracker.core import demo as users_demo


@pytest.mark.django_db
def test_the_sample_codes_load_once_and_again_without_duplicates():
    users = users_demo.seed(StringIO())

    demo.seed(StringIO(), users)
    demo.seed(StringIO(), users)

    versions = {(v.code.slug, v.label): v for v in CodeVersion.objects.select_related("code")}
    assert set(versions) == {("ethics-code", "2003"), ("ethics-code", "2019"),
                             ("joint-pr-code", "2010")}  # fmt: skip
    old, new = versions["ethics-code", "2003"], versions["ethics-code", "2019"]
    assert (old.state, new.state) == ("superseded", "published")
    assert versions["joint-pr-code", "2010"].state == "published"
    assert all(v.is_sample and v.published_by == users["secretary"] for v in versions.values())
    counts = version_compare(old=old, new=new).counts
    assert counts["added"] and counts["removed"] and counts["changed"] and counts["unchanged"]
