"""Pages of the accounts app: dashboard, organization directory, own profile, health."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import services
from .forms import OrganizationSearchForm
from .models import Notification, Organization, User
from .visibility import get_visible_or_404

PAGE_SIZE = 50


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    form = OrganizationSearchForm(request.GET or None)
    organizations = Organization.objects.visible_to(request.user).with_parent_name().alphabetical()
    status = 200
    if form.is_bound:
        if form.is_valid():
            if form.cleaned_data["q"]:
                organizations = organizations.search(form.cleaned_data["q"])
            if form.cleaned_data["kind"]:
                organizations = organizations.filter(kind=form.cleaned_data["kind"])
        else:
            organizations = organizations.none()
            status = 400
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organization_list.html",
        {"form": form, "page": page, "organizations": page.object_list},
        status=status,
    )


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_visible_or_404(Organization, request.user, pk=pk)
    visible = Organization.objects.visible_to(request.user)
    ancestors = visible.filter(path__in=organization.ancestor_paths())
    children = visible.filter(
        path__startswith=organization.path, depth=organization.depth + 1
    ).alphabetical()
    members = (
        User.objects.visible_to(request.user)
        .filter(organization=organization, is_active=True)
        .prefetch_related("groups")
        .alphabetical()
    )
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "organization": organization,
            "ancestors": ancestors,
            "children": children,
            "members": members,
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.visible_to(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to what it is about (our own pages only)."""
    notification = get_visible_or_404(Notification, request.user, pk=pk)
    services.mark_read(request.user, notification)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None) or not target:
        target = reverse("accounts:notification_list")
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(request.user)
    return redirect("accounts:notification_list")
