"""Importing a code's text: the parser, ``manage.py import_code`` and the upload page."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from code_of_conduct.demo import SAMPLE_DIR
from code_of_conduct.importer import CodeImportError, parse_code
from code_of_conduct.models import CodeVersion, EthicsCode, Provision
from code_of_conduct.selectors import provisions_of
from tests.factories import EthicsCodeFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (Bulgarian is the default language)."""
    with translation.override("en"):
        yield


GOOD = """# Ethics Code
Text before any chapter is the preamble.

## Chapter I. General provisions
The chapter's own text.

### Art. 1. Transparency
(1) Members tell the public
what the municipality decides.
(2) Second paragraph.

- a list inside paragraph 2

### Art. 2 – Truthfulness
Only the truth.

## Chapter II. Final provisions
### Чл. 2а. Gifts {#art-gifts}
No gifts.
"""


def test_the_parser_reads_chapters_articles_paragraphs_and_keys():
    parsed = parse_code(GOOD)

    assert parsed.title == "Ethics Code"
    assert parsed.preamble == "Text before any chapter is the preamble."
    rows = [(p.kind, p.key, p.number, p.heading, p.line) for p in parsed.provisions]
    assert rows == [
        ("chapter", "ch-i", "I", "General provisions", 4),
        ("article", "art-1", "1", "Transparency", 7),
        ("paragraph", "art-1-1", "1", "", 8),
        ("paragraph", "art-1-2", "2", "", 10),
        ("article", "art-2", "2", "Truthfulness", 14),
        ("chapter", "ch-ii", "II", "Final provisions", 17),
        ("article", "art-gifts", "2а", "Gifts", 18),
    ]
    assert parsed.provisions[0].body == "The chapter's own text."
    assert parsed.provisions[2].body == "Members tell the public\nwhat the municipality decides."
    assert parsed.provisions[3].body == "Second paragraph.\n\n- a list inside paragraph 2"
    assert [p.parent for p in parsed.provisions] == [None, 0, 1, 1, 0, None, 5]


def test_a_cyrillic_letter_in_a_number_gives_a_latin_key():
    parsed = parse_code("### Чл. 10а. Достъпност\nТекст.\n")
    assert parsed.provisions[0].key == "art-10a"


BROKEN = [
    ("# Code\n### Art. Transparency\ntext\n", 2, "needs its number"),
    ("### Art. 1. A\n#### Art. 2. Deeper\n", 2, "only #, ## and ###"),
    ("### Art. 1. A\nx\n\n### Art. 1. Again\ny\n", 4, "already used on line 1"),
    ("### Art. 1. A\n(1) x\n(1) y\n", 3, "already used on line 2"),
    ("### Art. 1. A\n# Late title\n", 2, "only once"),
    ("### Art. 1. A {#Not A Key}\n", 1, "lowercase Latin"),
    ("## Chapter I\nJust a chapter.\n", None, "no articles"),
    ("", None, "no articles"),
]


@pytest.mark.parametrize(("text", "line", "problem"), BROKEN)
def test_the_parser_names_the_line_at_fault(text, line, problem):
    with pytest.raises(CodeImportError) as error:
        parse_code(text)
    assert error.value.line == line
    assert problem in error.value.messages[0]
    if line:
        assert error.value.messages[0].startswith(f"Line {line}:")


@pytest.fixture
def code_file(tmp_path):
    def write(text, name="code.md"):
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return str(path)

    return write


@pytest.mark.django_db
def test_the_command_imports_a_good_file_into_a_new_draft(code_file, secretary):
    code = EthicsCodeFactory(slug="asko")
    out = StringIO()

    call_command(
        "import_code", code_file(GOOD), "--code", "asko", "--label", "2003",
        "--user", "secretary", stdout=out,
    )  # fmt: skip

    version = CodeVersion.objects.get(code=code, label="2003")
    assert version.state == "draft"
    assert version.title == "Ethics Code"
    assert version.preamble == "Text before any chapter is the preamble."
    provisions = provisions_of(version)
    assert [p.key for p in provisions] == [
        "ch-i", "art-1", "art-1-1", "art-1-2", "art-2", "ch-ii", "art-gifts",
    ]  # fmt: skip
    assert provisions[2].parent == provisions[1] and provisions[1].parent == provisions[0]
    assert [p.position for p in provisions] == list(range(1, 8))
    assert version.created_by == secretary
    assert Provision.history.filter(version_id=version.pk, history_user=secretary).count() == 7
    output = out.getvalue()
    assert "line 7/" in output and "Imported 7 provisions" in output


