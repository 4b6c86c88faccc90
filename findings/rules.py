"""Who may do what with findings and recommendations: small predicates.

Only members of the visit's team record and edit, and only while the visit is in progress or
reporting: once the conclusion is issued (the visit is concluded) findings are frozen.
"""

from inspections.rules import is_team_leader as leads_team
from inspections.rules import team_role

from .enums import VISIT_RECORDING_STATES


def is_on_team(user, visit) -> bool:
    return team_role(user, visit.team) is not None


def can_record(user, visit) -> bool:
    return visit.status in VISIT_RECORDING_STATES and is_on_team(user, visit)


def is_team_leader(user, visit) -> bool:
    return leads_team(user, visit.team)
