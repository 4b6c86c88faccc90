"""A user's scope: the organization subtrees whose data the user may see (docs/design.md §5).

Every app's `visible_to(user)` starts from this one object, so "who sees what" has a single
definition. A scope is either everything, or a set of materialized-path prefixes; "this unit and
everything under it" is then one indexed `path LIKE 'prefix%'` query.
"""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    paths: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.paths

    def q(self, path_field: str = "path") -> Q:
        """A filter on organizations (through `path_field`) that keeps what lies in scope."""
        if self.everything:
            # Not Q(): an empty Q vanishes when OR-ed with another condition.
            return Q(pk__isnull=False)
        if not self.paths:
            return Q(pk__in=[])
        condition = Q()
        for prefix in self.paths:
            condition |= Q(**{f"{path_field}__startswith": prefix})
        return condition

    def covers(self, path: str) -> bool:
        return self.everything or any(path.startswith(prefix) for prefix in self.paths)

    @classmethod
    def of(cls, organization) -> "Scope":
        """The subtree of one organization (nothing for None)."""
        return cls(paths=(organization.path,)) if organization is not None else NOTHING


NOTHING = Scope()
EVERYTHING = Scope(everything=True)
