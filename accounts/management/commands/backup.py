from pathlib import Path

from django.core.management.base import BaseCommand

from accounts.backup import backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the uploaded files into backups/<timestamp>/."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="backups", help="Folder that receives the backup.")

    def handle(self, *args, to, **options):
        folder = backup(Path(to))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
