"""The evidence package of a submitted claim: one ZIP with what an auditor asks for.

- ``claim.pdf`` and ``claim.xlsx``: the claim as submitted (its snapshot and SHA-256);
- ``certificates/…pdf``: every time certificate the claim relies on, one PDF each (PDF/UA);
- ``staff-time.xlsx``: the staff time reports it claims; ``ledger.xlsx``: its ledger rows;
- ``snapshot.json`` and ``SHA256SUMS``: the frozen snapshot and a checksum of every file.

The certificates are laid out once as one document and written out certificate by
certificate (WeasyPrint's ``Document.copy``): the layout, the slow part, is not repeated.
"""

import hashlib
import io
import json
import tempfile
import zipfile
from collections import defaultdict

from django.template.loader import render_to_string
from django.utils import translation

from digit.exporter import write_xlsx
from digit.finance.money import kronor
from digit.funding.models import CostEntry, PaymentClaim, StaffTimeReport, TimeCertificate

BATCH = 100  # certificates laid out per document (memory stays flat)


def evidence_zip(claim: PaymentClaim):
    """A spooled temporary file holding the ZIP, positioned at its start."""
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    sums: list[str] = []
    with translation.override("sv"), zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, data: bytes) -> None:
            archive.writestr(name, data)
            sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}")

        snapshot = json.dumps(claim.snapshot, sort_keys=True, indent=2, ensure_ascii=False)
        add("snapshot.json", snapshot.encode())
        add("claim.pdf", _claim_pdf(claim))
        add("claim.xlsx", _xlsx("Claim", ["item", "SEK"], _claim_rows(claim)))
        for name, data in certificate_pdfs(claim):
            add(f"certificates/{name}", data)
        add("staff-time.xlsx", _xlsx(*_staff_table(claim)))
        add("ledger.xlsx", _xlsx(*_ledger_table(claim)))
        archive.writestr("SHA256SUMS", "\n".join(sums) + "\n")
    spool.seek(0)
    return spool


def _xlsx(title, header, rows) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, title, header, rows)
    return buffer.getvalue()


def _claim_rows(claim):
    snapshot = claim.snapshot
    yield ("period", f"{snapshot['period'][1]} – {snapshot['period'][2]}")
    for category, amount in sorted(snapshot["costs_ore"].items()):
        yield (f"cost: {category}", float(kronor(amount)))
    yield ("eligible costs", float(kronor(snapshot["eligible_ore"])))
    for source, amount in sorted(snapshot["sources_ore"].items()):
        yield (f"financing: {source}", float(kronor(amount)))
    yield ("certificates", snapshot["certificates"])
    yield ("snapshot SHA-256", claim.snapshot_sha256)


def _staff_table(claim):
    header = ["employee_number", "month", "hours", "wage_group", "rate_SEK", "value_SEK", "work"]
    rows = (
        (
            r.person.employee_number, r.month.strftime("%Y-%m"), r.minutes / 60, r.wage_group,
            float(kronor(r.hourly_rate_ore)), float(kronor(r.value_ore)), r.work,
        )
        for r in StaffTimeReport.objects.filter(claim=claim).select_related("person")
    )  # fmt: skip
    return "Staff time", header, rows


def _ledger_table(claim):
    header = ["voucher", "booked_on", "category", "description", "amount_SEK"]
    rows = (
        (e.voucher, e.booked_on.isoformat(), e.category, e.description, float(kronor(e.amount_ore)))
        for e in CostEntry.objects.filter(claim=claim)
    )
    return "Ledger", header, rows


def _pdf_of(html: str):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))


def _claim_pdf(claim) -> bytes:
    html = render_to_string("funding/claim_pdf.html", {"claim": claim, "s": claim.snapshot})
    return _pdf_of(html).write_pdf(pdf_variant="pdf/ua-1")


def certificate_pdfs(claim):
    """(file name, PDF) of every certificate the claim relies on, laid out in batches."""
    ids = list(claim.links.order_by("certificate_id").values_list("certificate_id", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = list(
            TimeCertificate.objects.filter(pk__in=ids[start : start + BATCH])
            .select_related("person", "programme", "signed_by", "attested_by")
            .order_by("pk")
        )
        html = render_to_string(
            "funding/certificate_pdf.html",
            {"certificates": batch, "single": True, "anchored": True},
        )
        document = _pdf_of(html).render()
        pages = defaultdict(list)
        current = None
        for page in document.pages:
            starts = [name for name in page.anchors if name.startswith("certificate-")]
            if starts:
                current = int(starts[0].removeprefix("certificate-"))
            pages[current].append(page)
        for certificate in batch:
            name = (
                f"{certificate.month:%Y-%m}-{certificate.person.employee_number}"
                f"-v{certificate.version}.pdf"
            )
            yield name, document.copy(pages[certificate.pk]).write_pdf(pdf_variant="pdf/ua-1")
