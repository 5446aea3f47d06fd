"""Every PDF Digit makes is an accessible document: tagged PDF/UA-1 with its language, title,
headings, real tables and figures with alternative text (read back with pikepdf)."""

import io

import pikepdf
import pytest
from django.urls import resolve, reverse
from django_ox.testing import run_tasks

from digit.pdf import render_accessible_pdf
from tests.assessments.conftest import baseline_and_follow_up, submit_answers
from tests.factories import PASSWORD, make_person

PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
    "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every element of the structure tree, depth first."""
    found: list[pikepdf.Dictionary] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def accessibility_facts(data: bytes) -> dict:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        elements = structure(pdf)
        with pdf.open_metadata() as metadata:
            ua_part = metadata.get("pdfuaid:part")
        return {
            "tagged": bool(pdf.Root.MarkInfo.Marked),
            "language": str(pdf.Root.Lang),
            "title": str(pdf.docinfo.get("/Title", "")),
            "shows_title": bool(pdf.Root.ViewerPreferences.DisplayDocTitle),
            "ua_part": ua_part,
            "tags": {str(element.S) for element in elements},
            "figures_without_alt": [
                element for element in elements if element.S == "/Figure" and "/Alt" not in element
            ],
            "figure_alts": [str(e.Alt) for e in elements if e.S == "/Figure" and "/Alt" in e],
        }


def test_a_page_becomes_a_tagged_pdf_ua_document():
    html = f"""<!doctype html><html lang="sv"><head><meta charset="utf-8">
    <title>Kompetensprofil – Test</title></head><body>
    <h1>Kompetensprofil</h1><p>Text.</p><h2>Tabell</h2>
    <table><caption>Områden</caption><thead><tr><th scope="col">Område</th>
    <th scope="col">Poäng</th></tr></thead><tbody><tr><th scope="row">Information</th>
    <td>62</td></tr></tbody></table>
    <img src="{PIXEL}" alt="Kompetenshjulet: en stapel per kompetens."></body></html>"""
    facts = accessibility_facts(render_accessible_pdf(html))
    assert facts["tagged"] and facts["shows_title"]
    assert facts["language"] == "sv"
    assert facts["title"] == "Kompetensprofil – Test"
    assert facts["ua_part"] == "1"
    assert {"/H1", "/H2", "/P", "/Table", "/TH", "/TD", "/Figure"} <= facts["tags"]
    assert facts["figure_alts"] == ["Kompetenshjulet: en stapel per kompetens."]


@pytest.mark.django_db
def test_the_profile_pdf_is_tagged_with_language_title_tables_and_the_wheels_text(
    client, organisation
):
    person = organisation["employee_a"]
    people = [person] + [make_person(organisation["branch_a"]) for _ in range(5)]
    _baseline, follow_up = baseline_and_follow_up(people)
    submit_answers(follow_up, person, lambda item: 3)
    client.login(email=person.email, password=PASSWORD)
    page = client.post(reverse("assessments:my_profile_pdf"))["Location"]
    run_tasks()  # the worker builds the PDF
    pk = resolve(page).kwargs["pk"]
    pdf = client.get(reverse("web:prepared_file_download", args=[pk])).content
    facts = accessibility_facts(pdf)
    assert facts["tagged"] and facts["language"] == "sv" and facts["ua_part"] == "1"
    assert facts["title"] == f"Kompetensprofil – {person.full_name}"
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"} <= facts["tags"]
    assert not facts["figures_without_alt"]
    assert any("Kompetenshjul" in alt for alt in facts["figure_alts"])
