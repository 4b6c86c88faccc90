"""Constants and small helpers shared by the modules of the synthetic country."""

import datetime
from bisect import bisect
from itertools import accumulate
from random import Random

CODE_PREFIX = "SC-"
USER_PREFIX = "sc-"
ANALYST_USERNAME = "sc-tonghop"
FULL_SIZE = {"visits": 100_000, "findings": 1_000_000, "recommendations": 600_000}
YEARS = (2021, 2022, 2023, 2024, 2025)
YEAR_WEIGHTS = (0.15, 0.18, 0.20, 0.22, 0.25)
# The synthetic "today": visits after it are planned, before it they have moved on. Fixed, so
# the data does not depend on the day it is made (overdue is derived from the real today).
REFERENCE_DATE = datetime.date(2025, 10, 15)
TZ = "+07"  # Asia/Ho_Chi_Minh, written into timestamptz text


def words(text: str) -> list[str]:
    return text.split()


class ScaleError(Exception):
    """Refusal with a message for the user (SQLite, bad scale)."""


# --- Small helpers ------------------------------------------------------------------------------


class Picker:
    """A weighted choice that costs one random() and one bisect."""

    def __init__(self, pairs):
        self.items = [item for item, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def __call__(self, rng: Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder): exact sum."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    shares = [total * weight / weight_sum for weight in weights]
    counts = [int(share) for share in shares]
    rest = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for i in order[:rest]:
        counts[i] += 1
    return counts


def stamp(day: datetime.date, hour: int, minute: int = 0) -> str:
    return f"{day.isoformat()} {hour:02d}:{minute:02d}:00{TZ}"


def working_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    day, days = first, []
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days
