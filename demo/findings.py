"""Findings demo data: checklist results, findings and recommendations of the source cases.

Runs after the planning demo (`demo.planning.seed_planning`) and adds what the teams found on
the visits that are in progress or reporting:

- Hà Nội's city team, 2022 (source 002): procedures not fully posted, new documents not
  updated, one-stop software errors, broken scanners and queue-number machines; the good
  practices the article praises — one-stop staff on duty on the first working day after Tết,
  and units that check their own subordinates right after Tết (to be replicated nationwide).
  The article reports these from the visits that began on mùng 6 Tết Quý Mão (27/1/2023); the
  demo has no 2023 city visits, so they are attached to the city team's visits of the first
  working days after Tết Nhâm Dần (7 and 8/2/2022).
- Lấp Vò's team, December 2023 (source 004): internal rules no longer fitting the unit's
  functions, periodic meetings not held, weekly schedules not published, business trips not
  reported; otherwise work hours and the code of conduct were kept.
- The TTCP 2019 administrative-reform check (source 003): lack of coordination, slow issuing of
  legal documents and inspection conclusions, limited use of V.office and reporting software;
  recommendations in the words of Thông báo 1865/TB-TTCP (18/10/2019).

The kinds of finding and the recommendations come from the articles; which unit had which
shortcoming, the violation at Sở Giao thông vận tải, the details of each description and the due
dates are illustrative.

Findings and checklist results are written through `findings.services` (`record_finding`,
`update_finding`, `set_check`) as a member of the visit's team, so permissions and audit
records are real; their timestamps are then back-dated to the visit with plain updates.
Recommendations are not: every demo case is historical and its deadlines (2019, 2022, early
2024) are long past, which `add_recommendation` rightly refuses for new input. They are written
here with the same checks the service makes (team member, visit being recorded, addressee in the
inspected organization's subtree, finding of the same visit) except that the due date is
compared with the end of the field work instead of today, and saved with an audit record.

Idempotent: findings are found by visit and title, recommendations by visit and action,
checklist results by visit and criterion; nothing is written when a row already matches, so
running `seed_demo` twice leaves the same rows (history included). A visit that has moved on
(conclusion issued) is left as it is.
"""

import importlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction

from accounts.audit import save_audited
from accounts.models import Organization, User
from demo.planning import HN_TEAM_NAME, LV_TEAM_NAME
from findings import services
from findings.enums import (
    VISIT_RECORDING_STATES,
    CheckResult,
    FindingKind,
    RecommendationKind,
    RecommendationStatus,
    Severity,
)
from findings.models import CriterionCheck, Finding, Recommendation
from inspections.models import ContentArea, Criterion, Visit

TTCP_2019_TEAM_NAME = "Tổ kiểm tra công tác cải cách hành chính năm 2019"

_criteria_migration = importlib.import_module("inspections.migrations.0006_seed_criteria")

MET, NOT_MET, NOT_APPLICABLE = CheckResult.MET, CheckResult.NOT_MET, CheckResult.NOT_APPLICABLE
GOOD, SHORTCOMING, VIOLATION = (
    FindingKind.GOOD_PRACTICE,
    FindingKind.SHORTCOMING,
    FindingKind.VIOLATION,
)


@dataclass(frozen=True)
class Crit:
    """A criterion of the seeded checklist, named by its area and the start of its title."""

    area: int
    starts: str

    @property
    def title(self) -> str:
        matches = [
            title
            for title, _guidance in _criteria_migration.CRITERIA[self.area]
            if title.startswith(self.starts)
        ]
        if len(matches) != 1:
            raise LookupError(f"Area {self.area}: {len(matches)} criteria start {self.starts!r}")
        return matches[0]


# The criteria the demo cites (titles from inspections/migrations/0006_seed_criteria.py).
RULES_UP_TO_DATE = Crit(1, "Quy chế làm việc, nội quy")
MEETINGS = Crit(1, "Duy trì chế độ họp định kỳ")
WEEKLY_SCHEDULE = Crit(1, "Công khai lịch công tác tuần")
BUSINESS_TRIPS = Crit(1, "Công chức đi công tác")
WORK_HOURS = Crit(1, "Chấp hành thời giờ làm việc")
CODE_OF_CONDUCT = Crit(1, "Thực hiện Quy tắc ứng xử")
ON_SCHEDULE = Crit(1, "Thực hiện nhiệm vụ được giao")
COORDINATION = Crit(1, "Phối hợp xử lý công việc")
DIRECTIVES = Crit(1, "Quán triệt")
IMPACT_ASSESSMENT = Crit(2, "Đánh giá tác động TTHC")
ONE_STOP_STAFF = Crit(3, "Bộ phận một cửa bố trí")
ONE_STOP_SOFTWARE = Crit(3, "Phần mềm một cửa")
ONE_STOP_EQUIPMENT = Crit(3, "Trang thiết bị")
FRIENDLY_RECEPTION = Crit(3, "Thái độ tiếp đón")
PROCEDURES_POSTED = Crit(4, "Niêm yết đầy đủ quy trình")
NEW_DOCUMENTS = Crit(4, "Văn bản pháp luật mới")
DIGITISED = Crit(4, "Số hóa hồ sơ")
OFFICE_SOFTWARE = Crit(4, "Sử dụng thường xuyên phần mềm")
ANNUAL_CHECK_PLAN = Crit(5, "Ban hành kế hoạch kiểm tra hằng năm")
SELF_CHECKS = Crit(5, "Tự kiểm tra công vụ")


