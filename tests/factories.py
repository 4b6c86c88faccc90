"""factory_boy factories. Organizations go through treebeard so their paths are real."""

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
