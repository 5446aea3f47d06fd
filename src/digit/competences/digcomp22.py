"""DigComp 2.2 as reference data, loaded by migration 0002.

Titles in English as in the framework; Swedish titles from the 2022 Swedish translation
(digitalskillsjobs.se; "Skydda miljön" for 4.4 is our rendering). The descriptors are short
abridgements written by us (English) and our Swedish renderings of them: changes to the
original are indicated by the attribution below, as CC BY 4.0 requires.
"""

SLUG = "digcomp-2.2"
VERSION = "2.2"
TITLE_EN = "DigComp 2.2: The Digital Competence Framework for Citizens"
TITLE_SV = "DigComp 2.2: Ramverket för digital kompetens för medborgare"
DESCRIPTION_EN = (
    "The European framework for digital competence: five competence areas, 21 competences "
    "and eight proficiency levels."
)
DESCRIPTION_SV = (
    "Det europeiska ramverket för digital kompetens: fem kompetensområden, 21 kompetenser "
    "och åtta kunskapsnivåer."
)
ATTRIBUTION = (
    "Based on Vuorikari, R., Kluzer, S. and Punie, Y., DigComp 2.2: The Digital Competence "
    "Framework for Citizens, EUR 31006 EN, Publications Office of the European Union, "
    "Luxembourg, 2022, doi:10.2760/115376 (JRC128415). © European Union 2022, licensed under "
    "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Changes: descriptors abridged "
    "and translated into Swedish by the Digit project; Swedish titles after the 2022 Swedish "
    "translation by Nationella alliansen för digitala färdigheter – sysselsättning; the "
    "self-assessment items and level bands are Digit's own and not part of DigComp."
)

# (code, title_en, title_sv, description_en, description_sv)
AREAS = [
    (
        "1",
        "Information and data literacy",
        "Informations- och datakunskap",
        "Articulate information needs; find, judge, store, manage and organise digital data, "
        "information and content.",
        "Formulera informationsbehov; hitta, värdera, lagra, hantera och organisera digitala "
        "data, information och innehåll.",
    ),
    (
        "2",
        "Communication and collaboration",
        "Kommunikation och samarbete",
        "Interact, communicate and collaborate through digital technologies, aware of cultural "
        "and generational diversity; take part in society through digital services; manage "
        "one's digital identity.",
        "Interagera, kommunicera och samarbeta med digital teknik med hänsyn till kulturell "
        "mångfald och generationsskillnader; delta i samhället via digitala tjänster; hantera "
        "sin digitala identitet.",
    ),
    (
        "3",
        "Digital content creation",
        "Skapa digitalt innehåll",
        "Create and edit digital content; improve and integrate information into existing "
        "knowledge; apply copyright and licences; give instructions to a computer system.",
        "Skapa och redigera digitalt innehåll; förbättra och foga in information i befintlig "
        "kunskap; tillämpa upphovsrätt och licenser; ge instruktioner till ett datorsystem.",
    ),
    (
        "4",
        "Safety",
        "Säkerhet",
        "Protect devices, content, personal data and privacy; protect physical and "
        "psychological health; know how digital technology supports well-being and inclusion, "
        "and its environmental impact.",
        "Skydda enheter, innehåll, personuppgifter och integritet; skydda fysisk och psykisk "
        "hälsa; känna till hur digital teknik kan stödja välbefinnande och delaktighet, och "
        "dess miljöpåverkan.",
    ),
    (
        "5",
        "Problem solving",
        "Problemlösning",
        "Identify needs and problems and resolve them in digital environments; use digital "
        "tools to innovate; keep up to date with digital developments.",
        "Identifiera behov och problem och lösa dem i digitala miljöer; använda digitala "
        "verktyg för att förnya; hålla sig uppdaterad om den digitala utvecklingen.",
    ),
]

