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
    path("disclosures/", views.disclosures, name="disclosures"),
]
