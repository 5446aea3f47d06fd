"""Django's own texts (empty choices, form errors) appear in Swedish in the Swedish interface,
even those that Django's Swedish catalog has not caught up with (src/digit/locale)."""

import re
from pathlib import Path

import django
from django.utils import translation

from digit.people.models import Unit

ENTRY = re.compile(r'^msgid "(.*)"\n((?:".*"\n)*)msgstr', re.MULTILINE)


def django_core_messages() -> list[str]:
    """Every plain message of Django's core catalog (no context, no plural), from its source."""
    po = Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po"
    text = po.read_text()
    found = []
    for match in ENTRY.finditer(text):
        start = text.rfind("\n\n", 0, match.start())
        if "msgctxt" in text[start : match.start()]:
            continue
        message = match.group(1) + "".join(re.findall(r'"(.*)"', match.group(2)))
        message = message.encode().decode("unicode_escape").encode("latin-1").decode()
        if message:
            found.append(message)
    return found


def test_every_django_message_has_swedish():
    messages = django_core_messages()
    assert "- Select an option -" in messages and len(messages) > 250
    with translation.override("sv"):
        catalog = translation.trans_real.translation("sv")._catalog
        assert [m for m in messages if m not in catalog] == []


def test_the_empty_choice_of_a_select_reads_swedish():
    from django import forms

    class Form(forms.Form):
        unit = forms.ModelChoiceField(queryset=Unit.objects.none())

    form = Form()
    with translation.override("sv"):
        html = str(form["unit"])
    assert "Välj ett alternativ" in html and "Select an option" not in html
