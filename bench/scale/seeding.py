"""Entry points: seed() builds the country in one transaction, reset() removes it, and the
checks and counts that the commands and the benchmark use."""

import time

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from accounts.models import Organization, User
from findings.models import Finding, Recommendation
from inspections.models import InspectionPlan, Team, TeamMember, Visit
from reporting.models import Conclusion, NumberSequence

from .common import CODE_PREFIX, USER_PREFIX, ScaleError
from .country import Country, Result
from .writer import Writer


# Tables the seed writes or the reset deletes from, locked for the transaction so the id blocks
# reserved from their sequences cannot be taken by a concurrent insert.
def _tables() -> list[str]:
    models = [Organization, User, InspectionPlan, Team, TeamMember, Visit, Finding,
              Recommendation, Conclusion, NumberSequence]  # fmt: skip
    return [model._meta.db_table for model in models]


def require_postgresql(command: str = "seed_scale") -> None:
    if connection.vendor != "postgresql":
        raise ScaleError(
            f"{command} needs PostgreSQL (the synthetic data lives there): set DATABASE_URL, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/congvu_scale. "
            f"This database is {connection.vendor}."
        )


def raw_cursor():
    """The psycopg 3 cursor under Django's, sharing its connection and transaction."""
    connection.ensure_connection()
    return connection.connection.cursor()


def has_synthetic_data() -> bool:
    require_postgresql()
    return Organization.objects.filter(code__startswith=CODE_PREFIX).exists()


def synthetic_counts() -> dict[str, int]:
    """How many synthetic rows each table holds (what reset() would remove)."""
    visits = Visit.objects.filter(inspected_organization__code__startswith=CODE_PREFIX)
    return {
        "organizations": Organization.objects.filter(code__startswith=CODE_PREFIX).count(),
        "users": User.objects.filter(username__startswith=USER_PREFIX).count(),
        "plans": InspectionPlan.objects.filter(issuer__code__startswith=CODE_PREFIX).count(),
        "teams": Team.objects.filter(organization__code__startswith=CODE_PREFIX).count(),
        "visits": visits.count(),
        "findings": Finding.objects.filter(visit__in=visits).count(),
        "recommendations": Recommendation.objects.filter(visit__in=visits).count(),
        "conclusions": Conclusion.objects.filter(visit__in=visits).count(),
    }


RESET_STATEMENTS = [
    # Temporary sets of what is synthetic, then every table that may point into them, children
    # first. Rows that the app added later to synthetic visits (reports, evidence, reviews…)
    # go too; demo data is never matched (its codes and user names have no prefix).
    "CREATE TEMP TABLE sc_org ON COMMIT DROP AS "
    "SELECT id FROM accounts_organization WHERE code LIKE 'SC-%'",
    "CREATE TEMP TABLE sc_user ON COMMIT DROP AS "
    "SELECT id FROM accounts_user WHERE username LIKE 'sc-%'",
    "CREATE TEMP TABLE sc_plan ON COMMIT DROP AS "
    "SELECT id FROM inspections_inspectionplan WHERE issuer_id IN (SELECT id FROM sc_org)",
    "CREATE TEMP TABLE sc_team ON COMMIT DROP AS "
    "SELECT id FROM inspections_team WHERE organization_id IN (SELECT id FROM sc_org)",
    "CREATE TEMP TABLE sc_visit ON COMMIT DROP AS SELECT id FROM inspections_visit "
    "WHERE team_id IN (SELECT id FROM sc_team) OR inspected_organization_id IN "
    "(SELECT id FROM sc_org)",
    "CREATE TEMP TABLE sc_rec ON COMMIT DROP AS SELECT id FROM findings_recommendation "
    "WHERE visit_id IN (SELECT id FROM sc_visit)",
    "CREATE TEMP TABLE sc_conclusion ON COMMIT DROP AS SELECT id FROM reporting_conclusion "
    "WHERE visit_id IN (SELECT id FROM sc_visit)",
    "ANALYZE sc_org, sc_user, sc_plan, sc_team, sc_visit, sc_rec, sc_conclusion",
    "DELETE FROM reporting_reviewcomment WHERE review_round_id IN (SELECT id FROM "
    "reporting_reviewround WHERE conclusion_id IN (SELECT id FROM sc_conclusion))",
    "DELETE FROM reporting_reviewround WHERE conclusion_id IN (SELECT id FROM sc_conclusion)",
    "DELETE FROM reporting_conclusionsection WHERE conclusion_id IN (SELECT id FROM sc_conclusion)",
    "DELETE FROM reporting_conclusion WHERE id IN (SELECT id FROM sc_conclusion)",
    "DELETE FROM reporting_numbersequence WHERE issuer_id IN (SELECT id FROM sc_org)",
    "DELETE FROM findings_evidence WHERE report_id IN (SELECT id FROM "
    "findings_remediationreport WHERE recommendation_id IN (SELECT id FROM sc_rec)) "
    "OR finding_id IN (SELECT id FROM findings_finding WHERE visit_id IN "
    "(SELECT id FROM sc_visit))",
    "DELETE FROM findings_remediationreport WHERE recommendation_id IN (SELECT id FROM sc_rec)",
    "DELETE FROM findings_recommendation WHERE id IN (SELECT id FROM sc_rec)",
    "DELETE FROM findings_finding WHERE visit_id IN (SELECT id FROM sc_visit)",
    "DELETE FROM findings_criterioncheck WHERE visit_id IN (SELECT id FROM sc_visit)",
    "DELETE FROM inspections_visit WHERE id IN (SELECT id FROM sc_visit)",
    "DELETE FROM inspections_teammember WHERE team_id IN (SELECT id FROM sc_team) "
    "OR user_id IN (SELECT id FROM sc_user)",
    "DELETE FROM inspections_team WHERE id IN (SELECT id FROM sc_team)",
    "DELETE FROM inspections_inspectionplan_targets WHERE inspectionplan_id IN "
    "(SELECT id FROM sc_plan) OR organization_id IN (SELECT id FROM sc_org)",
    "DELETE FROM inspections_inspectionplan_content_areas WHERE inspectionplan_id IN "
    "(SELECT id FROM sc_plan)",
    "DELETE FROM inspections_inspectionplan_legal_bases WHERE inspectionplan_id IN "
    "(SELECT id FROM sc_plan)",
    "DELETE FROM inspections_inspectionplan WHERE id IN (SELECT id FROM sc_plan)",
    "DELETE FROM accounts_notification WHERE recipient_id IN (SELECT id FROM sc_user)",
    "DELETE FROM reporting_exportjob WHERE owner_id IN (SELECT id FROM sc_user)",
    "DELETE FROM django_admin_log WHERE user_id IN (SELECT id FROM sc_user)",
    "DELETE FROM authtoken_token WHERE user_id IN (SELECT id FROM sc_user)",
    "DELETE FROM accounts_user_groups WHERE user_id IN (SELECT id FROM sc_user)",
    "DELETE FROM accounts_user_user_permissions WHERE user_id IN (SELECT id FROM sc_user)",
    "DELETE FROM accounts_user WHERE id IN (SELECT id FROM sc_user)",
    "DELETE FROM accounts_organization WHERE id IN (SELECT id FROM sc_org)",
    # Dropped at commit anyway; now too, for a second reset in the same transaction (tests).
    "DROP TABLE sc_org, sc_user, sc_plan, sc_team, sc_visit, sc_rec, sc_conclusion",
]


