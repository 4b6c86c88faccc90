"""Who gets what, for every page and every API endpoint (docs/design.md §5).

The URL names come from the URL configuration itself: `test_every_url_has_a_row` walks
`get_resolver()` and fails when a URL has no row in MATRIX (or a row names a URL that is gone),
so a new page cannot be added without deciding who may open it.

Each row says, for every role, what one request gets. The request is a GET; for a POST-only URL
it is a POST with an empty body (and `test_post_only_urls_refuse_a_get` checks that a GET of it
answers 405). Object URLs point at one object of a shared world (TARGETS), built once for the
module; every request runs in a savepoint that is rolled back, so a POST that succeeds changes
nothing for the next one. "ward_after" is the ward's officer with the surprise visit started
inside that savepoint.

Where the application disagrees with docs/design.md, the row holds what the design requires and
the case is
listed in BUGS: it runs as a strict xfail, so fixing the application turns it into an XPASS
failure, and the entry must then be removed.

Not covered, on purpose:
- `admin:` — Django's admin, staff-only by Django itself;
- `set_language` — Django's i18n view, public by design;
- `api-schema` and `api-docs` — the OpenAPI schema and its docs, public by design;
- static and media serving (WhiteNoise, `django.views.static.serve`): no Django URL in
  production; evidence and PDFs are served by the views below, never from a public URL.
"""

import datetime
import functools
import io
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.views import APIView

from accounts.enums import OrganizationKind as K
from accounts.enums import Role
from accounts.models import Notification
from findings import followup
from findings import services as findings_services
from inspections import services as planning_services
from inspections.models import Visit
from reporting import services as reporting_services
from reporting.enums import PdfStatus

from .conftest import ensure_reference_data
from .factories import (
    CriterionFactory,
    LegalDocumentFactory,
    OrganizationFactory,
    PlanFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
    content_area,
)

# --- Roles ----------------------------------------------------------------------------------------

ANON = "anonymous"
GONE = "deactivated"  # a former member of the team, deactivated (with an API token left over)
MEMBER = "inspector"  # a team member
LEAD = "team_lead"  # the team's head
CITY = "hanoi_head"  # unit head of the city that organizes the inspections
ANALYST = "analyst"  # ministry analyst of the TTCP (a national body)
WARD = "ward_before"  # officer of the inspected ward, before the surprise visit starts
WARD_AFTER = "ward_after"  # the same officer, once the surprise visit has started
OTHER = "dong_thap_officer"  # officer of a commune in another province

ROLES = (ANON, GONE, MEMBER, LEAD, CITY, ANALYST, WARD, WARD_AFTER, OTHER)
SIGNED_IN = ROLES[2:]

# --- Outcomes -------------------------------------------------------------------------------------

OK = "200"  # any 2xx: the page, the data or the file
DONE = "redirect"  # a 3xx elsewhere than sign-in: the action was taken (or a signed-in user
#                    is sent on, e.g. from the sign-in page to the dashboard)
LOGIN = "sign-in"  # page: 302 to /dang-nhap/?next=…; API: 401/403 "not authenticated"
NOT_FOUND = "404"  # may not see the object: existence does not leak
FORBIDDEN = "403"  # may see it, may not do this
NOT_ALLOWED = "405"
BAD_REQUEST = "400"  # the empty POST body is refused (validation before or after the rights)
CONFLICT = "409"  # allowed, but not in the object's current state


def everyone(expected: str) -> dict:
    return dict.fromkeys(ROLES, expected)


def _with(row: dict, overrides: dict) -> dict:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"not a role: {unknown}"
    return {**row, **overrides}


def signed_in(expected: str = OK, **overrides: str) -> dict:
    """Anonymous and deactivated users are sent to sign in; everyone else gets `expected`."""
    return _with({ANON: LOGIN, GONE: LOGIN, **dict.fromkeys(SIGNED_IN, expected)}, overrides)


# Families of rows (docs/design.md §5).
# Lists and personal pages: every signed-in user, each seeing only their own scope.
LIST = signed_in(OK)
# Working material of the team (findings, evidence, drafts): the team and those with oversight
# of the organizer; never the inspected side, never another province.
INTERNAL = signed_in(OK, ward_before=NOT_FOUND, ward_after=NOT_FOUND, dong_thap_officer=NOT_FOUND)
# Published to the inspected unit (issued conclusions, their recommendations and reports).
PUBLISHED = signed_in(OK, dong_thap_officer=NOT_FOUND)
# An export job is its owner's alone (the analyst's).
OWNER = signed_in(NOT_FOUND, analyst=OK)
# The ward's own notification.
WARDS_OWN = signed_in(NOT_FOUND, ward_before=OK, ward_after=OK)


def internal(expected: str = OK, **overrides: str) -> dict:
    """INTERNAL, where the team and oversight get `expected` unless overridden."""
    return _with({**INTERNAL, **dict.fromkeys((MEMBER, LEAD, CITY, ANALYST), expected)}, overrides)


def published(expected: str = OK, **overrides: str) -> dict:
    """PUBLISHED, where everyone who sees it gets `expected` unless overridden."""
    return _with({**PUBLISHED, **dict.fromkeys(SIGNED_IN[:-1], expected)}, overrides)


# Acting on the team's material: the team acts, oversight may only look.
TEAM_ACTS = internal(OK, hanoi_head=FORBIDDEN, analyst=FORBIDDEN)
# Planning pages for those who plan (team leads and unit heads); the rest may not.
PLANNERS = signed_in(FORBIDDEN, team_lead=OK, hanoi_head=OK)


