"""Synthetic culture administration: units and employees shaped like Kulturförvaltningen.

Plain Python, deterministic for a seed: the same (employees, seed) always gives the same files.
Proportions follow ../shared/reference/organisation.md: department shares of staff, about 40
branch libraries in districts, ~65 % women / 33 % men / 2 % other or not stated, ages 20–67,
one manager per unit (about 1 in 12 employees), hourly salary cost 250–450 SEK.
The files use the importer's Swedish headers (docs/import.md), so the demo and the benchmark
go through the real import path.
"""

import csv
import datetime
import math
import random
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT_CODE = "KUL"
ROOT_NAME = "Kulturförvaltningen"
EMAIL_DOMAIN = "kultur.example.se"
REFERENCE_DATE = datetime.date(2019, 9, 2)  # the seed programme's start: ages are true then
# (the demo passes the start of the programme as it placed it: digit.demo.plan)
MEAN_UNIT_SIZE = 12
MIN_EMPLOYEES = 100  # with one manager per unit this gives about 1 manager in 12

LIBRARY_DISTRICTS = {
    "Innerstaden": [
        "Kungsholmens bibliotek",
        "Östermalms bibliotek",
        "Medborgarplatsens bibliotek",
        "Hornstulls bibliotek",
        "Odenplans bibliotek",
        "Sofia bibliotek",
        "Stadsdelsbibliotek Norrmalm",
        "Hammarby sjöstads bibliotek",
        "Biblioteket i Kulturhuset",
        "Liljeholmens bibliotek",
    ],
    "Söderort": [
        "Farsta bibliotek",
        "Högdalens bibliotek",
        "Hökarängens bibliotek",
        "Bagarmossens bibliotek",
        "Skarpnäcks bibliotek",
        "Rågsveds bibliotek",
        "Hagsätra bibliotek",
        "Enskede bibliotek",
        "Årsta bibliotek",
        "Sköndals bibliotek",
        "Älvsjö bibliotek",
    ],
    "Sydväst": [
        "Aspuddens bibliotek",
        "Bredängs bibliotek",
        "Fruängens bibliotek",
        "Gröndals bibliotek",
        "Hägerstensåsens bibliotek",
        "Skärholmens bibliotek",
        "Vårbergs bibliotek",
        "Västertorps bibliotek",
    ],
    "Västerort": [
        "Vällingby bibliotek",
        "Hässelby bibliotek",
        "Spånga bibliotek",
        "Tensta bibliotek",
        "Rinkeby bibliotek",
        "Husby bibliotek",
        "Kista bibliotek",
        "Akalla bibliotek",
        "Bromma bibliotek",
        "Blackebergs bibliotek",
        "Åkeshovs bibliotek",
    ],
}

# (code, name, share of staff, [(unit name, relative size), …]); the library is built apart.
DEPARTMENTS = [
    ("SSB", "Stockholms stadsbibliotek", 0.45, None),
    (
        "KS",
        "Kulturskolan Stockholm",
        0.25,
        [
            ("Område city", 1.0),
            ("Område söder", 1.0),
            ("Område väst", 1.0),
            ("Område norr", 1.0),
            ("Område sydost", 1.0),
            ("Område sydväst", 1.0),
            ("Ämneslag musik", 1.4),
            ("Ämneslag dans", 0.8),
            ("Ämneslag teater", 0.7),
            ("Ämneslag bild och form", 0.6),
            ("Ämneslag film och media", 0.5),
            ("Särskilda verksamheter", 0.6),
        ],
    ),
    (
        "SM",
        "Stadsmuseet i Stockholm",
        0.08,
        [
            ("Utställningar", 1.2),
            ("Samlingar", 1.0),
            ("Kulturmiljö", 1.0),
            ("Publik verksamhet", 1.0),
            ("Fotoarkivet", 0.6),
        ],
    ),
    ("MM", "Medeltidsmuseet", 0.02, []),
    (
        "SA",
        "Stadsarkivet",
        0.07,
        [
            ("Arkivservice", 1.2),
            ("Digitala arkivet", 1.0),
            ("Forskarsalen", 0.8),
            ("Arkivbildning och rådgivning", 0.8),
        ],
    ),
    ("LV", "Liljevalchs konsthall", 0.02, []),
    ("SK", "Stockholm konst", 0.01, []),
    (
        "KSA",
        "Kulturstrategiska avdelningen",
        0.04,
        [
            ("Kulturstöd", 1.0),
            ("Analys och utveckling", 0.8),
            ("Evenemang", 1.0),
        ],
    ),
    (
        "STAB",
        "Stab / administrativa avdelningen",
        0.06,
        [
            ("HR", 1.0),
            ("Ekonomi", 1.0),
            ("IT", 1.2),
            ("Kommunikation", 0.9),
            ("Lokaler", 0.7),
        ],
    ),
]
LIBRARY_CENTRAL = [
    ("Stadsbiblioteket Sveavägen", 4.0),
    ("Mobila bibliotek", 0.8),
    ("Media och digitala tjänster", 1.5),
    ("Barn och unga", 0.8),
]

