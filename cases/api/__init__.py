"""The cases API, one module per audience: ``complaints`` (filing, the secretariat),
``complainant`` (the follow-up with the receipt code) and ``committee`` (the cases
and their workflow); ``serializers`` holds the answers several share, ``common`` the
parsers, limits and list filters. ``cases.api_urls`` imports the modules themselves."""
