"""Answer scales, defined once: every form, score and export reads them from here.

Knowledge, skill and attitude items use 4-option scales scored 0–3 whose wording follows the
DigCompSAT pattern (JRC 2020, CC BY 4.0; English adapted, Swedish written by the Digit
project). Work-practice items use a 5-point frequency scale scored 0–4 (OECD PIAAC wording).
"""

from dataclasses import dataclass

from digit.bilingual import in_active_language


@dataclass(frozen=True)
class Option:
    value: int
    label_sv: str
    label_en: str

    @property
    def label(self) -> str:
        return in_active_language(self.label_sv, self.label_en)


KNOWLEDGE = (
    Option(0, "Jag känner inte till detta / har aldrig hört talas om det",
           "I have no knowledge of this / I have never heard of it"),
    Option(1, "Jag förstår detta bara delvis och behöver mer förklaring",
           "I have only a limited understanding of this and need more explanation"),
    Option(2, "Jag har god förståelse för detta", "I have a good understanding of this"),
    Option(3, "Jag behärskar detta helt och kan förklara det för andra",
           "I fully master this and could explain it to others"),
)  # fmt: skip

SKILL = (
    Option(0, "Jag vet inte hur man gör", "I don't know how to do it"),
    Option(1, "Jag kan göra det med hjälp", "I can do it with help"),
    Option(2, "Jag kan göra det på egen hand", "I can do it on my own"),
    Option(3, "Jag gör det med säkerhet och kan vid behov stödja eller vägleda andra",
           "I can do it with confidence and, if needed, support or guide others"),
)  # fmt: skip

ATTITUDE = (
    Option(0, "Inte alls", "Not at all"),
    Option(1, "Inte särskilt / mycket lite", "Not much / very little"),
    Option(2, "Ja", "Yes"),
    Option(3, "Ja, i hög grad", "Very much"),
)

FREQUENCY = (
    Option(0, "Aldrig", "Never"),
    Option(1, "Mer sällan än en gång i månaden", "Less than once a month"),
    Option(2, "Minst en gång i månaden men inte varje vecka",
           "At least once a month but not every week"),
    Option(3, "Minst en gång i veckan men inte varje dag",
           "At least once a week but not every day"),
    Option(4, "Varje dag", "Every day"),
)  # fmt: skip

# Item.Kind value → its scale.
SCALES: dict[str, tuple[Option, ...]] = {
    "knowledge": KNOWLEDGE,
    "skill": SKILL,
    "attitude": ATTITUDE,
    "practice": FREQUENCY,
}

# The lead-in shown above the work-practice items.
PRACTICE_STEM_SV = "Under de senaste tre månaderna, hur ofta har du i ditt arbete …"
PRACTICE_STEM_EN = "In the last three months, how often in your work have you …"


def options_for(kind: str) -> tuple[Option, ...]:
    """The answer options of an item kind, in score order."""
    return SCALES[kind]


def maximum_for(kind: str) -> int:
    """The highest score of an item kind (3 for competence items, 4 for practices)."""
    return SCALES[kind][-1].value


def practice_stem() -> str:
    return in_active_language(PRACTICE_STEM_SV, PRACTICE_STEM_EN)
