"""Instrument pages: staff edit, auditors read, frozen versions never change."""

import pytest
from django.urls import reverse

from digit.assessments.instruments import freeze_instrument, get_default_instrument
from digit.assessments.models import Instrument, Item
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def default():
    return get_default_instrument()


def signed_in(client, user):
    client.force_login(user)
    return client


def test_staff_see_the_list_and_the_items(client, staff, default):
    signed_in(client, staff)
    page = client.get(reverse("assessments:instrument_list"))
    assert page.status_code == 200
    assert default.name in page.text
    detail = client.get(reverse("assessments:instrument_detail", args=[default.pk]))
    assert "1.1-K" in detail.text and "P8" in detail.text


def test_auditor_reads_but_cannot_edit(client, auditor, default):
    signed_in(client, auditor)
    assert (
        client.get(reverse("assessments:instrument_detail", args=[default.pk])).status_code == 200
    )
    assert client.get(reverse("assessments:item_create", args=[default.pk])).status_code == 403
    response = client.post(reverse("assessments:instrument_edit", args=[default.pk]))
    assert response.status_code == 403


def test_employees_and_managers_have_no_access(client, organisation, default):
    signed_in(client, organisation["library_manager"].user)
    assert client.get(reverse("assessments:instrument_list")).status_code == 403
    signed_in(client, make_person().user)
    url = reverse("assessments:instrument_export", args=[default.pk, "csv"])
    assert client.get(url).status_code == 403


def test_unknown_instrument_or_item_is_404(client, staff, default):
    signed_in(client, staff)
    assert client.get(reverse("assessments:instrument_detail", args=[99999])).status_code == 404
    url = reverse("assessments:item_edit", args=[default.pk, 99999])
    assert client.get(url).status_code == 404
    assert client.get(f"/assessments/instruments/{default.pk}/export.xlsx").status_code == 404


def test_staff_edit_an_item_of_an_unfrozen_instrument(client, staff, default):
    signed_in(client, staff)
    item = default.items.get(key="1.1-K")
    response = client.post(
        reverse("assessments:item_edit", args=[default.pk, item.pk]),
        {
            "key": "1.1-K",
            "kind": "knowledge",
            "competence": item.competence_id,
            "text_sv": "Ny text",
            "text_en": "New text",
            "order": 5,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.text_sv, item.text_en, item.order) == ("Ny text", "New text", 5)


def test_add_and_remove_an_item(client, staff, default):
    signed_in(client, staff)
    count = default.items.count()
    response = client.post(
        reverse("assessments:item_create", args=[default.pk]),
        {"key": "P9", "kind": "practice", "domain": "produce", "text_sv": "s", "text_en": "e"},
    )
    assert response.status_code == 302
    assert default.items.count() == count + 1
    added = default.items.get(key="P9")
    client.post(reverse("assessments:item_delete", args=[default.pk, added.pk]))
    assert default.items.count() == count


def test_kind_rules_and_duplicate_keys_are_form_errors(client, staff, default):
    signed_in(client, staff)
    url = reverse("assessments:item_create", args=[default.pk])
    practice_with_competence = client.post(
        url,
        {
            "key": "Z",
            "kind": "practice",
            "competence": default.items.first().competence_id,
            "text_sv": "s",
            "text_en": "e",
            "order": 1,
        },
    )
    assert practice_with_competence.status_code == 200
    assert "error-summary" in practice_with_competence.text
    duplicate = client.post(
        url,
        {
            "key": "1.1-K",
            "kind": "skill",
            "competence": default.items.first().competence_id,
            "text_sv": "s",
            "text_en": "e",
            "order": 1,
        },
    )
    assert duplicate.status_code == 200
    assert default.items.filter(key="1.1-K").count() == 1


def test_a_frozen_instrument_cannot_be_edited(client, staff, default):
    freeze_instrument(default)
    signed_in(client, staff)
    item = default.items.get(key="2.1-S")
    edit = reverse("assessments:item_edit", args=[default.pk, item.pk])
    response = client.post(
        edit,
        {
            "key": "2.1-S",
            "kind": "skill",
            "competence": item.competence_id,
            "text_sv": "ändrad",
            "text_en": "changed",
            "order": 1,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text_en != "changed"
    client.post(reverse("assessments:item_delete", args=[default.pk, item.pk]))
    assert default.items.filter(pk=item.pk).exists()


def test_editing_a_frozen_instrument_makes_a_new_version_with_the_same_keys(client, staff, default):
    freeze_instrument(default)
    signed_in(client, staff)
    response = client.post(reverse("assessments:instrument_edit", args=[default.pk]))
    new = Instrument.objects.get(name=default.name, version=default.version + 1)
    assert response.url == reverse("assessments:instrument_detail", args=[new.pk])
    assert new.previous_version == default and not new.is_frozen
    assert set(new.items.values_list("key", flat=True)) == set(
        default.items.values_list("key", flat=True)
    )
    # Asking again goes to the same open version instead of making another one.
    client.post(reverse("assessments:instrument_edit", args=[default.pk]))
    assert Instrument.objects.filter(name=default.name).count() == 2


def test_export_downloads_are_attachments(client, auditor, default):
    signed_in(client, auditor)
    response = client.get(reverse("assessments:instrument_export", args=[default.pk, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="digit-digcomp-22-v1.csv"'
    assert response.content.decode().startswith("key,kind,competence")  # UTF-8, no BOM
    json_response = client.get(reverse("assessments:instrument_export", args=[default.pk, "json"]))
    assert json_response.json()["items"][0]["key"] == "1.1-K"


def test_import_page_creates_an_instrument_or_lists_the_problems(client, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signed_in(client, staff)
    url = reverse("assessments:instrument_import")
    good = SimpleUploadedFile(
        "bank.csv",
        b"key,kind,competence,domain,text_sv,text_en,order\r\nA,skill,1.1,,sv,en,1\r\n",
    )
    response = client.post(url, {"file": good, "name": "From file"})
    instrument = Instrument.objects.get(name="From file")
    assert response.url == reverse("assessments:instrument_detail", args=[instrument.pk])
    bad = SimpleUploadedFile(
        "bank.csv",
        b"key,kind,competence,domain,text_sv,text_en,order\r\nA,skill,8.8,,sv,en,1\r\n",
    )
    response = client.post(url, {"file": bad, "name": "Broken"})
    assert response.status_code == 200 and "8.8" in response.text
    assert not Instrument.objects.filter(name="Broken").exists()
    wrong_type = SimpleUploadedFile("bank.xlsx", b"x")
    assert client.post(url, {"file": wrong_type}).status_code == 200


def test_freeze_instrument_is_idempotent(default):
    freeze_instrument(default)
    first = Instrument.objects.get(pk=default.pk).frozen_at
    freeze_instrument(Instrument.objects.get(pk=default.pk))
    assert Instrument.objects.get(pk=default.pk).frozen_at == first
    assert Item.objects.filter(instrument=default).exists()