# --- The matrix -----------------------------------------------------------------------------------
# {url name (optionally "@variant" for a second target object): {role: outcome}}

MATRIX: dict[str, dict[str, str]] = {
    # accounts ------------------------------------------------------------------------------------
    "home": LIST,  # what needs the user's attention today
    "accounts:login": signed_in(DONE, anonymous=OK, deactivated=OK),
    "accounts:logout": everyone(DONE),
    "accounts:profile": LIST,
    "accounts:password_change": LIST,
    "accounts:password_change_done": LIST,
    "accounts:password_reset": everyone(OK),
    "accounts:password_reset_done": everyone(OK),
    "accounts:password_reset_confirm": everyone(OK),  # a bad link: "this link is invalid"
    "accounts:password_reset_complete": everyone(OK),
    "accounts:notification_list": LIST,
    "accounts:notification_open": signed_in(NOT_FOUND, ward_before=DONE, ward_after=DONE),
    "accounts:notification_read_all": signed_in(DONE),
    "accounts:organization_list": LIST,
    # The directory: one's own organization and its subtree; analysts of a national body see
    # the country. The target is the inspected ward.
    "accounts:organization_detail": signed_in(
        NOT_FOUND, hanoi_head=OK, analyst=OK, ward_before=OK, ward_after=OK
    ),
    # inspections ---------------------------------------------------------------------------------
    "inspections:legal_document_list": LIST,
    "inspections:legal_document_create": PLANNERS,
    "inspections:plan_list": LIST,
    "inspections:plan_create": PLANNERS,
    "inspections:plan_detail": INTERNAL,
    "inspections:plan_edit": internal(FORBIDDEN, team_lead=OK, hanoi_head=OK),
    # a draft plan of the city's head: no team works on it yet, so the team does not see it
    "inspections:plan_approve": internal(
        FORBIDDEN, inspector=NOT_FOUND, team_lead=NOT_FOUND, hanoi_head=DONE
    ),
    # the approved plan: its visits are still planned or in progress, so the head gets 409
    "inspections:plan_close": internal(FORBIDDEN, hanoi_head=CONFLICT),
    "inspections:plan_generate_visits": internal(FORBIDDEN, team_lead=OK, hanoi_head=OK),
    "inspections:team_list": LIST,
    "inspections:team_create": PLANNERS,
    "inspections:team_detail": INTERNAL,
    "inspections:team_edit": internal(FORBIDDEN, team_lead=OK, hanoi_head=OK),
    "inspections:visit_list": LIST,
    "inspections:visit_create": PLANNERS,
    # the surprise visit: secret from the ward until it starts
    "inspections:visit_detail": internal(OK, ward_after=OK),
    # a scheduled visit to the ward is announced: the ward sees it
    "inspections:visit_detail@scheduled": published(OK),
    # (once started, the ward sees the visit: starting it again is refused for its state first)
    "inspections:visit_start": internal(
        FORBIDDEN, team_lead=DONE, hanoi_head=DONE, ward_after=CONFLICT
    ),
    # the visit in progress
    "inspections:visit_finish": published(
        FORBIDDEN, team_lead=DONE, hanoi_head=DONE, ward_before=FORBIDDEN
    ),
    "inspections:visit_cancel": published(BAD_REQUEST),
    "inspections:my_visits": LIST,
    # findings ------------------------------------------------------------------------------------
    "findings:workspace": INTERNAL,
    # the surprise visit's workspace stays internal once the visit has started
    "findings:workspace@surprise": INTERNAL,
    "findings:set_check": internal(BAD_REQUEST),
    "findings:finding_create": TEAM_ACTS,
    "findings:recommendation_create": TEAM_ACTS,
    "findings:finding_card": INTERNAL,
    "findings:finding_edit": TEAM_ACTS,
    "findings:finding_delete": internal(DONE, hanoi_head=FORBIDDEN, analyst=FORBIDDEN),
    "findings:finding_history": INTERNAL,
    "findings:evidence_upload": internal(BAD_REQUEST),
    "findings:evidence_download": INTERNAL,
    "findings:evidence_thumbnail": INTERNAL,
    "findings:evidence_remove": internal(BAD_REQUEST),
    "findings:empty": everyone(OK),  # an empty fragment that closes an in-place form
    "findings:finding_list": LIST,
    "findings:good_practices": LIST,
    "findings:tracker": LIST,
    # the recommendation of the issued conclusion, addressed to the ward
    "findings:recommendation_detail": PUBLISHED,
    # a recommendation of a visit whose conclusion is not issued yet
    "findings:recommendation_detail@unpublished": INTERNAL,
    "findings:report_submit": published(BAD_REQUEST),
    "findings:recommendation_cancel": published(FORBIDDEN, team_lead=BAD_REQUEST),
    "findings:report_accept": published(FORBIDDEN, inspector=DONE, team_lead=DONE),
    "findings:report_reject": published(FORBIDDEN, inspector=BAD_REQUEST, team_lead=BAD_REQUEST),
    "findings:report_evidence_download": PUBLISHED,
    # reporting -----------------------------------------------------------------------------------
    "reporting:report_dashboard": LIST,
    "reporting:conclusion_list": LIST,
    "reporting:review_queue": LIST,
    "reporting:visit_conclusion": INTERNAL,
    # a draft conclusion (returned once with comments)
    "reporting:conclusion_detail": INTERNAL,
    "reporting:conclusion_detail@issued": PUBLISHED,
    "reporting:conclusion_header": internal(BAD_REQUEST),
    # GET: the section's edit form; only the team's head edits a draft, nobody an issued one
    "reporting:conclusion_section": internal(FORBIDDEN, team_lead=OK),
    "reporting:conclusion_section@issued": published(FORBIDDEN, team_lead=CONFLICT),
    "reporting:conclusion_submit": internal(FORBIDDEN, team_lead=DONE),
    # a conclusion in review
    "reporting:conclusion_return": internal(FORBIDDEN, hanoi_head=BAD_REQUEST),
    "reporting:conclusion_approve": internal(FORBIDDEN, hanoi_head=DONE),
    # an approved conclusion (the empty body lacks the date of issue)
    "reporting:conclusion_issue": internal(BAD_REQUEST),
    # the issued conclusion
    "reporting:conclusion_correct": published(FORBIDDEN, team_lead=DONE),
    "reporting:conclusion_pdf": PUBLISHED,
    "reporting:pdf_status": PUBLISHED,
    "reporting:pdf_retry": published(CONFLICT),  # its PDF did not fail
    "reporting:report_export": signed_in(OK),  # a small export is answered at once
    "reporting:export_list": LIST,
    "reporting:export_job": OWNER,
    "reporting:export_status": OWNER,
    "reporting:export_download": OWNER,
    # health --------------------------------------------------------------------------------------
    "healthz": everyone(OK),
    # API -----------------------------------------------------------------------------------------
    "api-root": LIST,
    "organization-list": LIST,
    "organization-detail": signed_in(
        NOT_FOUND, hanoi_head=OK, analyst=OK, ward_before=OK, ward_after=OK
    ),
    "user-list": LIST,
    "user-me": LIST,
    "user-detail": signed_in(NOT_FOUND, hanoi_head=OK, analyst=OK, ward_before=OK, ward_after=OK),
    "legal-document-list": LIST,
    "legal-document-detail": LIST,
    "plan-list": LIST,
    "plan-detail": INTERNAL,
    "plan-approve": internal(FORBIDDEN, inspector=NOT_FOUND, team_lead=NOT_FOUND, hanoi_head=OK),
    "plan-close": internal(FORBIDDEN, hanoi_head=CONFLICT),
    "plan-generate-visits": internal(BAD_REQUEST),
    "team-list": LIST,
    "team-detail": INTERNAL,
    "visit-list": LIST,
    "visit-detail": internal(OK, ward_after=OK),
    "visit-detail@scheduled": PUBLISHED,
    "visit-start": internal(FORBIDDEN, team_lead=OK, hanoi_head=OK, ward_after=CONFLICT),
    "visit-finish-fieldwork": published(FORBIDDEN, team_lead=OK, hanoi_head=OK),
    "visit-cancel": published(BAD_REQUEST),
    "content-area-list": LIST,
    "content-area-detail": LIST,
    "criterion-list": LIST,
    "criterion-detail": LIST,
    "criterion-history": LIST,
    "criterion-check-list": LIST,
    "criterion-check-detail": INTERNAL,
    "finding-list": LIST,
    "finding-detail": INTERNAL,
    "evidence-list": LIST,
    "evidence-detail": INTERNAL,
    "evidence-detail@report": PUBLISHED,
    "evidence-download": INTERNAL,
    "evidence-download@report": PUBLISHED,
    "evidence-thumbnail": INTERNAL,
    "evidence-remove": internal(BAD_REQUEST),
    "recommendation-list": LIST,
    "recommendation-detail": PUBLISHED,
    "recommendation-detail@unpublished": INTERNAL,
    "recommendation-followup-reports": PUBLISHED,
    "recommendation-followup-cancel": published(BAD_REQUEST),
    "report-list": LIST,
    "report-detail": PUBLISHED,
    "report-accept": published(FORBIDDEN, inspector=OK, team_lead=OK),
    "report-reject": published(BAD_REQUEST),
    "report-figures-summary": LIST,
    "export-job-list": LIST,
    "export-job-detail": OWNER,
    "export-job-download": OWNER,
    "conclusion-list": LIST,
    "conclusion-detail": INTERNAL,
    "conclusion-detail@issued": PUBLISHED,
    "conclusion-section": internal(BAD_REQUEST),
    "conclusion-submit": internal(FORBIDDEN, team_lead=OK),
    "conclusion-return-for-revision": internal(FORBIDDEN, hanoi_head=BAD_REQUEST),
    "conclusion-approve": internal(FORBIDDEN, hanoi_head=OK),
    "conclusion-issue": internal(FORBIDDEN, hanoi_head=OK),
    "conclusion-pdf": PUBLISHED,
    "conclusion-retry-pdf": published(CONFLICT),
    "notification-list": LIST,
    "notification-read-all": LIST,
    "notification-detail": WARDS_OWN,
    "notification-read": WARDS_OWN,
}

