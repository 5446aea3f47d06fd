"""Digit's default instrument: written by the Digit project for DigComp 2.2.

One knowledge, one skill and one attitude statement per competence (keys "1.1-K", "1.1-S",
"1.1-A", …), answered on the scales in ``scales.py``, and the eight digital-working-practice
items P1–P8 on the frequency scale, each in one of the seed's domains. Keys are stable across
versions: waves are compared on the items whose keys they share.
"""

NAME = "Digit DigComp 2.2"
FRAMEWORK_SLUG = "digcomp-2.2"

# (competence code, kind, text_sv, text_en)
COMPETENCE_ITEMS = [
    # 1.1
    ("1.1", "knowledge",
     "Jag vet vilka sökord och sökoperatorer som hjälper mig att snabbt hitta det jag behöver.",
     "I know which search words and operators help me find what I need quickly."),
    ("1.1", "skill",
     "Jag kan använda avancerade funktioner i en sökmotor eller i våra interna system för att "
     "avgränsa träffarna.",
     "I can use the advanced features of a search engine or of our internal systems to narrow "
     "down the results."),
    ("1.1", "attitude",
     "Jag tittar längre än de första träffarna när jag söker information i arbetet.",
     "I look beyond the first results when I search for information for my work."),
    # 1.2
    ("1.2", "knowledge",
     "Jag vet att sökträffar och flöden kan rangordnas efter betald placering eller av "
     "algoritmer som följer hur jag har betett mig tidigare.",
     "I know that search results and feeds can be ranked by paid placement or by algorithms "
     "that follow my earlier behaviour."),
    ("1.2", "skill",
     "Jag kan kontrollera om en webbplats eller källa är tillförlitlig genom att jämföra med "
     "andra källor.",
     "I can check whether a website or source is reliable by comparing it with other sources."),
    ("1.2", "attitude",
     "Jag granskar kritiskt om information jag hittar på nätet är tillförlitlig innan jag "
     "använder den i arbetet.",
     "I critically check whether information I find online is reliable before I use it at "
     "work."),
    # 1.3
    ("1.3", "knowledge",
     "Jag vet skillnaden mellan att spara en fil på min egen dator och i en delad lagring "
     "eller molntjänst.",
     "I know the difference between saving a file on my own computer and in shared or cloud "
     "storage."),
    ("1.3", "skill",
     "Jag kan organisera filer och mappar så att jag och mina kollegor hittar dem igen.",
     "I can organise files and folders so that my colleagues and I find them again."),
    ("1.3", "attitude",
     "Det är viktigt för mig att informationen jag sparar i arbetet är välordnad och aktuell.",
     "It matters to me that the information I store at work is well organised and up to "
     "date."),
    # 2.1
    ("2.1", "knowledge",
     "Jag vet vilken digital kanal (e-post, chatt, videomöte, telefon) som passar för vilket "
     "slags meddelande.",
     "I know which digital channel (e-mail, chat, video meeting, phone) suits which kind of "
     "message."),
    ("2.1", "skill",
     "Jag kan starta och delta i ett videomöte, dela min skärm och använda chatten.",
     "I can start and take part in a video meeting, share my screen and use the chat."),
    ("2.1", "attitude",
     "Jag är öppen för att pröva nya digitala sätt att kommunicera med kollegor.",
     "I am open to trying new digital ways of communicating with colleagues."),
    # 2.2
    ("2.2", "knowledge",
     "Jag vet hur jag anger källan när jag delar någon annans material.",
     "I know how to credit the source when I share someone else's material."),
    ("2.2", "skill",
     "Jag kan dela en fil eller en länk med rätt personer och ge dem rätt behörighet (läsa "
     "eller redigera).",
     "I can share a file or a link with the right people and give them the right permissions "
     "(read or edit)."),
    ("2.2", "attitude",
     "Innan jag delar information tänker jag på vem som bör och inte bör se den.",
     "Before I share information, I think about who should and should not see it."),
    # 2.3
    ("2.3", "knowledge",
     "Jag vet vilka offentliga e-tjänster jag kan använda för ärenden i arbetet och privat.",
     "I know which public e-services I can use for matters at work and in private life."),
    ("2.3", "skill",
     "Jag kan använda e-legitimation (till exempel BankID) för att logga in och skriva under "
     "i e-tjänster.",
     "I can use an electronic identification (for example BankID) to sign in and sign "
     "documents in e-services."),
    ("2.3", "attitude",
     "Det är viktigt för mig att delta i samhället och på min arbetsplats via digitala "
     "kanaler.",
     "It matters to me to take part in society and in my workplace through digital channels."),
    # 2.4
    ("2.4", "knowledge",
     "Jag vet att flera personer kan arbeta i samma dokument samtidigt och hur ändringar "
     "spåras.",
     "I know that several people can work in the same document at the same time and how "
     "changes are tracked."),
    ("2.4", "skill",
     "Jag kan använda en gemensam digital arbetsyta (till exempel Teams eller ett delat "
     "dokument) för att planera och genomföra arbete med kollegor.",
     "I can use a shared digital workspace (for example Teams or a shared document) to plan "
     "and carry out work with colleagues."),
    ("2.4", "attitude",
     "Jag samarbetar hellre med kollegor i delade digitala dokument än skickar filer fram och "
     "tillbaka.",
     "I would rather work with colleagues in shared digital documents than send files back "
     "and forth."),
    # 2.5
    ("2.5", "knowledge",
     "Jag vet vilka normer som gäller för att uppträda respektfullt i e-post, chattar och "
     "sociala medier.",
     "I know the norms for behaving respectfully in e-mail, chats and social media."),
    ("2.5", "skill",
     "Jag kan vidta rätt åtgärder när någon uppträder illa på nätet (till exempel en "
     "kränkande kommentar eller ett hot).",
     "I can take the right steps when someone behaves badly online (for example an offensive "
     "comment or a threat)."),
    ("2.5", "attitude",
     "Jag anpassar hur jag skriver på nätet efter dem jag skriver till.",
     "I adapt how I write online to the people I am writing to."),
    # 2.6
    ("2.6", "knowledge",
     "Jag vet att det jag publicerar på nätet kan ligga kvar och hittas av andra länge.",
     "I know that what I publish online can stay there and be found by others for a long "
     "time."),
    ("2.6", "skill",
     "Jag kan hantera mina profiler och vad andra ser om mig i de digitala tjänster jag "
     "använder.",
     "I can manage my profiles and what others see about me in the digital services I use."),
    ("2.6", "attitude",
     "Jag är försiktig med vad jag avslöjar om mig själv och mitt arbete på nätet.",
     "I am careful about what I reveal about myself and my work online."),
    # 3.1
    ("3.1", "knowledge",
     "Jag vet vilka filformat som passar för olika ändamål (till exempel PDF för att skicka, "
     "ett redigerbart format för att arbeta vidare).",
     "I know which file formats suit different purposes (for example PDF for sending, an "
     "editable format for further work)."),
    ("3.1", "skill",
     "Jag kan ta fram ett dokument eller en presentation med rubriker, bilder och tydlig "
     "layout.",
     "I can produce a document or a presentation with headings, images and a clear layout."),
    ("3.1", "attitude",
     "Jag tycker om att uttrycka mina idéer genom digitalt innehåll som text, bild eller film.",
     "I like to express my ideas through digital content such as text, images or film."),
    # 3.2
    ("3.2", "knowledge",
     "Jag vet att befintligt innehåll kan återanvändas och bearbetas för att skapa något nytt.",
     "I know that existing content can be reused and adapted to create something new."),
    ("3.2", "skill",
     "Jag kan kombinera text, bilder och data från olika källor till ett nytt dokument.",
     "I can combine text, images and data from different sources into a new document."),
    ("3.2", "attitude",
     "Jag förbättrar och uppdaterar hellre befintligt material än börjar från början.",
     "I would rather improve and update existing material than start from scratch."),
    # 3.3
    ("3.3", "knowledge",
     "Jag vet att bilder och texter jag hittar på nätet skyddas av upphovsrätt om inte en "
     "licens säger något annat.",
     "I know that images and texts I find online are protected by copyright unless a licence "
     "says otherwise."),
    ("3.3", "skill",
     "Jag kan hitta bilder eller material som jag lagligt får använda och ange källan korrekt "
     "(till exempel vid en Creative Commons-licens).",
     "I can find images or material that I may legally use and credit them correctly (for "
     "example under a Creative Commons licence)."),
    ("3.3", "attitude",
     "Jag är noga med att respektera upphovsrätten när jag använder andras material.",
     "I am careful to respect copyright when I use other people's material."),
    # 3.4
    ("3.4", "knowledge",
     "Jag vet att datorprogram består av instruktioner som datorn utför steg för steg.",
     "I know that computer programs are made of instructions that the computer carries out "
     "step by step."),
    ("3.4", "skill",
     "Jag kan automatisera en enkel återkommande uppgift (till exempel med en formel, en regel "
     "i e-posten eller ett makro).",
     "I can automate a simple repetitive task (for example with a formula, an e-mail rule or "
     "a macro)."),
    ("3.4", "attitude",
     "Jag är nyfiken på hur digitala verktyg skulle kunna göra rutinuppgifter åt mig.",
     "I am curious about how digital tools could do routine tasks for me."),
    # 4.1
    ("4.1", "knowledge",
     "Jag vet vad nätfiske är och hur jag känner igen ett misstänkt mejl eller en misstänkt "
     "länk.",
     "I know what phishing is and how to recognise a suspicious e-mail or link."),
    ("4.1", "skill",
     "Jag kan skydda mina enheter och konton med starka lösenord, tvåstegsverifiering och "
     "uppdateringar.",
     "I can protect my devices and accounts with strong passwords, two-factor authentication "
     "and updates."),
    ("4.1", "attitude",
     "Jag är noga med att rapportera säkerhetsincidenter och misstänkta meddelanden på jobbet.",
     "I am careful to report security incidents and suspicious messages at work."),
    # 4.2
    ("4.2", "knowledge",
     "Jag vet vilka uppgifter som räknas som personuppgifter och att särskilda regler (GDPR) "
     "gäller för dem.",
     "I know which information counts as personal data and that special rules (GDPR) apply "
     "to it."),
    ("4.2", "skill",
     "Jag kan ändra integritetsinställningar i de appar och tjänster jag använder.",
     "I can change the privacy settings of the apps and services I use."),
    ("4.2", "attitude",
     "Jag är noga med hur jag hanterar andras personuppgifter i mitt arbete.",
     "I am careful about how I handle other people's personal data in my work."),
    # 4.3
    ("4.3", "knowledge",
     "Jag vet hur skärmtid och ständig uppkoppling kan påverka hälsa och välbefinnande.",
     "I know how screen time and constant availability can affect health and well-being."),
    ("4.3", "skill",
     "Jag kan ställa in mina digitala verktyg så att de inte stör min koncentration eller "
     "vila (till exempel aviseringar och arbetstider).",
     "I can set up my digital tools so that they do not disturb my focus or rest (for "
     "example notifications and working hours)."),
    ("4.3", "attitude",
     "Jag är uppmärksam på mitt eget och mina kollegors välbefinnande när vi arbetar "
     "digitalt.",
     "I pay attention to my own and my colleagues' well-being when we work digitally."),
    # 4.4
    ("4.4", "knowledge",
     "Jag vet att digitala enheter och tjänster förbrukar energi och råvaror och påverkar "
     "miljön.",
     "I know that digital devices and services use energy and raw materials and affect the "
     "environment."),
    ("4.4", "skill",
     "Jag kan göra val som minskar miljöpåverkan av min digitala användning (till exempel "
     "behålla enheter längre eller undvika onödig lagring).",
     "I can make choices that reduce the environmental impact of my digital use (for example "
     "keeping devices longer or avoiding unnecessary storage)."),
    ("4.4", "attitude",
     "Det är viktigt för mig att mina digitala vanor är hållbara.",
     "It matters to me that my digital habits are sustainable."),
    # 5.1
    ("5.1", "knowledge",
     "Jag vet vanliga orsaker till tekniska problem (till exempel uppkoppling, inställningar "
     "och uppdateringar).",
     "I know common causes of technical problems (for example connection, settings and "
     "updates)."),
    ("5.1", "skill",
     "Jag kan lösa vanliga tekniska problem själv, eller beskriva dem tydligt för it-supporten.",
     "I can solve common technical problems myself, or describe them clearly to IT support."),
    ("5.1", "attitude",
     "När något inte fungerar försöker jag hitta en lösning innan jag ger upp.",
     "When something does not work, I try to find a solution before I give up."),
    # 5.2
    ("5.2", "knowledge",
     "Jag vet vilka digitala verktyg som finns på min arbetsplats och vad de är till för.",
     "I know which digital tools are available in my workplace and what they are for."),
    ("5.2", "skill",
     "Jag kan välja ett lämpligt digitalt verktyg för en uppgift och anpassa det efter mina "
     "behov (till exempel textstorlek eller diktering).",
     "I can choose a suitable digital tool for a task and adapt it to my needs (for example "
     "text size or dictation)."),
    ("5.2", "attitude",
     "Jag letar efter digitala verktyg som kan göra mitt arbete enklare.",
     "I look for digital tools that could make my work easier."),
    # 5.3
    ("5.3", "knowledge",
     "Jag känner till exempel på hur digital teknik har förbättrat arbetet i verksamheter som "
     "min.",
     "I know examples of how digital technology has improved work in organisations like "
     "mine."),
    ("5.3", "skill",
     "Jag kan använda digitala verktyg för att hitta ett nytt eller bättre sätt att utföra en "
     "uppgift i arbetet.",
     "I can use digital tools to find a new or better way of doing a task at work."),
    ("5.3", "attitude",
     "Jag vill gärna vara med och utveckla nya digitala arbetssätt på min arbetsplats.",
     "I am keen to help develop new digital ways of working in my workplace."),
    # 5.4
    ("5.4", "knowledge",
     "Jag vet vilka av mina digitala färdigheter jag behöver utveckla för mitt arbete.",
     "I know which of my digital skills I need to develop for my work."),
    ("5.4", "skill",
     "Jag kan hitta och använda kurser, filmer eller hjälpsidor för att lära mig en ny "
     "digital färdighet.",
     "I can find and use courses, videos or help pages to learn a new digital skill."),
    ("5.4", "attitude",
     "Jag hjälper gärna kollegor som tycker att digitala verktyg är svåra.",
     "I am glad to help colleagues who find digital tools difficult."),
]  # fmt: skip

