"""Load test client: N people sign in and use the pages and the API for a fixed time.

    python bench/loadtest/load.py --base-url http://127.0.0.1:8765 --users-file users.json \
        --users 50 --duration 60

Each virtual user signs in through the sign-in form (its own session), looks up what it may see
(visits, conclusions, recommendations through the API), then repeats until the time is up: pick a
page or an API call by weight (overview, lists, details, the workspace of a visit, the reports
page and `reports/summary`), send it, wait a think time. Only the requests of that timed phase
count; the sign-ins are timed apart.

At the end it prints requests per second, p50/p95/p99 latency and the error count (a status of
400 or more, a redirect where a page was expected, e.g. to the sign-in page, or a network
error), in total and per kind of request.

Bounds: the base URL must be a loopback address; the run stops at --duration seconds (at most
600) or --max-requests requests, whichever comes first, and every request has a timeout.

Why asyncio + httpx rather than locust: one process with one event loop drives 50 users with
little CPU (the server under test shares the same 2 cores), it needs only httpx, and the
percentiles are computed exactly from every sample, with the bounds above enforced in code.
"""

import argparse
import asyncio
import ipaddress
import json
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MAX_DURATION = 600
INSPECTING = {"inspector", "team_lead"}


@dataclass
class Sample:
    name: str
    status: int  # 0 for a network error
    seconds: float
    error: bool


@dataclass
class Stats:
    samples: list[Sample] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    stop_at: float = 0.0
    max_requests: int = 0
    sign_in_seconds: list[float] = field(default_factory=list)
    sign_in_errors: list[str] = field(default_factory=list)

    def full(self) -> bool:
        return len(self.samples) >= self.max_requests or time.monotonic() >= self.stop_at


@dataclass
class Person:
    username: str
    password: str
    role: str
    visits: list[int] = field(default_factory=list)
    workspaces: list[int] = field(default_factory=list)
    conclusions: list[int] = field(default_factory=list)
    recommendations: list[int] = field(default_factory=list)


