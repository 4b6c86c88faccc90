"""Organizations (the administrative tree) and users."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.collation import vietnamese
from core.text import (
    FoldedSearchText,
    SearchableQuerySet,
    ascii_symbol,
    expand_abbreviations,
    fold,
    name_abbreviation,
    place_in_name,
)

from .enums import OrganizationKind, Role
from .scope import EVERYTHING, NOTHING, Scope


class OrganizationQuerySet(SearchableQuerySet, MP_NodeQuerySet):
    # Name, short name and code, folded: every word of a query must match.
    search_fields = ("search_text",)

    def subtree_of(self, organization: "Organization") -> "OrganizationQuerySet":
        """The organization and everything under it: one `path LIKE 'prefix%'` query."""
        return self.filter(path__startswith=organization.path)

    def visible_to(self, user) -> "OrganizationQuerySet":
        return self.filter(user_scope(user).q("path"))

    def alphabetical(self) -> "OrganizationQuerySet":
        """By name in Vietnamese order (lists and dropdowns); the manager's default stays the
        tree order (`path`), which treebeard and the ancestor lists rely on."""
        return self.order_by(vietnamese("name"), "pk")

    def with_parent_name(self) -> "OrganizationQuerySet":
        """Annotate `parent_name` in the same query (the parent's path is ours minus one step)."""
        parent = Organization.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Organization.steplen)
        ).values("name")[:1]
        return self.annotate(parent_name=Subquery(parent))


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):
    """treebeard's manager (add_root, add_child…) plus our queryset methods."""

    def get_queryset(self) -> OrganizationQuerySet:
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")


