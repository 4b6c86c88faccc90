"""Follow-up demo data: the recommendations of the issued notices in every state.

Runs after the conclusions demo (`demo.conclusions.seed_conclusions`): a recommendation reaches
its addressee, and can be reported on, only once the visit's conclusion is issued, so the
stories below use the recommendations of the visits whose notice the demo issues. Everything
goes through `findings.followup` as the users who may: reports by a user of the addressee
organization, decisions by a member of the visit's team, the cancellation by the team's head.

- Thông báo 58/TB-UBND (18/02/2022) to UBND phường Hàng Trống (user `donvi`):
  - posting the procedures: reported on 25/02/2022 without evidence and rejected on 03/03/2022
    by the deputy head of the city team (Đinh Mạnh Hùng), with the reason; open again and
    overdue since 28/02/2022;
  - keeping the posted documents up to date: open and not yet due (see "Kept current");
  - repairing the queue-number machine: reported late, on the last working day before the
    seed runs, with the handover record: awaiting the team's decision (and still overdue: a
    reported recommendation is pending until the team accepts it).
- The Tổ kiểm tra công vụ huyện Lấp Vò's notice of 18/12/2023 to Phòng Tài nguyên và Môi
  trường (436/TB-UBND; user `lapvo_tnmt`):
  - the weekly schedule: cancelled by the Tổ trưởng on 05/01/2024, with the reason (from
    2024 the district publishes every office's weekly schedule centrally);
  - the working rules: a first report (15/01/2024, the new rules still a draft) rejected with a
    reason, a second one (26/01/2024, with the signed decision) accepted on 30/01/2024. Both
    recommendations are now done or cancelled: the visit closes.
- Its notice of 20/12/2023 to UBND xã Mỹ An Hưng B (437/TB-UBND; user `lapvo_mahb`): the
  report of 08/01/2024, with the new business-trip register, accepted on 10/01/2024; the
  visit's only recommendation is done and the visit closes.
- Thông báo 1865/TB-TTCP (18/10/2019): its recommendation to Vụ Pháp chế stays open, overdue
  since 31/12/2019. No report is filed, so the notice's visit stays concluded as the conclusions
  demo describes it (a report would move it to following up).

The sources say nothing of the follow-up: every report, decision, reason, date and attached file
here is illustrative, written to fit the recommendation it answers.

Dates. Each step runs "at" an illustrative moment: the rows it creates (reports, evidence,
history rows of recommendations, reports, evidence and visits, notifications) are back-dated to
it with plain updates, and so are the report's decision time and the timestamps copied into
its history rows. Notifications count as e-mailed at that moment (no mail goes out for a 2022
event) and are marked read when the next step on the same recommendation happens; once a
recommendation is finished, what is left is read the next morning. Left unread is what waits
for someone now: the ward's rejected report, and the late report the city team must decide on.

Kept current. Every demo notice is historical, so every due date is long past. To show a
recommendation that is not yet due, and that the daily reminder job picks up ("7 days left"),
the demo keeps one case current: on every run, while it is still open, the due date of the
ward's "keep the posted documents up to date" recommendation is moved to today + 7 days
(the first reminder lead of settings.REMINDER_DAYS_BEFORE) with a plain update. No history row
records it, and the issued notice still prints the original date: in real life this would be a
deadline extension granted by the team.

Evidence. The attached files are made at seed time: PDFs rendered by WeasyPrint from fixed
text (fetching nothing), and an Excel register written with openpyxl.

Idempotent: a story is played only while its recommendation is untouched (open, with no
report); seeded before, or moved on by someone in the demo, it is left alone, so running
`seed_demo` twice leaves the same rows.
"""

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, Organization, User
from demo.planning import HN_TEAM_NAME, LV_TEAM_NAME, at
from findings import followup
from findings.enums import VISIT_PUBLISHED_STATES, RecommendationStatus
from findings.models import Evidence, Recommendation, RemediationReport
from inspections.enums import VisitStatus
from inspections.models import Visit

TTCP_2019_TEAM_NAME = "Tổ kiểm tra công tác cải cách hành chính năm 2019"

# A moment: fixed, or computed from today's date when the seed runs.
Moment = datetime | Callable[[date], datetime]


def _last_working_day_before(today: date) -> date:
    day = today - timedelta(days=1)
    while day.weekday() >= 5:  # Saturday, Sunday
        day -= timedelta(days=1)
    return day


