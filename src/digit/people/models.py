import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """A node of the organisation tree: administration → department → unit."""

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", _("Administration")
        DEPARTMENT = "department", _("Department")
        UNIT = "unit", _("Unit")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UNIT)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name

    def ancestors(self) -> list["Unit"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


def unit_subtree_ids(root_ids) -> set[int]:
    """Ids of the given units and all their descendants (the tree is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(unit_id)
    found, stack = set(), list(root_ids)
    while stack:
        unit_id = stack.pop()
        if unit_id in found:
            continue
        found.add(unit_id)
        stack.extend(children.get(unit_id, []))
    return found


def unit_and_ancestor_ids(unit_id: int) -> list[int]:
    """The unit's id and its ancestors' ids, nearest first (one query, however deep)."""
    parent_of = dict(Unit.objects.values_list("id", "parent_id"))
    chain: list[int] = []
    node: int | None = unit_id
    while node is not None and node not in chain:
        chain.append(node)
        node = parent_of.get(node)
    return chain


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")
    NOT_STATED = "not_stated", _("Not stated")


class EducationLevel(models.TextChoices):
    """Highest education as the EU indicators group it (ISCED 2011); blank = unknown."""

    ISCED_1_2 = "isced_1_2", _("Primary or lower secondary (ISCED 1–2)")
    ISCED_3_4 = "isced_3_4", _("Upper secondary or post-secondary (ISCED 3–4)")
    ISCED_5_8 = "isced_5_8", _("Tertiary (ISCED 5–8)")


AGE_BANDS = (
    (None, 29, "–29"),
    (30, 39, "30–39"),
    (40, 49, "40–49"),
    (50, 59, "50–59"),
    (60, None, "60–"),
)


def age_band(birth_year: int | None, on: datetime.date | None = None) -> str:
    """Age band label; the birth year itself is never shown."""
    if birth_year is None:
        return "–"
    age = (on or timezone.localdate()).year - birth_year
    for low, high, label in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age <= high):
            return label
    return "–"


class PersonQuerySet(models.QuerySet):
    def current(self):
        """People present in the latest HR data and not past their employment end."""
        today = timezone.localdate()
        return self.filter(left_on__isnull=True).filter(
            Q(employment_end__isnull=True) | Q(employment_end__gte=today)
        )


class Person(models.Model):
    """An employee as known from HR. Never deleted: leavers are marked with ``left_on``."""

    employee_number = models.CharField(_("employee number"), max_length=40, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), unique=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    is_manager = models.BooleanField(_("manager"), default=False)
    managed_units = models.ManyToManyField(
        Unit, blank=True, related_name="managers", verbose_name=_("managed units")
    )
    gender = models.CharField(
        _("gender"), max_length=20, choices=Gender.choices, default=Gender.NOT_STATED
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    education_level = models.CharField(
        _("education level"), max_length=10, choices=EducationLevel.choices, blank=True
    )
    employment_start = models.DateField(_("employment start"), null=True, blank=True)
    employment_end = models.DateField(_("employment end"), null=True, blank=True)
    hourly_cost = models.DecimalField(
        _("hourly salary cost (SEK)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # The personal identity number, encrypted (people.identity_seal; never plaintext in the
    # database) and its keyed hash for lookups. Only reporting's participant register and the
    # statistics agency's file read it (docs/identity-numbers.md).
    identity_number_sealed = models.TextField(
        _("personal identity number (encrypted)"), blank=True, default="", editable=False
    )
    identity_number_digest = models.CharField(
        _("personal identity number (keyed hash)"),
        max_length=64,
        blank=True,
        default="",
        editable=False,
        db_index=True,
    )
    is_role_model = models.BooleanField(_("Digit role model"), default=False)
    left_on = models.DateField(_("left (missing from HR import) on"), null=True, blank=True)
    # Set when retention or erasure replaced the identity by a pseudonym (digit.privacy).
    pseudonymised_on = models.DateField(_("pseudonymised on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "employee_number"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_cost__isnull=True) | Q(hourly_cost__gte=0),
                name="person_hourly_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(employment_end__isnull=True)
                | Q(employment_start__isnull=True)
                | Q(employment_end__gte=models.F("employment_start")),
                name="person_employment_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["unit", "last_name"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def age_band(self) -> str:
        return age_band(self.birth_year)

    @property
    def is_current(self) -> bool:
        if self.left_on is not None:
            return False
        return self.employment_end is None or self.employment_end >= timezone.localdate()

    def managed_subtree_ids(self) -> set[int]:
        """The units this person manages and every unit below them (access.policy asks this)."""
        return unit_subtree_ids(self.managed_units.values_list("id", flat=True))


class ImportBatch(models.Model):
    """An audit row for every committed import of people or units: who, when, which file."""

    class Kind(models.TextChoices):
        PEOPLE = "people", _("People")
        UNITS = "units", _("Units")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    full = models.BooleanField(
        _("full import"),
        default=True,
        help_text=_("In a full import, people missing from the file are marked as left."),
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    left = models.PositiveIntegerField(_("leaving"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M} {self.filename}"


class PendingImport(models.Model):
    """An uploaded HR file between its preview and the confirmation. Kept in the database, so
    that the confirmation may reach another application server than the upload did; deleted
    when the import is confirmed, refused or replaced, and an hour after the upload at most."""

    token = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    data = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self):
        return f"{self.uploaded_by_id} {self.uploaded_at:%Y-%m-%d %H:%M}"
