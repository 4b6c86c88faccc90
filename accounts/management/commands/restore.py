from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.backup import restore


class Command(BaseCommand):
    help = "Restore a backup folder made by `manage.py backup` (replaces database and files)."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="Backup folder; default: the newest.")
        parser.add_argument("--from", dest="root", default="backups")

    def handle(self, *args, folder, root, **options):
        if folder is None:
            folders = sorted(path for path in Path(root).glob("*") if path.is_dir())
            if not folders:
                raise CommandError(f"No backup in {root}/")
            folder = folders[-1]
        restore(Path(folder))
        self.stdout.write(self.style.SUCCESS(f"Restored {folder}"))
