import io

import pytest

from cases import demo
from cases.models import Case, EvidenceFile
from ethics_tracker import demo as users_demo


@pytest.mark.django_db
def test_the_demo_files_complaints_once(published_version):
    out = io.StringIO()
    users = users_demo.seed(out)

    demo.seed(out, users)
    first = set(Case.objects.values_list("reference", flat=True))
    demo.seed(out, users)

    assert len(first) == 5
    assert set(Case.objects.values_list("reference", flat=True)) == first
    assert Case.objects.filter(is_anonymous=True).count() == 2
    assert Case.objects.filter(state="received").count() == 5
    assert EvidenceFile.objects.count() == 4
    assert "receipt code" in out.getvalue()


@pytest.mark.django_db
def test_the_demo_makes_nothing_without_a_published_code():
    out = io.StringIO()
    demo.seed(out, {})
    assert not Case.objects.exists()
    assert "skipped" in out.getvalue()