# (key, domain, text_sv, text_en); the stem is in scales.PRACTICE_STEM_*.
PRACTICE_ITEMS = [
    ("P1", "search_evaluate",
     "sökt arbetsinformation på nätet och kontrollerat hur tillförlitlig källan var",
     "searched for work information online and checked how reliable the source was"),
    ("P2", "report_exchange",
     "sparat eller hittat arbetsfiler i en delad digital arbetsyta (inte bara på din egen "
     "dator eller på papper)",
     "saved or found work files in a shared digital workspace (not only on your own computer "
     "or on paper)"),
    ("P3", "report_exchange",
     "delat information eller rapporterat något via en digital kanal eller e-tjänst (delad "
     "mapp, formulär, ärende- eller bokningssystem) i stället för på papper",
     "shared information or reported something through a digital channel or e-service "
     "(shared folder, form, case or booking system) instead of on paper"),
    ("P4", "communicate_network",
     "redigerat ett dokument tillsammans med kollegor i en delad fil",
     "edited a document together with colleagues in a shared file"),
    ("P5", "communicate_network",
     "deltagit i ett videomöte eller en chatt eller kanal för arbetet",
     "taken part in a video meeting or a work chat or channel"),
    ("P6", "communicate_network",
     "kommunicerat med allmänheten, samarbetspartner eller ett yrkesnätverk på nätet (webb, "
     "sociala medier, nyhetsbrev, nätverksgrupp)",
     "communicated with the public, partners or a professional network online (web, social "
     "media, newsletter, network group)"),
    ("P7", "produce",
     "tagit fram digitalt material (text, bild, film, presentation, webb- eller "
     "sociala medier-inlägg)",
     "produced digital material (text, image, film, presentation, web or social-media post)"),
    ("P8", "habits",
     "använt ett digitalt verktyg för att lära dig något nytt för arbetet (film, e-kurs, "
     "hjälpsida)",
     "used a digital tool to learn something new for your work (video, e-course, help page)"),
]  # fmt: skip

