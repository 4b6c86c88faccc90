"""The synthetic country (`seed_scale`) and the bench that runs on it, at a tiny scale."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Organization, User
from bench import measure as bench
from bench import scale
from core.text import fold
from findings.enums import FindingKind
from findings.models import Finding, Recommendation
from inspections.models import Visit
from reporting.models import Conclusion, NumberSequence

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="seed_scale needs PostgreSQL"),
]

SCALE = 0.002


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_scale", "--scale", str(SCALE), *args, stdout=out)
    return out.getvalue()


def test_seed_builds_a_consistent_country_in_proportion():
    assert "Synthetic country ready" in seed()
    counts = scale.synthetic_counts()
    for name in ("visits", "findings", "recommendations"):
        assert counts[name] == round(scale.FULL_SIZE[name] * SCALE), name
    assert counts["organizations"] > len(scale.PROVINCES)
    assert counts["conclusions"] > 0

    # The tree: treebeard finds nothing wrong, and depth and numchild agree with the paths.
    assert all(problem == [] for problem in Organization.objects.find_problems())
    nodes = list(
        Organization.objects.filter(code__startswith=scale.CODE_PREFIX).values_list(
            "path", "depth", "numchild", "name", "short_name", "code", "search_text"
        )
    )
    step = Organization.steplen
    children = Counter(path[:-step] for path, *_ in nodes if len(path) > step)
    for path, depth, numchild, name, short_name, code, search_text in nodes:
        assert depth == len(path) // step
        assert numchild == children[path], code
        assert search_text == fold(f"{name} {short_name} {code}")

    # Every visit inspects a synthetic organization; findings point at their visit's.
    assert not Visit.objects.exclude(inspected_organization__code__startswith="SC-").exists()
    assert not Finding.objects.exclude(visit__inspected_organization__code__startswith="SC-")
    violations = Finding.objects.filter(kind=FindingKind.VIOLATION)
    assert not violations.filter(severity="").exists()
    assert not Finding.objects.exclude(kind=FindingKind.VIOLATION).exclude(severity="").exists()
    for finding in Finding.objects.all()[:50]:
        assert finding.search_text == fold(f"{finding.title} {finding.description}")
    assert not Recommendation.objects.exclude(visit_id__in=Visit.objects.values("pk")).exists()
    # Issued conclusions are numbered, and the sequences continue after the last number.
    issued = Conclusion.objects.filter(status="issued")
    assert not issued.filter(number__isnull=True).exists()
    for sequence in NumberSequence.objects.filter(issuer__code__startswith="SC-")[:20]:
        numbers = issued.filter(issuer=sequence.issuer, year=sequence.year)
        assert numbers.count() == sequence.last_number
    # The analyst of the national body sees the whole country.
    analyst = User.objects.get(username=scale.ANALYST_USERNAME)
    assert analyst.scope.everything
    assert not analyst.has_usable_password()
    connection.check_constraints()


def test_seed_refuses_a_second_copy_and_reset_gives_the_same_counts():
    seed()
    first = scale.synthetic_counts()
    with pytest.raises(CommandError, match="--reset"):
        seed()
    seed("--reset")
    assert scale.synthetic_counts() == first
    seed("--reset")
    assert scale.synthetic_counts() == first
    connection.check_constraints()


def test_reset_leaves_other_data_alone(world):
    seed()
    before = Organization.objects.exclude(code__startswith="SC-").count()
    scale.reset(log=lambda message: None)
    assert scale.synthetic_counts()["organizations"] == 0
    assert Organization.objects.count() == before
    assert User.objects.filter(username="analyst").exists()


def test_seed_refuses_sqlite(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL"):
        seed()


def test_bench_prints_one_table_with_every_row():
    seed()
    out = StringIO()
    call_command("bench", "--runs", "2", stdout=out, stderr=StringIO())
    table = out.getvalue()
    for name in (
        "dashboard summary, whole country",
        "dashboard summary, one province",
        "findings list page",
        "findings list API /api/v1/findings/",
        "CSV export",
        "XLSX export",
    ):
        assert name in table
    assert "p50" in table and "p95" in table


def test_bench_says_not_available_for_missing_pieces(monkeypatch):
    seed()
    real = bench.optional
    monkeypatch.setattr(
        bench,
        "optional",
        lambda module, name: None if module == "reporting.exports" else real(module, name),
    )
    rows = bench.Bench(runs=1, log=lambda message: None).exports()
    assert [row.result for row in rows] == [bench.NOT_YET, bench.NOT_YET]


def test_bench_needs_the_synthetic_data():
    with pytest.raises(CommandError, match="seed_scale"):
        call_command("bench", "--runs", "1", stdout=StringIO())
