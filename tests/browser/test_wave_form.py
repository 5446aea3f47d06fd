"""The wave form's unit tree in Chromium, by keyboard: a whole department at once, the units
below it shown as included, and a wave whose scope is that department."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from digit.access.roles import Role
from digit.assessments.models import Wave
from tests.assessments.conftest import ensure_reference_data, make_instrument, programme_covering
from tests.factories import PASSWORD, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_invite_a_whole_department_by_keyboard(
    new_page, sign_in, organisation, assert_accessible
):
    ensure_reference_data()
    instrument = make_instrument("Tree instrument")
    staff = make_account(Role.PROGRAMME_STAFF)
    today = timezone.localdate()
    programme_covering(today, today + datetime.timedelta(days=14))
    page = new_page()
    sign_in(page, staff.email, PASSWORD)
    page.goto("/assessments/waves/new/")
    library = page.get_by_role("checkbox", name=re.compile(r"^Biblioteket \(3 personer\)"))
    branch = page.get_by_role("checkbox", name=re.compile(r"^Filial A \(1 person\)"))
    museum = page.get_by_role("checkbox", name=re.compile(r"^Museet"))
    expect(page.get_by_role("group", name="Enheter som ingår")).to_be_visible()

    library.focus()
    page.keyboard.press("Space")
    expect(library).to_be_checked()
    expect(branch).to_be_checked()
    expect(branch).to_be_disabled()  # included by the department
    expect(museum).not_to_be_checked()
    expect(museum).to_be_enabled()
    assert_accessible(page)
    page.keyboard.press("Space")
    expect(branch).not_to_be_checked()
    expect(branch).to_be_enabled()
    page.keyboard.press("Space")

    page.get_by_label("Program").select_option(index=1)
    page.get_by_label("Namn").fill("Biblioteket våren")
    page.get_by_label("Instrument").select_option(label=str(instrument))
    page.get_by_label("Öppnar").fill(today.isoformat())
    page.get_by_label("Stänger").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Skapa mätning").click()
    expect(page.get_by_text("3 personer ingår just nu")).to_be_visible()
    wave = Wave.objects.get(name="Biblioteket våren")
    assert list(wave.scope.all()) == [organisation["library"]]