def reset(log=print) -> float:
    """Delete every synthetic row (organizations `SC-…`, users `sc-…` and what hangs on them)."""
    require_postgresql()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        statements = list(RESET_STATEMENTS)
        # History rows keep what synthetic users changed, without naming them (SET_NULL).
        at = statements.index("DELETE FROM accounts_user WHERE id IN (SELECT id FROM sc_user)")
        statements[at:at] = [
            f'UPDATE "{model._meta.db_table}" SET history_user_id = NULL '
            "WHERE history_user_id IN (SELECT id FROM sc_user)"
            for model in apps.get_models()
            if hasattr(model, "history_user")
        ]
        for statement in statements:
            cursor.execute(statement)
        # Check the deferred foreign keys now: a row of other data that still points at a
        # synthetic one fails here, with its table named, and nothing is deleted.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's default
    seconds = time.perf_counter() - started
    log(f"  reset: synthetic data removed in {seconds:.1f} s")
    return seconds


def _lock(cursor) -> None:
    tables = ", ".join(f'"{table}"' for table in _tables())
    cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def seed(*, scale: float = 1.0, seed: int = 2026, reset_first: bool = False,
         password: str | None = None, log=print) -> Result:  # fmt: skip
    """Build the synthetic country in one transaction. Refuses SQLite and a second copy."""
    require_postgresql()
    if not 0 < scale <= 2:
        raise ScaleError("--scale must be a fraction in (0, 2], e.g. 0.01 for tests.")
    started = time.perf_counter()
    password_hash = make_password(password)  # hashed once; None gives an unusable password
    with transaction.atomic():
        if reset_first:
            reset(log)
        if has_synthetic_data():
            raise ScaleError("Synthetic data is already there: add --reset to build it afresh.")
        cursor = raw_cursor()
        _lock(cursor)
        country = Country(Writer(cursor), scale, seed, password_hash, log)
        result = country.build()
        commit_started = time.perf_counter()
        # Deferred foreign keys are checked here, once per row written.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    result.seconds["constraint checks and commit"] = time.perf_counter() - commit_started
    analyze_started = time.perf_counter()
    # Statistics for the planner; VACUUM also marks the pages all-visible so that index-only
    # scans work at once (it cannot run inside a transaction, e.g. in a test).
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f'{command} "{table}"')
    result.seconds["analyze"] = time.perf_counter() - analyze_started
    result.seconds["total"] = time.perf_counter() - started
    log(f"  foreign keys checked and committed in "
        f"{result.seconds['constraint checks and commit']:.1f} s, "
        f"{command.lower()} in {result.seconds['analyze']:.1f} s")  # fmt: skip
    return result
