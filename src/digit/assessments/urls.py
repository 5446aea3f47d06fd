from django.urls import path

from digit.assessments import instrument_views, measurement_views, views, wave_views

app_name = "assessments"

# The competence profile (/assessments/profile/…) shows learning's recommendations too, so its
# views live above both apps, in web/profile_views.py; digit/urls.py adds them to this namespace.
urlpatterns = [
    # The person's side
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("wave/<int:wave_id>/", views.form, name="form"),
    # Programme staff
    path("waves/", wave_views.wave_list, name="wave_list"),
    path("waves/new/", wave_views.wave_create, name="wave_create"),
    path("waves/<int:pk>/", wave_views.wave_detail, name="wave_detail"),
    path("waves/<int:pk>/open/", wave_views.wave_open, name="wave_open"),
    path("waves/<int:pk>/remind/", wave_views.wave_remind, name="wave_remind"),
    path("waves/<int:pk>/retry-mail/", wave_views.wave_retry_mail, name="wave_retry_mail"),
    path("waves/<int:pk>/statistics/", wave_views.wave_statistics, name="wave_statistics"),
    # Instruments (programme staff edit, auditors read)
    path("instruments/", instrument_views.instrument_list, name="instrument_list"),
    path("instruments/import/", instrument_views.instrument_import, name="instrument_import"),
    path("instruments/<int:pk>/", instrument_views.instrument_detail, name="instrument_detail"),
    path("instruments/<int:pk>/edit/", instrument_views.instrument_edit, name="instrument_edit"),
    path("instruments/<int:pk>/items/new/", instrument_views.item_edit, name="item_create"),
    path("instruments/<int:pk>/items/<int:item_pk>/", instrument_views.item_edit, name="item_edit"),
    path(
        "instruments/<int:pk>/items/<int:item_pk>/delete/",
        instrument_views.item_delete,
        name="item_delete",
    ),
    path(
        "instruments/<int:pk>/export.<str:file_format>",
        instrument_views.instrument_export,
        name="instrument_export",
    ),
    # A programme's verdict rules and reliability (programme staff edit, auditors read)
    path("measurement/<int:programme_pk>/", measurement_views.measurement, name="measurement"),
    path(
        "measurement/<int:programme_pk>/waves/<int:wave_pk>/statistics/",
        measurement_views.wave_statistics,
        name="measurement_wave_statistics",
    ),
    path(
        "measurement/<int:programme_pk>/waves/<int:wave_pk>/verdicts/",
        measurement_views.wave_verdicts,
        name="measurement_wave_verdicts",
    ),
]
