"""`python manage.py bench`: time the dashboard, list pages and exports on `seed_scale` data.

Prints one table (see `bench/measure.py`). Run `seed_scale` first; `make bench` does both.
"""

from django.core.management.base import BaseCommand, CommandError

from bench import measure as bench
from bench.scale import ScaleError


class Command(BaseCommand):
    help = "Measure the dashboard, the findings lists and the exports against bare baselines."

    def add_arguments(self, parser):
        parser.add_argument(
            "--runs", type=int, default=20, help="Timed runs per measurement (default 20)."
        )
        parser.add_argument(
            "--full-xlsx",
            action="store_true",
            help="Time the XLSX export on every row, like CSV (slow: minutes per million rows).",
        )

    def handle(self, *args, **options):
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1.")
        try:
            table = bench.run(
                runs=options["runs"], full_xlsx=options["full_xlsx"], log=self.stderr.write
            )
        except ScaleError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(table)
