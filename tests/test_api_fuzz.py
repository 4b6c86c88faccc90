"""API fuzzing: schemathesis generates requests from our own OpenAPI schema (/api/schema/) and
sends them in-process, through Django's WSGI handler, as five people of the test world.

For every operation of the schema and every role (team lead, inspector, unit head, national
analyst, inspected-unit officer) it sends positive requests (valid by the schema) and negative
ones (invalid by the schema), and checks each answer:

- no server error (5xx), with the server's traceback in the report when there is one;
- the status code is documented for the operation;
- the content type is documented, and the body matches the documented schema;
- invalid input is rejected with a 4xx (negative data rejection).

The data is the `world` and `planning` of conftest, plus a visit in progress with a finding
(with a photo) and a recommendation, and a visit whose conclusion is issued, with a pending
remediation report of the ward. Ids in paths, bodies and queries are replaced two times in three
by ids that exist (visible to the role or not), so requests get past the 404s. Every request
runs in a savepoint that is rolled back, so each one meets the same world.

Bounds (2 cores): FUZZ_EXAMPLES positive and FUZZ_EXAMPLES // 2 negative examples per operation
and role, no shrinking, no deadline, a fixed seed (FUZZ_SEED, default below) so that a failure
reproduces. The test collects every distinct failure, then fails listing them all with a curl
command, the answer and the server traceback.

Run alone: `pytest -p no:logging tests/test_api_fuzz.py -rA` prints what was fuzzed.
"""

import collections
import datetime
import io
import logging
import os
import time
import traceback
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from PIL import Image
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode, checks

from .factories import FindingFactory, RecommendationFactory, VisitFactory, content_area

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
SEED = int(os.environ.get("FUZZ_SEED", "2026"))
ROLES = ["team_lead", "inspector", "hanoi_head", "analyst", "ward_officer"]

# The checks of every answer. Left out: positive_data_acceptance (valid-by-schema requests are
# refused for business reasons all the time: unknown ids, dates before a visit, states) and the
# stateful / auth probing checks (ignored_auth, use_after_free…), which re-send requests outside
# our rolled-back savepoint.
ALL_CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]
# `make test` holds the line that matters most: no 500 on any operation, for any role. The
# conformance of every answer to the schema (status codes, bodies) still has known gaps in
# the schema's descriptions; `make fuzz` (FUZZ_CHECKS=all) runs every check and lists them.
STRICT_SCHEMA = os.environ.get("FUZZ_CHECKS", "") == "all"
CHECKS = ALL_CHECKS if STRICT_SCHEMA else [checks.not_a_server_error]

# Path prefix under /api/v1/ → the model whose ids resolve there (longest prefix first).
PATH_MODELS = [
    ("reports/exports", "reporting.ExportJob"),
    ("conclusions", "reporting.Conclusion"),
    ("content-areas", "inspections.ContentArea"),
    ("criteria", "inspections.Criterion"),
    ("evidence", "findings.Evidence"),
    ("findings", "findings.Finding"),
    ("legal-documents", "inspections.LegalDocument"),
    ("notifications", "accounts.Notification"),
    ("organizations", "accounts.Organization"),
    ("plans", "inspections.InspectionPlan"),
    ("recommendations", "findings.Recommendation"),
    ("reports", "findings.RemediationReport"),
    ("teams", "inspections.Team"),
    ("users", "accounts.User"),
    ("visits", "inspections.Visit"),
]
ORGANIZATION = "accounts.Organization"
# Names of ids in bodies and query strings → their model.
FIELD_MODELS = {
    "visit": "inspections.Visit",
    "finding": "findings.Finding",
    "team": "inspections.Team",
    "plan": "inspections.InspectionPlan",
    "recommendation": "findings.Recommendation",
    "supersedes": "reporting.Conclusion",
    "superseded_by": "inspections.LegalDocument",
    "legal_bases": "inspections.LegalDocument",
    "content_area": "inspections.ContentArea",
    "content_areas": "inspections.ContentArea",
    "criterion": "inspections.Criterion",
    "user": "accounts.User",
    "issuer": ORGANIZATION,
    "organization": ORGANIZATION,
    "addressee": ORGANIZATION,
    "responsible_organization": ORGANIZATION,
    "inspected_organization": ORGANIZATION,
    "home_organization": ORGANIZATION,
    "targets": ORGANIZATION,
    "subtree": ORGANIZATION,
    "inspected_subtree": ORGANIZATION,
    "organization_subtree": ORGANIZATION,
    "addressee_subtree": ORGANIZATION,
}
# Other values worth hitting most of the time: a page that exists, the world's years.
FIELD_VALUES = {"page": [1], "year": [2023, timezone.localdate().year]}


