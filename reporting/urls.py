from django.urls import path

from . import export_views, views

app_name = "reporting"

urlpatterns = [
    path("bao-cao/", views.report_dashboard, name="report_dashboard"),
    path("ket-luan/", views.conclusion_list, name="conclusion_list"),
    path("ket-luan/cho-duyet/", views.review_queue, name="review_queue"),
    path("cuoc-kiem-tra/<int:pk>/ket-luan/", views.visit_conclusion, name="visit_conclusion"),
    path("ket-luan/<int:pk>/", views.conclusion_detail, name="conclusion_detail"),
    path("ket-luan/<int:pk>/thong-tin/", views.conclusion_header, name="conclusion_header"),
    path("ket-luan/<int:pk>/muc/<str:key>/", views.conclusion_section, name="conclusion_section"),
    path("ket-luan/<int:pk>/trinh/", views.conclusion_submit, name="conclusion_submit"),
    path("ket-luan/<int:pk>/tra-lai/", views.conclusion_return, name="conclusion_return"),
    path("ket-luan/<int:pk>/duyet/", views.conclusion_approve, name="conclusion_approve"),
    path("ket-luan/<int:pk>/ban-hanh/", views.conclusion_issue, name="conclusion_issue"),
    path("ket-luan/<int:pk>/dinh-chinh/", views.conclusion_correct, name="conclusion_correct"),
    path("ket-luan/<int:pk>/pdf/", views.conclusion_pdf, name="conclusion_pdf"),
    path("ket-luan/<int:pk>/pdf/trang-thai/", views.pdf_status, name="pdf_status"),
    path("ket-luan/<int:pk>/pdf/tao-lai/", views.pdf_retry, name="pdf_retry"),
]

# Consolidated report exports (reporting/export_views.py).
urlpatterns += [
    path("bao-cao/tai-ve/<str:format>/", export_views.report_export, name="report_export"),
    path("bao-cao/ban-xuat/", export_views.export_list, name="export_list"),
    path("bao-cao/ban-xuat/<int:pk>/", export_views.export_job, name="export_job"),
    path(
        "bao-cao/ban-xuat/<int:pk>/trang-thai/",
        export_views.export_status,
        name="export_status",
    ),
    path(
        "bao-cao/ban-xuat/<int:pk>/tai-ve/",
        export_views.export_download,
        name="export_download",
    ),
]