WOMEN = [
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Christina",
    "Lena",
    "Emma",
    "Kerstin",
    "Sofia",
    "Ingrid",
    "Marie",
    "Malin",
    "Jenny",
    "Hanna",
    "Linda",
    "Annika",
    "Susanne",
    "Elin",
    "Ida",
    "Johanna",
    "Margareta",
    "Åsa",
    "Helena",
    "Camilla",
    "Ulrika",
    "Birgitta",
    "Elisabeth",
    "Cecilia",
    "Frida",
    "Julia",
    "Matilda",
    "Amanda",
    "Agnes",
    "Märta",
    "Signe",
    "Lovisa",
    "Therése",
    "Yasmin",
    "Fatima",
    "Leyla",
    "Mirja",
    "Päivi",
    "Sanna",
    "Ebba",
    "Tove",
    "Maja",
]
MEN = [
    "Lars",
    "Mikael",
    "Anders",
    "Johan",
    "Erik",
    "Per",
    "Peter",
    "Karl",
    "Thomas",
    "Jan",
    "Daniel",
    "Fredrik",
    "Hans",
    "Andreas",
    "Stefan",
    "Mats",
    "Magnus",
    "Mattias",
    "Jonas",
    "Marcus",
    "Niklas",
    "Björn",
    "Oskar",
    "Viktor",
    "Gustav",
    "Axel",
    "Håkan",
    "Göran",
    "Örjan",
    "Måns",
    "Ali",
    "Mohammed",
    "Ahmed",
    "Kenneth",
    "Pontus",
    "Linus",
    "Joakim",
    "Sebastian",
    "Emil",
    "Nils",
    "Olle",
    "Sören",
    "Tobias",
]
NEUTRAL = ["Kim", "Robin", "Alex", "Charlie", "Love", "Sam", "Vide", "Mika", "Noa", "Eli"]
SURNAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Olofsson",
    "Lindström",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Lundqvist",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Ali",
    "Engström",
    "Mohammed",
    "Eklund",
    "Danielsson",
    "Lundin",
    "Håkansson",
    "Björk",
    "Bergman",
    "Gunnarsson",
    "Holm",
    "Wikström",
    "Samuelsson",
    "Isaksson",
    "Fransson",
    "Bergqvist",
    "Nyström",
    "Holmberg",
    "Arvidsson",
    "Löfgren",
    "Söderberg",
    "Nyberg",
    "Blomqvist",
    "Claesson",
    "Nordström",
    "Mårtensson",
    "Lundström",
    "Ahmed",
    "Viklund",
    "Björklund",
    "Eliasson",
    "Pålsson",
    "Hassan",
    "Berggren",
    "Sandström",
    "Nordin",
    "Ström",
    "Åberg",
    "Hermansson",
    "Ekström",
    "Holmgren",
    "Sundberg",
    "Hedlund",
    "Dahlberg",
    "Hellström",
    "Sjögren",
    "Öberg",
    "Månsson",
    "Åkesson",
    "Strömberg",
    "Yilmaz",
    "Korhonen",
]

HEADER = [
    "anställningsnummer",
    "förnamn",
    "efternamn",
    "e-post",
    "enhet",
    "chef",
    "chef_för",
    "kön",
    "födelseår",
    "anställd_från",
    "anställd_till",
    "timkostnad",
]
UNITS_HEADER = ["kod", "namn", "överordnad", "typ"]
GENDER_WORDS = {"woman": "kvinna", "man": "man", "other": "annat", "not_stated": "ej angivet"}
KIND_WORDS = {"administration": "förvaltning", "department": "avdelning", "unit": "enhet"}


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    parent_code: str
    kind: str  # administration, department or unit


@dataclass(frozen=True)
class EmployeeRow:
    employee_number: str
    first_name: str
    last_name: str
    email: str
    unit_code: str
    is_manager: bool
    manages: tuple[str, ...]
    gender: str  # woman, man, other, not_stated
    birth_year: int
    employment_start: datetime.date
    employment_end: datetime.date | None
    hourly_cost: Decimal


