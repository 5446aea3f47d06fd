from django.urls import path

from digit.web import file_views, health, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("about/", views.about, name="about"),
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("files/<int:pk>/", file_views.prepared_file, name="prepared_file"),
    path(
        "files/<int:pk>/download/",
        file_views.prepared_file_download,
        name="prepared_file_download",
    ),
]