@dataclass(frozen=True)
class Check:
    criterion: Crit
    result: str
    note: str = ""


@dataclass(frozen=True)
class Rec:
    kind: str
    action: str
    due: date
    addressee: str | None = None  # organization code; the inspected organization when None


@dataclass(frozen=True)
class Find:
    kind: str
    title: str
    area: int | None = None  # the criterion's area when a criterion is given
    criterion: Crit | None = None
    severity: str = ""
    description: str = ""
    cause: str = ""
    responsible: str | None = None  # organization code; the inspected organization when None
    responsible_position: str = ""
    legal_reference: str = ""
    replicate_nationwide: bool = False
    recommendations: tuple[Rec, ...] = ()

    @property
    def area_number(self) -> int:
        return self.criterion.area if self.criterion else self.area


@dataclass(frozen=True)
class VisitFindings:
    team: str
    organization: str  # code of the inspected organization
    start: date  # planned start: with team and organization, names the visit
    recorder: str  # user name of the team member who records
    checks: tuple[Check, ...] = ()
    findings: tuple[Find, ...] = ()
    recommendations: tuple[Rec, ...] = ()  # not tied to one finding


# --- Hà Nội: the city team, 2022 ----------------------------------------------------------------

HN_REPORT_BACK = "báo cáo kết quả về Đoàn kiểm tra công vụ thành phố (qua Sở Nội vụ)"

