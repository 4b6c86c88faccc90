"""Pages of the conclusion workflow: draft, edit section by section, review, issue, PDF."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.visibility import get_visible_or_404
from core.errors import EditConflict, TransitionNotAllowed
from core.forms_utils import attach_errors
from inspections.models import Visit

from . import rules, services
from .charts import dashboard_charts
from .dashboard import ReportFilterForm, ReportFilters, cached_summary
from .enums import ConclusionStatus, PdfStatus, Section
from .forms import HeaderForm, IssueForm, ReturnForm, SectionForm
from .models import Conclusion, ConclusionSection, ReviewComment, ReviewRound
from .text import diff_html


def _conclusion(request, pk: int) -> Conclusion:
    return get_visible_or_404(
        Conclusion.objects.select_related(
            "visit__inspected_organization",
            "visit__team",
            "visit__plan",
            "issuer",
            "approved_by",
            "issued_by",
            "supersedes",
        ),
        request.user,
        pk=pk,
    )


def _detail_context(request, conclusion: Conclusion, **extra) -> dict:
    user = request.user
    sections = list(ConclusionSection.objects.visible_to(user).filter(conclusion=conclusion))
    # Review rounds and comments are the team's working material: empty for the inspected side.
    rounds = list(ReviewRound.objects.visible_to(user).filter(conclusion=conclusion))
    comments = (
        ReviewComment.objects.visible_to(user)
        .filter(review_round__conclusion=conclusion)
        .select_related("author", "review_round")
    )
    comments_by_key: dict[str, list] = {}
    for comment in comments:
        comments_by_key.setdefault(comment.section_key, []).append(comment)
    can_decide = rules.can_decide(user, conclusion)
    changes = {}
    if len(rounds) >= 2 and conclusion.status == ConclusionStatus.IN_REVIEW:
        before, after = rounds[-2].snapshot, rounds[-1].snapshot
        changes = {
            key: diff_html(before.get(key, ""), after.get(key, ""))
            for key in after
            if before.get(key, "") != after.get(key, "")
        }
    internal = Visit.objects.internal_to(user).filter(pk=conclusion.visit_id).exists()
    context = {
        "conclusion": conclusion,
        "sections": [
            {
                "section": section,
                "comments": comments_by_key.get(section.key, []),
                "change": changes.get(section.key),
            }
            for section in sections
        ],
        "general_comments": comments_by_key.get("", []),
        "rounds": rounds,
        "internal": internal,
        "can_edit": rules.can_edit(user, conclusion),
        "can_submit": rules.can_submit(user, conclusion),
        "can_decide": can_decide,
        "can_issue": rules.can_issue(user, conclusion),
        "can_retry_pdf": rules.can_retry_pdf(user, conclusion),
        "can_correct": conclusion.is_issued and rules.is_team_leader(user, conclusion.visit),
        "header_form": HeaderForm(instance=conclusion, initial={"version": conclusion.version})
        if rules.can_edit(user, conclusion)
        else None,
        "return_form": ReturnForm() if can_decide else None,
        "issue_form": IssueForm() if rules.can_issue(user, conclusion) else None,
        "history": conclusion.history.select_related("history_user").order_by("-history_date")[:30]
        if internal
        else [],
    }
    context.update(extra)
    return context


def _detail(request, conclusion, status=200, **extra) -> HttpResponse:
    return render(
        request,
        "reporting/conclusion_detail.html",
        _detail_context(request, conclusion, **extra),
        status=status,
    )


@login_required
def conclusion_list(request: HttpRequest) -> HttpResponse:
    """Issued notices the user may see: for an inspected unit, the ones addressed to it."""
    conclusions = (
        Conclusion.objects.visible_to(request.user)
        .filter(status=ConclusionStatus.ISSUED)
        .select_related("visit__inspected_organization", "issuer")
        .order_by("-issued_on", "-number")
    )
    page = Paginator(conclusions, 50).get_page(request.GET.get("page"))
    return render(request, "reporting/conclusion_list.html", {"page": page})


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    waiting = [
        conclusion
        for conclusion in Conclusion.objects.visible_to(request.user)
        .filter(status=ConclusionStatus.IN_REVIEW)
        .select_related("visit__inspected_organization", "issuer")
        .order_by("submitted_at")[:200]
        if rules.can_review(request.user, conclusion)
    ]
    return render(request, "reporting/review_queue.html", {"conclusions": waiting})


@login_required
def visit_conclusion(request: HttpRequest, pk: int) -> HttpResponse:
    """The conclusions of one visit; the team head drafts the first one here."""
    visit = (
        Visit.objects.internal_to(request.user)
        .select_related("inspected_organization", "team")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404
    if request.method == "POST":
        try:
            conclusion = services.draft_conclusion(request.user, visit)
        except TransitionNotAllowed as error:
            messages.error(request, " ".join(error.messages))
            status = 409
        else:
            messages.success(
                request,
                _(
                    "The draft conclusion was written from the visit's "
                    "records. Review and complete each section."
                ),
            )
            return redirect("reporting:conclusion_detail", pk=conclusion.pk)
    else:
        status = 200
    conclusions = visit.conclusions.select_related("issuer").order_by("-created_at")
    return render(
        request,
        "reporting/visit_conclusion.html",
        {
            "visit": visit,
            "conclusions": conclusions,
            "can_draft": rules.is_team_leader(request.user, visit),
        },
        status=status,
    )


@login_required
def conclusion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _conclusion(request, pk))


@login_required
@require_POST
def conclusion_header(request: HttpRequest, pk: int) -> HttpResponse:
    conclusion = _conclusion(request, pk)
    form = HeaderForm(request.POST, instance=conclusion)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_header(request.user, conclusion, version=version, **data)
        except EditConflict as conflict:
            form.add_error(None, conflict.messages)
            return _detail(request, _conclusion(request, pk), 409, header_form=form)
        except TransitionNotAllowed as error:
            messages.error(request, " ".join(error.messages))
            return _detail(request, conclusion, 409)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The notice's details were saved."))
            return redirect("reporting:conclusion_detail", pk=pk)
    return _detail(request, _conclusion(request, pk), 400, header_form=form)


@login_required
def conclusion_section(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """GET: the section's edit form (htmx); POST: save it and return the section."""
    conclusion = _conclusion(request, pk)
    if key not in Section.values:
        raise Http404
    section = conclusion.sections.get(key=key)
    context = {
        "conclusion": conclusion,
        "item": {"section": section, "comments": []},
        "can_edit": rules.can_edit(request.user, conclusion),
    }
    if not context["can_edit"] and not request.GET.get("cancel"):
        if not rules.is_team_leader(request.user, conclusion.visit):
            raise PermissionDenied
        # The team's leader, but the conclusion is in review or issued: say why (409).
        messages.error(
            request,
            _("The conclusion is %(status)s and can no longer be edited.")
            % {"status": conclusion.get_status_display().lower()},
        )
        if request.htmx:
            return render(request, "reporting/_section.html", context, status=409)
        return _detail(request, conclusion, 409)
    if request.method == "GET":
        if request.GET.get("cancel"):
            return render(request, "reporting/_section.html", context)
        form = SectionForm(initial={"body": section.body, "original": section.body})
        return render(request, "reporting/_section_form.html", {**context, "form": form})
    form = SectionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            section = services.update_section(
                request.user,
                conclusion,
                key=key,
                body=form.cleaned_data["body"],
                original=form.cleaned_data["original"],
            )
        except EditConflict as conflict:
            form = SectionForm(
                {"body": form.cleaned_data["body"], "original": conflict.current.body}
            )
            form.is_valid()
            form.add_error(None, conflict.messages)
            context["theirs"] = conflict.current.body
            status = 409
        except TransitionNotAllowed as error:
            form.add_error(None, error.messages)
            status = 409
        else:
            if not request.htmx:
                return redirect("reporting:conclusion_detail", pk=pk)
            context["item"]["section"] = section
            return render(request, "reporting/_section.html", context)
    template = "reporting/_section_form.html"
    if not request.htmx:
        return _detail(request, conclusion, status)
    return render(request, template, {**context, "form": form}, status=status)


