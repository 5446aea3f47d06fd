"""Writes to competence frameworks: an organisation adds its own competences."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from digit.competences.models import Area, Competence


@transaction.atomic
def add_custom_competence(
    *, area: Area, code: str, title_sv: str, title_en: str, description_sv="", description_en=""
) -> Competence:
    """A competence of the organisation's own (``is_custom``), placed last in its area.
    The code must be new within the framework, so that it cannot be mistaken for a
    published one."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    if Competence.objects.filter(area__framework_id=area.framework_id, code=code).exists():
        raise ValidationError(
            {"code": _("This framework already has a competence with this code.")}
        )
    last = Competence.objects.filter(area__framework_id=area.framework_id).aggregate(
        n=Max("order")
    )["n"]
    competence = Competence(
        area=area,
        code=code,
        title_sv=title_sv,
        title_en=title_en,
        description_sv=description_sv,
        description_en=description_en,
        order=(last or 0) + 1,
        is_custom=True,
    )
    competence.full_clean()
    competence.save()
    return competence
