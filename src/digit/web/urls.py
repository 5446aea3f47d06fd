from django.urls import path

from digit.web import audit_views, file_views, health, my_data_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("about/", views.about, name="about"),
    path("audit/", audit_views.audit_trail, name="audit_trail"),
    path("audit/export.csv", audit_views.audit_trail_export, name="audit_trail_export"),
    path("my-data/", my_data_views.my_data, name="my_data"),
    path("my-data/download.<str:fmt>", my_data_views.my_data_download, name="my_data_download"),
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("files/<int:pk>/", file_views.prepared_file, name="prepared_file"),
    path(
        "files/<int:pk>/download/",
        file_views.prepared_file_download,
        name="prepared_file_download",
    ),
]
