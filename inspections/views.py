"""Pages of planning: legal documents, plans, teams, visits, my visits and the month calendar.

Views are thin: fetch what the user may see (404 otherwise), validate a form, call a service.
"""

import calendar
import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.visibility import count_subquery, get_visible_or_404
from core.errors import TransitionNotAllowed
from core.forms_utils import attach_errors

from . import rules, services
from .enums import VISIT_DONE_STATES, VisitKind, VisitStatus
from .forms import (
    CancelVisitForm,
    GenerateVisitsForm,
    LegalDocumentFilterForm,
    LegalDocumentForm,
    MemberFormSet,
    MonthForm,
    PlanFilterForm,
    PlanForm,
    TeamForm,
    VisitFilterForm,
    VisitForm,
)
from .models import InspectionPlan, LegalDocument, Team, TeamMember, Visit

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _filtered(request, form_class, queryset, apply):
    """Bind a filter form to GET; invalid filters show errors and an empty list with 400."""
    form = form_class(request.GET or None)
    if not form.is_bound:
        return form, queryset, 200
    if not form.is_valid():
        return form, queryset.none(), 400
    return form, apply(queryset, form.cleaned_data), 200


# --- Legal documents ----------------------------------------------------------------------------


@login_required
def legal_document_list(request: HttpRequest) -> HttpResponse:
    def apply(qs, data):
        if data["q"]:
            qs = qs.search(data["q"])
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        return qs

    documents = LegalDocument.objects.visible_to(request.user).select_related(
        "issuer", "superseded_by"
    )
    form, documents, status = _filtered(request, LegalDocumentFilterForm, documents, apply)
    page = _page(request, documents)
    return render(
        request,
        "inspections/legal_document_list.html",
        {"form": form, "page": page, "can_create": rules.can_create_plan(request.user)},
        status=status,
    )


