from django.urls import path

from digit.goals import views

app_name = "goals"

urlpatterns = [
    path("", views.index, name="index"),
    path("results/", views.summaries, name="summaries"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/results/", views.summary, name="summary"),
    path("<slug:slug>/units/<int:unit_id>/", views.unit, name="unit"),
    path("<slug:slug>/export/<slug:table>.<str:fmt>", views.export_table, name="export"),
    path(
        "<slug:slug>/results/export/<slug:table>.<str:fmt>",
        views.export_summary_table,
        name="export_summary",
    ),
    path(
        "<slug:slug>/units/<int:unit_id>/export/<slug:table>.<str:fmt>",
        views.export_unit_table,
        name="export_unit",
    ),
    path("<slug:slug>/people.<str:fmt>", views.export_people, name="export_people"),
]
