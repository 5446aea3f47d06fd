"""Addresses of the competence profile, mounted under /assessments/ in the assessments
namespace by digit/urls.py (the page composes assessment results and learning's
recommendations, so it lives above both apps: docs/architecture.md)."""

from django.urls import path

from digit.web import profile_views

urlpatterns = [
    path("profile/", profile_views.my_profile, name="my_profile"),
    path("profile/chart.svg", profile_views.my_profile_chart, name="my_profile_chart"),
    path("profile/pdf/", profile_views.my_profile_pdf, name="my_profile_pdf"),
    path("profile/person/<int:pk>/", profile_views.person_profile, name="person_profile"),
    path(
        "profile/person/<int:pk>/chart.svg",
        profile_views.person_profile_chart,
        name="person_profile_chart",
    ),
    path(
        "profile/person/<int:pk>/pdf/", profile_views.person_profile_pdf, name="person_profile_pdf"
    ),
]
