"""HTML pages of the cases app, one module per audience: ``public`` (filing, the
follow-up with the receipt code, the workflow diagram, evidence downloads),
``secretariat``, ``committee`` and ``respondent``; ``common`` holds what several
share. Views parse input, call a service or a selector, and render; ``urls`` imports
the modules themselves."""
