"""Planning demo data: the legal documents, plans, teams and visits of the source articles.

What comes from the articles (shared/sources): every legal document's number, date, issuer and
subject; the TTCP thematic plan of 8/12/2023 (its five purposes, requirements and five content
areas); Hà Nội's 2022 city team and its 24 visits (19 surprise visits to 18 units, 5
verifications at the five named units); Lấp Vò's team of Quyết định 94/QĐ-UBND.TL with 2
scheduled and 2 surprise visits, one at the one-stop shop of xã Mỹ An Hưng B; the TTCP 2019
administrative-reform check of Kế hoạch 1436/KH-TTCP (8 units visited 16–25/9/2019, the others
through reports).

What the articles do not give, and is illustrative here: the number of the TTCP 2023 plan, of
Hà Nội's 2022 plan and of the decision forming Hà Nội's 2022 team; the purposes and
requirements of the Hà Nội and TTCP 2019 plans; the exact day and subject of each visit; the
names of people other than Đinh Mạnh Hùng and Trần Ngọc Liêm.

Rows are created through the planning services, acting as a user who may (so permissions and
audit records are real); past timestamps are passed to `start_visit` / `finish_fieldwork`, and
creation/approval times are back-dated with plain updates. Every row is found by its natural
key, and nothing is written when it already matches, so running `seed_demo` twice leaves the
same rows (history included). Visits are only ever moved forward.
"""

import importlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.audit import save_audited
from accounts.models import Organization, User
from inspections import services
from inspections.enums import DocumentKind, PlanStatus, TeamRole, VisitKind, VisitStatus
from inspections.models import ContentArea, InspectionPlan, LegalDocument, Team, TeamMember, Visit
from inspections.services import MemberSpec

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL)


# --- Legal documents ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    number: str
    kind: str
    issuer: str  # organization code
    issued_on: date
    title: str
    effective_from: date | None = None
    superseded_by: str | None = None  # number of a document listed before this one


DOCUMENTS = [
    Doc(
        "84/2025/QH15",
        DocumentKind.LAW,
        "QH",
        date(2025, 6, 25),
        "Luật Thanh tra",
        effective_from=date(2025, 7, 1),
    ),
    Doc(
        "11/2022/QH15",
        DocumentKind.LAW,
        "QH",
        date(2022, 11, 14),
        "Luật Thanh tra",
        effective_from=date(2023, 7, 1),
        superseded_by="84/2025/QH15",
    ),
    Doc(
        "39/2022/NĐ-CP",
        DocumentKind.DECREE,
        "CP",
        date(2022, 6, 18),
        "Ban hành Quy chế làm việc của Chính phủ",
        effective_from=date(2022, 6, 18),
    ),
    Doc(
        "26/CT-TTg",
        DocumentKind.DIRECTIVE,
        "TTG",
        date(2023, 10, 20),
        "Về việc chấn chỉnh, tăng cường công tác thanh tra, kiểm tra, giám sát hoạt động công vụ",
        effective_from=date(2023, 10, 20),
    ),
    # The number as the Lấp Vò article (source 004) cites it.
    Doc(
        "06/CT-TTg",
        DocumentKind.DIRECTIVE,
        "TTG",
        date(2016, 9, 5),
        "Về tăng cường kỷ luật, kỷ cương trong các cơ quan hành chính nhà nước các cấp",
        effective_from=date(2016, 9, 5),
    ),
    Doc(
        "968/CĐ-TTg",
        DocumentKind.OFFICIAL_DISPATCH,
        "TTG",
        date(2023, 10, 16),
        "Về tiếp tục chấn chỉnh, tăng cường kỷ luật, kỷ cương trong cơ quan hành chính nhà nước "
        "các cấp",
        effective_from=date(2023, 10, 16),
    ),
    Doc(
        "1436/KH-TTCP",
        DocumentKind.PLAN,
        "TTCP",
        date(2019, 8, 23),
        "Kiểm tra công tác cải cách hành chính năm 2019 đối với các cục, vụ, đơn vị thuộc Thanh "
        "tra Chính phủ",
    ),
    Doc(
        "94/QĐ-UBND.TL",
        DocumentKind.DECISION,
        "DT-LV",
        date(2023, 12, 4),
        "Về việc thành lập Tổ kiểm tra công vụ đối với các cơ quan, đơn vị và UBND xã, thị trấn",
        effective_from=date(2023, 12, 4),
    ),
]


