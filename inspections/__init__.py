"""Legal documents, inspection plans, teams, visits, content areas and criteria (DESIGN.md §2)."""
