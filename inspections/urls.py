from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("van-ban/", views.legal_document_list, name="legal_document_list"),
    path("van-ban/moi/", views.legal_document_create, name="legal_document_create"),
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/moi/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("ke-hoach/<int:pk>/phe-duyet/", views.plan_approve, name="plan_approve"),
    path("ke-hoach/<int:pk>/ket-thuc/", views.plan_close, name="plan_close"),
    path(
        "ke-hoach/<int:pk>/tao-cuoc-kiem-tra/",
        views.plan_generate_visits,
        name="plan_generate_visits",
    ),
    path("doan/", views.team_list, name="team_list"),
    path("doan/moi/", views.team_create, name="team_create"),
    path("doan/<int:pk>/", views.team_detail, name="team_detail"),
    path("doan/<int:pk>/sua/", views.team_edit, name="team_edit"),
    path("cuoc-kiem-tra/", views.visit_list, name="visit_list"),
    path("cuoc-kiem-tra/moi/", views.visit_create, name="visit_create"),
    path("cuoc-kiem-tra/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("cuoc-kiem-tra/<int:pk>/bat-dau/", views.visit_start, name="visit_start"),
    path("cuoc-kiem-tra/<int:pk>/ket-thuc/", views.visit_finish, name="visit_finish"),
    path("cuoc-kiem-tra/<int:pk>/huy/", views.visit_cancel, name="visit_cancel"),
    path("lich-cua-toi/", views.my_visits, name="my_visits"),
]
