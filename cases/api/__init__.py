"""The cases API, one module per audience: ``complaints`` (filing, the secretariat),
``members`` (the public member lookup of the complaint form), ``complainant`` (the
follow-up with the receipt code), ``committee`` (the cases and their workflow, with
``case_actions``: mediation consent, internal notes, identity disclosure),
``memberships`` (who sits on the committee) and ``secretariat`` (registering a paper
complaint); ``serializers`` holds the answers several share, ``common`` the parsers,
limits and list filters. ``cases.api_urls`` imports the modules themselves."""
