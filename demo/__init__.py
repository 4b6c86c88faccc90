"""The demo: the real cases of the source articles, loaded through the services.

`python manage.py seed_demo` fills the system with them. This app sits on top of the business
apps (docs/design.md §6): it may import any of them, and none of them imports it.
"""
