from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: `seed_demo` and the modules it runs (docs/design.md §6)."""

    name = "demo"
