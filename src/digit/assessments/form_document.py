"""The assessment form as one HTML document: every page of the form (one per competence area,
then the practices block) is a section of one ``<form>``.

Without JavaScript the sections not being answered are ``hidden`` and each Next/Back button
posts the whole form, which saves and redirects to the other page (post/redirect/get). With
JavaScript (``assessments/form.js``) Next and Back switch sections in the browser, with the
address and the browser's history following along, so a person answering in one sitting makes
two requests for the whole form (this page and the submission) instead of two per page.

The document of a frozen instrument never changes, so it is rendered once per process and
language into a list of text chunks and *slots*; a request only fills the slots (checked
answers, the current page, completed pages) and joins the chunks.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from digit.assessments import scales
from digit.assessments.models import Item
from digit.assessments.pages import FormPage

# A slot in the rendered template: "\x00<kind>:<a>:<b>\x00". NUL never occurs in text that
# the template engine writes (item texts are validated text), so splitting on it is exact.
SLOT = "\x00"
CHECKED = "c"  # c:<item id>:<value>  →  " checked" when the person gave that answer
HIDDEN_PAGE = "h"  # h:<page>  →  " hidden" unless it is the page being answered
CURRENT_STEP = "a"  # a:<page>  →  ' aria-current="step"' on the page being answered
DONE_MARK = "d"  # d:<page>  →  " hidden" unless every item of the page is answered


def slot(kind: str, *args) -> str:
    return SLOT + ":".join([kind, *map(str, args)]) + SLOT


@dataclass(frozen=True)
class Filled:
    """What a request puts in the slots."""

    answered: dict[int, int]
    current: int
    complete: frozenset[int]

    def text(self, kind: str, args: tuple[str, ...]) -> str:
        if kind == CHECKED:
            return " checked" if self.answered.get(int(args[0])) == int(args[1]) else ""
        page = int(args[0])
        if kind == HIDDEN_PAGE:
            return "" if page == self.current else " hidden"
        if kind == CURRENT_STEP:
            return ' aria-current="step"' if page == self.current else ""
        if kind == DONE_MARK:
            return "" if page in self.complete else " hidden"
        raise ValueError(kind)


_CACHE: dict[tuple, tuple] = {}


def _parts(html: str) -> tuple:
    """Alternating text and parsed slots: (text, (kind, args), text, …)."""
    pieces = html.split(SLOT)
    parts: list[str | tuple[str, tuple[str, ...]]] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            kind, *args = piece.split(":")
            parts.append((kind, tuple(args)))
        else:
            parts.append(piece)
    return tuple(parts)


def complete_pages(pages, answered: dict[int, int]) -> frozenset[int]:
    return frozenset(
        page.number for page in pages if all(item.id in answered for item in page.items)
    )


def render_pages(
    instrument, pages: tuple[FormPage, ...], answered: dict[int, int], current: int,
    errors: dict[int, str] | None = None,
) -> SafeString:  # fmt: skip
    """The progress navigation and every page's section, filled for this person."""
    key = (instrument.id, instrument.frozen_at, get_language())
    parts = _CACHE.get(key) if instrument.frozen_at and not errors else None
    if parts is None:
        parts = _parts(
            render_to_string("assessments/_form_pages.html", _template_context(pages, errors or {}))
        )
        if instrument.frozen_at and not errors:
            _CACHE[key] = parts
    filled = Filled(answered, current, complete_pages(pages, answered))
    html = "".join(part if isinstance(part, str) else filled.text(*part) for part in parts)
    # Rendered by the template engine with autoescaping; the slots add fixed attributes only.
    return mark_safe(html)  # noqa: S308


@dataclass(frozen=True)
class Question:
    """A statement with its options: (value, label, the slot that marks it checked)."""

    item: Item
    name: str
    error: str | None
    options: list[tuple[int, str, str]]


@dataclass(frozen=True)
class Section:
    """A page of the form; ``hidden``, ``current`` and ``done`` are slots filled per person."""

    page: FormPage
    questions: list[Question]
    hidden: str
    current: str
    done: str
    previous: int | None
    next: int | None
    stem: str


def _template_context(pages, errors: dict[int, str]) -> dict:
    count = len(pages)
    sections = []
    for page in pages:
        questions = [
            Question(
                item,
                f"item-{item.id}",
                errors.get(item.id),
                [
                    (option.value, option.label, slot(CHECKED, item.id, option.value))
                    for option in scales.options_for(item.kind)
                ],
            )
            for item in page.items
        ]
        sections.append(
            Section(
                page,
                questions,
                hidden=slot(HIDDEN_PAGE, page.number),
                current=slot(CURRENT_STEP, page.number),
                done=slot(DONE_MARK, page.number),
                previous=page.number - 1 if page.number > 1 else None,
                next=page.number + 1 if page.number < count else None,
                stem=scales.practice_stem() if page.is_practices else "",
            )
        )
    return {"sections": sections, "count": count}