# --- The world ------------------------------------------------------------------------------------


def png_upload(name="anh-hien-truong.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def fuzz_world(world, planning, settings, django_capture_on_commit_callbacks):
    """The conftest world and planning, plus:

    - the scheduled visit to quận Hoàn Kiếm started, with a finding (and its photo) and a
      recommendation: the team's working material;
    - a visit to phường Hàng Trống taken to an issued conclusion (PDF built), with two
      recommendations to the ward, one of them reported by the ward officer and pending;
    - for each role, an export job (a CSV, ready).
    """
    from findings import followup
    from findings.services import add_recommendation, attach_evidence, record_finding
    from inspections.services import finish_fieldwork, start_visit
    from reporting import export_services
    from reporting import services as reporting

    settings.CELERY_TASK_ALWAYS_EAGER = True
    lead, inspector, head = world.team_lead, world.inspector, world.hanoi_head

    active = start_visit(lead, planning.scheduled)
    finding = record_finding(
        inspector,
        active,
        content_area=content_area(3),
        kind="shortcoming",
        title="Thiết bị tại bộ phận một cửa bị hỏng",
    )
    attach_evidence(inspector, finding, png_upload(), "Ảnh chụp tại bộ phận một cửa")
    add_recommendation(
        inspector,
        active,
        finding=finding,
        addressee=world.hoan_kiem,
        kind="remedy",
        action="Sửa chữa thiết bị tại bộ phận một cửa.",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )

    concluded = VisitFactory(
        team=planning.team,
        plan=planning.plan,
        inspected_organization=world.hang_trong,
        kind="scheduled",
        planned_start=timezone.localdate() - datetime.timedelta(days=20),
        planned_end=timezone.localdate() - datetime.timedelta(days=19),
        created_by=lead,
    )
    start_visit(lead, concluded)
    violation = FindingFactory(
        visit=concluded,
        kind="violation",
        severity="minor",
        content_area=content_area(4),
        recorded_by=inspector,
    )
    reported = RecommendationFactory(
        visit=concluded, finding=violation, addressee=world.hang_trong, created_by=lead
    )
    RecommendationFactory(visit=concluded, addressee=world.hang_trong, created_by=lead)
    finish_fieldwork(lead, concluded)
    conclusion = reporting.draft_conclusion(lead, concluded)
    reporting.submit_for_review(lead, conclusion)
    reporting.approve(head, conclusion)
    with django_capture_on_commit_callbacks(execute=True):
        reporting.issue(head, conclusion)
    followup.submit_report(
        world.ward_officer,
        reported,
        text="Đã niêm yết đầy đủ thủ tục hành chính.",
        files=[png_upload("niem-yet.png")],
    )

    for name in ROLES:
        user = getattr(world, name)
        with django_capture_on_commit_callbacks(execute=True):
            export_services.create_export_job(
                user, format="csv", filters=export_services.parse_filters(user, {})
            )
    return world


# --- Running the fuzzer ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wsgi_app():
    """Django's WSGI handler, called in-process. Django's test client disconnects
    `close_old_connections` around a request, or it would close the test's connection (and roll
    its transaction away); we call the handler directly, so we do the same."""
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema(wsgi_app):
    """Our schema as the app serves it at /api/schema/ (building it needs no database)."""
    config = schemathesis.Config.from_dict(
        {
            "generation": {
                # The token is ours: do not generate Authorization headers or session cookies.
                "with-security-parameters": False,
            },
        }
    )
    return schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, config=config)


