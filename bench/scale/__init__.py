"""A synthetic country at national scale, for benchmarks and load tests (`seed_scale`).

At scale 1: about 12,000 organizations (Thanh tra Chính phủ, ten ministries and the 34
provinces and centrally run cities of the two-tier local government of 2025, with their
departments, communes and wards and public service units), a few hundred users, plans 2021–2025,
100,000 visits, 1,000,000 findings, 600,000 recommendations and the issued conclusions of the
visits that reached that stage. Every row is written with PostgreSQL COPY in one transaction,
ids are reserved from the tables' sequences, and tree paths are computed here, so the whole
country takes a few minutes instead of hours of ORM saves.

The data is deterministic (`random.Random(seed)`; only ids depend on what the tables already
hold) and identifiable: organization codes start with `SC-` and user names with `sc-`, so
`reset()` removes exactly this data and nothing of the demo. Synthetic rows get no
django-simple-history records and conclusions get no sections or PDF: they exist to be counted,
listed and exported.

The modules, in the order they build on each other:
- `common`: prefixes, full size, years, the reference date, ScaleError, weighted choice;
- `country_names`: provinces, departments, ministries, place and person names;
- `visit_outcomes`: visit kinds and statuses, findings and their texts, recommendation statuses;
- `writer`: COPY with ids reserved from the sequences; `records`: the rows kept in memory;
- `rows_organizations`, `rows_visits`: the two halves of `country.Country`, which writes them;
- `seeding`: `seed()`, `reset()` and the checks and counts the commands and `bench` use.
"""

from .common import ANALYST_USERNAME, CODE_PREFIX, FULL_SIZE, USER_PREFIX, ScaleError
from .country import Result
from .country_names import PROVINCES
from .seeding import (
    has_synthetic_data,
    raw_cursor,
    require_postgresql,
    reset,
    seed,
    synthetic_counts,
)

__all__ = [
    "ANALYST_USERNAME",
    "CODE_PREFIX",
    "FULL_SIZE",
    "PROVINCES",
    "USER_PREFIX",
    "Result",
    "ScaleError",
    "has_synthetic_data",
    "raw_cursor",
    "require_postgresql",
    "reset",
    "seed",
    "synthetic_counts",
]