# (code, title_en, title_sv, description_en, description_sv); the area is the code's prefix.
COMPETENCES = [
    (
        "1.1",
        "Browsing, searching and filtering data, information and digital content",
        "Söka, filtrera och bläddra i data, information och digitalt innehåll",
        "Articulate information needs, search for data and content in digital environments and "
        "move between them; create and update personal search strategies.",
        "Formulera informationsbehov, söka efter data och innehåll i digitala miljöer och röra "
        "sig mellan dem; skapa och uppdatera egna sökstrategier.",
    ),
    (
        "1.2",
        "Evaluating data, information and digital content",
        "Utvärdera data, information och digitalt innehåll",
        "Analyse, compare and critically evaluate how credible and reliable sources, data, "
        "information and content are.",
        "Analysera, jämföra och kritiskt värdera hur trovärdiga och tillförlitliga källor, "
        "data, information och innehåll är.",
    ),
    (
        "1.3",
        "Managing data, information and digital content",
        "Hantera data, information och digitalt innehåll",
        "Organise, store and retrieve data, information and content; process them in a "
        "structured environment.",
        "Organisera, lagra och hämta data, information och innehåll; bearbeta dem i en "
        "strukturerad miljö.",
    ),
    (
        "2.1",
        "Interacting through digital technologies",
        "Interagera genom digitala teknologier",
        "Interact through a variety of digital technologies and understand which means of "
        "communication suit a given context.",
        "Interagera med hjälp av olika digitala tekniker och förstå vilka kommunikationssätt "
        "som passar i ett visst sammanhang.",
    ),
    (
        "2.2",
        "Sharing through digital technologies",
        "Dela genom digitala teknologier",
        "Share data, information and content with others through suitable technologies; act "
        "as an intermediary; know how to reference and attribute.",
        "Dela data, information och innehåll med andra via lämplig teknik; förmedla vidare; "
        "veta hur man hänvisar till och anger källor.",
    ),
    (
        "2.3",
        "Engaging citizenship through digital technologies",
        "Engagera medborgarskap genom digitala teknologier",
        "Take part in society through public and private digital services; seek opportunities "
        "for empowerment and participatory citizenship.",
        "Delta i samhället via offentliga och privata digitala tjänster; söka möjligheter till "
        "inflytande och delaktighet som medborgare.",
    ),
    (
        "2.4",
        "Collaborating through digital technologies",
        "Samarbeta genom digitala teknologier",
        "Use digital tools and technologies to work together and to build resources and "
        "knowledge jointly.",
        "Använda digitala verktyg och tekniker för att samarbeta och gemensamt bygga resurser "
        "och kunskap.",
    ),
    (
        "2.5",
        "Netiquette",
        "Nätetikett",
        "Know the norms of behaviour online; adapt communication to the audience; be aware of "
        "cultural and generational diversity.",
        "Känna till normerna för hur man beter sig på nätet; anpassa kommunikationen till "
        "mottagarna; vara medveten om kulturell mångfald och generationsskillnader.",
    ),
    (
        "2.6",
        "Managing digital identity",
        "Hantera digital identitet",
        "Create and manage one or more digital identities, protect one's reputation and handle "
        "the data one produces across tools and services.",
        "Skapa och hantera en eller flera digitala identiteter, skydda sitt rykte och hantera "
        "de data man skapar i olika verktyg och tjänster.",
    ),
    (
        "3.1",
        "Developing digital content",
        "Utveckla digitalt innehåll",
        "Create and edit digital content in different formats; express oneself through "
        "digital means.",
        "Skapa och redigera digitalt innehåll i olika format; uttrycka sig med digitala medel.",
    ),
    (
        "3.2",
        "Integrating and re-elaborating digital content",
        "Integrera och omformulera digitalt innehåll",
        "Modify, refine and combine information and content with what already exists to "
        "create new, original and relevant content.",
        "Ändra, förbättra och kombinera information och innehåll med det som redan finns för "
        "att skapa nytt, eget och relevant innehåll.",
    ),
    (
        "3.3",
        "Copyright and licences",
        "Upphovsrätt och licenser",
        "Understand how copyright and licences apply to data, information and digital content.",
        "Förstå hur upphovsrätt och licenser gäller för data, information och digitalt innehåll.",
    ),
    (
        "3.4",
        "Programming",
        "Programmering",
        "Plan and develop a sequence of understandable instructions for a computer system to "
        "solve a problem or perform a task.",
        "Planera och ta fram en följd av begripliga instruktioner som låter ett datorsystem "
        "lösa ett problem eller utföra en uppgift.",
    ),
    (
        "4.1",
        "Protecting devices",
        "Skydda enheter",
        "Protect devices and digital content; understand risks and threats; know safety and "
        "security measures, with due regard to reliability and privacy.",
        "Skydda enheter och digitalt innehåll; förstå risker och hot; känna till säkerhets"
        "åtgärder med hänsyn till tillförlitlighet och integritet.",
    ),
    (
        "4.2",
        "Protecting personal data and privacy",
        "Skydda personuppgifter och privatliv",
        "Protect personal data and privacy; use and share personal information safely; "
        "understand that digital services have a privacy policy on how they use data.",
        "Skydda personuppgifter och privatliv; använda och dela personlig information säkert; "
        "förstå att digitala tjänster har en integritetspolicy för hur de använder uppgifter.",
    ),
    (
        "4.3",
        "Protecting health and well-being",
        "Skydda hälsa och välbefinnande",
        "Avoid risks to physical and psychological health when using digital technology, "
        "including cyberbullying; know technologies for well-being and inclusion.",
        "Undvika risker för fysisk och psykisk hälsa vid användning av digital teknik, till "
        "exempel nätmobbning; känna till teknik för välbefinnande och delaktighet.",
    ),
    (
        "4.4",
        "Protecting the environment",
        "Skydda miljön",
        "Be aware of the environmental impact of digital technologies and their use.",
        "Vara medveten om hur digital teknik och användningen av den påverkar miljön.",
    ),
    (
        "5.1",
        "Solving technical problems",
        "Lösa tekniska problem",
        "Identify technical problems when using devices and digital environments, and solve them.",
        "Upptäcka tekniska problem när man använder enheter och digitala miljöer, och lösa dem.",
    ),
    (
        "5.2",
        "Identifying needs and technological responses",
        "Identifiera behov och teknologiska svar",
        "Assess needs and identify, evaluate, choose and use digital tools to meet them; adapt "
        "digital environments to personal needs, for example for accessibility.",
        "Bedöma behov och hitta, värdera, välja och använda digitala verktyg som möter dem; "
        "anpassa digitala miljöer efter egna behov, till exempel för tillgänglighet.",
    ),
    (
        "5.3",
        "Creatively using digital technology",
        "Kreativt använda digital teknik",
        "Use digital tools to create knowledge and to improve processes and products; work "
        "through conceptual problems with digital means.",
        "Använda digitala verktyg för att skapa kunskap och förbättra arbetssätt och "
        "produkter; lösa begreppsliga problem med digitala medel.",
    ),
    (
        "5.4",
        "Identifying digital competence gaps",
        "Identifiera digitala kompetensluckor",
        "Understand where one's own digital competence needs to improve; support others; seek "
        "opportunities to learn and keep up with digital developments.",
        "Förstå var den egna digitala kompetensen behöver utvecklas; stödja andra; söka "
        "tillfällen att lära och hålla sig uppdaterad om den digitala utvecklingen.",
    ),
]

