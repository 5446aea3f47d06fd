"""Instruments: list, items, editing (new version when frozen), item-bank import/export.

Programme staff edit; auditors read. Instruments belong to the whole installation.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from digit.access.policy import role_required
from digit.access.roles import Role
from digit.assessments import instruments, scales
from digit.assessments.instrument_forms import ItemBankImportForm, ItemForm
from digit.assessments.models import Item
from digit.programmes.selectors import visible_programmes

READERS = (Role.PROGRAMME_STAFF, Role.AUDITOR)


def _frozen_refusal(request, instrument):
    messages.error(
        request,
        _("This instrument is used by an opened wave and cannot change. Edit a new version."),
    )
    return redirect("assessments:instrument_detail", instrument.pk)


@require_GET
@role_required(*READERS)
def instrument_list(request):
    rows = instruments.visible_instruments(request.user).annotate(
        item_count=Count("items", distinct=True), wave_count=Count("waves", distinct=True)
    )
    return render(
        request,
        "assessments/instrument_list.html",
        {
            "instruments": rows,
            "may_edit": instruments.may_edit_instruments(request.user),
            "programmes": visible_programmes(request.user).order_by("name"),
        },
    )


@require_GET
@role_required(*READERS)
def instrument_detail(request, pk):
    instrument = get_object_or_404(instruments.visible_instruments(request.user), pk=pk)
    items = instrument.items.select_related("competence")
    return render(
        request,
        "assessments/instrument_detail.html",
        {
            "instrument": instrument,
            "items": items,
            "waves": instrument.waves.order_by("opens_on"),
            "may_edit": instruments.may_edit_instruments(request.user),
            "scales": [
                (label, scales.options_for(kind))
                for kind, label in Item.Kind.choices
                if kind in {item.kind for item in items}
            ],
        },
    )


@require_POST
@role_required(Role.PROGRAMME_STAFF)
def instrument_edit(request, pk):
    """Go to the version that can be edited: this one, or a new version of a frozen one."""
    instrument = get_object_or_404(instruments.visible_instruments(request.user), pk=pk)
    editable = instruments.editable_version(instrument)
    if editable.pk != instrument.pk:
        messages.success(
            request,
            _("Version %(version)d is ready to edit; version %(previous)d stays as it was.")
            % {"version": editable.version, "previous": instrument.version},
        )
    return redirect("assessments:instrument_detail", editable.pk)


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAMME_STAFF)
def item_edit(request, pk, item_pk=None):
    instrument = get_object_or_404(instruments.visible_instruments(request.user), pk=pk)
    if instrument.is_frozen:
        return _frozen_refusal(request, instrument)
    item = get_object_or_404(instrument.items, pk=item_pk) if item_pk else None
    form = ItemForm(request.POST or None, instance=item, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            instruments.save_item(form.instance)
        except instruments.InstrumentFrozen:
            return _frozen_refusal(request, instrument)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The item is saved."))
            return redirect("assessments:instrument_detail", instrument.pk)
    return render(
        request,
        "assessments/instrument_item_form.html",
        {"form": form, "instrument": instrument, "item": item},
    )


@require_POST
@role_required(Role.PROGRAMME_STAFF)
def item_delete(request, pk, item_pk):
    instrument = get_object_or_404(instruments.visible_instruments(request.user), pk=pk)
    item = get_object_or_404(instrument.items, pk=item_pk)
    try:
        instruments.delete_item(item)
    except instruments.InstrumentFrozen:
        return _frozen_refusal(request, instrument)
    messages.success(request, _("The item %(key)s is removed.") % {"key": item.key})
    return redirect("assessments:instrument_detail", instrument.pk)


@require_GET
@role_required(*READERS)
def instrument_export(request, pk, file_format):
    if file_format not in ("csv", "json"):
        raise Http404
    instrument = get_object_or_404(instruments.visible_instruments(request.user), pk=pk)
    if file_format == "csv":
        response = instruments.ItemBankExporter(instrument).response("csv")
    else:
        response = HttpResponse(
            instruments.export_json(instrument), content_type="application/json"
        )
        filename = f"{instruments.export_filename(instrument)}.json"
        response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAMME_STAFF)
def instrument_import(request):
    form = ItemBankImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            instrument = instruments.import_item_bank(
                content=upload.read(), filename=upload.name, name=form.cleaned_data["name"]
            )
        except instruments.ItemBankError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _("%(count)d items imported into %(instrument)s.")
                % {"count": instrument.items.count(), "instrument": instrument},
            )
            return redirect("assessments:instrument_detail", instrument.pk)
    return render(
        request, "assessments/instrument_import.html", {"form": form, "import_errors": errors}
    )