def require_loopback(base_url: str) -> None:
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    sys.exit(f"Refusing to load {base_url}: only loopback addresses (127.0.0.0/8, ::1).")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted `values`."""
    if not values:
        return float("nan")
    rank = max(1, min(len(values), round(share * len(values) + 0.5)))
    return values[rank - 1]


async def sign_in(client: httpx.AsyncClient, person: Person, stats: Stats) -> bool:
    started = time.monotonic()
    try:
        form = await client.get("/dang-nhap/")
        token = CSRF_INPUT.search(form.text)
        if form.status_code != 200 or token is None:
            stats.sign_in_errors.append(f"{person.username}: sign-in page {form.status_code}")
            return False
        answer = await client.post(
            "/dang-nhap/",
            data={
                "username": person.username,
                "password": person.password,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": f"{client.base_url}dang-nhap/"},
        )
    except httpx.HTTPError as error:
        stats.sign_in_errors.append(f"{person.username}: {type(error).__name__}")
        return False
    if answer.status_code != 302 or "dang-nhap" in answer.headers.get("location", ""):
        stats.sign_in_errors.append(f"{person.username}: sign-in answered {answer.status_code}")
        return False
    stats.sign_in_seconds.append(time.monotonic() - started)
    return True


async def ids(client: httpx.AsyncClient, url: str) -> list[dict]:
    answer = await client.get(url)
    if answer.status_code != 200:
        return []
    return answer.json().get("results", [])


async def discover(client: httpx.AsyncClient, person: Person) -> None:
    """What this person may open: a page of each list, through the API (not timed)."""
    visits = await ids(client, "/api/v1/visits/?ordering=-planned_start")
    person.visits = [visit["id"] for visit in visits]
    person.conclusions = [row["id"] for row in await ids(client, "/api/v1/conclusions/")]
    person.recommendations = [row["id"] for row in await ids(client, "/api/v1/recommendations/")]
    if person.role in INSPECTING:
        # The workspace is for the members of the visit's team while the visit is under way.
        me = (await client.get("/api/v1/users/me/")).json()["id"]
        teams = await ids(client, "/api/v1/teams/")
        mine = {team["id"] for team in teams if me in {m["user"] for m in team["members"]}}
        person.workspaces = [
            visit["id"]
            for visit in visits
            if visit["team"] in mine and visit["status"] in {"in_progress", "reporting"}
        ]


def tasks_for(person: Person) -> list[tuple[str, int, object]]:
    """(name, weight, url or function of the person giving a url) for this person."""

    def one_of(attribute, template):
        return lambda: template.format(random.choice(getattr(person, attribute)))

    tasks = [
        ("page: overview", 6, "/"),
        ("page: visit list", 3, "/cuoc-kiem-tra/"),
        ("page: plan list", 1, "/ke-hoach/"),
        ("page: conclusion list", 2, "/ket-luan/"),
        ("page: recommendation tracker", 2, "/kien-nghi/"),
        ("page: notifications", 1, "/thong-bao/"),
        ("page: reports", 1, "/bao-cao/"),
        ("api: visit list", 2, "/api/v1/visits/"),
        ("api: recommendation list", 1, "/api/v1/recommendations/?overdue=true"),
        ("api: reports summary", 2, "/api/v1/reports/summary/"),
        ("api: me", 1, "/api/v1/users/me/"),
    ]
    if person.visits:
        tasks += [
            ("page: visit detail", 4, one_of("visits", "/cuoc-kiem-tra/{}/")),
            ("api: visit detail", 1, one_of("visits", "/api/v1/visits/{}/")),
            ("api: findings of a visit", 2, one_of("visits", "/api/v1/findings/?visit={}")),
        ]
    if person.workspaces:
        tasks.append(("page: workspace", 5, one_of("workspaces", "/cuoc-kiem-tra/{}/lam-viec/")))
    if person.conclusions:
        tasks.append(("page: conclusion detail", 2, one_of("conclusions", "/ket-luan/{}/")))
    if person.recommendations:
        tasks.append(
            ("page: recommendation detail", 2, one_of("recommendations", "/kien-nghi/{}/"))
        )
    return tasks


async def timed(client: httpx.AsyncClient, name: str, url: str, stats: Stats) -> None:
    started = time.monotonic()
    try:
        answer = await client.get(url)
        await answer.aread()
        status, error = answer.status_code, answer.status_code >= 300
    except httpx.HTTPError:
        status, error = 0, True
    if not stats.full():
        stats.samples.append(Sample(name, status, time.monotonic() - started, error))


async def virtual_user(
    person: Person, args, stats: Stats, ready: asyncio.Barrier, go: asyncio.Event
) -> None:
    timeout = httpx.Timeout(args.timeout)
    async with httpx.AsyncClient(
        base_url=args.base_url, timeout=timeout, follow_redirects=False
    ) as client:
        ok = await sign_in(client, person, stats)
        if ok:
            try:
                await discover(client, person)
            except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
                stats.sign_in_errors.append(f"{person.username}: discovery {error!r}")
                ok = False
        await ready.wait()  # everybody has signed in…
        await go.wait()  # …and the clock runs
        if not ok:
            return
        tasks = tasks_for(person)
        weights = [weight for _, weight, _ in tasks]
        # Spread the first requests over one think time.
        await asyncio.sleep(random.uniform(0, args.think))
        while not stats.full():
            name, _, target = random.choices(tasks, weights)[0]
            await timed(client, name, target() if callable(target) else target, stats)
            if args.think:
                await asyncio.sleep(random.uniform(0.5 * args.think, 1.5 * args.think))


def report(stats: Stats, args) -> int:
    elapsed = stats.finished - stats.started
    samples = stats.samples
    latencies = sorted(sample.seconds for sample in samples)
    errors = [sample for sample in samples if sample.error]
    print()
    print(
        f"Load test: {args.users} users, {elapsed:.1f} s timed, think time "
        f"{args.think:g} s (±50 %), {args.base_url}"
    )
    if stats.sign_in_seconds:
        sign_ins = sorted(stats.sign_in_seconds)
        print(
            f"sign-ins: {len(sign_ins)} ok, {len(stats.sign_in_errors)} failed; median "
            f"{statistics.median(sign_ins) * 1000:.0f} ms, slowest {sign_ins[-1] * 1000:.0f} ms"
        )
    for message in stats.sign_in_errors[:10]:
        print(f"  sign-in error: {message}")
    print(
        f"requests: {len(samples)}  rps: {len(samples) / elapsed if elapsed else 0:.1f}  "
        f"p50: {percentile(latencies, 0.50) * 1000:.0f} ms  "
        f"p95: {percentile(latencies, 0.95) * 1000:.0f} ms  "
        f"p99: {percentile(latencies, 0.99) * 1000:.0f} ms  errors: {len(errors)}"
    )
    by_name: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_name[sample.name].append(sample)
    width = max((len(name) for name in by_name), default=10)
    print(f"{'':{width}}  {'count':>6} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for name, rows in sorted(by_name.items()):
        values = sorted(row.seconds for row in rows)
        print(
            f"{name:{width}}  {len(rows):6d} {sum(r.error for r in rows):6d} "
            f"{percentile(values, 0.5) * 1000:7.0f} {percentile(values, 0.95) * 1000:7.0f} "
            f"{percentile(values, 0.99) * 1000:7.0f}"
        )
    statuses = defaultdict(int)
    for sample in errors:
        statuses[(sample.name, sample.status)] += 1
    for (name, status), count in sorted(statuses.items()):
        print(f"  error: {name} answered {status or 'network error'} ×{count}")
    if args.json:
        summary = {
            "users": args.users,
            "seconds": elapsed,
            "requests": len(samples),
            "rps": len(samples) / elapsed if elapsed else 0,
            "p50_ms": percentile(latencies, 0.5) * 1000,
            "p95_ms": percentile(latencies, 0.95) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000,
            "errors": len(errors),
            "sign_in_errors": len(stats.sign_in_errors),
        }
        with open(args.json, "w") as handle:
            json.dump(summary, handle, indent=1)
    failed = bool(errors or stats.sign_in_errors)
    if args.max_p95_ms and percentile(latencies, 0.95) * 1000 > args.max_p95_ms:
        print(f"p95 above the target of {args.max_p95_ms} ms")
        failed = True
    return 1 if failed and args.strict else 0


async def run(args) -> int:
    with open(args.users_file) as handle:
        accounts = json.load(handle)
    if not accounts:
        sys.exit("No users in the users file.")
    people = [
        Person(row["username"], row["password"], row["role"])
        for row in (accounts[k % len(accounts)] for k in range(args.users))
    ]
    stats = Stats(max_requests=args.max_requests)
    ready, go = asyncio.Barrier(len(people) + 1), asyncio.Event()
    workers = [asyncio.create_task(virtual_user(p, args, stats, ready, go)) for p in people]
    # Sign-ins and discovery get their own bounded time, before the timed phase.
    try:
        await asyncio.wait_for(ready.wait(), timeout=args.warmup_timeout)
    except TimeoutError:
        for worker in workers:
            worker.cancel()
        sys.exit(f"Sign-ins did not finish within {args.warmup_timeout} s.")
    stats.started = time.monotonic()
    stats.stop_at = stats.started + args.duration
    go.set()
    # Each user stops by itself at stop_at; a request still running then ends by its timeout.
    await asyncio.wait(workers, timeout=args.duration + args.timeout + 5)
    for worker in workers:
        if worker.done() and not worker.cancelled() and worker.exception():
            stats.sign_in_errors.append(f"virtual user failed: {worker.exception()!r}")
        worker.cancel()
    stats.finished = min(time.monotonic(), stats.stop_at)
    return report(stats, args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument("--users-file", required=True, help="From bench/loadtest/prepare_users.py.")
    parser.add_argument("--users", type=int, default=50, help="Virtual users (default 50).")
    parser.add_argument("--duration", type=float, default=60, help="Timed seconds (default 60).")
    parser.add_argument(
        "--think", type=float, default=1.0, help="Mean think time between requests, s (default 1)."
    )
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--timeout", type=float, default=30, help="Per request, s (default 30).")
    parser.add_argument("--warmup-timeout", type=float, default=180)
    parser.add_argument("--json", help="Also write the summary figures to this file.")
    parser.add_argument("--max-p95-ms", type=float, default=0, help="Target p95 (0: none).")
    parser.add_argument(
        "--strict", action="store_true", help="Exit 1 on an error or a missed p95 target."
    )
    args = parser.parse_args()
    require_loopback(args.base_url)
    if not 0 < args.duration <= MAX_DURATION:
        parser.error(f"--duration must be in (0, {MAX_DURATION}]")
    if not 1 <= args.users <= 500:
        parser.error("--users must be between 1 and 500")
    args.base_url = args.base_url.rstrip("/")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
