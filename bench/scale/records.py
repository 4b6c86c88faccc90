"""The synthetic data in memory, before it is written."""

import datetime
from dataclasses import dataclass, field

from accounts.models import Organization

from .common import (
    Picker,
)


@dataclass
class Org:
    id: int
    path: str
    name: str
    short_name: str
    code: str
    kind: str
    is_national: bool = False
    numchild: int = 0

    @property
    def depth(self) -> int:
        return len(self.path) // Organization.steplen


@dataclass
class Province:
    org: Org
    short: str
    departments: list = field(default_factory=list)
    units: list = field(default_factory=list)  # what its visits inspect
    unit_picker: Picker | None = None
    head: int = 0
    leads: list = field(default_factory=list)
    inspectors: list = field(default_factory=list)
    size: int = 0


@dataclass
class PlanInfo:
    """A plan and its team, or (id 0) a team working without a plan."""

    id: int
    team_id: int
    head: int
    members: list
    issuer: Org  # in whose name the visits' conclusions are issued (services.issuer_of)


@dataclass
class VisitInfo:
    id: int
    org: Org
    province: Province
    team_id: int
    head: int
    members: list
    status: str
    start: datetime.date
    end: datetime.date
    issuer: Org
    issued_on: datetime.date | None = None
