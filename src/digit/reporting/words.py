"""How reporting names its figures, in the active language."""

from django.utils.translation import gettext_lazy as _

INDICATOR_LABELS = {
    "participants": _("Participants"),
    "CO05": _("CO05 Employed, including self-employed"),
    "CO06": _("CO06 Below 25 years"),
    "CO07": _("CO07 Above 54 years"),
    "age_unknown": _("Age unknown"),
    "CO09": _("CO09 Primary or lower secondary education (ISCED 1–2)"),
    "CO10": _("CO10 Upper secondary or post-secondary education (ISCED 3–4)"),
    "CO11": _("CO11 Tertiary education (ISCED 5–8)"),
    "education_unknown": _("Education unknown"),
    "woman": _("Women"),
    "man": _("Men"),
    "other": _("Other or not stated"),
    "total": _("Total"),
}


def labels() -> dict[str, str]:
    return {key: str(label) for key, label in INDICATOR_LABELS.items()}
