"""The annual report as a PDF, drawn by WeasyPrint from the same body as the page.

WeasyPrint needs Debian's pango (``.ci/run`` installs it); it is imported only here and
only when a PDF is asked for, so a machine without pango serves every other page and
the PDF's address answers 503 (``PdfUnavailable``). Its text is set in DejaVu Sans
(fonts-dejavu-core), which WeasyPrint embeds, so Cyrillic reads the same everywhere.

WeasyPrint fetches nothing from the network: the stylesheets are read from the static
files, and any other address in the document is refused.
"""

from django.contrib.staticfiles import finders

# The page's own chart colours, then the report's stylesheet and the PDF's page rules.
STYLESHEETS = ["css/charts.css", "css/report.css", "css/report-pdf.css"]


class PdfUnavailable(Exception):
    """WeasyPrint (or the system libraries it draws with) is not installed here."""


def file_name(year: int) -> str:
    return f"ethics-report-{year}.pdf"


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: pango or cairo missing
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def _no_fetching(url, *args, **kwargs):
    raise ValueError(f"The report's PDF loads nothing from outside ({url})")


def stylesheet_paths() -> list[str]:
    paths = [finders.find(name) for name in STYLESHEETS]
    missing = [name for name, path in zip(STYLESHEETS, paths, strict=True) if path is None]
    if missing:
        raise FileNotFoundError(f"static files missing: {', '.join(missing)}")
    return paths


def render_pdf(html: str) -> bytes:
    """The PDF of ``html`` (a whole document) with the report's stylesheets."""
    weasyprint = _weasyprint()
    styles = [weasyprint.CSS(filename=path) for path in stylesheet_paths()]
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetching)
    return document.write_pdf(stylesheets=styles)
