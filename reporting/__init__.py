"""Conclusion workflow and PDF notices, consolidated reports, exports, dashboards (DESIGN.md §2)."""
