from django.urls import path

from digit.funding import certificate_views, claim_views, views

app_name = "funding"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit-costs/", views.unit_costs, name="unit_costs"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/plan/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/certificates/", certificate_views.month_list, name="months"),
    path(
        "<int:pk>/certificates/<int:year>-<int:month>/",
        certificate_views.month_detail,
        name="month",
    ),
    path(
        "<int:pk>/certificates/<int:year>-<int:month>/build/",
        certificate_views.month_build,
        name="month_build",
    ),
    path(
        "<int:pk>/certificates/<int:year>-<int:month>/compilation.pdf",
        certificate_views.month_pdf,
        name="month_pdf",
    ),
    path("certificates/", certificate_views.my_certificates, name="my_certificates"),
    path("certificates/<int:pk>/", certificate_views.certificate_detail, name="certificate"),
    path(
        "certificates/<int:pk>/sign/", certificate_views.certificate_sign, name="certificate_sign"
    ),
    path(
        "certificates/<int:pk>/attest/",
        certificate_views.certificate_attest,
        name="certificate_attest",
    ),
    path(
        "certificates/<int:pk>/certificate.pdf",
        certificate_views.certificate_pdf_view,
        name="certificate_pdf",
    ),
    path("<int:pk>/claims/", claim_views.claim_list, name="claims"),
    path("periods/<int:pk>/claim/", claim_views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", claim_views.claim_detail, name="claim"),
    path("claims/<int:pk>/submit/", claim_views.claim_submit, name="claim_submit"),
    path("claims/<int:pk>/paid/", claim_views.claim_paid, name="claim_paid"),
    path("claims/<int:pk>/evidence.zip", claim_views.claim_evidence, name="claim_evidence"),
]
