"""Findings, evidence, recommendations, remediation reports and reminders (DESIGN.md §2)."""
