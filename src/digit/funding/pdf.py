"""Time certificates as accessible PDF (PDF/UA-1: tagged, with language and title), in
Swedish with English beside it: one per participant and month, and a month's compilation.
WeasyPrint reads nothing but the HTML it is given (no network, no files)."""

from django.template.loader import render_to_string


def _pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")


def certificate_pdf(certificate, *, request=None) -> bytes:
    html = render_to_string(
        "funding/certificate_pdf.html", {"certificates": [certificate], "single": True}
    )
    return _pdf(html)


def compilation_pdf(programme, month, certificates, *, request=None) -> bytes:
    html = render_to_string(
        "funding/certificate_pdf.html",
        {"certificates": certificates, "programme": programme, "month": month, "single": False},
    )
    return _pdf(html)