HANOI = [
    VisitFindings(
        HN_TEAM_NAME,
        "HN-SKHDT",
        date(2022, 2, 7),
        "thanhvien",
        checks=(
            Check(ONE_STOP_STAFF, MET, "Đủ công chức trực ngày làm việc đầu tiên sau Tết."),
            Check(WORK_HOURS, MET),
            Check(CODE_OF_CONDUCT, MET),
        ),
        findings=(
            Find(
                GOOD,
                "Bộ phận một cửa có đủ công chức trực, tiếp nhận hồ sơ ngay ngày làm việc đầu "
                "tiên sau Tết Nguyên đán",
                criterion=ONE_STOP_STAFF,
                description=(
                    "Kiểm tra đột xuất ngày 07/02/2022 (mùng 7 Tết Nhâm Dần), ngày làm việc đầu "
                    "tiên sau kỳ nghỉ Tết: bộ phận “một cửa”, bộ phận thường trực tiếp công dân "
                    "đều có cán bộ, công chức trực, tiếp dân với tinh thần nghiêm túc, trách "
                    "nhiệm cao; không có tình trạng đi lễ hội, du xuân trong giờ làm việc."
                ),
            ),
        ),
    ),
    VisitFindings(
        HN_TEAM_NAME,
        "HN-P-HANGTRONG",
        date(2022, 2, 7),
        "thanhvien",
        checks=(
            Check(
                PROCEDURES_POSTED, NOT_MET, "Thiếu quy trình của một số TTHC hộ tịch, chứng thực."
            ),
            Check(NEW_DOCUMENTS, NOT_MET),
            Check(ONE_STOP_EQUIPMENT, NOT_MET, "Máy lấy số tự động không hoạt động."),
            Check(WORK_HOURS, MET),
            Check(
                IMPACT_ASSESSMENT,
                NOT_APPLICABLE,
                "UBND phường không chủ trì soạn thảo văn bản quy phạm pháp luật trong kỳ.",
            ),
        ),
        findings=(
            Find(
                SHORTCOMING,
                "Chưa niêm yết đầy đủ quy trình giải quyết thủ tục hành chính",
                criterion=PROCEDURES_POSTED,
                description=(
                    "Bảng niêm yết tại Bộ phận tiếp nhận và trả kết quả chưa có quy trình giải "
                    "quyết của một số TTHC lĩnh vực hộ tịch, chứng thực thuộc thẩm quyền của UBND "
                    "phường."
                ),
                cause="Chưa rà soát bảng niêm yết khi danh mục TTHC được công bố lại.",
                legal_reference="Nghị định 61/2018/NĐ-CP",
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Niêm yết đầy đủ, kịp thời quy trình giải quyết các thủ tục hành chính "
                        f"thuộc thẩm quyền tại Bộ phận tiếp nhận và trả kết quả; {HN_REPORT_BACK}.",
                        date(2022, 2, 28),
                    ),
                ),
            ),
            Find(
                SHORTCOMING,
                "Chưa kịp thời bổ sung, cập nhật văn bản mới ở một số lĩnh vực",
                criterion=NEW_DOCUMENTS,
                description=(
                    "Tài liệu niêm yết, công khai ở một số lĩnh vực vẫn căn cứ văn bản đã được "
                    "thay thế; chưa bổ sung các văn bản mới có hiệu lực."
                ),
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Thường xuyên rà soát, cập nhật các văn bản mới để công khai kịp thời; "
                        "rà soát các thủ tục hành chính còn rườm rà, phức tạp để đề xuất sửa đổi.",
                        date(2022, 2, 28),
                    ),
                ),
            ),
            Find(
                SHORTCOMING,
                "Máy lấy số tự động tại Bộ phận một cửa bị hỏng",
                criterion=ONE_STOP_EQUIPMENT,
                description=(
                    "Máy lấy số tự động không hoạt động; người dân phải tự xếp hàng theo thứ tự "
                    "đến."
                ),
                cause="Thiết bị hỏng nhưng chưa được báo cáo, đề nghị sửa chữa.",
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Sửa chữa hoặc thay thế máy lấy số tự động; kiểm tra định kỳ trang thiết "
                        "bị tại Bộ phận một cửa.",
                        date(2022, 3, 15),
                    ),
                ),
            ),
        ),
    ),
    VisitFindings(
        HN_TEAM_NAME,
        "HN-STP",
        date(2022, 2, 8),
        "truongdoan",
        checks=(
            Check(SELF_CHECKS, MET, "Đã kiểm tra công vụ các đơn vị trực thuộc sau Tết."),
            Check(ANNUAL_CHECK_PLAN, MET),
            Check(WORK_HOURS, MET),
        ),
        findings=(
            Find(
                GOOD,
                "Tự kiểm tra công vụ đối với các đơn vị trực thuộc ngay từ những ngày làm việc "
                "đầu năm",
                criterion=SELF_CHECKS,
                description=(
                    "Lãnh đạo Sở cho biết ngay từ những ngày làm việc đầu năm sau kỳ nghỉ Tết "
                    "Nguyên đán đã kiểm tra công vụ đối với các đơn vị trực thuộc. Cách làm thể "
                    "hiện trách nhiệm của người đứng đầu trước yêu cầu cải cách hành chính và "
                    "tăng cường kỷ luật, kỷ cương; Đoàn kiểm tra không thể kiểm tra hết các cơ "
                    "quan, đơn vị, nên việc chủ động kiểm tra công vụ nội bộ tạo sức lan tỏa rộng."
                ),
                replicate_nationwide=True,
                recommendations=(
                    Rec(
                        RecommendationKind.REPLICATE,
                        "Duy trì việc tự kiểm tra công vụ đối với các đơn vị trực thuộc sau các "
                        "kỳ nghỉ lễ, Tết; gửi kế hoạch và kết quả tự kiểm tra về Sở Nội vụ để "
                        "tổng hợp, nhân rộng.",
                        date(2022, 3, 31),
                    ),
                ),
            ),
        ),
    ),
    VisitFindings(
        HN_TEAM_NAME,
        "HN-P-DIENBIEN",
        date(2022, 2, 8),
        "thanhvien",
        checks=(
            Check(ONE_STOP_SOFTWARE, NOT_MET, "Phần mềm lỗi trong buổi kiểm tra."),
            Check(ONE_STOP_EQUIPMENT, NOT_MET, "Máy scan hỏng."),
            Check(ONE_STOP_STAFF, MET),
        ),
        findings=(
            Find(
                SHORTCOMING,
                "Hệ thống phần mềm “một cửa” dùng chung hay bị lỗi",
                criterion=ONE_STOP_SOFTWARE,
                description=(
                    "Trong buổi kiểm tra, phần mềm một cửa dùng chung bị lỗi khi tiếp nhận hồ "
                    "sơ, công chức phải ghi sổ và nhập lại sau; lỗi lặp lại nhiều lần trong "
                    "tháng nhưng chưa được báo cáo bằng văn bản."
                ),
                cause=(
                    "Lỗi của hệ thống phần mềm dùng chung; đơn vị chưa kịp thời báo cáo vướng mắc."
                ),
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Thống kê các lỗi của phần mềm một cửa dùng chung, kịp thời báo cáo vướng "
                        "mắc để khắc phục; trong thời gian phần mềm lỗi, theo dõi hồ sơ bằng sổ, "
                        "không để người dân phải chờ.",
                        date(2022, 3, 8),
                    ),
                ),
            ),
            Find(
                SHORTCOMING,
                "Máy scan tại Bộ phận một cửa bị hỏng",
                criterion=ONE_STOP_EQUIPMENT,
                description="Máy scan hỏng nên hồ sơ không được số hóa khi tiếp nhận.",
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Sửa chữa, thay thế máy scan để số hóa hồ sơ ngay khi tiếp nhận.",
                        date(2022, 3, 8),
                    ),
                ),
            ),
        ),
    ),
    VisitFindings(
        HN_TEAM_NAME,
        "HN-SGTVT",
        date(2022, 3, 9),
        "truongdoan",
        checks=(
            Check(WORK_HOURS, NOT_MET, "02 công chức vắng mặt không lý do lúc 8 giờ 30."),
            Check(BUSINESS_TRIPS, NOT_MET),
            Check(CODE_OF_CONDUCT, MET),
        ),
        findings=(
            Find(
                VIOLATION,
                "Công chức vắng mặt trong giờ làm việc không có lý do",
                criterion=WORK_HOURS,
                severity=Severity.MINOR,
                description=(
                    "Tại thời điểm kiểm tra (8 giờ 30), 02 công chức của một phòng chuyên môn "
                    "không có mặt tại cơ quan, không có giấy đi công tác hay ý kiến đồng ý của "
                    "lãnh đạo phòng."
                ),
                cause="Lãnh đạo phòng chưa quản lý chặt chẽ thời giờ làm việc của công chức.",
                responsible_position="Công chức phòng chuyên môn",
                legal_reference="Chỉ thị 06/CT-TTg ngày 05/9/2016",
                recommendations=(
                    Rec(
                        RecommendationKind.DISCIPLINE,
                        "Tổ chức kiểm điểm, xem xét xử lý trách nhiệm đối với 02 công chức vắng "
                        f"mặt không lý do trong giờ làm việc theo quy định; {HN_REPORT_BACK}.",
                        date(2022, 4, 8),
                    ),
                    Rec(
                        RecommendationKind.REMEDY,
                        "Chấn chỉnh việc chấp hành thời giờ làm việc; quán triệt Chỉ thị "
                        "06/CT-TTg tới toàn thể cán bộ, công chức của Sở.",
                        date(2022, 3, 31),
                    ),
                ),
            ),
        ),
    ),
    VisitFindings(
        HN_TEAM_NAME,
        "HN-STNMT",
        date(2022, 9, 13),
        "thanhvien",
        checks=(Check(ONE_STOP_EQUIPMENT, NOT_MET, "Tại Văn phòng đăng ký đất đai."),),
        findings=(
            Find(
                SHORTCOMING,
                "Máy scan, máy lấy số tự động tại Bộ phận một cửa của Văn phòng đăng ký đất đai "
                "bị hỏng",
                criterion=ONE_STOP_EQUIPMENT,
                description=(
                    "01 máy scan và máy lấy số tự động tại quầy tiếp nhận hồ sơ đất đai không "
                    "hoạt động; hồ sơ được scan bù vào cuối ngày."
                ),
                responsible="HN-VPDKDD",
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Sửa chữa máy scan, máy lấy số tự động tại Bộ phận một cửa; rà soát toàn "
                        "bộ trang thiết bị, lập kế hoạch thay thế thiết bị hỏng.",
                        date(2022, 10, 14),
                        addressee="HN-VPDKDD",
                    ),
                ),
            ),
        ),
    ),
    # Field work still under way: findings are being recorded, no recommendations yet.
    VisitFindings(
        HN_TEAM_NAME,
        "HN-P-HANGBAC",
        date(2022, 12, 20),
        "thanhvien",
        checks=(Check(WORK_HOURS, MET), Check(DIGITISED, NOT_MET)),
        findings=(
            Find(
                SHORTCOMING,
                "Chưa số hóa kết quả giải quyết thủ tục hành chính",
                criterion=DIGITISED,
                description=(
                    "Hồ sơ được số hóa khi tiếp nhận, nhưng kết quả giải quyết chưa được số hóa, "
                    "lưu trữ trên hệ thống."
                ),
            ),
        ),
    ),
]