@dataclass
class Organisation:
    units: list[UnitRow]
    employees: list[EmployeeRow]


def ascii_fold(text: str) -> str:
    """ "Åsa Öberg" → "asa oberg": lower case without diacritics, for e-mail addresses."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in folded if c.isascii() and (c.isalnum() or c in " -"))


def _split(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    if not weights:
        return []
    base = min(minimum, total // len(weights))
    rest = total - base * len(weights)
    scale = sum(weights)
    exact = [rest * w / scale for w in weights]
    parts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: rest - sum(parts)]:
        parts[i] += 1
    return [base + p for p in parts]


def _build_units(employees: int, rng: random.Random):
    """The tree and, per leaf unit, how many employees it gets (managers of parents included)."""
    units = [UnitRow(ROOT_CODE, ROOT_NAME, "", "administration")]
    leaves: list[tuple[str, float]] = []  # (code, relative size)

    def add_leaf_group(parent_code, code_prefix, entries, target_leaves):
        """Named units; split into teams when the organisation is large."""
        entries = entries[: max(1, target_leaves)]  # a small organisation has fewer units
        teams = max(1, target_leaves // len(entries))
        for index, (name, size) in enumerate(entries, start=1):
            code = f"{code_prefix}-{index:02d}"
            units.append(UnitRow(code, name, parent_code, "unit"))
            if teams == 1:
                leaves.append((code, size * rng.uniform(0.7, 1.3)))
                continue
            for team in range(1, teams + 1):
                team_code = f"{code}-{team:02d}"
                units.append(UnitRow(team_code, f"{name}, arbetslag {team}", code, "unit"))
                leaves.append((team_code, size * rng.uniform(0.7, 1.3)))

    for code, name, share, entries in DEPARTMENTS:
        units.append(UnitRow(code, name, ROOT_CODE, "department"))
        headcount = employees * share
        target = max(1, round(headcount / MEAN_UNIT_SIZE))
        if entries == []:  # a small department is a unit of its own, or has teams
            if target <= 1:
                leaves.append((code, 1.0))
                continue
            entries = [(f"{name}, arbetslag {team}", 1.0) for team in range(1, target + 1)]
        if entries is not None:
            add_leaf_group(code, code, entries, target)
            continue
        branches = sum(len(b) for b in LIBRARY_DISTRICTS.values())
        groups = branches + len(LIBRARY_CENTRAL)
        per_group = max(1, round(target / groups))
        central = LIBRARY_CENTRAL[: max(1, round(len(LIBRARY_CENTRAL) * target / groups))]
        add_leaf_group(code, code, central, per_group * len(central))
        for number, (district, libraries) in enumerate(LIBRARY_DISTRICTS.items(), start=1):
            kept = libraries[: max(1, round(len(libraries) * target / groups))]
            district_code = f"{code}-D{number}"
            units.append(UnitRow(district_code, f"Distrikt {district}", code, "unit"))
            add_leaf_group(
                district_code,
                district_code,
                [(lib, 1.0) for lib in kept],
                per_group * len(kept),
            )
    return units, leaves


def generate(employees: int, seed: int, reference: datetime.date = REFERENCE_DATE) -> Organisation:
    """Units and employees for an administration of ``employees`` people (at least 100)."""
    if employees < MIN_EMPLOYEES:
        raise ValueError(f"the generator needs at least {MIN_EMPLOYEES} employees")
    rng = random.Random(seed)
    units, leaves = _build_units(employees, rng)
    children: dict[str, list[str]] = {}
    for unit in units:
        children.setdefault(unit.parent_code, []).append(unit.code)
    leaf_codes = {code for code, _ in leaves}
    managerial = [u.code for u in units if u.code not in leaf_codes]
    # Heads of the administration, departments, districts and branch groups work in that unit.
    staff_counts = dict.fromkeys(managerial, 1)
    rest = employees - len(managerial)
    # Leaf sizes follow the department shares, then vary within the department.
    share_of = {code: share for code, _, share, _ in DEPARTMENTS}
    department_of = {}
    parent_of = {u.code: u.parent_code for u in units}
    for code in leaf_codes:
        node = code
        while parent_of[node] != ROOT_CODE:
            node = parent_of[node]
        department_of[code] = node
    department_size: dict[str, float] = {}
    for code, size in leaves:
        department_size[department_of[code]] = department_size.get(department_of[code], 0) + size
    weights = [
        share_of[department_of[code]] * size / department_size[department_of[code]]
        for code, size in leaves
    ]
    for (code, _), count in zip(leaves, _split(rest, weights, minimum=3), strict=True):
        staff_counts[code] = count

    used_emails: dict[str, int] = {}
    rows = []
    numbers = rng.sample(range(100000, 100000 + employees * 4), employees)
    index = 0
    for unit in units:
        count = staff_counts.get(unit.code, 0)
        for position in range(count):
            is_manager = position == 0
            rows.append(
                _employee(rng, numbers[index], unit.code, is_manager, used_emails, reference)
            )
            index += 1
    rng.shuffle(rows)
    return Organisation(units=units, employees=rows)


def _employee(rng, number, unit_code, is_manager, used_emails, reference) -> EmployeeRow:
    draw = rng.random()
    if draw < 0.65:
        gender, first = "woman", rng.choice(WOMEN)
    elif draw < 0.98:
        gender, first = "man", rng.choice(MEN)
    elif draw < 0.99:
        gender, first = "other", rng.choice(NEUTRAL)
    else:
        gender, first = "not_stated", rng.choice(WOMEN + MEN + NEUTRAL)
    last = rng.choice(SURNAMES)
    if rng.random() < 0.05:
        last = f"{last}-{rng.choice(SURNAMES)}"
    local = f"{ascii_fold(first)}.{ascii_fold(last)}".replace(" ", "-")
    used_emails[local] = used_emails.get(local, 0) + 1
    if used_emails[local] > 1:
        local = f"{local}{used_emails[local]}"
    age = round(rng.triangular(20, 67, 44 if not is_manager else 50))
    if is_manager:
        age = max(age, 28)
    birth_year = reference.year - age
    earliest = max(birth_year + 19, 1980)
    start_year = rng.randint(earliest, reference.year)
    start = datetime.date(start_year, rng.randint(1, 12), 1)
    if start >= reference:
        start = datetime.date(reference.year, 1, 1)
    end = None
    if rng.random() < 0.04:
        end = reference + datetime.timedelta(days=rng.randint(60, 1000))
    low, mode, high = (360, 410, 450) if is_manager else (250, 310, 420)
    cost = Decimal(round(rng.triangular(low, high, mode) * 2) / 2).quantize(Decimal("0.01"))
    return EmployeeRow(
        employee_number=str(number),
        first_name=first,
        last_name=last,
        email=f"{local}@{EMAIL_DOMAIN}",
        unit_code=unit_code,
        is_manager=is_manager,
        manages=(unit_code,) if is_manager else (),
        gender=gender,
        birth_year=birth_year,
        employment_start=start,
        employment_end=end,
        hourly_cost=cost,
    )


# --- Files -------------------------------------------------------------------------------------


def _unit_cells(unit: UnitRow) -> list:
    return [unit.code, unit.name, unit.parent_code, KIND_WORDS[unit.kind]]


def _employee_cells(row: EmployeeRow, *, text_dates: bool) -> list:
    def date(value):
        if value is None:
            return ""
        return value.isoformat() if text_dates else value

    return [
        row.employee_number,
        row.first_name,
        row.last_name,
        row.email,
        row.unit_code,
        "ja" if row.is_manager else "nej",
        "|".join(row.manages),
        GENDER_WORDS[row.gender],
        row.birth_year,
        date(row.employment_start),
        date(row.employment_end),
        str(row.hourly_cost).replace(".", ",") if text_dates else float(row.hourly_cost),
    ]


def write_csv(path: Path, header: list[str], rows) -> None:
    """Semicolon-separated UTF-8 with BOM, as Excel in Swedish writes it."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path: Path, header: list[str], rows, *, sheet: str) -> None:
    """A workbook written in openpyxl's streaming mode; dates become real date cells."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
    workbook.save(path)


def write_files(organisation: Organisation, out: Path, *, fmt: str = "xlsx") -> tuple[Path, Path]:
    """Write ``enheter.<fmt>`` and ``personal.<fmt>`` into ``out``; return both paths."""
    out.mkdir(parents=True, exist_ok=True)
    units_path, people_path = out / f"enheter.{fmt}", out / f"personal.{fmt}"
    unit_rows = [_unit_cells(u) for u in organisation.units]
    text = fmt == "csv"
    people_rows = (_employee_cells(e, text_dates=text) for e in organisation.employees)
    if text:
        write_csv(units_path, UNITS_HEADER, unit_rows)
        write_csv(people_path, HEADER, people_rows)
    else:
        write_xlsx(units_path, UNITS_HEADER, unit_rows, sheet="Enheter")
        write_xlsx(people_path, HEADER, people_rows, sheet="Personal")
    return units_path, people_path