@pytest.fixture
def server_tracebacks():
    """Tracebacks of the server errors of the current request, for the report."""
    tracebacks: list[str] = []

    def keep_traceback(sender, request=None, **kwargs):
        tracebacks.append(traceback.format_exc())

    got_request_exception.connect(keep_traceback)
    # Django logs every 4xx as a warning and every 5xx with its traceback (the report has it).
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.CRITICAL)
    try:
        yield tracebacks
    finally:
        request_logger.setLevel(level)
        got_request_exception.disconnect(keep_traceback)


@dataclass
class Failure:
    operation: str
    role: str
    title: str
    status: int
    message: str
    curl: str
    body: str
    server_traceback: str = ""
    count: int = 1

    def render(self) -> str:
        lines = [
            f"{self.operation} as {self.role}: {self.title} (HTTP {self.status}, "
            f"{self.count} time(s))",
            self.message.strip(),
            f"  request: {self.curl[:1500]}",
            f"  answer: {self.body}",
        ]
        if self.server_traceback:
            lines.append("  server traceback:\n" + self.server_traceback.rstrip())
        return "\n".join(lines)


@dataclass
class Report:
    role: str
    operations: set = field(default_factory=set)
    without_negative: set = field(default_factory=set)
    calls: int = 0
    statuses: collections.Counter = field(default_factory=collections.Counter)
    failures: dict = field(default_factory=dict)
    # operation → (documented codes, Counter of the undocumented codes received)
    undocumented: dict = field(default_factory=dict)

    def add_failure(self, key, failure: Failure):
        if key in self.failures:
            self.failures[key].count += 1
        else:
            self.failures[key] = failure

    def add_undocumented(self, operation, status: int):
        documented = ", ".join(operation.responses.status_codes)
        self.undocumented.setdefault(operation.label, (documented, collections.Counter()))
        self.undocumented[operation.label][1][status] += 1

    def summary(self, elapsed: float) -> str:
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
        return (
            f"fuzzed {len(self.operations)} operations as {self.role}: {self.calls} requests in "
            f"{elapsed:.1f} s (seed {SEED}, {EXAMPLES} positive and {EXAMPLES // 2 or 1} negative "
            f"examples per operation; {len(self.without_negative)} operations have nothing to "
            f"make invalid); statuses {statuses}"
        )

    def problems(self) -> str:
        # Server errors first, then the rest in schema order.
        failures = sorted(self.failures.values(), key=lambda failure: failure.status < 500)
        parts = [failure.render() for failure in failures]
        if self.undocumented:
            rows = []
            for label, (documented, got) in self.undocumented.items():
                received = ", ".join(f"{code} ×{n}" for code, n in sorted(got.items()))
                rows.append(f"  {label}: received {received}; documented {documented}")
            parts.append(
                "Undocumented status codes (the schema lists no error answers):\n" + "\n".join(rows)
            )
        return f"{len(self.failures) + len(self.undocumented)} problem(s) as {self.role}:\n\n" + (
            "\n\n".join(parts)
        )


def known_ids() -> dict[str, list[int]]:
    models = {label for _, label in PATH_MODELS} | set(FIELD_MODELS.values())
    return {
        label: sorted(apps.get_model(label).objects.values_list("pk", flat=True))
        for label in models
    }


def path_model(path: str) -> str | None:
    relative = path.removeprefix("/api/v1/")
    for prefix, label in PATH_MODELS:
        if relative.startswith(prefix + "/"):
            return label
    return None