def _sync(instance, values: dict) -> list[str]:
    """Set the values that differ; return the names of the changed fields."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def seed_documents(orgs: dict[str, Organization], admin: User) -> dict[str, LegalDocument]:
    documents: dict[str, LegalDocument] = {}
    for spec in DOCUMENTS:
        issuer = orgs[spec.issuer]
        values = {
            "kind": spec.kind,
            "issued_on": spec.issued_on,
            "title": spec.title,
            "effective_from": spec.effective_from,
            "superseded_by": documents[spec.superseded_by] if spec.superseded_by else None,
        }
        document = LegalDocument.objects.filter(issuer=issuer, number=spec.number).first()
        if document is None:
            document = services.create_legal_document(
                admin, issuer=issuer, number=spec.number, **values
            )
        elif _sync(document, values):
            document.full_clean()
            save_audited(document, admin, "update demo data")
        documents[spec.number] = document
    return documents


# --- Plans and teams ----------------------------------------------------------------------------


def _ids(objects) -> set[int]:
    return {obj.pk for obj in objects}


def _plan(
    author: User,
    approver: User,
    *,
    issuer: Organization,
    code: str,
    legal_bases: list[LegalDocument],
    content_areas: list[ContentArea],
    targets: list[Organization],
    **fields,
) -> InspectionPlan:
    """Find or create the plan, bring it in line with the spec and approve it (back-dated)."""
    plan = InspectionPlan.objects.filter(issuer=issuer, code=code).first()
    if plan is None:
        plan = services.create_plan(
            author,
            issuer=issuer,
            code=code,
            legal_bases=legal_bases,
            content_areas=content_areas,
            targets=targets,
            **fields,
        )
        issued = at(plan.issued_on, 8)
        InspectionPlan.objects.filter(pk=plan.pk).update(created_at=issued)
    else:
        changed = {name: fields[name] for name in _sync(plan, fields)}
        relations = {
            "legal_bases": legal_bases,
            "content_areas": content_areas,
            "targets": targets,
        }
        changed_relations = {
            name: wanted
            for name, wanted in relations.items()
            if set(getattr(plan, name).values_list("pk", flat=True)) != _ids(wanted)
        }
        if (changed or changed_relations) and plan.status != PlanStatus.CLOSED:
            plan.refresh_from_db()
            plan = services.update_plan(author, plan, **changed, **changed_relations)
    if plan.status == PlanStatus.DRAFT:
        plan = services.approve_plan(approver, plan)
        InspectionPlan.objects.filter(pk=plan.pk).update(approved_at=at(plan.issued_on, 16))
    return plan


def _team(
    creator: User, *, name: str, organization: Organization, members: list[MemberSpec], **fields
) -> Team:
    team = Team.objects.filter(name=name, organization=organization).first()
    if team is None:
        team = services.create_team(
            creator, name=name, organization=organization, members=members, **fields
        )
        Team.objects.filter(pk=team.pk).update(created_at=at(team.decision_date, 9))
        return team
    wanted = {(m.user.pk, m.role, (m.home_organization or m.user.organization).pk) for m in members}
    current = set(
        TeamMember.objects.filter(team=team).values_list("user_id", "role", "home_organization_id")
    )
    changed = {name: fields[name] for name in _sync(team, fields)}
    if changed or wanted != current:
        team.refresh_from_db()
        team = services.update_team(
            creator, team, members=members if wanted != current else None, **changed
        )
    return team


# --- Visits -------------------------------------------------------------------------------------

# How far a visit has gone: planned, started (in progress) or field work finished (reporting).
PLANNED, STARTED, DONE = VisitStatus.PLANNED, VisitStatus.IN_PROGRESS, VisitStatus.REPORTING
_ORDER = [PLANNED, STARTED, DONE]


@dataclass(frozen=True)
class VisitSpec:
    organization: str  # code
    kind: str
    start: date
    end: date | None = None  # same day when None
    state: str = DONE
    subject: str = ""
    hours: tuple[tuple[int, int], tuple[int, int]] = ((8, 0), (11, 30))

    @property
    def planned_end(self) -> date:
        return self.end or self.start


def _visit(
    leader: User,
    team: Team,
    plan: InspectionPlan | None,
    spec: VisitSpec,
    orgs: dict[str, Organization],
) -> Visit:
    organization = orgs[spec.organization]
    visit = Visit.objects.filter(
        team=team,
        inspected_organization=organization,
        planned_start=spec.start,
        kind=spec.kind,
    ).first()
    if visit is None:
        visit = services.create_visit(
            leader,
            team=team,
            plan=plan,
            inspected_organization=organization,
            kind=spec.kind,
            planned_start=spec.start,
            planned_end=spec.planned_end,
            subject=spec.subject,
        )
        Visit.objects.filter(pk=visit.pk).update(created_at=at(team.decision_date, 9))
    elif _sync(visit, {"subject": spec.subject, "planned_end": spec.planned_end}):
        visit.full_clean()
        save_audited(visit, leader, "update demo data", ["subject", "planned_end"])
    # Only forward: a visit someone moved on in the demo keeps its state.
    (start_hour, start_minute), (end_hour, end_minute) = spec.hours
    if visit.status == PLANNED and _ORDER.index(spec.state) >= _ORDER.index(STARTED):
        visit = services.start_visit(leader, visit, at=at(spec.start, start_hour, start_minute))
    if visit.status == STARTED and spec.state == DONE:
        visit = services.finish_fieldwork(
            leader, visit, at=at(spec.planned_end, end_hour, end_minute)
        )
    return visit


# --- The TTCP nationwide thematic plan of 8/12/2023 ---------------------------------------------

TTCP_2023_PURPOSES = """\
Một là, đánh giá kết quả thực hiện trách nhiệm công vụ của cán bộ, công chức trong việc thực \
hiện trách nhiệm công vụ trên phạm vi cả nước, nhất là một số ngành, lĩnh vực trọng điểm, có \
nhiều bức xúc trong giải quyết thủ tục hành chính (TTHC), cung cấp dịch vụ công (DVC) cho người \
dân và doanh nghiệp thuộc phạm vi quản lý của bộ, ngành, địa phương;
Hai là, ghi nhận cách làm hay, sáng tạo để có giải pháp nhân rộng trong cả nước;
Ba là, kịp thời phát hiện những thiếu sót hoặc vi phạm trong quá trình thực hiện trách nhiệm \
công vụ của CBCCVC trên phạm vi cả nước để kiến nghị biện pháp khắc phục;
Bốn là, tổng hợp kết quả thanh tra trong phạm vi cả nước, báo cáo Thủ tướng Chính phủ thực \
trạng việc thực hiện trách nhiệm công vụ của cán bộ, công chức, xác định tính chất, mức độ vi \
phạm, nguyên nhân, trách nhiệm của cơ quan, tổ chức cá nhân và kiến nghị biện pháp xử lý sai \
phạm (nếu có), sửa đổi cơ chế chính sách, tháo gỡ trong tổ chức, thực hiện;
Năm là, nâng cao tinh thần trách nhiệm, tạo chuyển biến về kỷ luật, kỷ cương hành chính của \
người đứng đầu, đội ngũ cán bộ, công chức trong thực hiện trách nhiệm công vụ."""

TTCP_2023_REQUIREMENTS = (
    "Việc thanh tra phải đảm bảo chính xác, khách quan, không gây cản trở đến hoạt động của đơn "
    "vị được thanh tra; tuân thủ đúng quy định của pháp luật; có trọng tâm, trọng điểm, đạt "
    "hiệu quả cao và có sự phối hợp chặt chẽ giữa Thanh tra Chính phủ và các bộ, ngành, địa "
    "phương trong quá trình thanh tra."
)

TTCP_2023_THEME = (
    "Trách nhiệm về thực hiện công vụ của cán bộ, công chức, viên chức trên phạm vi cả nước"
)


def seed_ttcp_thematic_plan(orgs, users, documents, areas) -> InspectionPlan:
    """Nationwide: executed by ministries and provinces, so it names no target units here."""
    return _plan(
        users["quantri"],
        users["ttcp_lanhdao"],
        issuer=orgs["TTCP"],
        code="2052/KH-TTCP",  # illustrative: the article gives the date, not the number
        title="Kế hoạch thanh tra chuyên đề trách nhiệm về thực hiện công vụ của cán bộ, công "
        "chức, viên chức trên phạm vi cả nước",
        issued_on=date(2023, 12, 8),
        year=2024,
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 12, 31),
        is_thematic=True,
        theme=TTCP_2023_THEME,
        purposes=TTCP_2023_PURPOSES,
        requirements=TTCP_2023_REQUIREMENTS,
        legal_bases=[documents["26/CT-TTg"], documents["11/2022/QH15"]],
        content_areas=areas,
        targets=[],
    )


# --- Hà Nội: the city team's 24 visits of 2022 ------------------------------------------------

HN_SURPRISE = (
    "Kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính, thời giờ làm việc và việc "
    "tiếp nhận, giải quyết thủ tục hành chính"
)
HN_VERIFICATION = (
    "Kiểm tra, xác minh vụ việc liên quan đến trách nhiệm thực thi công vụ trong giải quyết thủ "
    "tục hành chính"
)


def _hn_surprise(code: str, day: date, state: str = DONE) -> VisitSpec:
    return VisitSpec(code, VisitKind.SURPRISE, day, state=state, subject=HN_SURPRISE)


def _hn_verification(code: str, start: date, end: date) -> VisitSpec:
    return VisitSpec(
        code,
        VisitKind.VERIFICATION,
        start,
        end,
        subject=HN_VERIFICATION,
        hours=((8, 30), (16, 30)),
    )


# 19 surprise visits to 18 units (7 departments, 9 wards, 2 public service units of
# departments; phường Hàng Trống twice) and 5 verifications. The first ones fall on the first
# working days after Tết Nhâm Dần (7–8/2/2022); the last surprise visits of December are left
# planned or under way, so the secrecy of a surprise visit shows in the demo.
HN_VISITS = [
    _hn_surprise("HN-SKHDT", date(2022, 2, 7)),
    _hn_surprise("HN-P-HANGTRONG", date(2022, 2, 7)),
    _hn_surprise("HN-STP", date(2022, 2, 8)),
    _hn_surprise("HN-P-DIENBIEN", date(2022, 2, 8)),
    _hn_surprise("HN-SGTVT", date(2022, 3, 9)),
    _hn_surprise("HN-P-LANGHA", date(2022, 3, 10)),
    _hn_verification("HN-SKHDT", date(2022, 3, 22), date(2022, 3, 23)),
    _hn_surprise("HN-SLDTBXH", date(2022, 4, 14)),
    _hn_surprise("HN-TTGTVL", date(2022, 4, 15)),
    _hn_surprise("HN-P-NGOCHA", date(2022, 5, 17)),
    _hn_verification("HN-STNMT", date(2022, 5, 24), date(2022, 5, 26)),
    _hn_surprise("HN-SXD", date(2022, 6, 7)),
    _hn_surprise("HN-P-OCHODUA", date(2022, 6, 21)),
    _hn_verification("HN-SQHKT", date(2022, 7, 12), date(2022, 7, 13)),
    _hn_surprise("HN-VPDKDD", date(2022, 7, 19)),
    _hn_surprise("HN-P-DICHVONG", date(2022, 8, 16)),
    _hn_verification("HN-SXD", date(2022, 8, 23), date(2022, 8, 25)),
    _hn_surprise("HN-STNMT", date(2022, 9, 13)),
    _hn_surprise("HN-SQHKT", date(2022, 10, 11)),
    _hn_verification("HN-VPDKDD", date(2022, 10, 18), date(2022, 10, 20)),
    _hn_surprise("HN-P-NGHIATAN", date(2022, 11, 8)),
    _hn_surprise("HN-P-HANGBAC", date(2022, 12, 20), STARTED),
    _hn_surprise("HN-P-NHANCHINH", date(2022, 12, 27), PLANNED),
    _hn_surprise("HN-P-HANGTRONG", date(2022, 12, 28), PLANNED),
]

HN_TEAM_NAME = "Đoàn kiểm tra công vụ thành phố Hà Nội"


def seed_hanoi(orgs, users, documents, areas) -> tuple[InspectionPlan, Team]:
    head, deputy = users["thutruong"], users["truongdoan"]
    targets = sorted({orgs[spec.organization] for spec in HN_VISITS}, key=lambda org: org.path)
    plan = _plan(
        head,
        head,
        issuer=orgs["HN"],
        code="18/KH-UBND",  # illustrative
        title="Kế hoạch kiểm tra công vụ năm 2022 của UBND thành phố Hà Nội",
        issued_on=date(2022, 1, 17),
        year=2022,
        starts_on=date(2022, 1, 17),
        ends_on=date(2022, 12, 31),
        is_thematic=False,
        theme="",
        purposes=(
            "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính, quy tắc ứng xử và việc thực "
            "thi công vụ của cán bộ, công chức, viên chức các cơ quan, đơn vị thuộc thành phố; "
            "kịp thời chấn chỉnh, xử lý trách nhiệm cán bộ, công chức vi phạm."
        ),
        requirements=(
            "Kiểm tra chủ yếu đột xuất, không báo trước; bảo đảm khách quan, không gây cản trở "
            "hoạt động bình thường của cơ quan, đơn vị được kiểm tra; kết hợp kiểm tra việc thực "
            "hiện các quy định về phòng, chống dịch bệnh."
        ),
        legal_bases=[documents["06/CT-TTg"]],
        content_areas=areas,
        targets=targets,
    )
    team = _team(
        head,
        name=HN_TEAM_NAME,
        # Sở Nội vụ is the team's standing body (Phó Giám đốc Đinh Mạnh Hùng is Phó Trưởng đoàn
        # Thường trực); the city's plan is the team's plan.
        organization=orgs["HN-SNV"],
        plan=plan,
        decision_number="285/QĐ-UBND",  # illustrative
        decision_date=date(2022, 1, 20),
        decision_signer="Chủ tịch UBND thành phố Hà Nội",
        members=[
            MemberSpec(head, TeamRole.HEAD, orgs["HN"]),
            MemberSpec(deputy, TeamRole.DEPUTY, orgs["HN-SNV"]),
            MemberSpec(users["thanhvien"], TeamRole.MEMBER, orgs["HN-SNV"]),
        ],
    )
    for spec in HN_VISITS:
        _visit(deputy, team, plan, spec, orgs)
    return plan, team


# --- Lấp Vò: the district team of Quyết định 94/QĐ-UBND.TL -----------------------------------

LV_TEAM_NAME = "Tổ kiểm tra công vụ huyện Lấp Vò"
LV_SCHEDULED = (
    "Kiểm tra theo kế hoạch việc chấp hành nội quy, quy chế làm việc, giờ giấc làm việc và Quy "
    "tắc ứng xử của cán bộ, công chức, viên chức"
)
LV_HOURS = ((7, 30), (10, 30))
LV_VISITS = [
    VisitSpec(
        "DT-LV-PTNMT", VisitKind.SCHEDULED, date(2023, 12, 12), subject=LV_SCHEDULED, hours=LV_HOURS
    ),
    VisitSpec(
        "DT-LV-MAHB",
        VisitKind.SURPRISE,
        date(2023, 12, 14),
        subject="Kiểm tra đột xuất tại Bộ phận tiếp nhận và trả kết quả UBND xã Mỹ An Hưng B",
        hours=LV_HOURS,
    ),
    VisitSpec(
        "DT-LV-TTLV", VisitKind.SCHEDULED, date(2023, 12, 19), subject=LV_SCHEDULED, hours=LV_HOURS
    ),
    VisitSpec(
        "DT-LV-TANMY",
        VisitKind.SURPRISE,
        date(2023, 12, 21),
        subject="Kiểm tra đột xuất việc thực thi công vụ tại UBND xã Tân Mỹ",
        hours=LV_HOURS,
    ),
]


def seed_lap_vo(orgs, users) -> Team:
    """The source names no plan of the district, so the team works without one."""
    head = users["lapvo_totruong"]
    team = _team(
        users["quantri"],
        name=LV_TEAM_NAME,
        organization=orgs["DT-LV"],
        plan=None,
        decision_number="94/QĐ-UBND.TL",
        decision_date=date(2023, 12, 4),
        decision_signer="Chủ tịch UBND huyện Lấp Vò",
        members=[
            MemberSpec(head, TeamRole.HEAD, orgs["DT-LV-PNV"]),
            MemberSpec(users["lapvo_topho"], TeamRole.DEPUTY, orgs["DT-LV-VP"]),
            MemberSpec(users["lapvo_tuphap"], TeamRole.SECRETARY, orgs["DT-LV-PTP"]),
            MemberSpec(users["lapvo_thanhtra"], TeamRole.MEMBER, orgs["DT-LV-TT"]),
            MemberSpec(users["lapvo_vhtt"], TeamRole.MEMBER, orgs["DT-LV-VHTT"]),
        ],
    )
    for spec in LV_VISITS:
        _visit(head, team, None, spec, orgs)
    return team


# --- TTCP 2019: administrative-reform check of its own units (Kế hoạch 1436/KH-TTCP) -----------

TTCP_2019_VISITED = [
    "TTCP-C4",
    "TTCP-V3",
    "TTCP-VGS",
    "TTCP-HTQT",
    "TTCP-KHTH",
    "TTCP-TCTT",
    "TTCP-TTTT",
    "TTCP-VPC",
]
TTCP_2019_BY_REPORT = ["TTCP-VP", "TTCP-VTCCB", "TTCP-TCBTT"]
# The 8 working days from Monday 16/9 to Wednesday 25/9/2019, one unit a day.
TTCP_2019_DAYS = [date(2019, 9, day) for day in (16, 17, 18, 19, 20, 23, 24, 25)]
TTCP_2019_SUBJECT = "Kiểm tra công tác cải cách hành chính năm 2019"


def seed_ttcp_2019(orgs, users, documents, areas) -> tuple[InspectionPlan, Team]:
    admin, head = users["quantri"], users["ttcp_totruong"]
    plan_document = documents["1436/KH-TTCP"]
    by_number = {area.number: area for area in areas}
    plan = _plan(
        admin,
        users["ttcp_lanhdao"],
        issuer=orgs["TTCP"],
        code=plan_document.number,
        title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2019 đối với các cục, vụ, "
        "đơn vị thuộc Thanh tra Chính phủ",
        issued_on=plan_document.issued_on,
        year=2019,
        starts_on=plan_document.issued_on,
        ends_on=date(2019, 12, 31),
        is_thematic=False,
        theme="",
        purposes=(
            "Đánh giá kết quả thực hiện nhiệm vụ cải cách hành chính năm 2019 của các cục, vụ, "
            "đơn vị thuộc Thanh tra Chính phủ; phát hiện tồn tại, hạn chế để kịp thời khắc phục, "
            "nâng cao chất lượng, hiệu quả công tác cải cách hành chính."
        ),
        requirements=("Kiểm tra trực tiếp tại 08 đơn vị; các đơn vị còn lại kiểm tra qua báo cáo."),
        review_period_start=date(2019, 1, 1),
        review_period_end=date(2019, 9, 15),
        legal_bases=[],
        # Institutions, administrative procedures, IT in handling work.
        content_areas=[by_number[1], by_number[2], by_number[4]],
        targets=[orgs[code] for code in TTCP_2019_VISITED + TTCP_2019_BY_REPORT],
    )
    team = _team(
        admin,
        name="Tổ kiểm tra công tác cải cách hành chính năm 2019",
        organization=orgs["TTCP"],
        plan=plan,
        # The article names no separate decision: the Tổ works under the plan itself.
        decision_number=plan_document.number,
        decision_date=plan_document.issued_on,
        decision_signer="Thanh tra Chính phủ",
        members=[
            MemberSpec(head, TeamRole.HEAD, orgs["TTCP-VP"]),
            MemberSpec(users["ttcp_thanhvien"], TeamRole.MEMBER, orgs["TTCP-VPC"]),
        ],
    )
    hours = ((8, 30), (16, 30))
    for code, day in zip(TTCP_2019_VISITED, TTCP_2019_DAYS, strict=True):
        spec = VisitSpec(code, VisitKind.SCHEDULED, day, subject=TTCP_2019_SUBJECT, hours=hours)
        _visit(head, team, plan, spec, orgs)
    for code in TTCP_2019_BY_REPORT:
        spec = VisitSpec(
            code,
            VisitKind.DESK_REVIEW,
            TTCP_2019_DAYS[0],
            TTCP_2019_DAYS[-1],
            subject=f"{TTCP_2019_SUBJECT} (qua báo cáo)",
            hours=hours,
        )
        _visit(head, team, plan, spec, orgs)
    return plan, team


# --- Entry point --------------------------------------------------------------------------------


def _content_areas() -> list[ContentArea]:
    """The five areas come from a migration; a flushed test database may have lost them."""
    if ContentArea.objects.count() < 5:
        migration = importlib.import_module("inspections.migrations.0002_content_areas")
        for number, short_title, title in migration.AREAS:
            ContentArea.objects.update_or_create(
                number=number, defaults={"short_title": short_title, "title": title}
            )
    return list(ContentArea.objects.order_by("number"))


@dataclass
class PlanningDemo:
    documents: dict[str, LegalDocument] = field(default_factory=dict)
    plans: list[InspectionPlan] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)

    @property
    def visit_count(self) -> int:
        return Visit.objects.filter(team__in=self.teams).count()


@transaction.atomic
def seed_planning(organizations: dict[str, Organization], users) -> PlanningDemo:
    """Create or refresh the planning demo; `users` is a list or a dict by user name."""
    if not isinstance(users, dict):
        users = {user.username: user for user in users}
    areas = _content_areas()
    documents = seed_documents(organizations, users["quantri"])
    thematic = seed_ttcp_thematic_plan(organizations, users, documents, areas)
    hanoi_plan, hanoi_team = seed_hanoi(organizations, users, documents, areas)
    lap_vo_team = seed_lap_vo(organizations, users)
    ttcp_plan, ttcp_team = seed_ttcp_2019(organizations, users, documents, areas)
    return PlanningDemo(
        documents=documents,
        plans=[thematic, hanoi_plan, ttcp_plan],
        teams=[hanoi_team, lap_vo_team, ttcp_team],
    )
