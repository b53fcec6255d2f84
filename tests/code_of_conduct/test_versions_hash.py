"""The fingerprint: same text → same SHA-256; any change of text → another one."""

import hashlib
import json

import pytest

from code_of_conduct.canonical import canonical_bytes, content_hash
from code_of_conduct.models import CodeVersion, Provision, ProvisionKind


def version(**fields):
    defaults = {"label": "2003", "title": "Ethics Code", "preamble": "We serve the public."}
    return CodeVersion(**{**defaults, **fields})


def provisions():
    chapter = Provision(
        pk=1,
        kind=ProvisionKind.CHAPTER,
        key="ch-1",
        number="I",
        heading="General",
        body="",
        position=1,
    )
    article = Provision(
        pk=2,
        kind=ProvisionKind.ARTICLE,
        key="art-1",
        number="1",
        heading="Transparency",
        body="Tell the truth.",
        position=2,
        parent_id=1,
    )
    paragraph = Provision(
        pk=3,
        kind=ProvisionKind.PARAGRAPH,
        key="art-1-1",
        number="1",
        heading="",
        body="Въпреки всичко — открито.",
        position=3,
        parent_id=2,
    )
    return [chapter, article, paragraph]  # fmt: skip


def test_the_serialisation_is_the_documented_json():
    expected = {
        "format": "ethics-tracker/code-version/1",
        "title": "Ethics Code",
        "preamble": "We serve the public.",
        "provisions": [
            {"key": "ch-1", "kind": "chapter", "number": "I", "heading": "General",
             "body": "", "parent": None},
            {"key": "art-1", "kind": "article", "number": "1", "heading": "Transparency",
             "body": "Tell the truth.", "parent": "ch-1"},
            {"key": "art-1-1", "kind": "paragraph", "number": "1", "heading": "",
             "body": "Въпреки всичко — открито.", "parent": "art-1"},
        ],
    }  # fmt: skip
    documented = json.dumps(expected, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    assert canonical_bytes(version(), provisions()) == documented.encode("utf-8")
    assert (
        content_hash(version(), provisions())
        == hashlib.sha256(documented.encode("utf-8")).hexdigest()
    )


def test_same_text_gives_the_same_hash_whatever_the_metadata_and_order_given():
    first = content_hash(version(), provisions())
    again = content_hash(
        version(label="2019", is_sample=True, state="published"), list(reversed(provisions()))
    )
    assert first == again


def test_line_endings_and_trailing_spaces_are_normalised():
    crlf = provisions()
    crlf[1].body = "Tell the truth.  \r\n"
    assert content_hash(version(preamble="We serve the public.\r\n"), crlf) == content_hash(
        version(), provisions()
    )


def _change(what):
    v, ps = version(), provisions()
    what(v, ps)
    return content_hash(v, ps)


@pytest.mark.parametrize(
    "change",
    [
        lambda v, ps: setattr(v, "title", "Ethics code"),
        lambda v, ps: setattr(v, "preamble", "We serve the public!"),
        lambda v, ps: setattr(ps[1], "body", "Tell the whole truth."),
        lambda v, ps: setattr(ps[1], "heading", "Openness"),
        lambda v, ps: setattr(ps[1], "number", "2"),
        lambda v, ps: setattr(ps[1], "key", "art-2"),
        lambda v, ps: setattr(ps[2], "kind", ProvisionKind.ARTICLE),
        lambda v, ps: setattr(ps[2], "parent_id", 1),
        lambda v, ps: setattr(ps[2], "body", "Въпреки всичко - открито."),  # hyphen for a dash
        lambda v, ps: (setattr(ps[0], "position", 5)),  # order
        lambda v, ps: ps.pop(),
        lambda v, ps: ps.append(
            Provision(pk=4, kind="article", key="art-2", number="2", body="", position=4)
        ),
    ],
    ids=["title", "preamble", "body", "heading", "number", "key", "kind", "parent",
         "one-character", "order", "removed", "added"],
)  # fmt: skip
def test_any_change_of_text_gives_another_hash(change):
    assert _change(change) != content_hash(version(), provisions())
