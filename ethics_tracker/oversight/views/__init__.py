"""The oversight pages, one module per area: ``dashboard`` (the figures), ``downloads``
(each table as CSV) and ``reports`` (the annual ethics report, HTML and PDF)."""