# Cases where the application is wrong per docs/design.md §5: the matrix holds what the design
# requires, and the case is expected to fail until the application is fixed.
# Cases where the application disagreed with docs/design.md §5 ran here as strict xfails; the four
# kinds found (create pages and edit pages answering 404, edit forms shown to outsiders) are
# fixed, so the table is empty. Add (url name, role): reason to record a new one.
BUGS: dict[tuple[str, str], str] = {}

# Pages that only accept POST (the API's are read from the router).
POST_ONLY_PAGES = {
    "accounts:logout",
    "accounts:notification_open",
    "accounts:notification_read_all",
    "inspections:plan_approve",
    "inspections:plan_close",
    "inspections:visit_start",
    "inspections:visit_finish",
    "inspections:visit_cancel",
    "findings:set_check",
    "findings:finding_delete",
    "findings:evidence_upload",
    "findings:evidence_remove",
    "findings:report_submit",
    "findings:recommendation_cancel",
    "findings:report_accept",
    "findings:report_reject",
    "reporting:conclusion_header",
    "reporting:conclusion_submit",
    "reporting:conclusion_return",
    "reporting:conclusion_approve",
    "reporting:conclusion_issue",
    "reporting:conclusion_correct",
    "reporting:pdf_retry",
    "reporting:report_export",
}