def days_ahead() -> int:
    """How far ahead the kept-current due date lies: the longest reminder lead of at most a
    week (7 with the default settings), so the daily job sends a reminder on the seed's day."""
    leads = [days for days in settings.REMINDER_DAYS_BEFORE if 2 <= days <= 7]
    return max(leads, default=7)


# --- Evidence files -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    make: Callable[[], bytes]

    def upload(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.make(), content_type=self.content_type)


def _pdf(heading: list[str], title: str, paragraphs: list[str], signature: list[str]) -> bytes:
    """A one-page administrative document from fixed text; the renderer fetches nothing."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetch(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"blocked: {url[:200]}")

    def lines(items: list[str]) -> str:
        return "<br>".join(escape(item) for item in items)

    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    html = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
        @page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
        body {{ font-family: "Liberation Serif", serif; font-size: 13pt; line-height: 1.4; }}
        .head {{ text-align: center; font-weight: bold; }}
        h1 {{ font-size: 14pt; text-align: center; margin: 10mm 0 6mm; }}
        p {{ text-align: justify; text-indent: 10mm; margin: 0 0 3mm; }}
        .sign {{ margin: 10mm 0 0 50%; text-align: center; font-weight: bold; }}
        </style></head><body>
        <div class="head">{lines(heading)}</div>
        <h1>{escape(title)}</h1>{body}
        <div class="sign">{lines(signature)}</div></body></html>"""
    return HTML(string=html, url_fetcher=NoFetch()).write_pdf()


def _lap_vo_rules_decision() -> bytes:
    return _pdf(
        ["PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG", "HUYỆN LẤP VÒ", "Số: 02/QĐ-PTNMT"],
        "QUYẾT ĐỊNH Ban hành Quy chế làm việc của Phòng Tài nguyên và Môi trường huyện Lấp Vò",
        [
            "Căn cứ chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Phòng Tài nguyên và Môi "
            "trường huyện Lấp Vò;",
            "Thực hiện Thông báo kết luận kiểm tra công vụ của UBND huyện Lấp Vò tháng 12 năm "
            "2023;",
            "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Phòng Tài nguyên và "
            "Môi trường huyện Lấp Vò, phù hợp với chức năng, nhiệm vụ được giao bổ sung.",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quy chế làm việc ban "
            "hành trước đây của Phòng.",
            "Điều 3. Công chức, người lao động thuộc Phòng chịu trách nhiệm thi hành Quyết định "
            "này.",
        ],
        ["Lấp Vò, ngày 25 tháng 01 năm 2024", "TRƯỞNG PHÒNG", "", "", "Đặng Văn Hiếu"],
    )


def _hang_trong_handover_record() -> bytes:
    return _pdf(
        ["UBND QUẬN HOÀN KIẾM", "UBND PHƯỜNG HÀNG TRỐNG"],
        "BIÊN BẢN Bàn giao, đưa vào sử dụng máy lấy số tự động tại Bộ phận tiếp nhận và trả "
        "kết quả",
        [
            "Hôm nay, tại Bộ phận tiếp nhận và trả kết quả UBND phường Hàng Trống, đơn vị cung "
            "cấp thiết bị bàn giao 01 máy lấy số tự động thay thế máy bị hỏng.",
            "Hai bên đã kiểm tra: máy hoạt động bình thường, in phiếu số thứ tự và hiển thị trên "
            "bảng điện tử của các quầy tiếp nhận; máy được đưa vào sử dụng ngay sau khi bàn giao.",
            "Văn phòng - Thống kê UBND phường kiểm tra trang thiết bị của Bộ phận một cửa vào "
            "thứ Hai hằng tuần và báo cáo ngay khi có hư hỏng.",
        ],
        ["ĐẠI DIỆN UBND PHƯỜNG", "", "", "Lê Văn Nam"],
    )


