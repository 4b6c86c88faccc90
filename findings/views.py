"""The visit workspace: checklist, findings, evidence and recommendations, edited in place.

Every form works twice: with htmx it posts in the background and swaps one fragment of the
page; without JavaScript it is an ordinary form that returns to the workspace. Errors come back
as the same fragment with status 400 (409 for an edit conflict), and never lose what was typed.
"""

import copy
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.visibility import get_visible_or_404
from core.errors import EditConflict, TransitionNotAllowed
from core.forms_utils import attach_errors
from inspections.models import ContentArea, Criterion, Visit

from . import rules, services
from .enums import RecommendationKind
from .forms import (
    CheckForm,
    EvidenceForm,
    FindingForm,
    RecommendationForm,
    RemoveEvidenceForm,
    inspected_units,
)
from .models import CriterionCheck, Evidence, Finding, Recommendation


def _visit(request, pk: int) -> Visit:
    """The visit, if the user may see its working material (the team and oversight)."""
    visit = (
        Visit.objects.internal_to(request.user)
        .select_related("inspected_organization", "team", "plan")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404
    return visit


def _finding(request, pk: int) -> Finding:
    return get_visible_or_404(
        Finding.objects.select_related(
            "visit__inspected_organization",
            "visit__team",
            "content_area",
            "criterion",
            "responsible_organization",
            "recorded_by",
        ),
        request.user,
        pk=pk,
    )


def _findings_queryset():
    return Finding.objects.select_related(
        "criterion", "responsible_organization", "recorded_by"
    ).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.present().select_related("uploaded_by")),
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.with_overdue().select_related("addressee"),
        ),
    )


def _card_extras(visit: Visit) -> dict:
    """What every finding card needs to offer its forms, computed once per request."""
    return {
        "addressees": list(inspected_units(visit)),
        "recommendation_kinds": RecommendationKind.choices,
        "today": timezone.localdate(),
    }


def _refusal(request, visit: Visit) -> HttpResponse | None:
    """Why this user may not record on this visit now: 409 when frozen; 403 when not on the team."""
    try:
        services.guard_recording(request.user, visit)
    except TransitionNotAllowed as error:
        context = {"visit": visit, "messages_list": error.messages}
        return _fragment(request, "findings/_refusal.html", context, 409)
    return None


