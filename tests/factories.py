"""factory_boy factories. Organizations go through treebeard so their paths are real."""

import datetime

import factory
from django.contrib.auth.models import Group

from accounts.enums import OrganizationKind, Role
from accounts.models import Organization, User

PASSWORD = "Mật-khẩu-thử-2026"


class OrganizationFactory(factory.django.DjangoModelFactory):
    """`OrganizationFactory(parent=org)` adds a child; without parent it adds a root."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Đơn vị thử {n}")
    code = factory.Sequence(lambda n: f"ORG-{n}")
    kind = OrganizationKind.DEPARTMENT

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.objects.add_root(create_kwargs=kwargs)
        return model_class.objects.add_child(parent, create_kwargs=kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    """`UserFactory(role=Role.UNIT_HEAD, organization=org)`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get_or_create(name=Role(extracted).value)[0])
        if create:
            self.save()


# --- Planning --------------------------------------------------------------------------------


class LegalDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "inspections.LegalDocument"

    number = factory.Sequence(lambda n: f"{n + 1}/CT-TTg")
    kind = "directive"
    issuer = factory.SubFactory(OrganizationFactory)
    issued_on = datetime.date(2023, 10, 20)
    title = factory.Sequence(lambda n: f"Chỉ thị thử {n}")


class PlanFactory(factory.django.DjangoModelFactory):
    """A draft plan for 2023 with all five content areas; pass `targets=[org, …]`."""

    class Meta:
        model = "inspections.InspectionPlan"
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"{n + 1}/KH-TEST")
    title = factory.Sequence(lambda n: f"Kế hoạch kiểm tra công vụ thử {n}")
    issuer = factory.SubFactory(OrganizationFactory)
    issued_on = datetime.date(2023, 1, 5)
    year = 2023
    starts_on = datetime.date(2023, 1, 1)
    ends_on = datetime.date(2023, 12, 31)
    created_by = factory.SubFactory(UserFactory)
    status = "approved"

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        if create and extracted:
            self.targets.set(extracted)

    @factory.post_generation
    def content_areas(self, create, extracted, **kwargs):
        from inspections.models import ContentArea

        if create:
            self.content_areas.set(extracted or ContentArea.objects.all())


class TeamFactory(factory.django.DjangoModelFactory):
    """A team; pass `head=user` (and `members=[user, …]`) to seat people on it."""

    class Meta:
        model = "inspections.Team"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Đoàn kiểm tra công vụ thử {n}")
    organization = factory.SubFactory(OrganizationFactory)
    decision_number = factory.Sequence(lambda n: f"{n + 1}/QĐ-TEST")
    decision_date = datetime.date(2023, 1, 10)

    @factory.post_generation
    def head(self, create, extracted, **kwargs):
        if create and extracted:
            add_member(self, extracted, "head")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for user in extracted or []:
            add_member(self, user, "member")


def add_member(team, user, role: str):
    from inspections.models import TeamMember

    return TeamMember.objects.create(
        team=team, user=user, role=role, home_organization=user.organization or team.organization
    )


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "inspections.Visit"

    team = factory.SubFactory(TeamFactory)
    plan = factory.LazyAttribute(lambda visit: visit.team.plan)
    inspected_organization = factory.SubFactory(OrganizationFactory)
    kind = "scheduled"
    planned_start = datetime.date(2023, 3, 1)
    planned_end = datetime.date(2023, 3, 2)
    created_by = factory.SubFactory(UserFactory)


# --- Findings --------------------------------------------------------------------------------


def content_area(number: int = 1):
    from inspections.models import ContentArea

    return ContentArea.objects.get(number=number)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "inspections.Criterion"

    content_area = factory.LazyFunction(content_area)
    title = factory.Sequence(lambda n: f"Tiêu chí thử {n}")
    order = factory.Sequence(int)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "findings.Finding"

    visit = factory.SubFactory(VisitFactory)
    content_area = factory.LazyFunction(content_area)
    kind = "shortcoming"
    title = factory.Sequence(lambda n: f"Chưa niêm yết đầy đủ quy trình giải quyết TTHC ({n})")
    recorded_by = factory.SubFactory(UserFactory)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "findings.Recommendation"

    visit = factory.SubFactory(VisitFactory)
    addressee = factory.LazyAttribute(lambda rec: rec.visit.inspected_organization)
    kind = "remedy"
    action = "Niêm yết đầy đủ, kịp thời các thủ tục hành chính tại bộ phận một cửa."
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    created_by = factory.SubFactory(UserFactory)


def bulk_findings(visit, user, count: int) -> set[int]:
    """`count` shortcomings on `visit` in a few INSERTs (for tests of large exports); their ids."""
    from findings.models import Finding

    area = content_area(2)
    created = Finding.objects.bulk_create(
        [
            Finding(
                visit=visit,
                content_area=area,
                kind="shortcoming",
                title=f"Chưa công khai lịch công tác tuần của lãnh đạo đơn vị (lần {index})",
                recorded_by=user,
            )
            for index in range(count)
        ],
        batch_size=2000,
    )
    return {finding.pk for finding in created}