# Which object each URL points at (the world below), and any other URL arguments.
TARGETS = {
    "accounts:password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "bad-token"},
    "accounts:notification_open": lambda w: {"pk": w.notification.pk},
    "accounts:organization_detail": lambda w: {"pk": w.hang_trong.pk},
    "inspections:plan_detail": lambda w: {"pk": w.plan.pk},
    "inspections:plan_edit": lambda w: {"pk": w.plan.pk},
    "inspections:plan_approve": lambda w: {"pk": w.draft_plan.pk},
    "inspections:plan_close": lambda w: {"pk": w.plan.pk},
    "inspections:plan_generate_visits": lambda w: {"pk": w.plan.pk},
    "inspections:team_detail": lambda w: {"pk": w.team.pk},
    "inspections:team_edit": lambda w: {"pk": w.team.pk},
    "inspections:visit_detail": lambda w: {"pk": w.surprise.pk},
    "inspections:visit_detail@scheduled": lambda w: {"pk": w.working.pk},
    "inspections:visit_start": lambda w: {"pk": w.surprise.pk},
    "inspections:visit_finish": lambda w: {"pk": w.working.pk},
    "inspections:visit_cancel": lambda w: {"pk": w.working.pk},
    "findings:workspace": lambda w: {"pk": w.working.pk},
    "findings:workspace@surprise": lambda w: {"pk": w.surprise.pk},
    "findings:set_check": lambda w: {"pk": w.working.pk, "criterion_pk": w.criterion.pk},
    "findings:finding_create": lambda w: {"pk": w.working.pk},
    "findings:recommendation_create": lambda w: {"pk": w.working.pk},
    "findings:finding_card": lambda w: {"pk": w.finding.pk},
    "findings:finding_edit": lambda w: {"pk": w.finding.pk},
    "findings:finding_delete": lambda w: {"pk": w.bare_finding.pk},
    "findings:finding_history": lambda w: {"pk": w.finding.pk},
    "findings:evidence_upload": lambda w: {"pk": w.finding.pk},
    "findings:evidence_download": lambda w: {"pk": w.evidence.pk},
    "findings:evidence_thumbnail": lambda w: {"pk": w.evidence.pk},
    "findings:evidence_remove": lambda w: {"pk": w.evidence.pk},
    "findings:recommendation_detail": lambda w: {"pk": w.published_recommendation.pk},
    "findings:recommendation_detail@unpublished": lambda w: {"pk": w.recommendation.pk},
    "findings:report_submit": lambda w: {"pk": w.published_recommendation.pk},
    "findings:recommendation_cancel": lambda w: {"pk": w.published_recommendation.pk},
    "findings:report_accept": lambda w: {"pk": w.report.pk},
    "findings:report_reject": lambda w: {"pk": w.report.pk},
    "findings:report_evidence_download": lambda w: {"pk": w.report_evidence.pk},
    "reporting:visit_conclusion": lambda w: {"pk": w.drafting.pk},
    "reporting:conclusion_detail": lambda w: {"pk": w.draft.pk},
    "reporting:conclusion_detail@issued": lambda w: {"pk": w.issued.pk},
    "reporting:conclusion_header": lambda w: {"pk": w.draft.pk},
    "reporting:conclusion_section": lambda w: {"pk": w.draft.pk, "key": "overview"},
    "reporting:conclusion_section@issued": lambda w: {"pk": w.issued.pk, "key": "overview"},
    "reporting:conclusion_submit": lambda w: {"pk": w.draft.pk},
    "reporting:conclusion_return": lambda w: {"pk": w.in_review.pk},
    "reporting:conclusion_approve": lambda w: {"pk": w.in_review.pk},
    "reporting:conclusion_issue": lambda w: {"pk": w.approved.pk},
    "reporting:conclusion_correct": lambda w: {"pk": w.issued.pk},
    "reporting:conclusion_pdf": lambda w: {"pk": w.issued.pk},
    "reporting:pdf_status": lambda w: {"pk": w.issued.pk},
    "reporting:pdf_retry": lambda w: {"pk": w.issued.pk},
    "reporting:report_export": lambda w: {"format": "csv"},
    "reporting:export_job": lambda w: {"pk": w.export.pk},
    "reporting:export_status": lambda w: {"pk": w.export.pk},
    "reporting:export_download": lambda w: {"pk": w.export.pk},
    "organization-detail": lambda w: {"pk": w.hang_trong.pk},
    "user-detail": lambda w: {"pk": w.users[WARD].pk},
    "legal-document-detail": lambda w: {"pk": w.legal.pk},
    "plan-detail": lambda w: {"pk": w.plan.pk},
    "plan-approve": lambda w: {"pk": w.draft_plan.pk},
    "plan-close": lambda w: {"pk": w.plan.pk},
    "plan-generate-visits": lambda w: {"pk": w.plan.pk},
    "team-detail": lambda w: {"pk": w.team.pk},
    "visit-detail": lambda w: {"pk": w.surprise.pk},
    "visit-detail@scheduled": lambda w: {"pk": w.working.pk},
    "visit-start": lambda w: {"pk": w.surprise.pk},
    "visit-finish-fieldwork": lambda w: {"pk": w.working.pk},
    "visit-cancel": lambda w: {"pk": w.working.pk},
    "content-area-detail": lambda w: {"pk": w.criterion.content_area_id},
    "criterion-detail": lambda w: {"pk": w.criterion.pk},
    "criterion-history": lambda w: {"pk": w.criterion.pk},
    "criterion-check-detail": lambda w: {"pk": w.check.pk},
    "finding-detail": lambda w: {"pk": w.finding.pk},
    "evidence-detail": lambda w: {"pk": w.evidence.pk},
    "evidence-detail@report": lambda w: {"pk": w.report_evidence.pk},
    "evidence-download": lambda w: {"pk": w.evidence.pk},
    "evidence-download@report": lambda w: {"pk": w.report_evidence.pk},
    "evidence-thumbnail": lambda w: {"pk": w.evidence.pk},
    "evidence-remove": lambda w: {"pk": w.evidence.pk},
    "recommendation-detail": lambda w: {"pk": w.published_recommendation.pk},
    "recommendation-detail@unpublished": lambda w: {"pk": w.recommendation.pk},
    "recommendation-followup-reports": lambda w: {"pk": w.published_recommendation.pk},
    "recommendation-followup-cancel": lambda w: {"pk": w.published_recommendation.pk},
    "report-detail": lambda w: {"pk": w.report.pk},
    "report-accept": lambda w: {"pk": w.report.pk},
    "report-reject": lambda w: {"pk": w.report.pk},
    "export-job-detail": lambda w: {"pk": w.export.pk},
    "export-job-download": lambda w: {"pk": w.export.pk},
    "conclusion-detail": lambda w: {"pk": w.draft.pk},
    "conclusion-detail@issued": lambda w: {"pk": w.issued.pk},
    "conclusion-section": lambda w: {"pk": w.draft.pk, "key": "overview"},
    "conclusion-submit": lambda w: {"pk": w.draft.pk},
    "conclusion-return-for-revision": lambda w: {"pk": w.in_review.pk},
    "conclusion-approve": lambda w: {"pk": w.in_review.pk},
    "conclusion-issue": lambda w: {"pk": w.approved.pk},
    "conclusion-pdf": lambda w: {"pk": w.issued.pk},
    "conclusion-retry-pdf": lambda w: {"pk": w.issued.pk},
    "notification-detail": lambda w: {"pk": w.notification.pk},
    "notification-read": lambda w: {"pk": w.notification.pk},
}

