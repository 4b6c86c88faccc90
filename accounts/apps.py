from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Organizations and users")

    def ready(self):
        from core.collation import register_on_connection

        # SQLite learns the Vietnamese collation on every new connection (PostgreSQL has it
        # from a migration): ordering is the same on the demo and in production.
        connection_created.connect(register_on_connection, dispatch_uid="vietnamese_collation")
