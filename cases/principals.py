"""Who is acting when nobody is logged in: the holder of a case's receipt code.

A complainant has no account. Once they prove a case's reference and receipt
code, views and the API act on their behalf with a ``ReceiptHolder`` for that
case; the policy rules in ``ethics_tracker.policy.cases`` recognise it. It has no
roles (``is_authenticated`` is False), so it can never pass a staff rule.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ReceiptHolder:
    case_id: int

    is_authenticated = False
    is_active = False
    is_staff = False
    is_superuser = False
    pk = None

    def has_perm(self, perm, obj=None) -> bool:
        return False
