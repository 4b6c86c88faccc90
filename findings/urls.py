from django.urls import path

from . import followup_views, library_views, views

app_name = "findings"

urlpatterns = [
    path("cuoc-kiem-tra/<int:pk>/lam-viec/", views.workspace, name="workspace"),
    path(
        "cuoc-kiem-tra/<int:pk>/tieu-chi/<int:criterion_pk>/",
        views.set_check,
        name="set_check",
    ),
    path("cuoc-kiem-tra/<int:pk>/ket-qua/moi/", views.finding_create, name="finding_create"),
    path(
        "cuoc-kiem-tra/<int:pk>/kien-nghi/moi/",
        views.recommendation_create,
        name="recommendation_create",
    ),
    path("ket-qua/<int:pk>/", views.finding_card, name="finding_card"),
    path("ket-qua/<int:pk>/sua/", views.finding_edit, name="finding_edit"),
    path("ket-qua/<int:pk>/xoa/", views.finding_delete, name="finding_delete"),
    path("ket-qua/<int:pk>/lich-su/", views.finding_history, name="finding_history"),
    path("ket-qua/<int:pk>/minh-chung/", views.evidence_upload, name="evidence_upload"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path(
        "minh-chung/<int:pk>/anh-nho/",
        views.evidence_download,
        {"thumbnail": True},
        name="evidence_thumbnail",
    ),
    path("minh-chung/<int:pk>/go-bo/", views.evidence_remove, name="evidence_remove"),
    path("dong/", views.empty, name="empty"),
    path("ket-qua/", library_views.finding_list, name="finding_list"),
    path("cach-lam-hay/", library_views.good_practices, name="good_practices"),
    path("kien-nghi/", followup_views.tracker, name="tracker"),
    path("kien-nghi/<int:pk>/", followup_views.recommendation_detail, name="recommendation_detail"),
    path("kien-nghi/<int:pk>/bao-cao/", followup_views.report_submit, name="report_submit"),
    path(
        "kien-nghi/<int:pk>/huy/",
        followup_views.recommendation_cancel,
        name="recommendation_cancel",
    ),
    path("bao-cao/<int:pk>/chap-nhan/", followup_views.report_accept, name="report_accept"),
    path("bao-cao/<int:pk>/tu-choi/", followup_views.report_reject, name="report_reject"),
    path("minh-chung-bao-cao/<int:pk>/", views.evidence_download, name="report_evidence_download"),
]