# --- Lấp Vò: the district team of Quyết định 94/QĐ-UBND.TL, December 2023 ---------------------

LAP_VO = [
    VisitFindings(
        LV_TEAM_NAME,
        "DT-LV-PTNMT",
        date(2023, 12, 12),
        "lapvo_tuphap",
        checks=(
            Check(WORK_HOURS, MET),
            Check(CODE_OF_CONDUCT, MET),
            Check(RULES_UP_TO_DATE, NOT_MET),
            Check(WEEKLY_SCHEDULE, NOT_MET),
        ),
        findings=(
            Find(
                SHORTCOMING,
                "Quy chế, nội quy làm việc không còn phù hợp với chức năng nhiệm vụ, nhưng chưa "
                "sửa đổi bổ sung kịp thời",
                criterion=RULES_UP_TO_DATE,
                description=(
                    "Quy chế làm việc của Phòng vẫn theo chức năng, nhiệm vụ trước khi được giao "
                    "bổ sung; chưa sửa đổi, bổ sung cho phù hợp."
                ),
                cause="Chưa rà soát quy chế khi chức năng, nhiệm vụ thay đổi.",
                legal_reference="Chỉ thị 06/CT-TTg ngày 05/9/2016",
                recommendations=(
                    Rec(
                        RecommendationKind.AMEND_RULES,
                        "Rà soát, sửa đổi, bổ sung Quy chế làm việc, nội quy cơ quan phù hợp với "
                        "chức năng, nhiệm vụ được giao.",
                        date(2024, 1, 31),
                    ),
                ),
            ),
            Find(
                SHORTCOMING,
                "Chưa công khai đầy đủ lịch công tác tuần",
                criterion=WEEKLY_SCHEDULE,
                description="Lịch công tác tuần của lãnh đạo Phòng chưa được công khai đầy đủ.",
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Công khai đầy đủ lịch công tác tuần của lãnh đạo Phòng tại trụ sở và "
                        "trên trang thông tin điện tử của huyện.",
                        date(2023, 12, 29),
                    ),
                ),
            ),
        ),
    ),
    VisitFindings(
        LV_TEAM_NAME,
        "DT-LV-MAHB",
        date(2023, 12, 14),
        "lapvo_thanhtra",
        checks=(
            Check(ONE_STOP_STAFF, MET),
            Check(PROCEDURES_POSTED, MET),
            Check(FRIENDLY_RECEPTION, MET),
            Check(WORK_HOURS, MET),
            Check(BUSINESS_TRIPS, NOT_MET),
        ),
        findings=(
            Find(
                SHORTCOMING,
                "Công chức đi công tác, công việc đột xuất chưa báo cáo đầy đủ",
                criterion=BUSINESS_TRIPS,
                description=(
                    "02 công chức vắng mặt tại thời điểm kiểm tra được cho là đi giải quyết công "
                    "việc đột xuất ở ấp, nhưng không có giấy đi công tác, chưa báo cáo lãnh đạo "
                    "UBND xã."
                ),
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Chấn chỉnh việc báo cáo khi cán bộ, công chức đi công tác, thực hiện "
                        "công việc đột xuất; lập sổ theo dõi cán bộ, công chức đi công tác.",
                        date(2024, 1, 15),
                    ),
                ),
            ),
        ),
    ),
    VisitFindings(
        LV_TEAM_NAME,
        "DT-LV-TTLV",
        date(2023, 12, 19),
        "lapvo_tuphap",
        checks=(
            Check(MEETINGS, NOT_MET),
            Check(WORK_HOURS, MET),
            Check(CODE_OF_CONDUCT, MET),
        ),
        findings=(
            Find(
                SHORTCOMING,
                "Chưa duy trì chế độ họp lệ định kỳ theo quy chế đề ra",
                criterion=MEETINGS,
                description=(
                    "Quy chế làm việc quy định họp giao ban hằng tuần, nhưng trong quý IV/2023 "
                    "nhiều tuần không tổ chức họp, không có thông báo kết luận."
                ),
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Duy trì nghiêm chế độ họp giao ban định kỳ theo Quy chế làm việc; ban "
                        "hành thông báo kết luận sau mỗi cuộc họp.",
                        date(2024, 1, 15),
                    ),
                ),
            ),
        ),
    ),
    VisitFindings(
        LV_TEAM_NAME,
        "DT-LV-TANMY",
        date(2023, 12, 21),
        "lapvo_topho",
        checks=(
            Check(WORK_HOURS, MET, "Có mặt đầy đủ lúc 7 giờ 30."),
            Check(CODE_OF_CONDUCT, MET),
            Check(WEEKLY_SCHEDULE, NOT_MET),
        ),
        findings=(
            Find(
                SHORTCOMING,
                "Chưa công khai đầy đủ lịch công tác tuần của Thường trực UBND xã",
                criterion=WEEKLY_SCHEDULE,
                description=(
                    "Lịch công tác tuần chỉ có lịch của Chủ tịch UBND xã; lịch của các Phó Chủ "
                    "tịch chưa được công khai."
                ),
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Công khai đầy đủ lịch công tác tuần của Thường trực UBND xã tại trụ sở "
                        "và trên trang thông tin điện tử của xã.",
                        date(2024, 1, 15),
                    ),
                ),
            ),
        ),
    ),
]


