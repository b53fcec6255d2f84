"""Remembering, in the visitor's session, which cases they proved a receipt code for.

Only case ids and the time of the last visit are kept (never the code), and a
case is forgotten after ``CASES_FOLLOW_UP_IDLE_SECONDS`` without a visit, or
when the visitor leaves it.
"""

import time

from django.conf import settings

from .principals import ReceiptHolder

SESSION_KEY = "cases_followed"


def remember(request, case) -> None:
    followed = dict(request.session.get(SESSION_KEY, {}))
    followed[str(case.pk)] = time.time()
    request.session[SESSION_KEY] = followed


def holder_for(request, case) -> ReceiptHolder | None:
    """The visitor as the case's complainant, if they proved its code recently."""
    if case is None:
        return None
    followed = request.session.get(SESSION_KEY, {})
    seen = followed.get(str(case.pk))
    if seen is None:
        return None
    if time.time() - seen > settings.CASES_FOLLOW_UP_IDLE_SECONDS:
        forget(request, case)
        return None
    remember(request, case)  # sliding: each visit extends the time
    return ReceiptHolder(case_id=case.pk)


def forget(request, case) -> None:
    followed = dict(request.session.get(SESSION_KEY, {}))
    if followed.pop(str(case.pk), None) is not None:
        request.session[SESSION_KEY] = followed
