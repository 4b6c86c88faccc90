"""Pages of consolidated report exports: download now, or follow a background job.

The dashboard's "Download" buttons post to `report_export` with the current filters in the
query string. A small export is answered at once (CSV streamed, XLSX and PDF built to a
temporary file); one with more rows than `EXPORT_ASYNC_ROWS` becomes an `ExportJob`, and the
browser is sent to its page, which polls its state every 2 s until the file can be downloaded.
A job still waiting after `EXPORT_REQUEUE_MINUTES` (the broker was down or lost it, its worker
died) says so, and that it is kept: beat's sweeper sends it to a worker again.
"""

import io
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.visibility import get_visible_or_404

from . import export_services
from .dashboard import ReportFilterForm, ReportFilters
from .exports import (
    CONTENT_TYPES,
    csv_chunks,
    describe_filters,
    download_name,
    filters_from_json,
    render_report_pdf,
    write_xlsx,
)
from .models import ExportFormat, ExportJob, ExportStatus


def _attachment(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _streamed_csv(user, filters: ReportFilters, language: str):
    with translation.override(language):
        yield from csv_chunks(user, filters)


def _download_now(request: HttpRequest, format: str, filters: ReportFilters) -> HttpResponse:
    user, name = request.user, download_name(format)
    if format == ExportFormat.CSV:
        response = StreamingHttpResponse(
            _streamed_csv(user, filters, translation.get_language()),
            content_type=CONTENT_TYPES["csv"],
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return _attachment(response)
    if format == ExportFormat.XLSX:
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
        write_xlsx(user, filters, handle)
        handle.seek(0)
    else:
        handle = io.BytesIO(render_report_pdf(user, filters))
    return _attachment(
        FileResponse(handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES[format])
    )


@login_required
@require_POST
def report_export(request: HttpRequest, format: str) -> HttpResponse:
    """Export the dashboard with the filters in the query string."""
    if format not in ExportFormat.values:
        raise Http404
    form = ReportFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "reporting/dashboard.html",
            {
                "form": form,
                "figures": None,
                "charts": {},
                "query": request.GET.urlencode(),
                "filters": None,
            },
            status=400,
        )
    filters = form.filters() if form.is_bound else ReportFilters()
    if not export_services.runs_in_background(request.user, filters):
        return _download_now(request, format, filters)
    try:
        job = export_services.create_export_job(request.user, format=format, filters=filters)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        query = request.GET.urlencode()
        return redirect(reverse("reporting:report_dashboard") + (f"?{query}" if query else ""))
    messages.info(
        request,
        _("This export is large: it is being prepared in the background. The file appears here."),
    )
    return redirect("reporting:export_job", pk=job.pk)


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    jobs = ExportJob.objects.visible_to(request.user).order_by("-created_at", "-pk")
    page = Paginator(jobs, 20).get_page(request.GET.get("page"))
    return render(request, "reporting/export_list.html", {"page": page})


@login_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_visible_or_404(ExportJob, request.user, pk=pk)
    return render(
        request,
        "reporting/export_job.html",
        {
            "job": job,
            "late": export_services.is_late(job),
            "described": describe_filters(request.user, filters_from_json(job.filters)),
        },
    )


@login_required
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's state as a fragment; the page polls it every 2 s while the job runs."""
    job = get_visible_or_404(ExportJob, request.user, pk=pk)
    return render(
        request,
        "reporting/_export_status.html",
        {"job": job, "late": export_services.is_late(job)},
    )


@login_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_visible_or_404(ExportJob, request.user, pk=pk)
    if job.status != ExportStatus.READY or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return _attachment(
        FileResponse(
            handle,
            as_attachment=True,
            filename=download_name(job.format, job.created_at),
            content_type=CONTENT_TYPES[job.format],
        )
    )
