from django.urls import path

from digit.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("programmes/<int:pk>/participants/", views.register, name="register"),
    path(
        "programmes/<int:pk>/participants/<int:person_id>/reveal/",
        views.reveal,
        name="reveal",
    ),
    path("programmes/<int:pk>/monthly-files/", views.monthly_files, name="monthly_files"),
    path(
        "programmes/<int:pk>/monthly-files/<int:year>-<int:month>.<str:fmt>",
        views.monthly_file,
        name="monthly_file",
    ),
    path(
        "programmes/<int:pk>/monthly-files/<int:year>-<int:month>/sent/",
        views.mark_sent,
        name="mark_sent",
    ),
    path("programmes/<int:pk>/indicators/", views.indicators, name="indicators"),
    path(
        "programmes/<int:pk>/indicators.<str:fmt>",
        views.indicators_export,
        name="indicators_export",
    ),
    path("programmes/<int:pk>/report/", views.report, name="report"),
    path("programmes/<int:pk>/report.<str:fmt>", views.report_file, name="report_file"),
    path(
        "programmes/<int:pk>/report/texts/<slug:section>/",
        views.report_text,
        name="report_text",
    ),
    path("disclosures/", views.disclosures, name="disclosures"),
]
