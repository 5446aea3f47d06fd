"""Downloads: the same suppressed figures as the page, safe against formula injection."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from digit.exporter import safe_filename
from digit.exporter import safe_value as safe_text
from digit.goals.exports import read_csv_text
from digit.goals.figures import INCREASED
from digit.goals.indicators import compute_figures
from tests.goals import scenario


@pytest.fixture
def city(db):
    return scenario.build()


def body(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def export_url(city, table, fmt):
    return reverse(
        "goals:export", kwargs={"slug": city["programme"].slug, "table": table, "fmt": fmt}
    )


def test_breakdown_csv_hides_the_same_groups_as_the_page(client, city, staff):
    client.force_login(staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(export_url(city, "increased-gender", "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{city["programme"].slug}-increased-gender.csv"'
    )
    rows = read_csv_text(body(response))
    by_label = {row[0]: row for row in rows[1:]}
    hidden = {label for label, row in by_label.items() if ".." in row}
    assert hidden == {"Man", "Other"}
    woman = by_label["Woman"]
    assert woman[1:3] == ["23", "16"]


def test_headline_csv_carries_definition_and_inputs(client, city, auditor):
    client.force_login(auditor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    rows = read_csv_text(body(client.get(export_url(city, "indicators", "csv"))))
    header, increased = rows[0], rows[1]
    assert header[:4] == ["Goal", "Target", "Numerator", "Denominator"]
    assert increased[2:5] == ["21", "34", "61.8"]
    assert "Jacobson" in increased[-1] and "fewer than 5 people" in increased[-1]


@pytest.mark.parametrize(
    ("page", "table"),
    [
        ("unit", "increased-unit"),
        ("programme", "increased-unit"),
        ("programme", "participation-unit"),
    ],
)
def test_xlsx_export_has_no_formula_cells(client, city, staff, page, table):
    # A unit name that a spreadsheet would run as a formula: U1 in the table of D1's units,
    # D1 itself in the programme's tables of departments.
    if page == "unit":
        unit = city["units"]["U1"]
        kwargs = {"slug": city["programme"].slug, "unit_id": city["d1"].pk}
        url = reverse("goals:export_unit", kwargs={**kwargs, "table": table, "fmt": "xlsx"})
    else:
        unit = city["d1"]
        url = export_url(city, table, "xlsx")
    unit.name = '=HYPERLINK("http://evil.example","x")'
    unit.save()
    client.force_login(staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{table}.xlsx"')
    workbook = load_workbook(io.BytesIO(body(response)))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    names = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert '\'=HYPERLINK("http://evil.example","x")' in names


def test_person_export_streams_pseudonymous_rows(client, city, staff):
    client.force_login(staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(
        reverse("goals:export_people", kwargs={"slug": city["programme"].slug, "fmt": "csv"})
    )
    assert response.streaming
    rows = read_csv_text(body(response))
    header, data = rows[0], rows[1:]
    assert header[0] == "Pseudonym" and "Verdict" in header
    assert len(data) == 34
    text = body(
        client.get(
            reverse("goals:export_people", kwargs={"slug": city["programme"].slug, "fmt": "csv"})
        )
    ).decode()
    for person in city["people"]["U1"]:
        assert person.last_name not in text and person.email not in text
    verdicts = [row[header.index("Verdict")] for row in data]
    assert verdicts.count("increased") == 21
    xlsx = client.get(
        reverse("goals:export_people", kwargs={"slug": city["programme"].slug, "fmt": "xlsx"})
    )
    sheet = load_workbook(io.BytesIO(body(xlsx))).active
    assert sheet.max_row == 35
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_safe_text_and_filename():
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_text(dangerous).startswith("'")
    assert safe_text("Bibliotek") == "Bibliotek"
    assert safe_filename('a"b\r\nc/../d.csv') == "a-b-c-..-d.csv"


def test_unknown_table_or_format_is_404(client, city, staff):
    client.force_login(staff)
    assert client.get(export_url(city, "nope", "csv")).status_code == 404
    assert client.get(export_url(city, "indicators", "pdf")).status_code == 404


def test_an_auditor_can_recompute_the_headline_from_the_exported_inputs(client, city, auditor):
    from digit.stats.proportions import wilson_interval

    client.force_login(auditor)
    rows = read_csv_text(body(client.get(export_url(city, "indicators", "csv"))))
    numerator, denominator = int(rows[1][2]), int(rows[1][3])
    low, high = wilson_interval(numerator, denominator)
    assert float(rows[1][5]) == round(low * 100, 1)
    assert float(rows[1][6]) == round(high * 100, 1)
    figures = compute_figures(city["programme"])
    assert figures.indicators[INCREASED].total.n == denominator
