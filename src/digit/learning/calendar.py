"""iCalendar (.ics) files for sessions, so people can put them in their own calendar."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from digit.learning.models import Session


def session_uid(session: Session) -> str:
    """Stable across downloads, so a calendar updates the event instead of duplicating it."""
    host = settings.DIGIT_BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "digit"
    return f"digit-session-{session.pk}@{host}"


def session_calendar(session: Session, attendee=None) -> bytes:
    """A VCALENDAR with one VEVENT for the session, in Stockholm time with its VTIMEZONE."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Digit//Learning//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", session.activity.title)
    description = session.activity.description
    if session.online_url:
        description = f"{description}\n\n{session.online_url}".strip()
        event.add("url", session.online_url)
    if description:
        event.add("description", description)
    event.add("location", session.place or session.online_url or "")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText("Digit")
    event.add("organizer", organizer)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.full_name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", address, encode=False)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
