from django.urls import path

from digit.people import import_views, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("import/", import_views.upload, name="import_upload"),
    path("import/confirm/", import_views.confirm, name="import_confirm"),
    path("import/<int:pk>/", import_views.result, name="import_result"),
]