@login_required
def legal_document_create(request: HttpRequest) -> HttpResponse:
    if not rules.can_create_plan(request.user):
        raise PermissionDenied
    form = LegalDocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_legal_document(request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The legal document was registered."))
            return redirect("inspections:legal_document_list")
    status = 400 if form.errors else 200
    return render(request, "inspections/legal_document_form.html", {"form": form}, status=status)


# --- Plans --------------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    def apply(qs, data):
        if data["q"]:
            qs = qs.search(data["q"])
        if data["year"]:
            qs = qs.filter(year=data["year"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        return qs

    plans = (
        InspectionPlan.objects.visible_to(request.user)
        .select_related("issuer")
        .annotate(
            visit_count=count_subquery(Visit.objects.visible_to(request.user), to="plan"),
            target_count=count_subquery(
                InspectionPlan.targets.through.objects.all(), to="inspectionplan"
            ),
        )
        .order_by("-year", "-issued_on", "pk")
    )
    form, plans, status = _filtered(request, PlanFilterForm, plans, apply)
    return render(
        request,
        "inspections/plan_list.html",
        {
            "form": form,
            "page": _page(request, plans),
            "can_create": rules.can_create_plan(request.user),
        },
        status=status,
    )


def _progress(visits) -> list[dict]:
    """Per kind of visit: how many are planned, in progress (incl. reporting) and done."""
    rows = {
        kind: {"kind": label, "planned": 0, "active": 0, "done": 0, "cancelled": 0}
        for kind, label in VisitKind.choices
    }
    for row in visits.order_by().values("kind", "status").annotate(n=Count("pk")):
        bucket = rows[row["kind"]]
        if row["status"] == VisitStatus.PLANNED:
            bucket["planned"] += row["n"]
        elif row["status"] in VISIT_DONE_STATES:
            bucket["done"] += row["n"]
        elif row["status"] == VisitStatus.CANCELLED:
            bucket["cancelled"] += row["n"]
        else:
            bucket["active"] += row["n"]
    return [
        row
        for row in rows.values()
        if any(row[k] for k in ("planned", "active", "done", "cancelled"))
    ]


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(
        InspectionPlan.objects.select_related("issuer", "approved_by", "created_by"),
        request.user,
        pk=pk,
    )
    visits = Visit.objects.visible_to(request.user).filter(plan=plan)
    members = TeamMember.objects.select_related("user", "home_organization")
    teams = (
        Team.objects.visible_to(request.user)
        .filter(plan=plan)
        .prefetch_related(Prefetch("members", queryset=members))
    )
    user = request.user
    context = {
        "plan": plan,
        "legal_bases": plan.legal_bases.select_related("issuer"),
        "content_areas": plan.content_areas.all(),
        "targets": plan.targets.alphabetical(),
        "teams": teams,
        "visits": visits.select_related("inspected_organization", "team").order_by(
            "planned_start", "pk"
        ),
        "progress": _progress(visits),
        "can_edit": rules.can_edit_plan(user, plan),
        "can_approve": rules.can_approve_plan(user, plan),
        "can_close": rules.can_close_plan(user, plan),
    }
    return render(request, "inspections/plan_detail.html", context)


def _plan_form_page(request, form, plan=None, status=200):
    return render(
        request, "inspections/plan_form.html", {"form": form, "plan": plan}, status=status
    )


def _plan_relations(data: dict) -> dict:
    return {
        "legal_bases": data.pop("legal_bases"),
        "content_areas": data.pop("content_areas"),
        "targets": data.pop("targets"),
    }


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not rules.can_create_plan(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        relations = _plan_relations(data)
        try:
            plan = services.create_plan(request.user, **relations, **data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The plan was saved as a draft."))
            return redirect("inspections:plan_detail", pk=plan.pk)
    return _plan_form_page(request, form, status=400 if form.errors else 200)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(InspectionPlan, request.user, pk=pk)
    if not rules.can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        relations = _plan_relations(data)
        try:
            services.update_plan(request.user, plan, **relations, **data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The plan was updated."))
            return redirect("inspections:plan_detail", pk=plan.pk)
    return _plan_form_page(request, form, plan, status=400 if form.errors else 200)


def _transition(request, obj, action, success_message, detail_url_name, detail_view):
    """Run a state transition; a refused one shows its reason on the detail page with 409."""
    try:
        action()
    except TransitionNotAllowed as error:
        messages.error(request, " ".join(error.messages))
        response = detail_view(request, pk=obj.pk)
        response.status_code = 409
        return response
    messages.success(request, success_message)
    return redirect(detail_url_name, pk=obj.pk)


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(InspectionPlan, request.user, pk=pk)
    return _transition(
        request,
        plan,
        lambda: services.approve_plan(request.user, plan),
        _("The plan was approved."),
        "inspections:plan_detail",
        plan_detail,
    )


@login_required
@require_POST
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(InspectionPlan, request.user, pk=pk)
    return _transition(
        request,
        plan,
        lambda: services.close_plan(request.user, plan),
        _("The plan was closed."),
        "inspections:plan_detail",
        plan_detail,
    )


@login_required
def plan_generate_visits(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_visible_or_404(InspectionPlan.objects.select_related("issuer"), request.user, pk=pk)
    if not rules.can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = GenerateVisitsForm(request.POST or None, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.generate_visits(request.user, plan, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(count)d visits were created.") % {"count": len(created)})
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(
        request,
        "inspections/generate_visits.html",
        {"form": form, "plan": plan, "targets": plan.targets.alphabetical()},
        status=400 if form.errors else 200,
    )


# --- Teams --------------------------------------------------------------------------------------


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    teams = (
        Team.objects.visible_to(request.user)
        .select_related("organization", "plan")
        .annotate(member_count=count_subquery(TeamMember.objects.all(), to="team"))
        .order_by("-decision_date", "pk")
    )
    return render(request, "inspections/team_list.html", {"page": _page(request, teams)})


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_visible_or_404(
        Team.objects.select_related("organization", "plan"), request.user, pk=pk
    )
    members = team.members.select_related("user", "home_organization").order_by("role", "pk")
    visits = (
        Visit.objects.visible_to(request.user)
        .filter(team=team)
        .select_related("inspected_organization")
        .order_by("planned_start", "pk")
    )
    return render(
        request,
        "inspections/team_detail.html",
        {
            "team": team,
            "members": members,
            "visits": visits,
            "can_manage": rules.can_manage_team(request.user, team),
        },
    )


def _member_specs(formset) -> list[services.MemberSpec]:
    return [
        services.MemberSpec(
            user=row["user"], role=row["role"], home_organization=row.get("home_organization")
        )
        for row in (form.cleaned_data for form in formset.forms)
        if row and not row.get("DELETE")
    ]


def _team_form_page(request, form, formset, team=None):
    status = 400 if (form.errors or formset.total_error_count()) else 200
    return render(
        request,
        "inspections/team_form.html",
        {"form": form, "formset": formset, "team": team},
        status=status,
    )


@login_required
def team_create(request: HttpRequest) -> HttpResponse:
    if not rules.can_create_plan(request.user):
        raise PermissionDenied
    form = TeamForm(
        request.POST or None, user=request.user, initial={"plan": request.GET.get("plan")}
    )
    # Initial rows only on GET: a bound extra row equal to its initial would be skipped.
    formset = MemberFormSet(
        request.POST or None,
        prefix="members",
        form_kwargs={"user": request.user},
        initial=None if request.method == "POST" else [{"user": request.user.pk, "role": "head"}],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            team = services.create_team(
                request.user, members=_member_specs(formset), **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The team was formed."))
            return redirect("inspections:team_detail", pk=team.pk)
    return _team_form_page(request, form, formset)


@login_required
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_visible_or_404(Team, request.user, pk=pk)
    if not rules.can_manage_team(request.user, team):
        raise PermissionDenied
    form = TeamForm(request.POST or None, instance=team, user=request.user)
    initial = [
        {"user": m.user_id, "role": m.role, "home_organization": m.home_organization_id}
        for m in team.members.all()
    ]
    formset = MemberFormSet(
        request.POST or None,
        prefix="members",
        form_kwargs={"user": request.user},
        initial=initial,
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.update_team(
                request.user, team, members=_member_specs(formset), **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The team was updated."))
            return redirect("inspections:team_detail", pk=team.pk)
    return _team_form_page(request, form, formset, team)


# --- Visits -------------------------------------------------------------------------------------


def _visit_rows(user):
    return Visit.objects.visible_to(user).select_related("inspected_organization", "team", "plan")


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    def apply(qs, data):
        if data["q"]:
            qs = qs.search(data["q"])
        if data["year"]:
            qs = qs.filter(planned_start__year=data["year"])
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        return qs

    form, visits, status = _filtered(
        request,
        VisitFilterForm,
        _visit_rows(request.user).order_by("-planned_start", "pk"),
        apply,
    )
    return render(
        request,
        "inspections/visit_list.html",
        {"form": form, "page": _page(request, visits)},
        status=status,
    )


@login_required
def visit_detail(request: HttpRequest, pk: int, cancel_form=None, status=200) -> HttpResponse:
    visit = get_visible_or_404(
        Visit.objects.select_related(
            "inspected_organization", "team__organization", "plan__issuer", "created_by"
        ),
        request.user,
        pk=pk,
    )
    user = request.user
    can_see_team = Team.objects.visible_to(user).filter(pk=visit.team_id).exists()
    head = visit.team.members.filter(role="head").select_related("user").first()
    context = {
        "visit": visit,
        "can_see_team": can_see_team,
        "team_head": head,
        "can_start": rules.can_start_visit(user, visit),
        "can_finish": rules.can_finish_fieldwork(user, visit),
        "can_cancel": rules.can_cancel_visit(user, visit),
        "cancel_form": cancel_form or CancelVisitForm(),
        "history": visit.history.select_related("history_user").order_by("-history_date")[:20]
        if can_see_team
        else [],
    }
    return render(request, "inspections/visit_detail.html", context, status=status)


@login_required
def visit_create(request: HttpRequest) -> HttpResponse:
    if not rules.can_create_plan(request.user):
        raise PermissionDenied
    form = VisitForm(
        request.POST or None,
        user=request.user,
        initial={"team": request.GET.get("team"), "plan": request.GET.get("plan")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.create_visit(request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The visit was planned."))
            return redirect("inspections:visit_detail", pk=visit.pk)
    return render(
        request,
        "inspections/visit_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def visit_start(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visible_or_404(Visit, request.user, pk=pk)
    return _transition(
        request,
        visit,
        lambda: services.start_visit(request.user, visit),
        _("The visit has started."),
        "inspections:visit_detail",
        visit_detail,
    )


@login_required
@require_POST
def visit_finish(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visible_or_404(Visit, request.user, pk=pk)
    return _transition(
        request,
        visit,
        lambda: services.finish_fieldwork(request.user, visit),
        _("Field work is finished; the team is now reporting."),
        "inspections:visit_detail",
        visit_detail,
    )


@login_required
@require_POST
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visible_or_404(Visit, request.user, pk=pk)
    form = CancelVisitForm(request.POST)
    if not form.is_valid():
        return visit_detail(request, pk=visit.pk, cancel_form=form, status=400)
    return _transition(
        request,
        visit,
        lambda: services.cancel_visit(request.user, visit, reason=form.cleaned_data["reason"]),
        _("The visit was cancelled."),
        "inspections:visit_detail",
        visit_detail,
    )


# --- My visits and calendar ---------------------------------------------------------------------


def _month(request) -> tuple[datetime.date, MonthForm]:
    form = MonthForm(request.GET or None)
    today = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["month"]:
        year, month = map(int, form.cleaned_data["month"].split("-"))
        return datetime.date(year, month, 1), form
    return today.replace(day=1), form


@login_required
def my_visits(request: HttpRequest) -> HttpResponse:
    """The inspector's own page: upcoming visits of their teams and a month calendar."""
    user = request.user
    first, form = _month(request)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    mine = _visit_rows(user).for_member(user)
    upcoming = mine.filter(
        status__in=[VisitStatus.PLANNED, VisitStatus.IN_PROGRESS],
        planned_end__gte=timezone.localdate(),
    ).order_by("planned_start", "pk")[:30]
    in_month = list(
        _visit_rows(user)
        .filter(planned_start__lte=last, planned_end__gte=first)
        .exclude(status=VisitStatus.CANCELLED)
        .order_by("planned_start", "pk")
    )
    by_day = defaultdict(list)
    for visit in in_month:
        day = max(visit.planned_start, first)
        while day <= min(visit.planned_end, last):
            by_day[day].append(visit)
            day += datetime.timedelta(days=1)
    weeks = [
        [
            {"date": day, "in_month": day.month == first.month, "visits": by_day.get(day, [])}
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = last + datetime.timedelta(days=1)
    return render(
        request,
        "inspections/my_visits.html",
        {
            "upcoming": upcoming,
            "weeks": weeks,
            "month": first,
            "previous_month": previous_month,
            "next_month": next_month,
            "today": timezone.localdate(),
            "form": form,
            "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        },
        status=400 if form.errors else 200,
    )