def _back_to_workspace(visit: Visit, anchor: str = "") -> HttpResponse:
    url = reverse("findings:workspace", args=[visit.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _fragment(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    """The fragment alone for htmx; a small page around it for a plain form post."""
    if request.htmx:
        return render(request, template, context, status=status)
    return render(
        request, "findings/fragment_page.html", {**context, "fragment": template}, status=status
    )


# --- Workspace --------------------------------------------------------------------------------


def _areas_for(visit: Visit):
    if visit.plan_id:
        areas = list(visit.plan.content_areas.all())
        if areas:
            return areas
    return list(ContentArea.objects.all())


@login_required
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    areas = _areas_for(visit)
    criteria = Criterion.objects.filter(content_area__in=areas, is_active=True)
    checks = {
        check.criterion_id: check
        for check in CriterionCheck.objects.visible_to(request.user)
        .filter(visit=visit)
        .select_related("checked_by")
    }
    by_criterion, free_by_area = defaultdict(list), defaultdict(list)
    for finding in _findings_queryset().filter(visit=visit):
        if finding.criterion_id:
            by_criterion[finding.criterion_id].append(finding)
        else:
            free_by_area[finding.content_area_id].append(finding)
    criteria_by_area = defaultdict(list)
    for criterion in criteria:
        criteria_by_area[criterion.content_area_id].append(
            {
                "criterion": criterion,
                "check": checks.get(criterion.pk),
                "findings": by_criterion.get(criterion.pk, []),
            }
        )
    sections = [
        {
            "area": area,
            "rows": criteria_by_area.get(area.pk, []),
            "free_findings": free_by_area.get(area.pk, []),
        }
        for area in areas
    ]
    visit_recommendations = (
        Recommendation.objects.with_overdue()
        .filter(visit=visit, finding__isnull=True)
        .select_related("addressee")
    )
    can_record = rules.can_record(request.user, visit)
    context = {
        "visit": visit,
        "sections": sections,
        "visit_recommendations": visit_recommendations,
        "can_record": can_record,
        "visit_recommendation_form": RecommendationForm(visit=visit) if can_record else None,
        "finding_count": sum(len(v) for v in by_criterion.values())
        + sum(len(v) for v in free_by_area.values()),
        **_card_extras(visit),
    }
    return render(request, "findings/workspace.html", context)


def _criterion_context(request, visit, criterion):
    check = (
        CriterionCheck.objects.visible_to(request.user)
        .filter(visit=visit, criterion=criterion)
        .first()
    )
    findings = list(_findings_queryset().filter(visit=visit, criterion=criterion))
    return {
        "visit": visit,
        "row": {"criterion": criterion, "check": check, "findings": findings},
        "can_record": rules.can_record(request.user, visit),
        **_card_extras(visit),
    }


@login_required
@require_POST
def set_check(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    criterion = Criterion.objects.filter(pk=criterion_pk, is_active=True).first()
    if criterion is None:
        raise Http404
    form = CheckForm(request.POST)
    status = 200
    context = _criterion_context(request, visit, criterion)
    if not form.is_valid():
        context["check_error"] = form.errors.get("result") or form.errors.get("note")
        status = 400
    else:
        try:
            services.set_check(request.user, visit, criterion, **form.cleaned_data)
        except ValidationError as error:
            context["check_error"] = error.messages
            status = 409 if isinstance(error, TransitionNotAllowed) else 400
        else:
            if not request.htmx:
                return _back_to_workspace(visit, f"criterion-{criterion.pk}")
            context = _criterion_context(request, visit, criterion)
    return _fragment(request, "findings/_criterion_row.html", context, status)


# --- Findings ---------------------------------------------------------------------------------


def _form_context(visit, form, *, finding=None, conflict=None, target=""):
    return {
        "visit": visit,
        "form": form,
        "finding": finding,
        "conflict": conflict,
        "target": target,
    }


@login_required
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    if refusal := _refusal(request, visit):
        return refusal
    initial = {
        "content_area": request.GET.get("area"),
        "criterion": request.GET.get("criterion"),
        "kind": "shortcoming",
        "responsible_organization": visit.inspected_organization_id,
    }
    form = FindingForm(request.POST or None, visit=visit, initial=initial)
    target = request.POST.get("target") or request.GET.get("target", "")
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.record_finding(request.user, visit, **form.service_fields())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if not request.htmx:
                return _back_to_workspace(visit, f"finding-{finding.pk}")
            finding = _findings_queryset().get(pk=finding.pk)
            # The new card replaces the form where it was opened.
            return render(
                request,
                "findings/_finding_card.html",
                {"finding": finding, "visit": visit, "can_record": True, **_card_extras(visit)},
            )
    status = 400 if form.errors else 200
    return _fragment(
        request, "findings/_finding_form.html", _form_context(visit, form, target=target), status
    )


@login_required
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    visit = finding.visit
    if refusal := _refusal(request, visit):
        return refusal
    form = FindingForm(request.POST or None, visit=visit, instance=finding)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            finding = services.update_finding(
                request.user, finding, version=version, **form.service_fields()
            )
        except EditConflict as conflict:
            current = _findings_queryset().get(pk=finding.pk)
            # Keep what this inspector typed; show the other version; next save overwrites it.
            data = request.POST.copy()
            data["version"] = current.version
            # The form gets its own copy: binding it must not overwrite what we show as theirs.
            form = FindingForm(data, visit=visit, instance=copy.copy(current))
            form.is_valid()
            context = _form_context(visit, form, finding=current, conflict=conflict)
            return _fragment(request, "findings/_finding_form.html", context, 409)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if not request.htmx:
                return _back_to_workspace(visit, f"finding-{finding.pk}")
            finding = _findings_queryset().get(pk=finding.pk)
            return render(
                request,
                "findings/_finding_card.html",
                {"finding": finding, "visit": visit, "can_record": True, **_card_extras(visit)},
            )
    status = 400 if form.errors else 200
    return _fragment(
        request, "findings/_finding_form.html", _form_context(visit, form, finding=finding), status
    )


@login_required
def finding_card(request: HttpRequest, pk: int) -> HttpResponse:
    """One finding as shown in the workspace (used by "cancel" of an edit form)."""
    finding = _finding(request, pk)
    finding = _findings_queryset().get(pk=finding.pk)
    return _fragment(
        request,
        "findings/_finding_card.html",
        {
            "finding": finding,
            "visit": finding.visit,
            "can_record": rules.can_record(request.user, finding.visit),
            **_card_extras(finding.visit),
        },
    )


@login_required
@require_POST
def finding_delete(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    visit = finding.visit
    try:
        services.delete_finding(request.user, finding)
    except TransitionNotAllowed as error:
        finding = _findings_queryset().get(pk=finding.pk)
        context = {
            "finding": finding,
            "visit": visit,
            "can_record": True,
            "card_error": error.messages,
            **_card_extras(visit),
        }
        return _fragment(request, "findings/_finding_card.html", context, 409)
    if request.htmx:
        return HttpResponse("")
    return _back_to_workspace(visit)


@login_required
def finding_history(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    records = list(finding.history.select_related("history_user").order_by("history_date"))
    changes = []
    for previous, record in zip([None, *records], records, strict=False):
        fields = []
        if previous is not None:
            delta = record.diff_against(previous)
            fields = [
                {
                    "field": Finding._meta.get_field(change.field).verbose_name,
                    "old": change.old,
                    "new": change.new,
                }
                for change in delta.changes
                if change.field not in {"version", "updated_at"}
            ]
        changes.append({"record": record, "fields": fields})
    evidence_log = finding.evidence.select_related("uploaded_by", "removed_by")
    return render(
        request,
        "findings/finding_history.html",
        {"finding": finding, "changes": reversed(changes), "evidence_log": evidence_log},
    )


# --- Evidence ---------------------------------------------------------------------------------


def _card(request, finding, status=200, **extra):
    finding = _findings_queryset().get(pk=finding.pk)
    context = {
        "finding": finding,
        "visit": finding.visit,
        "can_record": rules.can_record(request.user, finding.visit),
        **_card_extras(finding.visit),
        **extra,
    }
    return _fragment(request, "findings/_finding_card.html", context, status)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_evidence(
                request.user, finding, form.cleaned_data["file"], form.cleaned_data["caption"]
            )
        except TransitionNotAllowed as error:
            return _card(request, finding, 409, card_error=error.messages)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if not request.htmx:
                return _back_to_workspace(finding.visit, f"finding-{finding.pk}")
            return _card(request, finding)
    return _card(request, finding, 400, evidence_form=form, open_panel="evidence")


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_visible_or_404(Evidence.objects.select_related("finding"), request.user, pk=pk)
    form = RemoveEvidenceForm(request.POST)
    if not form.is_valid():
        return _card(
            request,
            evidence.finding,
            400,
            card_error=[error for errors in form.errors.values() for error in errors],
        )
    try:
        services.remove_evidence(request.user, evidence, form.cleaned_data["reason"])
    except ValidationError as error:
        status = 409 if isinstance(error, TransitionNotAllowed) else 400
        return _card(request, evidence.finding, status, card_error=error.messages)
    if not request.htmx:
        return _back_to_workspace(evidence.finding.visit, f"finding-{evidence.finding_id}")
    return _card(request, evidence.finding)


@login_required
def evidence_download(request: HttpRequest, pk: int, thumbnail: bool = False) -> FileResponse:
    """Serve a file only to those who may see its finding, never from a public URL."""
    # Removed evidence is withdrawn: the row stays for the record, the file is not served.
    evidence = get_visible_or_404(Evidence.objects.present(), request.user, pk=pk)
    stored = evidence.thumbnail if thumbnail else evidence.file
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not (thumbnail or evidence.is_image),
        filename=evidence.original_name,
        content_type="image/jpeg" if thumbnail else evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Recommendations --------------------------------------------------------------------------


@login_required
def recommendation_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a recommendation to a finding (finding=<id>) or to the visit as a whole."""
    visit = _visit(request, pk)
    if refusal := _refusal(request, visit):
        return refusal
    finding = None
    finding_id = request.POST.get("finding") or request.GET.get("finding")
    if finding_id:
        finding = Finding.objects.filter(
            visit=visit, pk=int(finding_id) if finding_id.isdigit() else 0
        ).first()
        if finding is None:
            raise Http404
    form = RecommendationForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_recommendation(
                request.user, visit, finding=finding, **form.service_fields()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if not request.htmx:
                return _back_to_workspace(visit, f"finding-{finding.pk}" if finding else "")
            if finding is not None:
                return _card(request, finding)
            return render(
                request,
                "findings/_visit_recommendations.html",
                _visit_recommendations_context(request, visit),
            )
    status = 400 if form.errors else 200
    if finding is not None and request.method == "POST":
        return _card(
            request, finding, status, recommendation_form=form, open_panel="recommendation"
        )
    context = {**_visit_recommendations_context(request, visit), "visit_recommendation_form": form}
    return _fragment(request, "findings/_visit_recommendations.html", context, status)


def _visit_recommendations_context(request, visit):
    return {
        "visit": visit,
        "visit_recommendations": Recommendation.objects.with_overdue()
        .filter(visit=visit, finding__isnull=True)
        .select_related("addressee"),
        "can_record": rules.can_record(request.user, visit),
        "visit_recommendation_form": RecommendationForm(visit=visit),
    }


def empty(request: HttpRequest) -> HttpResponse:
    """An empty fragment: htmx swaps it in to close a form that was opened in place."""
    return HttpResponse("")