# (number, band_en, band_sv, description_en, description_sv) — from DigComp 2.1's Table 1
# (complexity of tasks, autonomy, cognitive domain), reused unchanged in 2.2. Swedish band
# words are our proposal (no published Swedish level names were found).
LEVELS = [
    (
        1,
        "Foundation",
        "Grundläggande",
        "Simple tasks, with guidance; remembering.",
        "Enkla uppgifter, med vägledning; att minnas.",
    ),
    (
        2,
        "Foundation",
        "Grundläggande",
        "Simple tasks, on one's own and with guidance where needed; remembering.",
        "Enkla uppgifter, självständigt och med vägledning vid behov; att minnas.",
    ),
    (
        3,
        "Intermediate",
        "Mellannivå",
        "Well-defined, routine tasks and straightforward problems, on one's own; understanding.",
        "Väldefinierade rutinuppgifter och enkla problem, på egen hand; att förstå.",
    ),
    (
        4,
        "Intermediate",
        "Mellannivå",
        "Tasks and well-defined, non-routine problems, independently and according to one's "
        "needs; understanding.",
        "Uppgifter och väldefinierade problem utanför rutinen, självständigt och efter egna "
        "behov; att förstå.",
    ),
    (
        5,
        "Advanced",
        "Avancerad",
        "Different tasks and problems, while guiding others; applying.",
        "Olika uppgifter och problem, och kan vägleda andra; att tillämpa.",
    ),
    (
        6,
        "Advanced",
        "Avancerad",
        "The most appropriate tasks, adapting to others in complex contexts; evaluating.",
        "De mest lämpliga uppgifterna, med anpassning till andra i komplexa sammanhang; att "
        "värdera.",
    ),
    (
        7,
        "Highly specialised",
        "Högt specialiserad",
        "Complex problems with limited solutions; contributing to professional practice and "
        "guiding others; creating.",
        "Komplexa problem med få lösningar; bidra till yrkespraktiken och vägleda andra; att "
        "skapa.",
    ),
    (
        8,
        "Highly specialised",
        "Högt specialiserad",
        "Complex problems with many interacting factors; proposing new ideas and processes "
        "to the field; creating.",
        "Komplexa problem med många samverkande faktorer; föreslå nya idéer och arbetssätt "
        "inom området; att skapa.",
    ),
]


