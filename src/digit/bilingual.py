"""Reference data and user content are stored in Swedish and English; show the active one."""

from django.utils.translation import get_language


def in_active_language(swedish: str, english: str) -> str:
    """The English text when English is active, else the Swedish (Swedish is the default)."""
    return english if (get_language() or "sv").startswith("en") else swedish