# --- The URL configuration ------------------------------------------------------------------------

SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"set_language", "api-schema", "api-docs"}


def _patterns(resolver=None, namespace=()):
    """(name, namespaces, pattern) of every URL; names qualified by their namespaces."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + ((entry.namespace,) if entry.namespace else ())
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespace, entry.name)) if entry.name else None
            yield name, namespace, entry


def _is_skipped(name, namespace, pattern) -> bool:
    if namespace and namespace[0] in SKIPPED_NAMESPACES:
        return True
    module = getattr(pattern.callback, "__module__", "")
    if module == "django.views.static" or module.startswith("whitenoise"):
        return True
    return name in SKIPPED_NAMES


@functools.cache
def url_names() -> dict[str, URLPattern]:
    """Every URL name that the matrix must cover (unnamed URLs get a stand-in name)."""
    found = {}
    for name, namespace, pattern in _patterns():
        if not _is_skipped(name, namespace, pattern):
            found.setdefault(name or f"<unnamed: {pattern.pattern}>", pattern)
    return found


def is_api(name: str) -> bool:
    """A DRF view (the API under /api/v1/): it answers 401/403, not a redirect to sign in."""
    view_class = getattr(url_names()[name.split("@")[0]].callback, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def is_post_only(name: str, pattern: URLPattern) -> bool:
    if name in POST_ONLY_PAGES:
        return True
    actions = getattr(getattr(pattern, "callback", None), "actions", None)  # a DRF route
    return bool(actions) and "get" not in actions and "post" in actions


def test_every_url_has_a_row():
    names = set(url_names())
    covered = {key.split("@")[0] for key in MATRIX}
    missing = sorted(names - covered)
    stale = sorted(key for key in MATRIX if key.split("@")[0] not in names)
    bad_rows = sorted(key for key, row in MATRIX.items() if set(row) != set(ROLES))
    untargeted = sorted(key for key in TARGETS if key not in MATRIX)
    message = []
    if missing:
        message.append(
            "URLs without a row in MATRIX (decide who may open them):\n  " + "\n  ".join(missing)
        )
    if stale:
        message.append("MATRIX rows for URLs that no longer exist:\n  " + "\n  ".join(stale))
    if bad_rows:
        message.append("MATRIX rows that do not name every role:\n  " + "\n  ".join(bad_rows))
    if untargeted:
        message.append("TARGETS without a MATRIX row:\n  " + "\n  ".join(untargeted))
    assert not message, "\n".join(message)


# --- The world ------------------------------------------------------------------------------------


def png(name: str = "anh.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _visit(w, organization, kind="scheduled", month=3):
    return VisitFactory(
        team=w.team,
        plan=w.plan,
        inspected_organization=organization,
        kind=kind,
        planned_start=datetime.date(2023, month, 1),
        planned_end=datetime.date(2023, month, 2),
        created_by=w.team_lead,
    )


def _record(w, visit, title):
    return findings_services.record_finding(
        w.inspector, visit, content_area=content_area(1), kind="shortcoming", title=title
    )


def _recommend(w, visit, finding):
    return findings_services.add_recommendation(
        w.inspector,
        visit,
        finding=finding,
        addressee=visit.inspected_organization,
        kind="remedy",
        action="Niêm yết đầy đủ thủ tục hành chính tại bộ phận một cửa.",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )


def _reporting_visit(w, month, title):
    visit = _visit(w, w.hang_trong, month=month)
    planning_services.start_visit(w.team_lead, visit)
    _record(w, visit, title)
    return planning_services.finish_fieldwork(w.team_lead, visit)


def build_world():
    """Hà Nội's city team inspects phường Hàng Trống: a surprise visit not yet started, a visit
    in progress (findings, evidence, a recommendation), three in reporting with a conclusion
    draft (returned once), in review and approved, and one concluded, whose issued notice
    (with its PDF) the ward has answered with a remediation report. Plus a draft plan, the
    ward's notification and the analyst's export."""
    ensure_reference_data()
    w = SimpleNamespace()
    ttcp = OrganizationFactory(
        name="Thanh tra Chính phủ", code="TTCP", kind=K.INSPECTORATE, is_national=True
    )
    ttcp_planning = OrganizationFactory(parent=ttcp, name="Vụ Kế hoạch - Tổng hợp")
    hanoi = OrganizationFactory(name="UBND thành phố Hà Nội", code="HN", kind=K.PROVINCE)
    home_affairs = OrganizationFactory(parent=hanoi, name="Sở Nội vụ", code="HN-SNV")
    hoan_kiem = OrganizationFactory(parent=hanoi, name="UBND quận Hoàn Kiếm", kind=K.DISTRICT)
    w.hang_trong = OrganizationFactory(
        parent=hoan_kiem, name="UBND phường Hàng Trống", code="HN-HT", kind=K.COMMUNE
    )
    dong_thap = OrganizationFactory(name="UBND tỉnh Đồng Tháp", code="DT", kind=K.PROVINCE)
    my_an_hung_b = OrganizationFactory(parent=dong_thap, name="UBND xã Mỹ An Hưng B")

    w.analyst = UserFactory(organization=ttcp_planning, role=Role.MINISTRY_ANALYST)
    w.hanoi_head = UserFactory(organization=hanoi, role=Role.UNIT_HEAD)
    w.inspector = UserFactory(organization=home_affairs, role=Role.INSPECTOR)
    w.team_lead = UserFactory(organization=home_affairs, role=Role.TEAM_LEAD)
    w.former = UserFactory(organization=home_affairs, role=Role.INSPECTOR)
    ward_officer = UserFactory(organization=w.hang_trong, role=Role.INSPECTED_OFFICER)
    w.users = {
        ANON: None,
        GONE: w.former,
        MEMBER: w.inspector,
        LEAD: w.team_lead,
        CITY: w.hanoi_head,
        ANALYST: w.analyst,
        WARD: ward_officer,
        WARD_AFTER: ward_officer,
        OTHER: UserFactory(organization=my_an_hung_b, role=Role.INSPECTED_OFFICER),
    }

    w.legal = LegalDocumentFactory(number="26/CT-TTg", issuer=ttcp)
    w.plan = PlanFactory(
        code="12/KH-UBND", issuer=hanoi, created_by=w.team_lead, targets=[hoan_kiem, w.hang_trong]
    )
    w.plan.legal_bases.add(w.legal)
    w.draft_plan = PlanFactory(
        code="13/KH-UBND", issuer=hanoi, created_by=w.hanoi_head, status="draft"
    )
    w.team = TeamFactory(
        organization=home_affairs,
        plan=w.plan,
        head=w.team_lead,
        members=[w.inspector, w.former],
    )
    w.criterion = CriterionFactory(content_area=content_area(1))

    w.surprise = _visit(w, w.hang_trong, kind="surprise", month=5)

    w.working = _visit(w, w.hang_trong, month=3)
    planning_services.start_visit(w.team_lead, w.working)
    w.finding = _record(w, w.working, "Chưa niêm yết đầy đủ quy trình giải quyết TTHC")
    w.bare_finding = _record(w, w.working, "Máy lấy số tự động bị hỏng")
    w.evidence = findings_services.attach_evidence(w.inspector, w.finding, png(), "Bảng niêm yết")
    w.recommendation = _recommend(w, w.working, w.finding)

    w.drafting = _reporting_visit(w, 4, "Không công khai lịch công tác tuần")
    w.draft = reporting_services.draft_conclusion(w.team_lead, w.drafting)
    reporting_services.submit_for_review(w.team_lead, w.draft)
    reporting_services.return_for_revision(
        w.hanoi_head, w.draft, comments={"overview": "Bổ sung thời gian kiểm tra."}
    )

    w.in_review = reporting_services.draft_conclusion(
        w.team_lead, _reporting_visit(w, 6, "Đi công tác không báo cáo")
    )
    reporting_services.submit_for_review(w.team_lead, w.in_review)

    w.approved = reporting_services.draft_conclusion(
        w.team_lead, _reporting_visit(w, 7, "Vắng mặt trong giờ làm việc")
    )
    reporting_services.submit_for_review(w.team_lead, w.approved)
    reporting_services.approve(w.hanoi_head, w.approved)

    published = _visit(w, w.hang_trong, month=2)
    planning_services.start_visit(w.team_lead, published)
    finding = _record(w, published, "Phần mềm một cửa báo lỗi")
    w.published_recommendation = _recommend(w, published, finding)
    planning_services.finish_fieldwork(w.team_lead, published)
    w.issued = reporting_services.draft_conclusion(w.team_lead, published)
    # Recorded after the draft was made from the records: never in the notice, internal for good.
    _record(w, published, f"Ghi nhận sau {SECRET['published finding']}")
    reporting_services.submit_for_review(w.team_lead, w.issued)
    # The issued notice went through a returned round: its review comments stay internal.
    reporting_services.return_for_revision(
        w.hanoi_head,
        w.issued,
        comments={"overview": f"Sửa phần tổng quan {SECRET['section comment']}"},
        general=f"Nhận xét chung {SECRET['general comment']}",
    )
    reporting_services.submit_for_review(w.team_lead, w.issued)
    reporting_services.approve(w.hanoi_head, w.issued)
    reporting_services.issue(w.hanoi_head, w.issued, issued_on=datetime.date(2023, 6, 15))
    # The real notice (the task is not queued inside this transaction): its text is read back.
    reporting_services.build_pdf(w.issued.pk)
    w.issued.refresh_from_db()
    assert w.issued.pdf_status == PdfStatus.READY, w.issued.pdf_error
    w.report = followup.submit_report(
        ward_officer, w.published_recommendation, text="Đã khắc phục.", files=[png("da-sua.png")]
    )
    w.report_evidence = w.report.evidence.get()
    w.notification = Notification.objects.filter(recipient=ward_officer).first()
    w.export = _export_job(w.analyst)

    _plant_internal_markers(w)
    w.former.is_active = False
    w.former.save(update_fields=["is_active"])
    w.former_token = Token.objects.create(user=w.former).key
    return w


# Markers planted in internal working material (docs/design.md §5): the inspected side and
# outsiders must never get them back, in any page, API answer, export or file.
SECRET = {
    "section comment": "MKSECTIONCOMMENT7731",
    "general comment": "MKGENERALCOMMENT7732",
    "draft finding": "MKDRAFTFINDING7733",
    "published finding": "MKPUBLISHEDFINDING7734",
    "draft section": "MKDRAFTSECTION7735",
    "checklist note": "MKCHECKNOTE7736",
    "review comment of a draft": "MKDRAFTREVIEW7737",
}


def _plant_internal_markers(w):
    """Internal text in every kind of working material of the world."""
    findings_services.update_finding(
        w.inspector,
        w.bare_finding,
        version=w.bare_finding.version,
        description=f"Ghi chú nội bộ {SECRET['draft finding']}",
    )
    reporting_services.update_section(
        w.team_lead,
        w.draft,
        key="overview",
        body=f"Bản thảo {SECRET['draft section']}",
        original=w.draft.sections.get(key="overview").body,
    )
    w.check = findings_services.set_check(
        w.inspector, w.working, w.criterion, "not_met", f"Ghi chú {SECRET['checklist note']}"
    )
    reporting_services.submit_for_review(w.team_lead, w.draft)
    reporting_services.return_for_revision(
        w.hanoi_head,
        w.draft,
        comments={"results": f"Góp ý {SECRET['review comment of a draft']}"},
    )


def _export_job(owner):
    """A ready export of the analyst's, when the model exists."""
    try:
        from reporting.models import ExportJob
    except ImportError:  # pragma: no cover - the export feature is not there
        return None
    job = ExportJob(
        owner=owner,
        format="csv",
        status="ready",
        progress=100,
        rows=1,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    job.file.save("bao-cao.csv", ContentFile(b"a,b\n1,2\n"), save=False)
    job.save()
    return job


def _session(user) -> str | None:
    """A signed-in session for `user`, made once (signing in for every request is slow)."""
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once in a transaction that is rolled back when the module is done.
    Each test's own transaction (pytest-django) is a savepoint inside it."""
    media = tmp_path_factory.mktemp("access-matrix-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast, CELERY_TASK_ALWAYS_EAGER=True),
        transaction.atomic(),
    ):
        world = build_world()
        world.media = media
        world.sessions = {role: _session(user) for role, user in world.users.items()}
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(matrix_world, isolated_media, settings):
    settings.MEDIA_ROOT = matrix_world.media  # the files of the world, not the test's own folder
    return matrix_world


# --- Requests -------------------------------------------------------------------------------------


def outcome(response, api: bool) -> str:
    status = response.status_code
    if api and status in (401, 403):
        detail = (getattr(response, "data", None) or {}).get("detail")
        if getattr(detail, "code", None) in {"not_authenticated", "authentication_failed"}:
            return LOGIN
    if 200 <= status < 300:
        return OK
    if status in (301, 302, 303, 307, 308):
        login = reverse("accounts:login")
        return LOGIN if response["Location"].startswith(f"{login}?next=") else DONE
    return str(status)


def describe(response) -> str:
    text = f"{response.status_code}"
    if response.has_header("Location"):
        text += f" → {response['Location']}"
    if getattr(response, "exc_info", None):
        text += f" ({response.exc_info[1]!r})"
    return text


def request(world, name: str, role: str, method: str):
    """One request as `role`, in a savepoint rolled back afterwards."""
    url_name = name.split("@")[0]
    kwargs = TARGETS.get(name, lambda w: {})(world)
    if is_api(url_name):
        kwargs["version"] = "v1"
    url = reverse(url_name, kwargs=kwargs)
    client = Client(raise_request_exception=False)
    if world.sessions[role]:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    if role == GONE and is_api(url_name):
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {world.former_token}"
    with transaction.atomic():
        if role == WARD_AFTER:
            Visit.objects.filter(pk=world.surprise.pk).update(
                status="in_progress", actual_start=timezone.now()
            )
        response = client.post(url) if method == "POST" else client.get(url)
        if response.streaming:  # read it here: the client closes it at the end (no leak)
            response.read_body = b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return url, response


def _cases():
    for name in MATRIX:
        for role in ROLES:
            marks = []
            if (name, role) in BUGS:
                marks.append(pytest.mark.xfail(strict=True, reason=f"BUG: {BUGS[(name, role)]}"))
            yield pytest.param(name, role, marks=marks, id=f"{name}-{role}")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), list(_cases()))