def load(apps) -> None:
    """Create (or update) the DigComp 2.2 framework rows; used by the data migration."""
    framework_model = apps.get_model("competences", "Framework")
    area_model = apps.get_model("competences", "Area")
    competence_model = apps.get_model("competences", "Competence")
    level_model = apps.get_model("competences", "ProficiencyLevel")

    framework, _created = framework_model.objects.update_or_create(
        slug=SLUG,
        defaults=dict(
            version=VERSION,
            title_en=TITLE_EN,
            title_sv=TITLE_SV,
            description_en=DESCRIPTION_EN,
            description_sv=DESCRIPTION_SV,
            attribution=ATTRIBUTION,
        ),
    )
    areas = {}
    for order, (code, title_en, title_sv, description_en, description_sv) in enumerate(AREAS):
        areas[code], _created = area_model.objects.update_or_create(
            framework=framework,
            code=code,
            defaults=dict(
                order=order + 1,
                title_en=title_en,
                title_sv=title_sv,
                description_en=description_en,
                description_sv=description_sv,
            ),
        )
    for order, (code, title_en, title_sv, description_en, description_sv) in enumerate(COMPETENCES):
        competence_model.objects.update_or_create(
            area=areas[code.split(".")[0]],
            code=code,
            defaults=dict(
                order=order + 1,
                title_en=title_en,
                title_sv=title_sv,
                description_en=description_en,
                description_sv=description_sv,
            ),
        )
    for number, band_en, band_sv, description_en, description_sv in LEVELS:
        level_model.objects.update_or_create(
            framework=framework,
            number=number,
            defaults=dict(
                title_en=f"Level {number}",
                title_sv=f"Nivå {number}",
                band_en=band_en,
                band_sv=band_sv,
                description_en=description_en,
                description_sv=description_sv,
            ),
        )


def unload(apps) -> None:
    """Reverse of ``load``: remove the framework (areas, competences, levels cascade)."""
    apps.get_model("competences", "Framework").objects.filter(slug=SLUG).delete()