def resolve_ids(case, data, ids: dict[str, list[int]]) -> None:
    """Two times out of three, replace a generated id by one that exists (visible or not)."""

    def pick(choices, value):
        if not choices or isinstance(value, bool) or not isinstance(value, int):
            return value
        known = st.sampled_from(choices)
        return data.draw(st.one_of(known, known, st.just(value)))

    def walk(value):
        if isinstance(value, dict):
            for name, item in list(value.items()):
                if name in FIELD_MODELS:
                    choices = ids.get(FIELD_MODELS[name])
                elif name in FIELD_VALUES:
                    choices = FIELD_VALUES[name]
                else:
                    walk(item)
                    continue
                if isinstance(item, list):
                    value[name] = [pick(choices, element) for element in item]
                else:
                    value[name] = pick(choices, item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    label = path_model(case.path)
    if label and "id" in case.path_parameters:
        case.path_parameters = {
            **case.path_parameters,
            "id": pick(ids[label], case.path_parameters["id"]),
        }
    if case.query:
        query = dict(case.query)
        walk(query)
        case.query = query
    if isinstance(case.body, dict | list):
        walk(case.body)


def normalise_negative(case) -> None:
    """Two kinds of "invalid" input are meant to be accepted, so a negative case does not send
    them (schemathesis then re-checks whether the case is still invalid):

    - an empty query parameter (`?finding=`, also what an empty object or list becomes in a
      query string): django-filter reads it as "no filter", as an HTML form sends an empty field;
    - whitespace around a string in the body: DRF's CharField trims it before checking
      `maxLength` or blank, so "\\f" + 2000 characters is a valid 2000-character reason.
    """
    if case.query and any(_empty(value) for value in case.query.values()):
        case.query = {name: value for name, value in case.query.items() if not _empty(value)}
    if isinstance(case.body, dict) and any(
        isinstance(value, str) and value != value.strip() for value in case.body.values()
    ):
        case.body = {
            name: value.strip() if isinstance(value, str) else value
            for name, value in case.body.items()
        }


def _empty(value) -> bool:
    return isinstance(value, str | dict | list) and not value


def fuzz(operation, mode, *, examples, token, ids, report, tracebacks):
    """Run `examples` generated cases of `operation` and record what fails (without stopping)."""
    headers = {"Authorization": f"Token {token}"}

    @seed(SEED)
    @settings(
        max_examples=examples,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data):
        case = data.draw(operation.as_strategy(generation_mode=mode))
        resolve_ids(case, data, ids)
        if mode is GenerationMode.NEGATIVE:
            normalise_negative(case)
        del tracebacks[:]
        # A savepoint per request: each one meets the same world, and a failed one cannot
        # leave the test's transaction broken.
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        report.calls += 1
        report.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except* Exception as group:
            for error in _leaves(group):
                title = type(error).__name__
                if title == "UndefinedStatusCode":
                    report.add_undocumented(operation, response.status_code)
                    continue
                report.add_failure(
                    (operation.label, title, response.status_code),
                    Failure(
                        operation=operation.label,
                        role=report.role,
                        title=getattr(error, "title", title),
                        status=response.status_code,
                        message=str(getattr(error, "message", error)),
                        curl=case.as_curl_command(headers=headers),
                        body=_printable(response),
                        server_traceback="".join(tracebacks),
                    ),
                )

    try:
        run()
    except Unsatisfiable:
        # Nothing in this operation can be made invalid (no parameters, no body): no negative case.
        assert mode is GenerationMode.NEGATIVE, operation.label
        report.without_negative.add(operation.label)


def _printable(response) -> str:
    content_type = (response.headers.get("content-type") or [""])[0]
    if content_type.startswith(("application/json", "text/")):
        return response.content[:600].decode("utf-8", "replace")
    return f"<{len(response.content)} bytes of {content_type or 'no content type'}>"


def _leaves(group: BaseException):
    if isinstance(group, BaseExceptionGroup):
        for error in group.exceptions:
            yield from _leaves(error)
    else:
        yield group


@pytest.mark.parametrize("role", ROLES)
def test_api_fuzz(role, fuzz_world, api_schema, server_tracebacks):
    user = getattr(fuzz_world, role)
    token = Token.objects.create(user=user).key
    ids = known_ids()
    report = Report(role=role)
    started = time.monotonic()
    for result in api_schema.get_all_operations():
        operation = result.ok()
        report.operations.add(operation.label)
        for mode, examples in (
            (GenerationMode.POSITIVE, EXAMPLES),
            (GenerationMode.NEGATIVE, EXAMPLES // 2 or 1),
        ):
            fuzz(
                operation,
                mode,
                examples=examples,
                token=token,
                ids=ids,
                report=report,
                tracebacks=server_tracebacks,
            )
    print(report.summary(time.monotonic() - started))
    if report.failures or (STRICT_SCHEMA and report.undocumented):
        pytest.fail(report.problems(), pytrace=False)
