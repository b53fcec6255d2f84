"""Paper acceptances and the CSV import of historical acceptances (issue C)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from code_of_conduct.models import Acceptance, AcceptanceMethod, MembershipStatus
from code_of_conduct.services.members import (
    AlreadySigned,
    acceptance_import_csv,
    acceptance_register_paper,
)
from tests.factories import MEMBERS_ADOPTED, TEST_PASSWORD, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

PAPER_DATE = datetime.date(2024, 3, 1)


@pytest.fixture
def secretary_user():
    return UserFactory(username="secretary", roles=["secretary"])


# --- paper -------------------------------------------------------------------


def test_the_secretary_records_a_paper_acceptance_dated_as_on_the_paper(
    secretary_user, published_version
):
    version = published_version()
    member = MemberFactory()

    acceptance = acceptance_register_paper(
        actor=secretary_user, member=member, version=version, signed_on=PAPER_DATE, note="box 3"
    )

    assert acceptance.method == AcceptanceMethod.PAPER
    assert timezone.localtime(acceptance.accepted_at).date() == PAPER_DATE
    assert acceptance.recorded_by == secretary_user
    assert acceptance.content_hash == version.content_hash
    assert acceptance.ip_address is None
    assert acceptance.note == "box 3"
    assert acceptance.history.get().history_user == secretary_user


@pytest.mark.parametrize(
    ("signed_on", "code"),
    [
        (timezone.localdate() + datetime.timedelta(days=1), "future"),
        (MEMBERS_ADOPTED - datetime.timedelta(days=1), "too_early"),
    ],
)
def test_a_paper_date_in_the_future_or_before_adoption_is_refused(
    secretary_user, signed_on, code, published_version
):
    version = published_version()
    with pytest.raises(ValidationError) as refused:
        acceptance_register_paper(
            actor=secretary_user, member=MemberFactory(), version=version, signed_on=signed_on
        )
    assert [error.code for error in refused.value.error_list] == [code]


def test_paper_acceptances_follow_the_same_rules_as_online_ones(
    secretary_user, draft_version, published_version, publish_version
):
    draft = draft_version()
    old = published_version()
    publish_version(draft_version(code=old.code))
    in_force = published_version()

    for version, member, code in [
        (draft, MemberFactory(), "draft"),
        (old, MemberFactory(), "superseded"),
        (in_force, MemberFactory(status=MembershipStatus.EXPELLED), "inactive"),
    ]:
        with pytest.raises(ValidationError) as refused:
            acceptance_register_paper(
                actor=secretary_user, member=member, version=version, signed_on=PAPER_DATE
            )
        assert [error.code for error in refused.value.error_list] == [code]
    assert not Acceptance.objects.exists()


def test_a_paper_acceptance_of_a_version_already_signed_is_answered_cleanly(
    secretary_user, published_version, member_with_account
):
    version = published_version()
    member = member_with_account()
    arguments = {"actor": secretary_user, "member": member, "version": version}
    first = acceptance_register_paper(**arguments, signed_on=PAPER_DATE)

    with pytest.raises(AlreadySigned) as second:
        acceptance_register_paper(**arguments, signed_on=PAPER_DATE)

    assert second.value.acceptance == first
    assert Acceptance.objects.count() == 1


def test_the_paper_page_records_and_shows_the_receipt(client, secretary_user, published_version):
    version = published_version()
    member = MemberFactory()
    client.login(username="secretary", password=TEST_PASSWORD)

    response = client.post(
        reverse("members:paper"),
        {"member": member.pk, "version": version.pk, "signed_on": "2024-03-01", "note": ""},
    )

    acceptance = Acceptance.objects.get()
    assert response.url == reverse("members:receipt", args=[acceptance.receipt_id])
    assert acceptance.method == AcceptanceMethod.PAPER


def test_the_paper_page_explains_a_duplicate_instead_of_failing(
    client, secretary_user, published_version
):
    version = published_version()
    member = MemberFactory()
    acceptance_register_paper(
        actor=secretary_user, member=member, version=version, signed_on=PAPER_DATE
    )
    client.login(username="secretary", password=TEST_PASSWORD)
    client.cookies["django_language"] = "en"

    response = client.post(
        reverse("members:paper"),
        {"member": member.pk, "version": version.pk, "signed_on": "2024-03-02"},
    )

    assert response.status_code == 200
    assert "already recorded" in response.content.decode()
    assert Acceptance.objects.count() == 1


def test_members_cannot_register_paper_acceptances(client, published_version, member_with_account):
    published_version()
    member = member_with_account()
    client.login(username=member.user.username, password=TEST_PASSWORD)
    assert client.get(reverse("members:paper")).status_code == 403
    assert client.get(reverse("members:import")).status_code == 403


# --- CSV import ----------------------------------------------------------------


@pytest.fixture
def history(draft_version, publish_version):
    """A superseded 2003 version, the version in force, and three members."""
    old = draft_version(label="2003")
    publish_version(old, adopted_on=datetime.date(2003, 5, 20))
    current = publish_version(
        draft_version(code=old.code, label="2024"), adopted_on=MEMBERS_ADOPTED
    )
    old.refresh_from_db()
    members = [MemberFactory(membership_number=f"M-{n}") for n in (1, 2, 3)]
    return old, current, members


def csv_text(*rows, header="membership_number,code,version,signed_on,note"):
    return "\n".join([header, *rows]) + "\n"


def test_a_valid_file_imports_every_row(history, secretary_user):
    old, current, members = history
    slug = old.code.slug
    text = csv_text(
        f"M-1,{slug},2003,2004-02-10,register book",
        f"M-2,{slug},2003,11.03.2005,",
        f"M-1,{slug},2024,2024-02-01,",
    )

    report = acceptance_import_csv(actor=secretary_user, text=text, dry_run=False)

    assert report.ok and report.created == 3
    imported = Acceptance.objects.get(member=members[1], version=old)
    assert imported.method == AcceptanceMethod.IMPORTED
    assert timezone.localtime(imported.accepted_at).date() == datetime.date(2005, 3, 11)
    assert imported.content_hash == old.content_hash
    assert imported.recorded_by == secretary_user
    assert Acceptance.objects.get(member=members[0], version=old).note == "register book"


def test_a_dry_run_reports_and_saves_nothing(history, secretary_user):
    old, _current, _members = history
    text = csv_text(f"M-1,{old.code.slug},2003,2004-02-10,")

    report = acceptance_import_csv(actor=secretary_user, text=text, dry_run=True)

    assert report.ok and report.valid == 1 and report.created == 0
    assert not Acceptance.objects.exists()


def test_every_bad_row_is_reported_by_line_and_nothing_is_saved(
    history, secretary_user, draft_version
):
    old, _current, _members = history
    slug = old.code.slug
    draft = draft_version(code=old.code, label="2030")
    text = csv_text(
        f"M-1,{slug},2003,2004-02-10,",  # line 2: valid
        f"M-404,{slug},2003,2004-02-10,",  # line 3: unknown member
        f"M-2,{slug},1999,2004-02-10,",  # line 4: unknown version
        f"M-2,{slug},{draft.label},2004-02-10,",  # line 5: draft
        f"M-3,{slug},2003,31/02/2004,",  # line 6: not a date
        f"M-3,{slug},2003,2001-01-01,",  # line 7: before adoption
        f"M-1,{slug},2003,2004-02-11,",  # line 8: repeats line 2
        f"M-3,{slug},2003,{timezone.localdate() + datetime.timedelta(days=2)},",  # 9: future
    )

    for dry_run in (True, False):
        report = acceptance_import_csv(actor=secretary_user, text=text, dry_run=dry_run)
        assert not report.ok
        assert [line for line, _message in report.errors] == [3, 4, 5, 6, 7, 8, 9]
    assert not Acceptance.objects.exists()  # not even the valid line 2


def test_rows_already_recorded_are_skipped_so_a_file_can_be_run_again(history, secretary_user):
    old, _current, _members = history
    text = csv_text(
        f"M-1,{old.code.slug},2003,2004-02-10,", f"M-2,{old.code.slug},2003,2004-02-10,"
    )
    acceptance_import_csv(actor=secretary_user, text=text, dry_run=False)

    again = acceptance_import_csv(actor=secretary_user, text=text, dry_run=False)

    assert again.ok and again.created == 0
    assert [line for line, _message in again.skipped] == [2, 3]
    assert Acceptance.objects.count() == 2


def test_semicolons_and_missing_columns(history, secretary_user):
    old, _current, _members = history
    semicolons = (
        "membership_number;code;version;signed_on\n" + f"M-1;{old.code.slug};2003;2004-02-10\n"
    )
    assert acceptance_import_csv(actor=secretary_user, text=semicolons, dry_run=True).valid == 1

    with translation.override("en"):
        report = acceptance_import_csv(
            actor=secretary_user, text="membership_number,signed_on\nM-1,2004-02-10\n", dry_run=True
        )
    assert report.errors == [(1, "missing columns: code, version")]


def test_a_past_signature_of_a_member_who_has_since_left_is_still_imported(history, secretary_user):
    old, _current, members = history
    members[0].status = MembershipStatus.LEFT
    members[0].save()
    text = csv_text(f"M-1,{old.code.slug},2003,2004-02-10,")
    assert acceptance_import_csv(actor=secretary_user, text=text, dry_run=False).created == 1


def test_the_import_command_reports_bad_rows_and_fails(history, tmp_path, capsys):
    old, _current, _members = history
    path = tmp_path / "acceptances.csv"
    path.write_text(csv_text(f"M-1,{old.code.slug},2003,2004-02-10,", "M-9,nope,1,x,"))

    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_acceptances", str(path), "--dry-run")

    assert "line 3:" in capsys.readouterr().err
    assert not Acceptance.objects.exists()


def test_the_import_command_imports_a_good_file(history, tmp_path, capsys, secretary_user):
    old, _current, _members = history
    path = tmp_path / "acceptances.csv"
    path.write_text(csv_text(f"M-1,{old.code.slug},2003,2004-02-10,"), encoding="utf-8-sig")

    call_command("import_acceptances", str(path), "--recorded-by", "secretary")

    assert "imported 1 acceptance" in capsys.readouterr().out
    assert Acceptance.objects.get().recorded_by == secretary_user


def upload(text):
    return SimpleUploadedFile("acceptances.csv", text.encode(), content_type="text/csv")


def test_the_import_page_checks_first_then_imports(client, history, secretary_user):
    old, _current, _members = history
    text = csv_text(f"M-1,{old.code.slug},2003,2004-02-10,", f"M-2,{old.code.slug},2003,x,")
    client.login(username="secretary", password=TEST_PASSWORD)

    checked = client.post(reverse("members:import"), {"file": upload(text), "action": "check"})
    assert 'data-errors="1"' in checked.content.decode()
    assert 'data-line="3"' in checked.content.decode()
    refused = client.post(reverse("members:import"), {"file": upload(text), "action": "import"})
    assert 'data-ok="false"' in refused.content.decode()
    assert not Acceptance.objects.exists()

    good = csv_text(f"M-1,{old.code.slug},2003,2004-02-10,")
    response = client.post(reverse("members:import"), {"file": upload(good), "action": "import"})
    assert response.status_code == 302
    assert Acceptance.objects.count() == 1


def test_the_import_page_refuses_a_file_that_is_not_utf8(client, secretary_user):
    client.login(username="secretary", password=TEST_PASSWORD)
    file = SimpleUploadedFile("a.csv", "номер".encode("cp1251"), content_type="text/csv")
    response = client.post(reverse("members:import"), {"file": file, "action": "check"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