def _transition(request, conclusion, action, success):
    try:
        action()
    except TransitionNotAllowed as error:
        messages.error(request, " ".join(error.messages))
        return _detail(request, _conclusion(request, conclusion.pk), 409)
    messages.success(request, success)
    return redirect("reporting:conclusion_detail", pk=conclusion.pk)


@login_required
@require_POST
def conclusion_submit(request: HttpRequest, pk: int) -> HttpResponse:
    conclusion = _conclusion(request, pk)
    return _transition(
        request,
        conclusion,
        lambda: services.submit_for_review(request.user, conclusion),
        _("The conclusion was submitted for review."),
    )


@login_required
@require_POST
def conclusion_approve(request: HttpRequest, pk: int) -> HttpResponse:
    conclusion = _conclusion(request, pk)
    return _transition(
        request,
        conclusion,
        lambda: services.approve(request.user, conclusion),
        _("The conclusion was approved; it can now be issued."),
    )


@login_required
@require_POST
def conclusion_return(request: HttpRequest, pk: int) -> HttpResponse:
    conclusion = _conclusion(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_for_revision(
                request.user,
                conclusion,
                comments=form.comments(),
                general=form.cleaned_data["general"],
            )
        except TransitionNotAllowed as error:
            messages.error(request, " ".join(error.messages))
            return _detail(request, _conclusion(request, pk), 409)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("The conclusion was returned to the team with your comments.")
            )
            return redirect("reporting:conclusion_detail", pk=pk)
    return _detail(request, conclusion, 400, return_form=form)


