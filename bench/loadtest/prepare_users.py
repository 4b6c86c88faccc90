"""Choose the sign-ins of the load test.

    python bench/loadtest/prepare_users.py --count 50 > users.json

Reads the database of DATABASE_URL (the settings of config/settings.py) and prints a JSON list of
{"username", "password", "role"}, taking the roles in turn (inspector, team lead, unit head,
inspected-unit officer, ministry analyst) so that the load is mixed. When a role has fewer people
than its share, its people sign in more than once (each sign-in is its own session).

- With `seed_scale` data (user names `sc-…`), its users are used. `seed_scale --password P` gives
  them a password; otherwise pass `--set-password P`, which gives P to the synthetic users chosen
  here (hashed once, one UPDATE; never touches any other user).
- Without it, the `seed_demo` users are used with the demo password (demo/organizations.py).
"""

import argparse
import itertools
import json
import os
import sys
from pathlib import Path

ROLES = ["inspector", "team_lead", "unit_head", "inspected_officer", "ministry_analyst"]
SYNTHETIC_PREFIX = "sc-"  # bench/scale USER_PREFIX


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50, help="Sign-ins to prepare (default 50).")
    parser.add_argument(
        "--set-password",
        metavar="PASSWORD",
        help="Give this password to the chosen synthetic (sc-…) users first.",
    )
    parser.add_argument(
        "--password",
        help="The synthetic users' password, as given to seed_scale --password.",
    )
    args = parser.parse_args()
    if not 1 <= args.count <= 1000:
        parser.error("--count must be between 1 and 1000")

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from demo.organizations import DEMO_PASSWORD

    active = User.objects.filter(is_active=True)
    synthetic = active.filter(username__startswith=SYNTHETIC_PREFIX).exists()
    people = active.filter(username__startswith=SYNTHETIC_PREFIX) if synthetic else active
    by_role = {
        role: list(
            people.filter(groups__name=role).order_by("username").values_list("username", flat=True)
        )
        for role in ROLES
    }
    roles = [role for role in ROLES if by_role[role]]
    if not roles:
        print("No users with a role: seed the database (README, Load test).", file=sys.stderr)
        return 1
    cycles = {role: itertools.cycle(by_role[role]) for role in roles}
    turns = itertools.islice(itertools.cycle(roles), args.count)
    chosen = [(next(cycles[role]), role) for role in turns]

    if synthetic:
        password = args.set_password or args.password
        if not password:
            print(
                "Synthetic users found: pass --password (as given to seed_scale --password) "
                "or --set-password.",
                file=sys.stderr,
            )
            return 1
        if args.set_password:
            names = {username for username, _ in chosen}
            User.objects.filter(username__in=names).update(password=make_password(password))
    else:
        password = DEMO_PASSWORD
    json.dump(
        [{"username": username, "password": password, "role": role} for username, role in chosen],
        sys.stdout,
        ensure_ascii=False,
        indent=1,
    )
    print()
    counts = ", ".join(f"{role} {sum(r == role for _, r in chosen)}" for role in roles)
    source = "seed_scale" if synthetic else "seed_demo"
    print(f"{len(chosen)} sign-ins of {source} users: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
