from django.urls import path

from digit.learning import staff_views, views

app_name = "learning"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("mine/", views.my_learning, name="mine"),
    path("journal/", views.journal, name="journal"),
    path("leading/", views.leading, name="leading"),
    path("activities/new/", staff_views.activity_edit, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", staff_views.activity_edit, name="activity_edit"),
    path(
        "activities/<int:activity_pk>/sessions/new/",
        staff_views.session_edit,
        name="session_create",
    ),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", staff_views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("sessions/<int:pk>/enrol-person/", views.staff_enrol, name="staff_enrol"),
    path("sessions/<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("enrolments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("programmes/", staff_views.programme_learning, name="programmes"),
    path("programmes/<slug:slug>/groups/", staff_views.groups, name="groups"),
    path(
        "programmes/<slug:slug>/groups/<int:formation_pk>/move/",
        staff_views.move_member,
        name="move_member",
    ),
    path("programmes/<slug:slug>/role-models/", staff_views.role_model_list, name="role_models"),
    path("programmes/<slug:slug>/reflection/", staff_views.prompts, name="prompts"),
]
