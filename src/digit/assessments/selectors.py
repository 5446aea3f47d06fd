"""Scoped reads of the assessments app."""

from digit.access.policy import may_manage_programme
from digit.assessments.models import Wave
from digit.people.models import Person
from digit.people.selectors import visible_people


def people_with_visible_profiles(user):
    """Whose individual competence profile the user may open: programme staff see everyone
    they may see; managers and auditors never see individual profiles (a person sees their
    own through their own page, not through this selector)."""
    if may_manage_programme(user):
        return visible_people(user)
    return Person.objects.none()


def manageable_waves(user):
    """Waves the user may create, open and remind: programme staff only."""
    if may_manage_programme(user):
        return Wave.objects.select_related("programme", "instrument")
    return Wave.objects.none()
