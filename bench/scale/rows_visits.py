"""Visits, findings, recommendations and conclusions of the synthetic country."""

import datetime
from collections import defaultdict

from core.text import fold, folded
from findings.enums import FindingKind, RecommendationKind
from findings.models import Finding, Recommendation
from inspections.enums import VisitKind
from inspections.models import ContentArea, Criterion, InspectionPlan, Visit
from reporting.enums import ConclusionStatus, PdfStatus
from reporting.models import Conclusion, NumberSequence

from .common import (
    FULL_SIZE,
    REFERENCE_DATE,
    YEAR_WEIGHTS,
    YEARS,
    Picker,
    allocate,
    stamp,
    working_days,
)
from .country_names import person
from .records import VisitInfo
from .visit_outcomes import (
    ACTIONS,
    AREA_WEIGHTS,
    CAUSES,
    DETAILS,
    FINDING_FACTOR,
    FINDING_KIND_WEIGHTS,
    LEGAL_REFERENCES,
    POSITIONS,
    PUBLISHED,
    REC_STATUS,
    SEVERITY_WEIGHTS,
    STATUS_BY_AGE,
    SUBJECTS,
    TITLES,
    VISIT_DAYS,
    VISIT_KIND_WEIGHTS,
    R,
    V,
)


class VisitRows:
    """Mixed into Country: writes the visits and what they found and concluded."""

    def write_visits(self) -> int:
        rng = self.rng
        total = round(FULL_SIZE["visits"] * self.scale)
        owners = self.owners
        # TTCP makes about 2 % of the visits; provinces the rest, by size and year.
        keys, weights = [], []
        for owner_index, owner in enumerate(owners):
            size = sum(p.size for p in self.provinces) * 0.02 if owner is self.ttcp else owner.size
            for year, year_weight in zip(YEARS, YEAR_WEIGHTS, strict=True):
                keys.append((owner_index, year))
                weights.append(size * year_weight)
        counts = allocate(total, weights)
        kind_picker = Picker(VISIT_KIND_WEIGHTS)
        status_pickers = [(age, Picker(pairs)) for age, pairs in STATUS_BY_AGE]
        future = Picker(((V.PLANNED, 96), (V.CANCELLED, 4)))
        national_targets = None
        first = self.w.reserve(Visit, total)
        visits: list[VisitInfo] = []
        rows = []
        targets = set()
        next_id = first
        for (owner_index, year), count in zip(keys, counts, strict=True):
            if not count:
                continue
            owner = owners[owner_index]
            days = working_days(datetime.date(year, 2, 15), datetime.date(year, 12, 15))
            plans = self.plans[(owner_index, year)]
            adhoc = self.adhoc[(owner_index, year)]
            if owner is self.ttcp and national_targets is None:
                national_targets = Picker(
                    [(p.org, 3) for p in self.provinces]
                    + [(d, 1) for p in self.provinces for d in p.departments[:4]]
                    + [(u, 1) for u in owner.units]
                )
            for _ in range(count):
                kind = kind_picker(rng)
                org = national_targets(rng) if owner is self.ttcp else owner.unit_picker(rng)
                if (
                    kind in (VisitKind.SCHEDULED, VisitKind.DESK_REVIEW)
                    or (kind == VisitKind.SURPRISE and rng.random() < 0.6)
                    or (kind == VisitKind.VERIFICATION and rng.random() < 0.2)
                ):
                    plan = plans[0] if len(plans) == 1 or rng.random() < 0.7 else plans[1]
                else:
                    plan = adhoc
                start = days[int(rng.random() * len(days))]
                end = start + datetime.timedelta(days=rng.randint(*VISIT_DAYS[kind]))
                if start > REFERENCE_DATE:
                    status = future(rng)
                elif end > REFERENCE_DATE:
                    status = V.IN_PROGRESS if rng.random() < 0.95 else V.CANCELLED
                else:
                    age = (REFERENCE_DATE - end).days
                    status = next(p for limit, p in status_pickers if age >= limit)(rng)
                started = status not in (V.PLANNED, V.CANCELLED)
                ended = started and status != V.IN_PROGRESS
                info = VisitInfo(next_id, org, owner, plan.team_id, plan.head, plan.members,
                                 status, start, end, plan.issuer)  # fmt: skip
                visits.append(info)
                if plan.id:
                    targets.add((plan.id, org.id))
                rows.append((
                    next_id, kind, f"{SUBJECTS[kind]} {org.name}", start, end,
                    stamp(start, 8) if started else None, stamp(end, 17) if ended else None,
                    status,
                    "Đơn vị đề nghị lùi thời gian do trùng lịch tiếp công dân"
                    if status == V.CANCELLED else "",
                    stamp(start - datetime.timedelta(days=rng.randint(7, 30)), 9), plan.head,
                    org.id, plan.id or None, plan.team_id,
                ))  # fmt: skip
                next_id += 1
        self.visits = visits
        count = self.w.copy(
            Visit,
            ["id", "kind", "subject", "planned_start", "planned_end", "actual_start",
             "actual_end", "status", "cancel_reason", "created_at", "created_by_id",
             "inspected_organization_id", "plan_id", "team_id"],
            rows,
        )  # fmt: skip
        self.result.counts["plan targets"] = self.w.copy_m2m(
            InspectionPlan, "targets", sorted(targets)
        )
        return count

    # -- findings (and the choice of which get a recommendation) --

    def write_findings(self) -> int:
        rng = self.rng
        total = round(FULL_SIZE["findings"] * self.scale)
        visits = self.visits
        weights = [FINDING_FACTOR.get(v.status, 0) * (0.3 + 1.4 * rng.random()) for v in visits]
        counts = allocate(total, weights)
        rec_total = round(FULL_SIZE["recommendations"] * self.scale)
        rec_weights = [
            count if v.status in PUBLISHED or v.status == V.REPORTING else 0
            for v, count in zip(visits, counts, strict=True)
        ]
        self.rec_counts = allocate(rec_total, rec_weights)
        self.rec_specs: list[tuple] = []  # (visit index, finding id or None, finding kind)

        areas = list(ContentArea.objects.order_by("number").values_list("number", "pk"))
        area_ids = dict(areas)
        area_picker = Picker(list(zip([n for n, _ in areas], AREA_WEIGHTS, strict=False)))
        criteria = defaultdict(list)
        for area_id, criterion_id in Criterion.objects.filter(is_active=True).values_list(
            "content_area_id", "pk"
        ):
            criteria[area_id].append(criterion_id)
        kind_picker = Picker(FINDING_KIND_WEIGHTS)
        severity_picker = Picker(SEVERITY_WEIGHTS)
        titles = {key: [(t, fold(t)) for t in values] for key, values in TITLES.items()}
        details = [(d, fold(d)) for d in DETAILS]
        folded_names: dict[int, str] = {}
        names = [person(rng) for _ in range(300)]
        first = self.w.reserve(Finding, total)
        self.first_finding = first

        def rows():
            next_id = first
            for index, (visit, count) in enumerate(zip(visits, counts, strict=True)):
                if not count:
                    continue
                org = visit.org
                if org.id not in folded_names:
                    folded_names[org.id] = fold(org.name)
                org_folded = folded_names[org.id]
                span = max(1, (visit.end - visit.start).days + 1)
                recorders = [visit.head, *visit.members]
                wanted = self.rec_counts[index]
                candidates = []
                for _ in range(count):
                    number = area_picker(rng)
                    area_id = area_ids[number]
                    kind = kind_picker(rng)
                    title, title_folded = rng.choice(titles[(number, kind)])
                    detail, detail_folded = details[int(rng.random() * len(details))]
                    violation = kind == FindingKind.VIOLATION
                    good = kind == FindingKind.GOOD_PRACTICE
                    options = criteria.get(area_id)
                    day = visit.start + datetime.timedelta(days=int(rng.random() * span))
                    at = stamp(day, 8 + int(rng.random() * 9), int(rng.random() * 60))
                    yield (
                        next_id, kind, severity_picker(rng) if violation else "", title,
                        f"{detail} {org.name}.",
                        "" if good else CAUSES[int(rng.random() * len(CAUSES))],
                        rng.choice(names) if violation and rng.random() < 0.5 else "",
                        rng.choice(POSITIONS) if violation else "",
                        rng.choice(LEGAL_REFERENCES) if violation else "",
                        good and rng.random() < 0.1, at, at, 1, area_id,
                        rng.choice(options) if options and rng.random() < 0.7 else None,
                        recorders[int(rng.random() * len(recorders))],
                        None if good else org.id, visit.id,
                        f"{title_folded} {detail_folded} {org_folded}.",
                    )  # fmt: skip
                    candidates.append((next_id, kind))
                    next_id += 1
                if wanted:
                    self._choose_recommended(rng, index, candidates, wanted)

        return self.w.copy(
            Finding,
            ["id", "kind", "severity", "title", "description", "cause", "responsible_person",
             "responsible_position", "legal_reference", "replicate_nationwide", "recorded_at",
             "updated_at", "version", "content_area_id", "criterion_id", "recorded_by_id",
             "responsible_organization_id", "visit_id", "search_text"],
            rows(),
        )  # fmt: skip

    def _choose_recommended(self, rng, index, candidates, wanted):
        """Recommendations go to shortcomings and violations first, then good practices
        (replicate), then to the visit as a whole (no finding)."""
        preferred = [c for c in candidates if c[1] != FindingKind.GOOD_PRACTICE]
        rest = [c for c in candidates if c[1] == FindingKind.GOOD_PRACTICE]
        chosen = rng.sample(preferred, min(wanted, len(preferred)))
        if len(chosen) < wanted:
            chosen += rng.sample(rest, min(wanted - len(chosen), len(rest)))
        for finding_id, kind in chosen:
            self.rec_specs.append((index, finding_id, kind))
        for _ in range(wanted - len(chosen)):
            self.rec_specs.append((index, None, None))

    # -- recommendations and conclusions --

    def issue_dates(self):
        """The day each published visit's conclusion was issued (needed by recommendations)."""
        rng = self.rng
        for visit in self.visits:
            if visit.status in PUBLISHED:
                issued = visit.end + datetime.timedelta(days=rng.randint(7, 45))
                visit.issued_on = min(issued, REFERENCE_DATE)

    def write_recommendations(self) -> int:
        rng = self.rng
        self.issue_dates()
        pickers = {status: Picker(pairs) for status, pairs in REC_STATUS.items()}
        first = self.w.reserve(Recommendation, len(self.rec_specs))
        visits = self.visits
        kinds = {
            FindingKind.VIOLATION: Picker(((RecommendationKind.DISCIPLINE, 40),
                                           (RecommendationKind.REMEDY, 60))),
            FindingKind.SHORTCOMING: Picker(((RecommendationKind.REMEDY, 70),
                                             (RecommendationKind.AMEND_RULES, 30))),
            FindingKind.GOOD_PRACTICE: Picker(((RecommendationKind.REPLICATE, 1),)),
            None: Picker(((RecommendationKind.OTHER, 1),)),
        }  # fmt: skip

        folded_actions = {kind: folded(action) for kind, action in ACTIONS.items()}

        def rows():
            for k, (index, finding_id, finding_kind) in enumerate(self.rec_specs):
                visit = visits[index]
                start = visit.issued_on or visit.end
                due = start + datetime.timedelta(days=rng.choice((30, 45, 60, 90)))
                status = pickers[visit.status](rng)
                kind = kinds[finding_kind](rng)
                addressee = visit.province.org if (
                    kind == RecommendationKind.AMEND_RULES and rng.random() < 0.3
                    and visit.province is not self.ttcp
                ) else visit.org  # fmt: skip
                yield (
                    first + k, kind, ACTIONS[kind], due, status,
                    "Đơn vị đã giải thể, sáp nhập" if status == R.CANCELLED else "",
                    stamp(start, 15), 1, addressee.id, visit.head, finding_id, visit.id,
                    folded_actions[kind],
                )  # fmt: skip

        return self.w.copy(
            Recommendation,
            ["id", "kind", "action", "due_date", "status", "cancel_reason", "created_at",
             "version", "addressee_id", "created_by_id", "finding_id", "visit_id",
             "search_text"],
            rows(),
        )  # fmt: skip

    def write_conclusions(self) -> int:
        rng = self.rng
        drafts = Picker(((ConclusionStatus.DRAFT, 50), (ConclusionStatus.IN_REVIEW, 20),
                         (ConclusionStatus.APPROVED, 10), (None, 20)))  # fmt: skip
        chosen = []
        for visit in self.visits:
            if visit.status in PUBLISHED:
                chosen.append((visit, ConclusionStatus.ISSUED))
            elif visit.status == V.REPORTING:
                status = drafts(rng)
                if status:
                    chosen.append((visit, status))
        numbers: dict[tuple[int, int], int] = defaultdict(int)
        issued_order = sorted(
            (c for c in chosen if c[1] == ConclusionStatus.ISSUED),
            key=lambda c: (c[0].issued_on, c[0].id),
        )
        number_of = {}
        for visit, _ in issued_order:
            key = (visit.issuer.id, visit.issued_on.year)
            numbers[key] += 1
            number_of[visit.id] = numbers[key]
        first = self.w.reserve(Conclusion, len(chosen))

        def rows():
            for k, (visit, status) in enumerate(chosen):
                issuer = visit.issuer
                drafted = visit.end + datetime.timedelta(days=2)
                issued = status == ConclusionStatus.ISSUED
                submitted = status != ConclusionStatus.DRAFT
                approved = status in (ConclusionStatus.APPROVED, ConclusionStatus.ISSUED)
                head = visit.province.head
                yield (
                    first + k, status,
                    f"Thông báo kết luận kiểm tra công vụ tại {visit.org.name}",
                    f"TB-{issuer.short_name or issuer.code}".replace(" ", "")[:40],
                    visit.province.short, "", "", "",
                    f"- {visit.province.org.name} (để báo cáo);\n- {visit.org.name};\n- Lưu: VT.",
                    number_of.get(visit.id), visit.issued_on.year if issued else None,
                    visit.issued_on, stamp(drafted, 14),
                    stamp(drafted, 16) if submitted else None,
                    stamp(visit.issued_on or drafted, 9) if approved else None,
                    stamp(visit.issued_on, 10) if issued else None,
                    "", PdfStatus.NONE, "", "", 1, head if approved else None, visit.head,
                    head if issued else None, issuer.id, None, visit.id,
                )  # fmt: skip

        count = self.w.copy(
            Conclusion,
            ["id", "status", "subject", "symbol", "place", "signer_name", "signer_title",
             "signing_for", "recipients", "number", "year", "issued_on", "created_at",
             "submitted_at", "approved_at", "issued_at", "pdf", "pdf_status", "pdf_sha256",
             "pdf_error", "version", "approved_by_id", "created_by_id", "issued_by_id", "issuer_id",
             "supersedes_id", "visit_id"],
            rows(),
        )  # fmt: skip
        # Numbering continues from here when someone issues the next conclusion in the app.
        first_sequence = self.w.reserve(NumberSequence, len(numbers))
        self.w.copy(
            NumberSequence,
            ["id", "year", "last_number", "issuer_id"],
            (
                (first_sequence + k, year, last, issuer_id)
                for k, ((issuer_id, year), last) in enumerate(sorted(numbers.items()))
            ),
        )
        return count