# --- TTCP 2019: administrative-reform check of its units; Thông báo 1865/TB-TTCP ---------------

# The conclusion notice of 18/10/2019 asks the units to act within the year.
TTCP_DUE = date(2019, 12, 31)
NO_ONE_STOP = "Đơn vị không trực tiếp tiếp nhận, giải quyết TTHC cho người dân, doanh nghiệp."

TTCP_2019 = [
    VisitFindings(
        TTCP_2019_TEAM_NAME,
        "TTCP-C4",
        date(2019, 9, 16),
        "ttcp_thanhvien",
        checks=(
            Check(ON_SCHEDULE, NOT_MET),
            Check(OFFICE_SOFTWARE, MET),
            Check(PROCEDURES_POSTED, NOT_APPLICABLE, NO_ONE_STOP),
        ),
        findings=(
            Find(
                SHORTCOMING,
                "Ban hành kết luận thanh tra còn chậm",
                criterion=ON_SCHEDULE,
                description=(
                    "Một số cuộc thanh tra đã kết thúc thanh tra trực tiếp nhưng chậm ban hành "
                    "kết luận thanh tra so với thời hạn."
                ),
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Thường xuyên đôn đốc, kiểm tra, đánh giá việc thực hiện các nhiệm vụ "
                        "lãnh đạo Thanh tra Chính phủ giao để hạn chế sai sót và bảo đảm tiến độ; "
                        "ban hành kết luận thanh tra đúng thời hạn.",
                        TTCP_DUE,
                    ),
                ),
            ),
        ),
    ),
    VisitFindings(
        TTCP_2019_TEAM_NAME,
        "TTCP-V3",
        date(2019, 9, 17),
        "ttcp_thanhvien",
        checks=(
            Check(COORDINATION, NOT_MET),
            Check(PROCEDURES_POSTED, NOT_APPLICABLE, NO_ONE_STOP),
        ),
        findings=(
            Find(
                SHORTCOMING,
                "Thiếu sự đồng bộ trong phối hợp triển khai công việc",
                criterion=COORDINATION,
                description=(
                    "Việc phối hợp với các đơn vị trong cung cấp, trao đổi thông tin, góp ý xây "
                    "dựng thể chế, CCHC chưa đồng bộ; có việc tham gia ý kiến còn chậm."
                ),
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Tăng cường phối hợp với các đơn vị trong việc cung cấp, trao đổi thông "
                        "tin, tham gia xây dựng, góp ý việc xây dựng thể chế, CCHC.",
                        TTCP_DUE,
                    ),
                ),
            ),
        ),
    ),
    VisitFindings(
        TTCP_2019_TEAM_NAME,
        "TTCP-VGS",
        date(2019, 9, 18),
        "ttcp_thanhvien",
        checks=(Check(OFFICE_SOFTWARE, NOT_MET),),
        findings=(
            Find(
                SHORTCOMING,
                "Sử dụng phần mềm V.office, các phần mềm báo cáo và phần mềm Cơ sở dữ liệu quốc "
                "gia về khiếu nại, tố cáo còn hạn chế",
                criterion=OFFICE_SOFTWARE,
                description=(
                    "Một số văn bản còn được xử lý trên giấy; phần mềm báo cáo công tác của "
                    "ngành chưa được cập nhật đầy đủ, kịp thời."
                ),
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Tăng cường sử dụng phần mềm quản lý, điều hành văn bản điện tử, chữ ký "
                        "số trong công tác báo cáo và xử lý công việc, bảo đảm 100% Thủ trưởng "
                        "đơn vị và công chức, viên chức của đơn vị thường xuyên sử dụng; cập nhật "
                        "đầy đủ, chính xác, kịp thời các phần mềm báo cáo công tác của ngành.",
                        TTCP_DUE,
                    ),
                ),
            ),
        ),
    ),
    VisitFindings(
        TTCP_2019_TEAM_NAME,
        "TTCP-KHTH",
        date(2019, 9, 20),
        "ttcp_thanhvien",
        checks=(Check(DIRECTIVES, MET),),
        recommendations=(
            Rec(
                RecommendationKind.OTHER,
                "Chủ động xây dựng Kế hoạch CCHC (hoặc lồng ghép trong Kế hoạch công tác) hằng "
                "năm cụ thể, chi tiết, đầy đủ các nội dung, nhiệm vụ CCHC; thực hiện báo cáo CCHC "
                "đầy đủ nội dung, đúng thời hạn theo đúng quy định.",
                TTCP_DUE,
            ),
        ),
    ),
    VisitFindings(
        TTCP_2019_TEAM_NAME,
        "TTCP-TTTT",
        date(2019, 9, 24),
        "ttcp_thanhvien",
        checks=(Check(OFFICE_SOFTWARE, MET),),
        findings=(
            Find(
                GOOD,
                "Ứng dụng công nghệ thông tin trong chỉ đạo, điều hành và tiếp nhận văn bản được "
                "triển khai thường xuyên",
                criterion=OFFICE_SOFTWARE,
                description=(
                    "Ứng dụng công nghệ thông tin vào hoạt động của đơn vị đã có nhiều chuyển "
                    "biến; việc sử dụng công nghệ thông tin trong chỉ đạo, điều hành và tiếp nhận "
                    "văn bản được triển khai thực hiện thường xuyên."
                ),
            ),
        ),
    ),
    # Bùi Đức Anh works at Vụ Pháp chế: the team head records the visit to his own unit.
    VisitFindings(
        TTCP_2019_TEAM_NAME,
        "TTCP-VPC",
        date(2019, 9, 25),
        "ttcp_totruong",
        checks=(Check(ON_SCHEDULE, NOT_MET), Check(IMPACT_ASSESSMENT, MET)),
        findings=(
            Find(
                GOOD,
                "Công tác xây dựng thể chế đã có kết quả tích cực",
                area=1,
                description=(
                    "Đơn vị đã có nhiều cố gắng trong việc đổi mới, nâng cao chất lượng, hiệu "
                    "quả công tác CCHC; công tác xây dựng thể chế đã có kết quả tích cực."
                ),
            ),
            Find(
                SHORTCOMING,
                "Ban hành văn bản pháp luật, thực hiện các nhiệm vụ Chính phủ, Thủ tướng Chính "
                "phủ giao còn chậm",
                criterion=ON_SCHEDULE,
                description=(
                    "Một số văn bản trong chương trình xây dựng văn bản năm 2019 chưa được ban "
                    "hành đúng tiến độ; kế hoạch phải điều chỉnh."
                ),
                recommendations=(
                    Rec(
                        RecommendationKind.REMEDY,
                        "Đề xuất xây dựng văn bản pháp luật hằng năm cụ thể, khả thi; thường "
                        "xuyên đôn đốc, kiểm tra bảo đảm thực hiện 100% chỉ tiêu, tiến độ theo kế "
                        "hoạch đã phê duyệt, không để nợ đọng văn bản; hạn chế tối đa việc điều "
                        "chỉnh kế hoạch.",
                        TTCP_DUE,
                    ),
                ),
            ),
        ),
    ),
]

