"""Kinds of organization and the roles users hold."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or ministerial agency")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    PROVINCE = "province", _("Province or centrally run city")
    DEPARTMENT = "department", _("Department or specialised office")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune, ward or town")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public service unit")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    """Each role is a Django group with this name, created by a data migration."""

    INSPECTOR = "inspector", _("Inspector")
    TEAM_LEAD = "team_lead", _("Team lead")
    UNIT_HEAD = "unit_head", _("Unit head")
    INSPECTED_OFFICER = "inspected_officer", _("Inspected-unit officer")
    MINISTRY_ANALYST = "ministry_analyst", _("Ministry analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose holders work on inspections (as opposed to being inspected).
INSPECTING_ROLES = frozenset({Role.INSPECTOR, Role.TEAM_LEAD, Role.UNIT_HEAD})
