import re
from unittest import mock

import pytest

from cases import receipts, selectors
from tests.factories import CaseFactory


def test_a_code_has_five_groups_of_unambiguous_characters_and_100_bits():
    codes = {receipts.receipt_code_for(receipts.new_submission_token()) for _n in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}", code)
    assert len(receipts.ALPHABET) ** receipts.CODE_LENGTH == 2**100


def test_the_same_token_always_gives_the_same_code_and_another_token_another():
    token = receipts.new_submission_token()
    assert receipts.receipt_code_for(token) == receipts.receipt_code_for(token)
    assert receipts.receipt_code_for(token) != receipts.receipt_code_for(token + "x")


def test_typing_variants_hash_to_the_same_value():
    code = "0AB1-CDEF-GHJK-MNPQ-RSTV"
    assert receipts.code_hash(code) == receipts.code_hash(" oab1cdefghjkmnpqrstv ".upper())
    assert receipts.code_hash(code) == receipts.code_hash("0ab1-cdef-ghjk-mnpq-rstv")


@pytest.mark.django_db
def test_lookups_compare_in_constant_time_even_for_an_unknown_reference(published_version):
    case = CaseFactory(code=published_version.code)
    with mock.patch(
        "cases.receipts.hmac.compare_digest", wraps=receipts.hmac.compare_digest
    ) as cmp:
        assert selectors.case_by_receipt(reference=case.reference, code=case.receipt_code) == case
        assert selectors.case_by_receipt(reference=case.reference, code="WRONG") is None
        assert selectors.case_by_receipt(reference="NOPE-1-1", code=case.receipt_code) is None
    assert cmp.call_count == 3