@login_required
@require_POST
def conclusion_issue(request: HttpRequest, pk: int) -> HttpResponse:
    conclusion = _conclusion(request, pk)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            issued = services.issue(
                request.user, conclusion, issued_on=form.cleaned_data["issued_on"]
            )
        except TransitionNotAllowed as error:
            messages.error(request, " ".join(error.messages))
            return _detail(request, _conclusion(request, pk), 409)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("Issued as number %(reference)s. The PDF is being prepared.")
                % {"reference": issued.reference},
            )
            return redirect("reporting:conclusion_detail", pk=pk)
    return _detail(request, conclusion, 400, issue_form=form)


@login_required
@require_POST
def conclusion_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a correcting conclusion: an issued one is never edited."""
    conclusion = _conclusion(request, pk)
    try:
        correction = services.draft_conclusion(
            request.user, conclusion.visit, supersedes=conclusion
        )
    except TransitionNotAllowed as error:
        messages.error(request, " ".join(error.messages))
        return _detail(request, _conclusion(request, pk), 409)
    messages.success(request, _("A correcting conclusion was drafted from the issued text."))
    return redirect("reporting:conclusion_detail", pk=correction.pk)


@login_required
def conclusion_pdf(request: HttpRequest, pk: int) -> FileResponse:
    conclusion = _conclusion(request, pk)
    if conclusion.pdf_status != PdfStatus.READY or not conclusion.pdf:
        raise Http404
    response = FileResponse(
        conclusion.pdf.open("rb"),
        as_attachment=False,
        filename=f"{conclusion.reference.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def pdf_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF's state as a fragment; the page polls it every 2 s while the job runs."""
    conclusion = _conclusion(request, pk)
    return render(
        request,
        "reporting/_pdf_status.html",
        {"conclusion": conclusion, "can_retry_pdf": rules.can_retry_pdf(request.user, conclusion)},
    )


@login_required
@require_POST
def pdf_retry(request: HttpRequest, pk: int) -> HttpResponse:
    conclusion = _conclusion(request, pk)
    return _transition(
        request,
        conclusion,
        lambda: services.retry_pdf(request.user, conclusion),
        _("The PDF is being rebuilt."),
    )


# --- Consolidated reports -------------------------------------------------------------------


def _report_form(request):
    form = ReportFilterForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid():
        return form, form.filters(), 200
    if form.is_bound:
        return form, None, 400
    return form, ReportFilters(), 200


@login_required
def report_dashboard(request: HttpRequest) -> HttpResponse:
    """Consolidated figures with filters; every figure links to the list behind it."""
    form, filters, status = _report_form(request)
    figures, computed_at = (
        cached_summary(request.user, filters) if filters is not None else (None, None)
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "figures": figures,
            "computed_at": computed_at,
            "cache_minutes": max(1, settings.REPORT_CACHE_SECONDS // 60),
            "charts": dashboard_charts(figures) if figures else {},
            "query": request.GET.urlencode(),
            "filters": filters,
        },
        status=status,
    )