ALL_VISITS = HANOI + LAP_VO + TTCP_2019


# --- Writing --------------------------------------------------------------------------------------


def _criteria() -> dict[tuple[int, str], Criterion]:
    """The seeded checklist by (area, title). The migration creates it; a flushed test
    database may have lost it, so missing rows are put back (existing ones are left as the
    administrators edited them)."""
    areas = {area.number: area for area in ContentArea.objects.all()}
    found = {
        (criterion.content_area.number, criterion.title): criterion
        for criterion in Criterion.objects.select_related("content_area")
    }
    for number, items in _criteria_migration.CRITERIA.items():
        for index, (title, guidance) in enumerate(items):
            if (number, title) not in found:
                found[(number, title)] = Criterion.objects.create(
                    content_area=areas[number],
                    title=title,
                    guidance=guidance,
                    order=(index + 1) * 10,
                )
    return found


def _changed(instance, values: dict) -> dict:
    return {name: value for name, value in values.items() if getattr(instance, name) != value}


def _back_date(model, pk: int, **timestamps) -> None:
    """Plain update: no history row, no auto_now."""
    model.objects.filter(pk=pk).update(**timestamps)


class _Writer:
    def __init__(self, users: dict[str, User], orgs: dict[str, Organization]):
        self.users = users
        self.orgs = orgs
        self.criteria = _criteria()
        self.areas = {area.number: area for area in ContentArea.objects.all()}

    def criterion(self, crit: Crit | None) -> Criterion | None:
        return None if crit is None else self.criteria[(crit.area, crit.title)]

    def visit(self, spec: VisitFindings) -> Visit:
        return Visit.objects.select_related("team", "inspected_organization").get(
            team__name=spec.team,
            inspected_organization__code=spec.organization,
            planned_start=spec.start,
        )

    def seed(self, spec: VisitFindings) -> None:
        visit = self.visit(spec)
        user = self.users[spec.recorder]
        if visit.status not in VISIT_RECORDING_STATES:
            return  # the visit has moved on (conclusion issued): its findings are frozen
        started = visit.actual_start
        for index, check in enumerate(spec.checks):
            self.check(user, visit, check, at=started + timedelta(minutes=5 * (index + 1)))
        for index, item in enumerate(spec.findings):
            finding = self.finding(
                user, visit, item, at=started + timedelta(minutes=10 * (index + 1))
            )
            for rec in item.recommendations:
                self.recommendation(user, visit, rec, finding)
        for rec in spec.recommendations:
            self.recommendation(user, visit, rec, None)

    def check(self, user: User, visit: Visit, spec: Check, *, at: datetime) -> None:
        criterion = self.criterion(spec.criterion)
        current = CriterionCheck.objects.filter(visit=visit, criterion=criterion).first()
        if current is not None and (current.result, current.note) == (spec.result, spec.note):
            return
        check = services.set_check(user, visit, criterion, spec.result, spec.note)
        _back_date(CriterionCheck, check.pk, checked_at=at)

    def finding(self, user: User, visit: Visit, spec: Find, *, at: datetime) -> Finding:
        responsible = self.orgs[spec.responsible or visit.inspected_organization.code]
        values = {
            "content_area": self.areas[spec.area_number],
            "criterion": self.criterion(spec.criterion),
            "kind": spec.kind,
            "severity": spec.severity,
            "title": spec.title,
            "description": spec.description,
            "cause": spec.cause,
            "responsible_organization": responsible,
            "responsible_person": "",
            "responsible_position": spec.responsible_position,
            "legal_reference": spec.legal_reference,
            "replicate_nationwide": spec.replicate_nationwide,
        }
        finding = Finding.objects.filter(visit=visit, title=spec.title).first()
        if finding is None:
            finding = services.record_finding(user, visit, **values)
            _back_date(Finding, finding.pk, recorded_at=at, updated_at=at)
        elif changed := _changed(finding, values):
            finding = services.update_finding(user, finding, version=finding.version, **changed)
        return finding

    def recommendation(
        self, user: User, visit: Visit, spec: Rec, finding: Finding | None
    ) -> Recommendation:
        """Write a recommendation with a historical due date (see the module docstring)."""
        addressee = self.orgs[spec.addressee or visit.inspected_organization.code]
        if not addressee.path.startswith(visit.inspected_organization.path):
            raise ValueError(f"{addressee} is not in the subtree of {visit.inspected_organization}")
        written_on = (visit.actual_end or visit.actual_start).date()
        if spec.due < written_on:
            raise ValueError(f"Due {spec.due} before the field work ended ({written_on})")
        values = {
            "finding": finding,
            "addressee": addressee,
            "kind": spec.kind,
            "due_date": spec.due,
        }
        recommendation = Recommendation.objects.filter(visit=visit, action=spec.action).first()
        if recommendation is None:
            recommendation = Recommendation(
                visit=visit,
                action=spec.action,
                created_by=user,
                status=RecommendationStatus.OPEN,
                **values,
            )
            recommendation.full_clean()
            save_audited(recommendation, user, "create")
            created = (visit.actual_end or visit.actual_start) + timedelta(minutes=30)
            _back_date(Recommendation, recommendation.pk, created_at=created)
        elif changed := _changed(recommendation, values):
            for name, value in changed.items():
                setattr(recommendation, name, value)
            recommendation.version += 1
            recommendation.full_clean()
            save_audited(recommendation, user, "update demo data")
        return recommendation


@dataclass
class FindingsDemo:
    visits: list[Visit]

    @property
    def finding_count(self) -> int:
        return Finding.objects.filter(visit__in=self.visits).count()

    @property
    def recommendation_count(self) -> int:
        return Recommendation.objects.filter(visit__in=self.visits).count()

    @property
    def check_count(self) -> int:
        return CriterionCheck.objects.filter(visit__in=self.visits).count()


@transaction.atomic
def seed_findings(organizations: dict[str, Organization], users) -> FindingsDemo:
    """Create or refresh the findings demo; `users` is a list or a dict by user name."""
    if not isinstance(users, dict):
        users = {user.username: user for user in users}
    writer = _Writer(users, organizations)
    visits = []
    for spec in ALL_VISITS:
        writer.seed(spec)
        visits.append(writer.visit(spec))
    return FindingsDemo(visits=visits)
