"""Legal documents, inspection plans, teams, visits, content areas and criteria.

See docs/design.md §2 (words) and §6 (layers)."""
