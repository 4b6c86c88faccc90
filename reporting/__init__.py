"""Conclusion workflow and PDF notices, consolidated reports, exports, dashboards.

See docs/design.md §2 (words) and §6 (layers)."""