def test_access(world, name, role):
    url_name = name.split("@")[0]
    pattern = url_names().get(url_name)
    if pattern is None:
        pytest.fail(f"{url_name} is not in the URL configuration (see test_every_url_has_a_row)")
    expected = MATRIX[name][role]
    method = "POST" if is_post_only(url_name, pattern) else "GET"
    url, response = request(world, name, role, method)
    got = outcome(response, is_api(url_name))
    assert got == expected, (
        f"{name} as {role}: {method} {url} → expected {expected}, got {got} ({describe(response)})"
    )


POST_ONLY = sorted(
    name for name in MATRIX if is_post_only(name.split("@")[0], url_names().get(name.split("@")[0]))
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_urls_refuse_a_get(world, name):
    """The URLs tested with a POST above answer a GET with 405 (so nothing is missed by
    testing only the POST)."""
    url, response = request(world, name, LEAD, "GET")
    assert outcome(response, is_api(name)) == NOT_ALLOWED, f"GET {url} → {describe(response)}"


# --- Content: what the inspected side and outsiders get back -------------------------------------

NOT_INTERNAL = (ANON, GONE, WARD, WARD_AFTER, OTHER)


def readable_text(response) -> str:
    """The text a person could read in an answer: pages and JSON as text, PDFs through a PDF
    text extractor, spreadsheets cell by cell."""
    body = response.read_body if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if body.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return body.decode("utf-8", errors="replace")


GET_URLS = sorted(
    name for name in MATRIX if not is_post_only(name.split("@")[0], url_names()[name.split("@")[0]])
)


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_INTERNAL)
def test_internal_text_never_reaches_the_inspected_side_or_outsiders(world, role):
    """Every page, API answer, export and file this role can fetch, read for the markers of
    review comments, draft findings, draft sections and checklist notes."""
    leaks = []
    fetched = 0
    for name in GET_URLS:
        url, response = request(world, name, role, "GET")
        if not 200 <= response.status_code < 300:
            continue
        fetched += 1
        text = readable_text(response)
        leaks += [f"{name} ({url}): {what}" for what, marker in SECRET.items() if marker in text]
    least = 1 if role in (ANON, GONE) else 10
    assert fetched >= least, f"{role} fetched only {fetched} answers: the test reads too little"
    assert not leaks, "internal text reached " + role + ":\n  " + "\n  ".join(leaks)


