"""`python manage.py seed_scale`: a synthetic country at national scale (PostgreSQL only).

See `bench/scale/` for what it builds. `--scale 0.01` makes a hundredth of it (tests, CI);
`--reset` removes the previous synthetic data first. The demo data is never touched.
"""

from django.core.management.base import BaseCommand, CommandError

from bench import scale


class Command(BaseCommand):
    help = (
        "Build a synthetic country (about 12,000 organizations, 100,000 visits, 1,000,000 "
        "findings, 600,000 recommendations at scale 1) in PostgreSQL with COPY."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of the full size (default 1)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--reset", action="store_true", help="Remove the previous synthetic data first."
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing if synthetic data is already there (for `make bench`).",
        )
        parser.add_argument(
            "--password",
            default=None,
            help="Give the synthetic users this password (default: unusable, no sign-in).",
        )

    def handle(self, *args, **options):
        def log(message: str) -> None:
            self.stdout.write(message)

        try:
            if options["if_missing"] and not options["reset"] and scale.has_synthetic_data():
                self.stdout.write("Synthetic data already there: nothing to do.")
                return
            result = scale.seed(
                scale=options["scale"],
                seed=options["seed"],
                reset_first=options["reset"],
                password=options["password"],
                log=log,
            )
        except scale.ScaleError as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{count:,} {name}" for name, count in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic country ready in {result.seconds['total']:.1f} s: {counts}."
            )
        )
        self.stdout.write(f"Analyst of the national body: {scale.ANALYST_USERNAME}")