class Organization(MP_Node):
    """A node of the administrative tree: ministry, province, department, commune, unit…

    Depth is not fixed (Vietnam moved to two-tier local government in 2025). The tree is stored
    as a materialized path (django-treebeard), so a subtree is one indexed prefix query.
    """

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("A short unique code, e.g. TTCP.")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    # Nghị định 30/2020/NĐ-CP: documents carry the place name (địa danh) of the body's seat and a
    # symbol built from the abbreviation of the issuer's name (TB-UBND, TB-TTCP).
    place_name = models.CharField(
        _("place name"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("Printed before the date of its documents, e.g. Lấp Vò, Hà Nội."),
    )
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=20,
        blank=True,
        default="",
        help_text=_("Abbreviation of the name used in document symbols, e.g. UBND, TTCP."),
    )
    is_national = models.BooleanField(
        _("national scope"),
        default=False,
        help_text=_(
            "Central bodies (the Government Inspectorate, ministries) whose analysts "
            "see the whole country."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Folded copy of name, short name and code for accent-insensitive search (see text.fold).
    search_text = models.CharField(max_length=400, editable=False, default="")

    history = HistoricalRecords()
    objects = OrganizationManager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [
            # LIKE 'prefix%' can use a btree index on PostgreSQL only with pattern ops.
            models.Index(
                fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="org_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.short_name} {self.code}")
        super().save(*args, **kwargs)

    def ancestor_paths(self) -> list[str]:
        """Paths of the ancestors, root first (computed from our own path: no query)."""
        return [self.path[:end] for end in range(self.steplen, len(self.path), self.steplen)]

    def within_national_body(self) -> bool:
        """True for a national body (TTCP, a ministry) and every unit under it."""
        if self.is_national:
            return True
        return Organization.objects.filter(
            path__in=self.ancestor_paths(), is_national=True
        ).exists()

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    @property
    def formal_name(self) -> str:
        """The name written in full, as the issuer of a document must be (Nghị định 30/2020:
        "ỦY BAN NHÂN DÂN HUYỆN LẤP VÒ", not "UBND HUYỆN LẤP VÒ")."""
        return expand_abbreviations(self.name)

    def place_of_issue(self) -> str:
        """The place name of the body, or the one its own name or nearest local government
        gives ("UBND huyện Lấp Vò" → Lấp Vò); central bodies sit in Hà Nội."""
        if self.place_name:
            return self.place_name
        ancestors = Organization.objects.filter(path__in=self.ancestor_paths()).order_by("-depth")
        for organization in [self, *ancestors]:
            if organization.place_name:
                return organization.place_name
            place = place_in_name(organization.name)
            if place:
                return place
        return "Hà Nội"

    def symbol_part(self) -> str:
        """The issuer's part of a document symbol in ASCII capitals: its abbreviation, UBND for a
        people's committee, else its code (a symbol carries no diacritics: "Vụ KH-TH" → VKH-TH)."""
        return ascii_symbol(self.abbreviation or name_abbreviation(self.name) or self.code)


class UserQuerySet(SearchableQuerySet, models.QuerySet):
    # Full name, user name and position, folded.
    search_fields = ("search_text",)

    def visible_to(self, user) -> "UserQuerySet":
        return self.filter(user_scope(user).q("organization__path"))

    def alphabetical(self) -> "UserQuerySet":
        """By full name in Vietnamese order (also the default ordering, see `User.Meta`)."""
        return self.order_by(*User._meta.ordering)


class AccountManager(UserManager.from_queryset(UserQuerySet)):
    """Django's user manager (create_user…) plus our `visible_to`."""


class User(FoldedSearchText, AbstractUser):
    """A person who signs in. Roles are Django groups named after `enums.Role` values."""

    search_sources = ("full_name", "username", "title")

    full_name = models.CharField(_("full name"), max_length=150)
    title = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    # Folded full name, user name and position for accent-insensitive search (text.fold).
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["password", "last_login", "search_text"])
    objects = AccountManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # Vietnamese alphabetical order (accounts/collation.py): "Đặng" after "Dũng", before "Đinh".
        ordering = [vietnamese("full_name"), "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.is_authenticated:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @cached_property
    def scope(self) -> Scope:
        return user_scope(self)

    @cached_property
    def oversight_scope(self) -> Scope:
        return user_oversight_scope(self)


def user_scope(user) -> Scope:
    """The organizations this user may look up in the directory (docs/design.md §5).

    Everyone sees their own organization and its subtree; administrators and analysts of a
    national body (TTCP, a ministry) see the whole country.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser or Role.ADMINISTRATOR in user.roles:
        return EVERYTHING
    organization = user.organization
    if organization is None:
        return NOTHING
    if Role.MINISTRY_ANALYST in user.roles and organization.within_national_body():
        return EVERYTHING
    return Scope(paths=(organization.path,))


def user_oversight_scope(user) -> Scope:
    """The organizers whose inspection work this user sees in full (docs/design.md §5).

    A unit head sees everything organized by their organization and its subtree; ministry
    analysts see everything under their organization (the country for a national body). Other
    users see inspection work only as team members or, once it is published, as inspected units.
    """
    scope = user_scope(user)
    if scope.everything or scope.is_empty:
        return scope
    if {Role.UNIT_HEAD, Role.MINISTRY_ANALYST} & user.roles:
        return scope
    return NOTHING


class NotificationQuerySet(SearchableQuerySet, models.QuerySet):
    # Title and message, folded.
    search_fields = ("search_text",)

    def visible_to(self, user) -> "NotificationQuerySet":
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(FoldedSearchText, models.Model):
    """An in-app message to one user, with a link to the object it is about."""

    search_sources = ("title", "body")

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Folded title and message for accent-insensitive search (core.text.fold).
    search_text = models.TextField(editable=False, default="")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class ReminderLog(models.Model):
    """One reminder sent: about what (`subject`, e.g. "recommendation:12"), which kind, which day.

    The unique constraint is what makes reminders exactly-once: a second run of the daily job,
    a second beat process or a retried task cannot insert the same row twice.
    """

    subject = models.CharField(max_length=64)
    kind = models.CharField(max_length=32)
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subject", "kind", "day"], name="one_reminder_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.kind} {self.day}"