@pytest.mark.django_db
def test_the_markers_are_there_for_the_team(world):
    """The markers are real: the team head reads each of them somewhere."""
    found = set()
    for name in GET_URLS:
        _, response = request(world, name, LEAD, "GET")
        if 200 <= response.status_code < 300:
            text = readable_text(response)
            found |= {what for what, marker in SECRET.items() if marker in text}
    assert found == set(SECRET)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [LEAD, WARD_AFTER, ANALYST])
def test_nothing_behind_sign_in_may_be_kept_by_the_browser(world, role):
    """Every answer to a signed-in user (pages, API, evidence, PDFs, exports, errors) says
    `no-store` and varies by Cookie: after sign-out on a shared computer, the back button and
    the browser cache show nothing of it."""
    kept = []
    for name in GET_URLS:
        url, response = request(world, name, role, "GET")
        cache_control = response.get("Cache-Control", "")
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
        if "no-store" not in cache_control or "max-age" in cache_control or "cookie" not in vary:
            kept.append(f"{name} ({url}) {response.status_code}: {cache_control!r}, Vary {vary}")
    assert not kept, "cacheable answers:\n  " + "\n  ".join(kept)


@pytest.mark.django_db
def test_token_answers_are_not_kept_either(world):
    token = Token.objects.create(user=world.users[LEAD]).key
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    for url in ("/api/v1/visits/", "/api/v1/findings/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
