"""Audit (issue F): the trail of every record's history, the case ledgers' verification
and checkpoints, the read-access log, exports and the retention of personal data.

Modules, one job each: ``access`` (the read-access log), ``checkpoints`` (heads of the
ledger chains), ``trail`` (selectors over django-simple-history), ``exports``
(streamed CSV / JSON Lines), ``retention`` (anonymisation), ``views``/``urls`` (the
auditor's pages) and ``api``/``api_urls`` (the auditor's API).
"""