KIND_LETTER = {"knowledge": "K", "skill": "S", "attitude": "A"}


def item_rows() -> list[dict[str, str | int]]:
    """All items as plain dicts (key, kind, competence code, domain, texts, order)."""
    rows: list[dict[str, str | int]] = []
    for code, kind, text_sv, text_en in COMPETENCE_ITEMS:
        rows.append(
            dict(
                key=f"{code}-{KIND_LETTER[kind]}",
                kind=kind,
                competence=code,
                domain="",
                text_sv=text_sv,
                text_en=text_en,
            )
        )
    for key, domain, text_sv, text_en in PRACTICE_ITEMS:
        rows.append(
            dict(
                key=key,
                kind="practice",
                competence="",
                domain=domain,
                text_sv=text_sv,
                text_en=text_en,
            )
        )
    for order, row in enumerate(rows, start=1):
        row["order"] = order
    return rows


def load(apps) -> None:
    """Create the default instrument (version 1) unless it exists; used by a data migration."""
    framework = apps.get_model("competences", "Framework").objects.get(slug=FRAMEWORK_SLUG)
    competence_model = apps.get_model("competences", "Competence")
    instrument_model = apps.get_model("assessments", "Instrument")
    item_model = apps.get_model("assessments", "Item")
    instrument, created = instrument_model.objects.get_or_create(
        name=NAME, version=1, defaults={"framework": framework}
    )
    if not created:
        return
    competences = {c.code: c for c in competence_model.objects.filter(area__framework=framework)}
    item_model.objects.bulk_create(
        item_model(
            instrument=instrument,
            kind=row["kind"],
            competence=competences[row["competence"]] if row["competence"] else None,
            domain=row["domain"],
            key=row["key"],
            text_sv=row["text_sv"],
            text_en=row["text_en"],
            order=row["order"],
        )
        for row in item_rows()
    )


def unload(apps) -> None:
    apps.get_model("assessments", "Instrument").objects.filter(name=NAME, version=1).delete()
