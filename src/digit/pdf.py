"""Accessible PDF documents: every PDF Digit makes is tagged PDF/UA-1.

A public body's documents fall under the same accessibility law as its pages. WeasyPrint
writes the structure tree (headings, paragraphs, lists, real tables, figures with their
``alt`` text), the document language from ``<html lang>`` and the title from ``<title>``
(shown by viewers instead of the file name) when asked for the PDF/UA-1 variant. The HTML
handed in must therefore have a ``lang``, a ``<title>``, headings in order, an ``alt`` on
every image and tables with header cells, as a web page must.

WeasyPrint may fetch only ``data:`` URLs (an embedded chart): no network, no files.
"""

from weasyprint import HTML
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/ua-1"


def render_accessible_pdf(html: str) -> bytes:
    """The PDF/UA-1 document (tagged, with language and title) for a complete HTML page."""
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