def _my_an_hung_b_trip_register() -> bytes:
    """The register of business trips the commune opened after the check (January 2024)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tháng 01-2024"
    sheet.append(["SỔ THEO DÕI CÁN BỘ, CÔNG CHỨC ĐI CÔNG TÁC - UBND XÃ MỸ AN HƯNG B"])
    sheet.append([])
    header = [
        "STT",
        "Ngày",
        "Chức danh",
        "Nội dung công việc",
        "Địa điểm",
        "Giờ đi",
        "Giờ về",
        "Lãnh đạo đồng ý",
    ]
    sheet.append(header)
    vice_chair, chair = "Phó Chủ tịch UBND xã", "Chủ tịch UBND xã"
    rows = [
        (date(2024, 1, 2), "Công chức Địa chính - Xây dựng", "Xác minh ranh giới thửa đất"),
        (date(2024, 1, 3), "Công chức Văn hóa - Xã hội", "Rà soát hộ nghèo, hộ cận nghèo"),
        (date(2024, 1, 5), "Công chức Tư pháp - Hộ tịch", "Hòa giải tranh chấp tại cơ sở"),
    ]
    places = [
        ("Ấp 1", "08:00", "10:30", vice_chair),
        ("Ấp 2", "13:30", "16:30", chair),
        ("Ấp 3", "07:30", "09:30", vice_chair),
    ]
    for number, (row, place) in enumerate(zip(rows, places, strict=True), start=1):
        sheet.append([number, *row, *place])
    sheet["A1"].font = Font(bold=True)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=4, min_col=2, max_col=2):
        row[0].number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEFGH", (5, 12, 32, 34, 16, 8, 8, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    workbook.properties.creator = "UBND xã Mỹ An Hưng B"
    workbook.properties.created = datetime(2024, 1, 8, 8, 0)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The stories ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    by: str  # user name, of the addressee organization
    at: Moment
    text: str
    files: tuple[Attachment, ...] = ()
    decided_by: str = ""  # user name, a member of the team; undecided when empty
    decided_at: datetime | None = None
    rejection: str = ""  # the reason: a decided report with one is rejected, else accepted


@dataclass(frozen=True)
class Cancel:
    by: str  # the team's head or deputy
    at: datetime
    reason: str


@dataclass(frozen=True)
class Story:
    team: str
    organization: str  # code of the inspected organization
    start: date  # planned start: with team and organization, names the visit
    action: str  # how the recommendation's action starts (unique within the visit)
    reports: tuple[Report, ...] = ()
    cancel: Cancel | None = None
    keep_due_ahead: bool = False  # see "Kept current" in the module docstring


HN_HANG_TRONG = (HN_TEAM_NAME, "HN-P-HANGTRONG", date(2022, 2, 7))
LV_TAI_NGUYEN = (LV_TEAM_NAME, "DT-LV-PTNMT", date(2023, 12, 12))
LV_MY_AN_HUNG_B = (LV_TEAM_NAME, "DT-LV-MAHB", date(2023, 12, 14))

# In the order things happened: a visit closes when its last recommendation is finished.
STORIES = [
    Story(
        *HN_HANG_TRONG,
        "Niêm yết đầy đủ, kịp thời quy trình giải quyết",
        reports=(
            Report(
                "donvi",
                at(date(2022, 2, 25), 10),
                "UBND phường đã rà soát bảng niêm yết tại Bộ phận tiếp nhận và trả kết quả, bổ "
                "sung quy trình giải quyết các thủ tục hành chính lĩnh vực hộ tịch, chứng thực "
                "còn thiếu.",
                decided_by="truongdoan",
                decided_at=at(date(2022, 3, 3), 9),
                rejection=(
                    "Báo cáo chưa nêu danh mục các thủ tục hành chính đã được bổ sung quy trình "
                    "và chưa kèm minh chứng (ảnh chụp bảng niêm yết sau khi bổ sung). Đề nghị "
                    "UBND phường báo cáo lại, kèm minh chứng."
                ),
            ),
        ),
    ),
    Story(
        *HN_HANG_TRONG,
        "Thường xuyên rà soát, cập nhật các văn bản mới",
        keep_due_ahead=True,
    ),
    Story(
        *LV_TAI_NGUYEN,
        "Công khai đầy đủ lịch công tác tuần của lãnh đạo Phòng",
        cancel=Cancel(
            "lapvo_totruong",
            at(date(2024, 1, 5), 10),
            "Từ tuần đầu năm 2024, Văn phòng HĐND và UBND huyện tổng hợp và công khai tập trung "
            "lịch công tác tuần của lãnh đạo UBND huyện và lãnh đạo các phòng chuyên môn trên "
            "Trang thông tin điện tử huyện; lịch của lãnh đạo Phòng Tài nguyên và Môi trường đã "
            "được công khai theo cách này, kiến nghị riêng đối với Phòng không còn cần thiết.",
        ),
    ),
    Story(
        *LV_MY_AN_HUNG_B,
        "Chấn chỉnh việc báo cáo khi cán bộ, công chức đi công tác",
        reports=(
            Report(
                "lapvo_mahb",
                at(date(2024, 1, 8), 9),
                "UBND xã đã họp rút kinh nghiệm, quán triệt cán bộ, công chức phải báo cáo và "
                "được lãnh đạo UBND xã đồng ý trước khi đi công tác, thực hiện công việc đột "
                "xuất. Từ ngày 02/01/2024, Văn phòng UBND xã lập sổ theo dõi cán bộ, công chức "
                "đi công tác; gửi kèm sổ theo dõi tháng 01/2024.",
                files=(
                    Attachment(
                        "So theo doi di cong tac thang 01-2024.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        _my_an_hung_b_trip_register,
                    ),
                ),
                decided_by="lapvo_thanhtra",
                decided_at=at(date(2024, 1, 10), 14),
            ),
        ),
    ),
    Story(
        *LV_TAI_NGUYEN,
        "Rà soát, sửa đổi, bổ sung Quy chế làm việc",
        reports=(
            Report(
                "lapvo_tnmt",
                at(date(2024, 1, 15), 14),
                "Phòng đã rà soát Quy chế làm việc, nội quy cơ quan và đang dự thảo Quy chế sửa "
                "đổi, bổ sung phù hợp với chức năng, nhiệm vụ được giao; dự kiến ban hành trong "
                "tháng 01/2024.",
                decided_by="lapvo_totruong",
                decided_at=at(date(2024, 1, 17), 9),
                rejection=(
                    "Quy chế sửa đổi mới ở dạng dự thảo, chưa được ban hành. Đề nghị Phòng báo "
                    "cáo lại khi đã ban hành Quy chế làm việc sửa đổi, bổ sung, kèm quyết định "
                    "ban hành."
                ),
            ),
            Report(
                "lapvo_tnmt",
                at(date(2024, 1, 26), 10),
                "Ngày 25/01/2024, Trưởng phòng đã ký Quyết định số 02/QĐ-PTNMT ban hành Quy chế "
                "làm việc của Phòng (thay thế Quy chế trước đây), phù hợp với chức năng, nhiệm "
                "vụ được giao bổ sung; Quy chế đã được phổ biến đến toàn thể công chức, người lao "
                "động của Phòng. Gửi kèm Quyết định ban hành Quy chế.",
                files=(
                    Attachment(
                        "QD 02-QD-PTNMT ban hanh Quy che lam viec.pdf",
                        "application/pdf",
                        _lap_vo_rules_decision,
                    ),
                ),
                decided_by="lapvo_totruong",
                decided_at=at(date(2024, 1, 30), 15),
            ),
        ),
    ),
    Story(
        *HN_HANG_TRONG,
        "Sửa chữa hoặc thay thế máy lấy số tự động",
        reports=(
            Report(
                "donvi",
                lambda today: at(_last_working_day_before(today), 9, 30),
                "UBND phường đã thay thế máy lấy số tự động tại Bộ phận tiếp nhận và trả kết "
                "quả; máy đã được bàn giao và đưa vào sử dụng (biên bản gửi kèm). Văn phòng - "
                "Thống kê UBND phường kiểm tra trang thiết bị của Bộ phận một cửa vào thứ Hai "
                "hằng tuần và báo cáo ngay khi có hư hỏng. UBND phường xin nhận khuyết điểm vì "
                "báo cáo chậm so với thời hạn.",
                files=(
                    Attachment(
                        "Bien ban ban giao may lay so tu dong.pdf",
                        "application/pdf",
                        _hang_trong_handover_record,
                    ),
                ),
            ),
        ),
    ),
]


# --- Writing --------------------------------------------------------------------------------------

FINISHED = {RecommendationStatus.DONE, RecommendationStatus.CANCELLED}

# What a step creates, and the timestamps to move back to the step's moment.
_STEP_ROWS = {
    Recommendation.history.model: ["history_date"],
    RemediationReport: ["submitted_at"],
    RemediationReport.history.model: ["history_date"],
    Evidence: ["uploaded_at"],
    Evidence.history.model: ["history_date", "uploaded_at"],
    Visit.history.model: ["history_date"],
    Notification: ["created_at", "emailed_at"],
}


def _last_pk(model) -> int:
    return model._default_manager.aggregate(last=Max("pk"))["last"] or 0


def _link(recommendation: Recommendation) -> str:
    return reverse("findings:recommendation_detail", args=[recommendation.pk])


@contextmanager
def _step(recommendation: Recommendation, moment: datetime) -> Iterator[None]:
    """Run one step "at" `moment`: mark read what earlier steps notified about this
    recommendation, then back-date the rows the step creates (plain updates: no history row).
    Only new rows move: a report submitted in an earlier step keeps its submission time."""
    Notification.objects.filter(url=_link(recommendation), read_at__isnull=True).update(
        read_at=moment
    )
    marks = {model: _last_pk(model) for model in _STEP_ROWS}
    yield
    for model, names in _STEP_ROWS.items():
        model._default_manager.filter(pk__gt=marks[model]).update(**dict.fromkeys(names, moment))


def _back_date_decision(report: RemediationReport, moment: datetime) -> None:
    RemediationReport.objects.filter(pk=report.pk).update(decided_at=moment)
    RemediationReport.history.filter(id=report.pk, decided_at__isnull=False).update(
        decided_at=moment
    )


class _Writer:
    def __init__(self, users: dict[str, User], today: date):
        self.users = users
        self.today = today

    def moment(self, moment: Moment) -> datetime:
        return moment(self.today) if callable(moment) else moment

    def recommendation(self, story: Story) -> Recommendation | None:
        visit = Visit.objects.get(
            team__name=story.team,
            inspected_organization__code=story.organization,
            planned_start=story.start,
        )
        if visit.status not in VISIT_PUBLISHED_STATES:
            return None  # the conclusion was not issued: nothing is published yet
        return Recommendation.objects.get(visit=visit, action__startswith=story.action)

    def play(self, story: Story) -> None:
        recommendation = self.recommendation(story)
        if recommendation is None:
            return
        untouched = (
            recommendation.status == RecommendationStatus.OPEN
            and not recommendation.reports.exists()
        )
        if untouched and (story.reports or story.cancel):
            last = self.write(recommendation, story)
            recommendation.refresh_from_db()
            if recommendation.status in FINISHED:
                # Nothing waits for anyone: what is left was read the next morning.
                Notification.objects.filter(url=_link(recommendation), read_at__isnull=True).update(
                    read_at=at(last.date() + timedelta(days=1), 8)
                )
        if story.keep_due_ahead and recommendation.status == RecommendationStatus.OPEN:
            # The demo keeps one case current (module docstring, "Kept current"): a plain
            # update, every run, so the due date stays a few days ahead and reminders fire.
            due = self.today + timedelta(days=days_ahead())
            if recommendation.due_date != due:
                Recommendation.objects.filter(pk=recommendation.pk).update(due_date=due)

    def write(self, recommendation: Recommendation, story: Story) -> datetime:
        """Play the story's steps; returns the moment of the last one."""
        last = None
        for spec in story.reports:
            last = self.moment(spec.at)
            with _step(recommendation, last):
                report = followup.submit_report(
                    self.users[spec.by],
                    recommendation,
                    text=spec.text,
                    files=[attachment.upload() for attachment in spec.files],
                )
            RemediationReport.history.filter(id=report.pk).update(submitted_at=last)
            if not spec.decided_by:
                continue
            last = spec.decided_at
            decider = self.users[spec.decided_by]
            with _step(recommendation, last):
                if spec.rejection:
                    followup.reject_report(decider, report, reason=spec.rejection)
                else:
                    followup.accept_report(decider, report)
            _back_date_decision(report, last)
        if story.cancel is not None:
            last = story.cancel.at
            with _step(recommendation, last):
                followup.cancel_recommendation(
                    self.users[story.cancel.by], recommendation, reason=story.cancel.reason
                )
        return last


@dataclass
class FollowUpDemo:
    """What the published recommendations look like after seeding."""

    statuses: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    reports: dict[str, int] = field(default_factory=dict)
    closed_visits: int = 0


def seed_followup(organizations: dict[str, Organization], users) -> FollowUpDemo:
    """Play the follow-up stories (one transaction); `users` is a list or a dict by user name."""
    if not isinstance(users, dict):
        users = {user.username: user for user in users}
    writer = _Writer(users, timezone.localdate())
    with transaction.atomic():
        for story in STORIES:
            writer.play(story)

    published = Recommendation.objects.filter(visit__status__in=VISIT_PUBLISHED_STATES)
    reports = RemediationReport.objects.filter(recommendation__in=published)
    return FollowUpDemo(
        statuses=dict(
            published.values_list("status").annotate(count=Count("pk")).order_by("status")
        ),
        overdue=published.overdue().count(),
        reports=dict(reports.values_list("status").annotate(count=Count("pk")).order_by("status")),
        closed_visits=Visit.objects.filter(status=VisitStatus.CLOSED, recommendations__isnull=False)
        .distinct()
        .count(),
    )
