"""Findings, evidence, recommendations, remediation reports and reminders.

See docs/design.md §2 (words) and §6 (layers)."""
