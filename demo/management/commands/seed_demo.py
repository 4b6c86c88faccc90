"""`python manage.py seed_demo`: fill the system with the project's real demo material.

The command lives in `demo`, which sits on top of the business apps (docs/design.md §6) and
calls their services. Running it twice leaves the same data.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo import conclusions as reporting_demo
from demo import findings as findings_demo
from demo import followup as followup_demo
from demo import organizations as accounts_demo
from demo import planning as inspections_demo
from findings.enums import RecommendationStatus
from reporting.enums import ConclusionStatus


class Command(BaseCommand):
    help = "Create or refresh the demo organizations, users and cases (idempotent)."

    def handle(self, *args, **options):
        organizations = accounts_demo.seed_organizations()
        users = accounts_demo.seed_users(organizations)
        planning = inspections_demo.seed_planning(organizations, users)
        findings = findings_demo.seed_findings(organizations, users)
        conclusions = reporting_demo.seed_conclusions(organizations, users)
        # After the conclusions: only the recommendations of issued notices can be reported on.
        followup = followup_demo.seed_followup(organizations, users)
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data ready: %(orgs)d organizations, %(users)d demo users.")
                % {"orgs": len(organizations), "users": len(users)}
            )
        )
        self.stdout.write(
            _(
                "Planning: %(documents)d legal documents, %(plans)d plans, %(teams)d teams, "
                "%(visits)d visits."
            )
            % {
                "documents": len(planning.documents),
                "plans": len(planning.plans),
                "teams": len(planning.teams),
                "visits": planning.visit_count,
            }
        )
        self.stdout.write(
            _(
                "Findings: %(findings)d findings, %(recommendations)d recommendations, "
                "%(checks)d checklist results."
            )
            % {
                "findings": findings.finding_count,
                "recommendations": findings.recommendation_count,
                "checks": findings.check_count,
            }
        )
        self.stdout.write(
            _(
                "Conclusions: %(issued)d issued, %(approved)d approved, %(in_review)d in review, "
                "%(returned)d returned, %(draft)d draft."
            )
            % {status: conclusions.count(status) for status in ConclusionStatus.values}
        )
        for conclusion in conclusions.issued:
            self.stdout.write(
                f"  {conclusion.reference:<16} {conclusion.issued_on:%d/%m/%Y}  "
                f"{conclusion.subject}"
            )
        for failure in conclusions.pdf_failures:
            self.stdout.write(self.style.WARNING(_("PDF not built: %s") % failure))
        self.stdout.write(
            _(
                "Follow-up: %(open)d open (%(overdue)d overdue with the reported ones), "
                "%(reported)d reported, %(done)d done, %(cancelled)d cancelled; "
                "%(reports)d remediation reports; %(closed)d visits closed."
            )
            % {
                **{status: followup.statuses.get(status, 0) for status in RecommendationStatus},
                "overdue": followup.overdue,
                "reports": sum(followup.reports.values()),
                "closed": followup.closed_visits,
            }
        )
        self.stdout.write(
            _("Demo users (password: %(password)s):") % {"password": accounts_demo.DEMO_PASSWORD}
        )
        for user in users:
            self.stdout.write(f"  {user.username:<14} {user.full_name} — {user.organization}")
