"""The synthetic country: one Country per run builds every table in order."""

import time
from dataclasses import dataclass, field
from random import Random

from .records import Org, Province
from .rows_organizations import OrganizationRows
from .rows_visits import VisitRows
from .writer import Writer


@dataclass
class Result:
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


class Country(OrganizationRows, VisitRows):
    """Builds and writes the synthetic country; one instance per run."""

    def __init__(self, writer: Writer, scale: float, seed: int, password_hash: str, log):
        self.w = writer
        self.scale = scale
        self.rng = Random(seed)
        self.password_hash = password_hash
        self.log = log
        self.result = Result()
        self.provinces: list[Province] = []
        self.orgs: list[Org] = []
        self.users: list[tuple] = []
        self.user_roles: list[tuple[int, str]] = []
        self.ttcp: Province | None = None
        self.analyst_org: Org | None = None

    # -- phases --

    def phase(self, name: str, function):
        started = time.perf_counter()
        count = function()
        self.result.seconds[name] = time.perf_counter() - started
        self.result.counts[name] = count
        self.log(f"  {name}: {count:,} rows in {self.result.seconds[name]:.1f} s")

    def build(self) -> Result:
        self.phase("organizations", self.write_organizations)
        self.phase("users", self.write_users)
        self.phase("plans", self.write_plans)
        self.phase("visits", self.write_visits)
        self.phase("findings", self.write_findings)
        self.phase("recommendations", self.write_recommendations)
        self.phase("conclusions", self.write_conclusions)
        return self.result

    # -- sizes --

    def sized(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.scale))
