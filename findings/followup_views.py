"""Follow-up pages: the recommendation tracker, one recommendation with its reports, and the
addressee's report form. Thin: fetch what the user may see, validate, call findings.followup."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.visibility import get_visible_or_404
from core.errors import TransitionNotAllowed
from core.forms_utils import attach_errors

from . import followup, rules
from .enums import RECOMMENDATION_PENDING_STATES
from .followup_forms import CancelRecommendationForm, RejectForm, ReportForm, TrackerFilterForm
from .models import Evidence, Recommendation, RemediationReport


def _recommendations(user):
    return Recommendation.objects.visible_to(user).with_overdue()


@login_required
def tracker(request: HttpRequest) -> HttpResponse:
    """Recommendations the user may see: the team's tracker, or the addressee's to-do list."""
    form = TrackerFilterForm(request.GET or None)
    rows = _recommendations(request.user).select_related(
        "addressee", "visit__inspected_organization", "visit__plan", "visit__team"
    )
    status = 200
    if form.is_bound and not form.is_valid():
        rows, status = rows.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["state"] == "overdue":
            rows = rows.overdue()
        elif data["state"]:
            rows = rows.filter(status=data["state"])
        for field in ("visit", "plan", "team"):
            if data[field]:
                rows = rows.filter(
                    **{"visit__" + ("pk" if field == "visit" else field): data[field]}
                )
    today = timezone.localdate()
    totals = rows.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status="open")),
        reported=Count("pk", filter=Q(status="reported")),
        done=Count("pk", filter=Q(status="done")),
        overdue=Count("pk", filter=Q(status__in=RECOMMENDATION_PENDING_STATES, due_date__lt=today)),
    )
    paginator = Paginator(rows.order_by("due_date", "pk"), 50)
    paginator.count = totals["total"]  # counted just above: no second COUNT over the rows
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "findings/tracker.html",
        {"form": form, "page": page, "totals": totals, "today": today},
        status=status,
    )


def _detail(request, recommendation, status=200, **extra):
    user = request.user
    reports = recommendation.reports.select_related("submitted_by", "decided_by").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.present())
    )
    pending = next((r for r in reports if r.status == "submitted"), None)
    context = {
        "recommendation": recommendation,
        "reports": reports,
        "today": timezone.localdate(),
        "can_report": followup.is_addressee(user, recommendation)
        and recommendation.status == "open"
        and recommendation.visit.status in ("concluded", "following_up"),
        "pending": pending,
        "can_decide": pending is not None and rules.is_on_team(user, recommendation.visit),
        "can_cancel": recommendation.status in ("open", "reported")
        and rules.is_team_leader(user, recommendation.visit),
        "report_form": ReportForm(),
        "reject_form": RejectForm(),
        "cancel_form": CancelRecommendationForm(),
        **extra,
    }
    return render(request, "findings/recommendation_detail.html", context, status=status)


def _get(request, pk):
    return get_visible_or_404(
        _recommendations(request.user).select_related(
            "addressee", "finding", "visit__inspected_organization", "visit__team", "visit__plan"
        ),
        request.user,
        pk=pk,
    )


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(request, pk))


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _get(request, pk)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            followup.submit_report(
                request.user,
                recommendation,
                text=form.cleaned_data["text"],
                files=request.FILES.getlist("files"),
            )
        except TransitionNotAllowed as error:
            messages.error(request, " ".join(error.messages))
            return _detail(request, _get(request, pk), 409, report_form=form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                attach_errors(form, error)
            else:
                form.add_error("files", error.messages)
        else:
            messages.success(request, _("Your report was sent to the inspection team."))
            return redirect("findings:recommendation_detail", pk=pk)
    return _detail(request, recommendation, 400, report_form=form)


def _decide(request, pk, action, form=None, success=""):
    report = get_visible_or_404(
        RemediationReport.objects.select_related("recommendation"), request.user, pk=pk
    )
    recommendation_pk = report.recommendation_id
    try:
        action(report)
    except TransitionNotAllowed as error:
        messages.error(request, " ".join(error.messages))
        return _detail(request, _get(request, recommendation_pk), 409)
    except ValidationError as error:
        return _detail(
            request,
            _get(request, recommendation_pk),
            400,
            reject_form=form,
            decision_errors=error.messages,
        )
    messages.success(request, success)
    return redirect("findings:recommendation_detail", pk=recommendation_pk)


@login_required
@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        lambda report: followup.accept_report(request.user, report),
        success=_("The report was accepted; the recommendation is done."),
    )


@login_required
@require_POST
def report_reject(request: HttpRequest, pk: int) -> HttpResponse:
    form = RejectForm(request.POST)
    reason = form.data.get("reason", "")
    return _decide(
        request,
        pk,
        lambda report: followup.reject_report(request.user, report, reason=reason),
        form=form,
        success=_("The report was rejected; the addressee has been told why."),
    )


@login_required
@require_POST
def recommendation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _get(request, pk)
    form = CancelRecommendationForm(request.POST)
    try:
        followup.cancel_recommendation(
            request.user, recommendation, reason=form.data.get("reason", "")
        )
    except TransitionNotAllowed as error:
        messages.error(request, " ".join(error.messages))
        return _detail(request, _get(request, pk), 409)
    except ValidationError as error:
        return _detail(
            request, recommendation, 400, cancel_form=form, decision_errors=error.messages
        )
    messages.success(request, _("The recommendation was cancelled."))
    return redirect("findings:recommendation_detail", pk=pk)
