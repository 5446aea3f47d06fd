from django.urls import path

from digit.competences import views

app_name = "competences"

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("<str:slug>/", views.framework_detail, name="framework_detail"),
    path(
        "<str:slug>/areas/<str:area_code>/add/",
        views.competence_create,
        name="competence_create",
    ),
]