@pytest.mark.django_db
def test_the_command_takes_a_title_and_creates_a_missing_code(code_file):
    call_command(
        "import_code", code_file(GOOD), "--code", "joint", "--label", "2010",
        "--title", "Joint code", "--create-code", "Joint PR code", "--sample", stdout=StringIO(),
    )  # fmt: skip

    version = CodeVersion.objects.get(code__slug="joint")
    assert version.code.title == "Joint PR code"
    assert version.title == "Joint code" and version.is_sample


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "line", "problem"), BROKEN[:4])
def test_the_command_refuses_a_broken_file_and_saves_nothing(code_file, text, line, problem):
    EthicsCodeFactory(slug="asko")
    with pytest.raises(CommandError) as error:
        call_command("import_code", code_file(text), "--code", "asko", "--label", "2003")
    assert f"Line {line}:" in str(error.value) and problem in str(error.value)
    assert not CodeVersion.objects.exists() and not Provision.objects.exists()


@pytest.mark.django_db
def test_a_failed_import_does_not_leave_a_new_code_behind(code_file):
    with pytest.raises(CommandError):
        call_command(
            "import_code", code_file(BROKEN[0][0]), "--code", "new-code", "--label", "1",
            "--create-code", "New code",
        )  # fmt: skip
    assert not EthicsCode.objects.filter(slug="new-code").exists()


@pytest.mark.django_db
def test_the_command_refuses_what_it_cannot_read(code_file):
    EthicsCodeFactory(slug="asko")
    cases = [
        ([code_file("### Art. 1. A\nТекст".encode("cp1251"), name="cp1251.md")], "UTF-8"),
        ([str(Path(code_file("x", name="x.md")).with_name("missing.md"))], "Cannot read"),
    ]
    for args, message in cases:
        with pytest.raises(CommandError, match=message):
            call_command("import_code", *args, "--code", "asko", "--label", "1")
    with pytest.raises(CommandError, match="--create-code"):
        call_command("import_code", code_file(GOOD), "--code", "nope", "--label", "1")
    assert not CodeVersion.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_label_is_refused_without_saving(code_file):
    call_command("import_code", code_file(GOOD), "--code", "x", "--label", "1",
                 "--create-code", "X", stdout=StringIO())  # fmt: skip
    with pytest.raises(CommandError):
        call_command("import_code", code_file(GOOD), "--code", "x", "--label", "1")
    assert CodeVersion.objects.count() == 1 and Provision.objects.count() == 7


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLE_DIR.glob("*-*.md")))
def test_the_shipped_sample_files_import_cleanly(name):
    parsed = parse_code((SAMPLE_DIR / name).read_text(encoding="utf-8"))
    assert parsed.title and "примерен текст" in parsed.title.lower()
    assert "ПРИМЕРЕН ТЕКСТ" in parsed.preamble


@pytest.mark.django_db
def test_a_secretary_imports_an_uploaded_file(client, secretary):
    code = EthicsCodeFactory(slug="asko")
    client.force_login(secretary)
    upload = SimpleUploadedFile("code.md", GOOD.encode("utf-8"), content_type="text/markdown")

    response = client.post(
        "/code/asko/drafts/import/", {"file": upload, "label": "2003", "title": ""}
    )

    assert response.status_code == 302
    version = CodeVersion.objects.get(code=code, label="2003")
    assert response["Location"] == f"/code/asko/versions/{version.label}/edit/"
    assert version.provisions.count() == 7


@pytest.mark.django_db
def test_a_broken_upload_is_answered_with_the_line_and_nothing_is_saved(client, secretary):
    EthicsCodeFactory(slug="asko")
    client.force_login(secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = SimpleUploadedFile("code.md", BROKEN[0][0].encode("utf-8"))

    response = client.post("/code/asko/drafts/import/", {"file": upload, "label": "2003"})

    assert response.status_code == 200
    assert "Line 2: an article heading needs its number" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not CodeVersion.objects.exists()


@pytest.mark.django_db
def test_only_secretaries_may_import(client, member_user):
    EthicsCodeFactory(slug="asko")
    assert client.get("/code/asko/drafts/import/").status_code == 302  # to the login page
    client.force_login(member_user)
    upload = SimpleUploadedFile("code.md", GOOD.encode("utf-8"))
    response = client.post("/code/asko/drafts/import/", {"file": upload, "label": "2003"})
    assert response.status_code == 403
    assert not CodeVersion.objects.exists()
