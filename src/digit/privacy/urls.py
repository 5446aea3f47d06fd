from django.urls import path

from digit.privacy import views

app_name = "privacy"

urlpatterns = [
    path("people/<int:pk>/erase/", views.erase, name="erase"),
]
