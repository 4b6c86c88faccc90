"""A synthetic country at national scale, for benchmarks and load tests (`seed_scale`).

At scale 1: about 12,000 organizations (Thanh tra Chính phủ, ten ministries and the 34
provinces and centrally run cities of the two-tier local government of 2025, with their
departments, communes and wards and public service units), a few hundred users, plans 2021–2025,
100,000 visits, 1,000,000 findings, 600,000 recommendations and the issued conclusions of the
visits that reached that stage. Every row is written with PostgreSQL COPY in one transaction,
ids are reserved from the tables' sequences, and tree paths are computed here, so the whole
country takes a few minutes instead of hours of ORM saves.

The data is deterministic (`random.Random(seed)`; only ids depend on what the tables already
hold) and identifiable: organization codes start with `SC-` and user names with `sc-`, so
`reset()` removes exactly this data and nothing of the demo. Synthetic rows get no
django-simple-history records and conclusions get no sections or PDF: they exist to be counted,
listed and exported.
"""

import datetime
import time
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from random import Random

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import NOT_PROVIDED

from accounts.enums import OrganizationKind, Role
from accounts.models import Organization, User
from core.text import fold, folded
from findings.enums import FindingKind, RecommendationKind, RecommendationStatus, Severity
from findings.models import Finding, Recommendation
from inspections.enums import PlanStatus, TeamRole, VisitKind, VisitStatus
from inspections.models import ContentArea, Criterion, InspectionPlan, Team, TeamMember, Visit
from reporting.enums import ConclusionStatus, PdfStatus
from reporting.models import Conclusion, NumberSequence

CODE_PREFIX = "SC-"
USER_PREFIX = "sc-"
ANALYST_USERNAME = "sc-tonghop"
FULL_SIZE = {"visits": 100_000, "findings": 1_000_000, "recommendations": 600_000}
YEARS = (2021, 2022, 2023, 2024, 2025)
YEAR_WEIGHTS = (0.15, 0.18, 0.20, 0.22, 0.25)
# The synthetic "today": visits after it are planned, before it they have moved on. Fixed, so
# the data does not depend on the day it is made (overdue is derived from the real today).
REFERENCE_DATE = datetime.date(2025, 10, 15)
TZ = "+07"  # Asia/Ho_Chi_Minh, written into timestamptz text


def words(text: str) -> list[str]:
    return text.split()


class ScaleError(Exception):
    """Refusal with a message for the user (SQLite, bad scale)."""


# --- The country ------------------------------------------------------------------------------

# The 34 provinces and centrally run cities since 1/7/2025, with roughly their number of
# communes and wards (the synthetic country only needs the right order of magnitude).
PROVINCES = [
    ("thành phố", "Hà Nội", 126),
    ("thành phố", "Huế", 40),
    ("thành phố", "Hải Phòng", 114),
    ("thành phố", "Đà Nẵng", 94),
    ("thành phố", "Hồ Chí Minh", 168),
    ("thành phố", "Cần Thơ", 103),
    ("tỉnh", "Lai Châu", 38),
    ("tỉnh", "Điện Biên", 45),
    ("tỉnh", "Sơn La", 75),
    ("tỉnh", "Lạng Sơn", 65),
    ("tỉnh", "Quảng Ninh", 54),
    ("tỉnh", "Thanh Hóa", 166),
    ("tỉnh", "Nghệ An", 130),
    ("tỉnh", "Hà Tĩnh", 69),
    ("tỉnh", "Cao Bằng", 56),
    ("tỉnh", "Tuyên Quang", 124),
    ("tỉnh", "Lào Cai", 99),
    ("tỉnh", "Thái Nguyên", 92),
    ("tỉnh", "Phú Thọ", 148),
    ("tỉnh", "Bắc Ninh", 99),
    ("tỉnh", "Hưng Yên", 104),
    ("tỉnh", "Ninh Bình", 129),
    ("tỉnh", "Quảng Trị", 78),
    ("tỉnh", "Quảng Ngãi", 96),
    ("tỉnh", "Gia Lai", 135),
    ("tỉnh", "Khánh Hòa", 65),
    ("tỉnh", "Lâm Đồng", 124),
    ("tỉnh", "Đắk Lắk", 102),
    ("tỉnh", "Đồng Nai", 95),
    ("tỉnh", "Tây Ninh", 96),
    ("tỉnh", "Vĩnh Long", 124),
    ("tỉnh", "Đồng Tháp", 102),
    ("tỉnh", "Cà Mau", 64),
    ("tỉnh", "An Giang", 102),
]

# Departments of a province, each with the public service units it typically runs. The first
# two form the inspection teams.
DEPARTMENTS = [
    ("Sở Nội vụ", "SNV", ["Trung tâm Lưu trữ lịch sử", "Trung tâm Dịch vụ việc làm"]),
    ("Thanh tra tỉnh", "TTr", []),
    ("Văn phòng UBND", "VP", ["Trung tâm Phục vụ hành chính công", "Cổng thông tin điện tử"]),
    ("Sở Tư pháp", "STP", ["Phòng Công chứng", "Trung tâm Trợ giúp pháp lý nhà nước"]),
    ("Sở Tài chính", "STC", ["Trung tâm Xúc tiến đầu tư"]),
    ("Sở Xây dựng", "SXD", ["Trung tâm Kiểm định chất lượng công trình", "Bến xe khách"]),
    ("Sở Công Thương", "SCT", ["Trung tâm Khuyến công"]),
    (
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
        ["Văn phòng Đăng ký đất đai chi nhánh", "Trung tâm Khuyến nông", "Ban Quản lý rừng"],
    ),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", ["Trường THPT", "Trường THPT", "Trung tâm GDNN-GDTX"]),
    ("Sở Y tế", "SYT", ["Trung tâm Y tế khu vực", "Bệnh viện Đa khoa khu vực", "Trung tâm CDC"]),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", ["Nhà văn hóa", "Thư viện"]),
    ("Sở Khoa học và Công nghệ", "SKHCN", ["Trung tâm Chuyển đổi số"]),
    ("Sở Dân tộc và Tôn giáo", "SDTTG", []),
    ("Ban Quản lý các khu công nghiệp", "BQLKCN", []),
    ("Công an", "CA", []),
]
COMMUNE_UNITS = ["Trạm Y tế", "Trường Tiểu học", "Trường Mầm non", "Trường THCS"]
SYLLABLES = words(
    "An Bình Phú Tân Hòa Long Thạnh Mỹ Phước Hưng Thuận Đông Tây Nam Bắc Xuân Hải Sơn Hà Quang "
    "Minh Vĩnh Trung Thành Lộc Hiệp Khánh Đức Thái Lâm Yên Cẩm Kim Ngọc Hồng Lạc Phong Thịnh "
    "Tiến Hợp Nghĩa Thắng Lợi Hội Châu Giang Bảo Định Điền Cường Thọ Hương Lập Thượng Hạ Tường"
)
PLACE_NAMES = [f"{a} {b}" for a in SYLLABLES for b in SYLLABLES if a != b]
TTCP_UNITS = [
    ("Vụ Kế hoạch - Tổng hợp", "KHTH", OrganizationKind.DEPARTMENT),
    ("Văn phòng Thanh tra Chính phủ", "VP", OrganizationKind.DEPARTMENT),
    ("Vụ Pháp chế", "PC", OrganizationKind.DEPARTMENT),
    ("Cục Thanh tra khu vực I", "C1", OrganizationKind.DEPARTMENT),
    ("Cục Thanh tra khu vực II", "C2", OrganizationKind.DEPARTMENT),
    ("Cục Thanh tra khu vực III", "C3", OrganizationKind.DEPARTMENT),
    ("Cục Phòng, chống tham nhũng", "PCTN", OrganizationKind.DEPARTMENT),
    ("Trung tâm Thông tin", "TTTT", OrganizationKind.PUBLIC_SERVICE_UNIT),
    ("Viện Chiến lược và Khoa học thanh tra", "VIEN", OrganizationKind.PUBLIC_SERVICE_UNIT),
]
MINISTRIES = [
    ("Bộ Nội vụ", "BNV"),
    ("Bộ Tài chính", "BTC"),
    ("Bộ Tư pháp", "BTP"),
    ("Bộ Y tế", "BYT"),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT"),
    ("Bộ Xây dựng", "BXD"),
    ("Bộ Công Thương", "BCT"),
    ("Bộ Nông nghiệp và Môi trường", "BNNMT"),
    ("Bộ Khoa học và Công nghệ", "BKHCN"),
    ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"),
]
MINISTRY_UNITS = ["Văn phòng Bộ", "Thanh tra Bộ", "Vụ Tổ chức cán bộ", "Vụ Pháp chế"]

FAMILY = words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý")
MIDDLE = words("Văn Thị Minh Hữu Đức Thanh Quốc Ngọc Thu Hoài Xuân Kim")
GIVEN = words(
    "An Bình Cường Dũng Giang Hà Hải Hạnh Hoa Hùng Hương Khánh Lan Linh Long Mai Minh Nam Nga "
    "Phong Phúc Quân Sơn Tâm Thảo Trang Trung Tuấn Việt Yến"
)

# --- What visits find ---------------------------------------------------------------------------

AREA_WEIGHTS = (0.16, 0.12, 0.30, 0.27, 0.15)  # content areas 1..5
FINDING_KIND_WEIGHTS = (
    (FindingKind.GOOD_PRACTICE, 0.15),
    (FindingKind.SHORTCOMING, 0.60),
    (FindingKind.VIOLATION, 0.25),
)
SEVERITY_WEIGHTS = ((Severity.MINOR, 0.6), (Severity.SERIOUS, 0.3), (Severity.VERY_SERIOUS, 0.1))
TITLES = {
    (1, FindingKind.GOOD_PRACTICE): [
        "Ban hành kịp thời kế hoạch triển khai Chỉ thị 26/CT-TTg",
        "Quy chế làm việc được cập nhật, công khai trên cổng thông tin",
    ],
    (1, FindingKind.SHORTCOMING): [
        "Chưa kịp thời sửa đổi quy chế làm việc, nội quy cơ quan",
        "Lịch công tác tuần chưa được công khai",
        "Chưa quán triệt đầy đủ Công điện 968/CĐ-TTg đến công chức",
    ],
    (1, FindingKind.VIOLATION): [
        "Công chức vắng mặt trong giờ làm việc không có lý do",
        "Đi công tác không báo cáo, không có quyết định cử",
        "Vi phạm quy tắc ứng xử khi tiếp công dân",
    ],
    (2, FindingKind.GOOD_PRACTICE): [
        "Rà soát, kiến nghị đơn giản hóa thủ tục hành chính có hiệu quả",
    ],
    (2, FindingKind.SHORTCOMING): [
        "Chưa rà soát, đánh giá thủ tục hành chính theo kế hoạch năm",
        "Còn yêu cầu thành phần hồ sơ ngoài quy định",
    ],
    (2, FindingKind.VIOLATION): [
        "Yêu cầu người dân bổ sung giấy tờ không có trong quy định",
        "Tự đặt thêm thủ tục, điều kiện ngoài quy định",
    ],
    (3, FindingKind.GOOD_PRACTICE): [
        "Bộ phận một cửa bố trí khu vực hỗ trợ người cao tuổi",
        "Trả kết quả tại nhà qua dịch vụ bưu chính công ích",
    ],
    (3, FindingKind.SHORTCOMING): [
        "Trang thiết bị bộ phận một cửa hư hỏng, chưa được sửa chữa",
        "Phần mềm một cửa điện tử thường xuyên bị lỗi",
        "Chưa bố trí đủ công chức tại bộ phận một cửa",
    ],
    (3, FindingKind.VIOLATION): [
        "Giải quyết hồ sơ trễ hạn không có văn bản xin lỗi",
        "Tiếp nhận hồ sơ không qua bộ phận một cửa",
    ],
    (4, FindingKind.GOOD_PRACTICE): [
        "Tỷ lệ hồ sơ trực tuyến toàn trình cao, số hóa đầy đủ kết quả",
    ],
    (4, FindingKind.SHORTCOMING): [
        "Chưa niêm yết đầy đủ quy trình giải quyết thủ tục hành chính",
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết còn thấp",
        "Chưa kết nối, chia sẻ dữ liệu với cơ sở dữ liệu quốc gia",
    ],
    (4, FindingKind.VIOLATION): [
        "Niêm yết thủ tục hành chính đã hết hiệu lực",
        "Không cập nhật trạng thái hồ sơ trên hệ thống thông tin",
    ],
    (5, FindingKind.GOOD_PRACTICE): [
        "Tự kiểm tra công vụ các đơn vị trực thuộc hằng quý",
    ],
    (5, FindingKind.SHORTCOMING): [
        "Chưa ban hành kế hoạch kiểm tra công vụ hằng năm",
        "Chưa xử lý, đánh giá kết quả tự kiểm tra",
    ],
    (5, FindingKind.VIOLATION): [
        "Không xem xét trách nhiệm công chức để hồ sơ trễ hạn nhiều lần",
    ],
}
DETAILS = [
    "Qua kiểm tra hồ sơ, sổ theo dõi và phỏng vấn công chức tại",
    "Đoàn kiểm tra trực tiếp quan sát tại",
    "Theo báo cáo và tài liệu do đơn vị cung cấp, tại",
    "Qua kiểm tra ngẫu nhiên hồ sơ trên hệ thống thông tin giải quyết thủ tục hành chính của",
]
CAUSES = [
    "Người đứng đầu chưa quan tâm chỉ đạo",
    "Công chức chưa nắm vững quy định",
    "Thiếu kinh phí, trang thiết bị",
    "Khối lượng công việc lớn, thiếu nhân lực",
]
POSITIONS = [
    "Công chức bộ phận một cửa",
    "Phó Chủ tịch UBND",
    "Trưởng phòng chuyên môn",
    "Văn phòng - Thống kê",
]
LEGAL_REFERENCES = [
    "Nghị định 61/2018/NĐ-CP",
    "Nghị định 107/2021/NĐ-CP",
    "Nghị định 118/2025/NĐ-CP",
    "Chỉ thị 26/CT-TTg",
    "Nghị định 112/2020/NĐ-CP",
]
ACTIONS = {
    RecommendationKind.REMEDY: "Khắc phục tồn tại, hạn chế đã nêu và báo cáo kết quả",
    RecommendationKind.DISCIPLINE: "Tổ chức kiểm điểm, xem xét xử lý trách nhiệm cá nhân liên quan",
    RecommendationKind.AMEND_RULES: "Sửa đổi, bổ sung quy chế, quy trình nội bộ cho phù hợp",
    RecommendationKind.REPLICATE: "Tổng kết, nhân rộng cách làm hay trong toàn tỉnh",
    RecommendationKind.OTHER: "Tăng cường tự kiểm tra, chấn chỉnh kỷ luật, kỷ cương hành chính",
}
VISIT_KIND_WEIGHTS = (
    (VisitKind.SCHEDULED, 0.55),
    (VisitKind.SURPRISE, 0.25),
    (VisitKind.VERIFICATION, 0.08),
    (VisitKind.DESK_REVIEW, 0.12),
)
# Days between the planned start and end of a visit, by kind.
VISIT_DAYS = {
    VisitKind.SURPRISE: (0, 1),
    VisitKind.SCHEDULED: (1, 5),
    VisitKind.VERIFICATION: (2, 10),
    VisitKind.DESK_REVIEW: (5, 20),
}
SUBJECTS = {
    VisitKind.SCHEDULED: "Kiểm tra công vụ theo kế hoạch tại",
    VisitKind.SURPRISE: "Kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính tại",
    VisitKind.VERIFICATION: "Xác minh phản ánh của người dân, doanh nghiệp về",
    VisitKind.DESK_REVIEW: "Kiểm tra qua báo cáo việc thực hiện nhiệm vụ công vụ của",
}
V = VisitStatus
# (visit ended at least this many days before the reference date) -> status weights
STATUS_BY_AGE = [
    (730, ((V.CLOSED, 88), (V.FOLLOWING_UP, 6), (V.CONCLUDED, 2), (V.CANCELLED, 4))),
    (365, ((V.CLOSED, 60), (V.FOLLOWING_UP, 25), (V.CONCLUDED, 10), (V.CANCELLED, 4),
           (V.REPORTING, 1))),
    (120, ((V.CLOSED, 25), (V.FOLLOWING_UP, 40), (V.CONCLUDED, 25), (V.REPORTING, 5),
           (V.CANCELLED, 5))),
    (30, ((V.FOLLOWING_UP, 25), (V.CONCLUDED, 35), (V.REPORTING, 30), (V.IN_PROGRESS, 5),
          (V.CANCELLED, 5))),
    (0, ((V.REPORTING, 40), (V.IN_PROGRESS, 50), (V.CONCLUDED, 5), (V.CANCELLED, 5))),
]  # fmt: skip
PUBLISHED = {V.CONCLUDED, V.FOLLOWING_UP, V.CLOSED}
# How much a visit in this state has recorded, relative to a finished one.
FINDING_FACTOR = {V.IN_PROGRESS: 0.4, V.REPORTING: 1.0, **dict.fromkeys(PUBLISHED, 1.0)}
R = RecommendationStatus
REC_STATUS = {
    V.CLOSED: ((R.DONE, 93), (R.CANCELLED, 7)),
    V.FOLLOWING_UP: ((R.DONE, 55), (R.REPORTED, 15), (R.OPEN, 30)),
    V.CONCLUDED: ((R.OPEN, 75), (R.REPORTED, 15), (R.DONE, 10)),
    V.REPORTING: ((R.OPEN, 100),),
}


# --- Small helpers ------------------------------------------------------------------------------


class Picker:
    """A weighted choice that costs one random() and one bisect."""

    def __init__(self, pairs):
        self.items = [item for item, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def __call__(self, rng: Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder): exact sum."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    shares = [total * weight / weight_sum for weight in weights]
    counts = [int(share) for share in shares]
    rest = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for i in order[:rest]:
        counts[i] += 1
    return counts


def stamp(day: datetime.date, hour: int, minute: int = 0) -> str:
    return f"{day.isoformat()} {hour:02d}:{minute:02d}:00{TZ}"


def person(rng: Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def working_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    day, days = first, []
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


# --- Writing ------------------------------------------------------------------------------------


class Writer:
    """COPY rows into a model's table with ids reserved from its sequence.

    Columns the caller does not give are filled with the field's default (or NULL), so a field
    that another app adds later with a default does not break the seed; a new required field
    without a default stops it with a message naming the field.
    """

    def __init__(self, cursor):
        self.cursor = cursor  # psycopg 3 cursor, inside Django's transaction

    def reserve(self, model, count: int) -> int:
        """The first of `count` consecutive fresh ids (the tables are locked: see seed())."""
        table = model._meta.db_table
        self.cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = self.cursor.fetchone()[0]
        self.cursor.execute("SELECT nextval(%s)", [sequence])
        first = self.cursor.fetchone()[0]
        if count > 1:
            self.cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        return first

    def copy(self, model, columns: list[str], rows) -> int:
        extra_columns, extra_values = [], []
        for model_field in model._meta.concrete_fields:
            if model_field.column in columns:
                continue
            if model_field.default is not NOT_PROVIDED:
                value = model_field.get_db_prep_save(model_field.get_default(), connection)
            elif model_field.null:
                continue
            else:
                raise ScaleError(
                    f"bench/scale.py does not fill {model.__name__}.{model_field.name}: "
                    "add it to the seed."
                )
            extra_columns.append(model_field.column)
            extra_values.append(value)
        extra = tuple(extra_values)
        names = ", ".join(f'"{column}"' for column in [*columns, *extra_columns])
        count = 0
        with self.cursor.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy:
            write = copy.write_row
            if extra:
                for row in rows:
                    write(row + extra)
                    count += 1
            else:
                for row in rows:
                    write(row)
                    count += 1
        return count

    def copy_m2m(self, model, field_name: str, pairs) -> int:
        through = model._meta.get_field(field_name).remote_field.through
        source = through._meta.get_field(model._meta.model_name).column
        target = next(
            f.column for f in through._meta.concrete_fields if f.is_relation and f.column != source
        )
        names = f'"{source}", "{target}"'
        count = 0
        with self.cursor.copy(f'COPY "{through._meta.db_table}" ({names}) FROM STDIN') as copy:
            for pair in pairs:
                copy.write_row(pair)
                count += 1
        return count


# --- The data, in memory before it is written ------------------------------------------------


@dataclass
class Org:
    id: int
    path: str
    name: str
    short_name: str
    code: str
    kind: str
    is_national: bool = False
    numchild: int = 0

    @property
    def depth(self) -> int:
        return len(self.path) // Organization.steplen


@dataclass
class Province:
    org: Org
    short: str
    departments: list = field(default_factory=list)
    units: list = field(default_factory=list)  # what its visits inspect
    unit_picker: Picker | None = None
    head: int = 0
    leads: list = field(default_factory=list)
    inspectors: list = field(default_factory=list)
    size: int = 0


@dataclass
class PlanInfo:
    """A plan and its team, or (id 0) a team working without a plan."""

    id: int
    team_id: int
    head: int
    members: list
    issuer: Org  # in whose name the visits' conclusions are issued (services.issuer_of)


@dataclass
class VisitInfo:
    id: int
    org: Org
    province: Province
    team_id: int
    head: int
    members: list
    status: str
    start: datetime.date
    end: datetime.date
    issuer: Org
    issued_on: datetime.date | None = None


@dataclass
class Result:
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


class Country:
    """Builds and writes the synthetic country; one instance per run."""

    def __init__(self, writer: Writer, scale: float, seed: int, password_hash: str, log):
        self.w = writer
        self.scale = scale
        self.rng = Random(seed)
        self.password_hash = password_hash
        self.log = log
        self.result = Result()
        self.provinces: list[Province] = []
        self.orgs: list[Org] = []
        self.users: list[tuple] = []
        self.user_roles: list[tuple[int, str]] = []
        self.ttcp: Province | None = None
        self.analyst_org: Org | None = None

    # -- phases --

    def phase(self, name: str, function):
        started = time.perf_counter()
        count = function()
        self.result.seconds[name] = time.perf_counter() - started
        self.result.counts[name] = count
        self.log(f"  {name}: {count:,} rows in {self.result.seconds[name]:.1f} s")

    def build(self) -> Result:
        self.phase("organizations", self.write_organizations)
        self.phase("users", self.write_users)
        self.phase("plans", self.write_plans)
        self.phase("visits", self.write_visits)
        self.phase("findings", self.write_findings)
        self.phase("recommendations", self.write_recommendations)
        self.phase("conclusions", self.write_conclusions)
        return self.result

    # -- organizations --

    def sized(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.scale))

    def write_organizations(self) -> int:
        rng = self.rng
        cursor = self.w.cursor
        cursor.execute(f'SELECT max(path) FROM "{Organization._meta.db_table}" WHERE depth = 1')
        last_root = cursor.fetchone()[0]
        next_root = (Organization._str2int(last_root) if last_root else 0) + 1
        orgs: list[Org] = []

        def add(parent: Org | None, name, short, code, kind, national=False) -> Org:
            nonlocal next_root
            if parent is None:
                path = Organization._get_path(None, 1, next_root)
                next_root += 1
            else:
                parent.numchild += 1
                path = Organization._get_path(parent.path, parent.depth + 1, parent.numchild)
            org = Org(0, path, name, short, CODE_PREFIX + code, kind, national)
            orgs.append(org)
            return org

        ttcp = add(None, "Thanh tra Chính phủ", "TTCP", "TTCP", OrganizationKind.INSPECTORATE, True)
        self.ttcp = Province(org=ttcp, short="Hà Nội")
        for name, short, kind in TTCP_UNITS:
            unit = add(ttcp, name, short, f"TTCP-{short}", kind)
            self.ttcp.departments.append(unit)
        self.analyst_org = self.ttcp.departments[0]
        ministry_units = []
        for name, short in MINISTRIES:
            ministry = add(None, name, short, short, OrganizationKind.MINISTRY, True)
            for number, unit in enumerate(MINISTRY_UNITS, 1):
                ministry_units.append(
                    add(
                        ministry,
                        f"{unit} - {name}",
                        "",
                        f"{short}-{number}",
                        OrganizationKind.DEPARTMENT,
                    )
                )
        self.ttcp.units = ministry_units

        for index, (kind_word, short, communes) in enumerate(PROVINCES, 1):
            code = f"P{index:02d}"
            province = Province(
                org=add(None, f"UBND {kind_word} {short}", short, code, OrganizationKind.PROVINCE),
                short=short,
            )
            names = rng.sample(PLACE_NAMES, self.sized(communes))
            ward_share = 0.6 if kind_word == "thành phố" else 0.15
            communes_of = []
            for number, place in enumerate(names, 1):
                word = "phường" if rng.random() < ward_share else "xã"
                commune = add(
                    province.org,
                    f"UBND {word} {place}",
                    place,
                    f"{code}-X{number:03d}",
                    OrganizationKind.COMMUNE,
                )
                communes_of.append((commune, word, place))
            departments = DEPARTMENTS[: self.sized(len(DEPARTMENTS), 2)]
            dept_units, commune_units = [], []
            for number, (name, dept_short, unit_names) in enumerate(departments, 1):
                department = add(
                    province.org,
                    f"{name} {short}",
                    dept_short,
                    f"{code}-S{number:02d}",
                    OrganizationKind.DEPARTMENT,
                )
                province.departments.append(department)
                if unit_names:
                    for k in range(1, self.sized(rng.randint(7, 13), 0) + 1):
                        place = rng.choice(names)
                        dept_units.append(
                            add(
                                department,
                                f"{rng.choice(unit_names)} {place}",
                                "",
                                f"{code}-S{number:02d}-D{k:02d}",
                                OrganizationKind.PUBLIC_SERVICE_UNIT,
                            )
                        )
            for commune, word, place in communes_of:
                for k in range(1, rng.choice((0, 1, 1, 2, 2, 2)) + 1):
                    commune_units.append(
                        add(
                            commune,
                            f"{rng.choice(COMMUNE_UNITS)} {word} {place}",
                            "",
                            f"{commune.code[len(CODE_PREFIX) :]}-D{k}",
                            OrganizationKind.PUBLIC_SERVICE_UNIT,
                        )
                    )
            units = (
                [(province.org, 2)]
                + [(department, 20 / len(departments)) for department in province.departments]
                + [(commune, 45 / len(communes_of)) for commune, _, _ in communes_of]
                + [(unit, 33 / max(1, len(dept_units) + len(commune_units)))
                   for unit in dept_units + commune_units]
            )  # fmt: skip
            province.units = [unit for unit, _ in units]
            province.unit_picker = Picker(units)
            province.size = len(units)
            self.provinces.append(province)

        first = self.w.reserve(Organization, len(orgs))
        for offset, org in enumerate(orgs):
            org.id = first + offset
        self.orgs = orgs
        return self.w.copy(
            Organization,
            ["id", "path", "depth", "numchild", "name", "short_name", "code", "kind",
             "is_national", "is_active", "search_text"],
            (
                (o.id, o.path, o.depth, o.numchild, o.name, o.short_name, o.code, o.kind,
                 o.is_national, True, fold(f"{o.name} {o.short_name} {o.code}"))
                for o in orgs
            ),
        )  # fmt: skip

    # -- users --

    def write_users(self) -> int:
        rng = self.rng
        users: list[tuple] = []  # (username, full_name, title, org_id, role)

        def add(username, title, org, role) -> int:
            users.append((USER_PREFIX + username, person(rng), title, org.id, role.value))
            return len(users) - 1

        self.analyst_index = add(
            ANALYST_USERNAME[len(USER_PREFIX):], "Chuyên viên tổng hợp", self.analyst_org,
            Role.MINISTRY_ANALYST,
        )  # fmt: skip
        ttcp = self.ttcp
        ttcp.head = add("ttcp-thutruong", "Phó Tổng Thanh tra Chính phủ", ttcp.org, Role.UNIT_HEAD)
        ttcp.leads = [add("ttcp-truongdoan", "Cục trưởng", ttcp.departments[3], Role.TEAM_LEAD)]
        ttcp.inspectors = [
            add(f"ttcp-thanhvien{k}", "Thanh tra viên", ttcp.departments[3 + k % 3],
                Role.INSPECTOR)
            for k in range(1, 4)
        ]  # fmt: skip
        for province in self.provinces:
            p = province.org.code[len(CODE_PREFIX) :].lower()
            home, inspectorate = province.departments[0], province.departments[1]
            province.head = add(f"{p}-thutruong", "Chủ tịch UBND", province.org, Role.UNIT_HEAD)
            province.leads = [
                add(f"{p}-truongdoan1", "Phó Giám đốc Sở Nội vụ", home, Role.TEAM_LEAD),
                add(f"{p}-truongdoan2", "Phó Chánh Thanh tra", inspectorate, Role.TEAM_LEAD),
            ]
            province.inspectors = [
                add(f"{p}-thanhvien{k}", "Chuyên viên", home if k <= 2 else inspectorate,
                    Role.INSPECTOR)
                for k in range(1, 5)
            ]  # fmt: skip
            communes = [u for u in province.units if u.kind == OrganizationKind.COMMUNE]
            add(f"{p}-donvi", "Công chức Văn phòng - Thống kê", communes[0], Role.INSPECTED_OFFICER)

        first = self.w.reserve(User, len(users))
        self.user_ids = [first + k for k in range(len(users))]
        for province in [self.ttcp, *self.provinces]:
            province.head = self.user_ids[province.head]
            province.leads = [self.user_ids[k] for k in province.leads]
            province.inspectors = [self.user_ids[k] for k in province.inspectors]
        self.analyst_id = self.user_ids[self.analyst_index]
        self.home_of = {self.user_ids[k]: user[3] for k, user in enumerate(users)}
        joined = stamp(datetime.date(2021, 1, 4), 8)
        count = self.w.copy(
            User,
            ["id", "password", "is_superuser", "username", "first_name", "last_name", "email",
             "is_staff", "is_active", "date_joined", "full_name", "title", "phone",
             "organization_id", "search_text"],
            (
                (self.user_ids[k], self.password_hash, False, username, "", "", "", False, True,
                 joined, full_name, title, "", org_id, folded(full_name, username, title))
                for k, (username, full_name, title, org_id, _) in enumerate(users)
            ),
        )  # fmt: skip
        groups = dict(Group.objects.filter(name__in=Role.values).values_list("name", "pk"))
        missing = {role for *_, role in users} - set(groups)
        if missing:
            raise ScaleError(f"Role groups missing (run migrate): {', '.join(sorted(missing))}")
        self.w.copy_m2m(
            User, "groups", ((self.user_ids[k], groups[u[4]]) for k, u in enumerate(users))
        )
        return count

    # -- plans and teams --

    def write_plans(self) -> int:
        rng = self.rng
        plans, teams, members = [], [], []
        self.plans: dict[tuple[int, int], list[PlanInfo]] = {}
        self.adhoc: dict[tuple[int, int], PlanInfo] = {}  # teams without a plan
        plan_rows, team_rows = [], []
        owners = [self.ttcp, *self.provinces]
        for owner_index, owner in enumerate(owners):
            team_org = owner.departments[3] if owner is self.ttcp else owner.departments[0]
            for year in YEARS:
                count = 1 + (rng.random() < 0.5 or year in (2023, 2024))
                for number in range(count):
                    thematic = number == 1
                    head = rng.choice(owner.leads)
                    crew = rng.sample(
                        owner.inspectors, min(len(owner.inspectors), rng.randint(2, 3))
                    )
                    plans.append((owner_index, year, thematic, head, crew))
                head = rng.choice(owner.leads)
                crew = rng.sample(owner.inspectors, min(len(owner.inspectors), 2))
                teams.append((owner_index, year, None, head, crew, team_org))

        first_plan = self.w.reserve(InspectionPlan, len(plans))
        first_team = self.w.reserve(Team, len(plans) + len(teams))
        team_id = first_team
        for k, (owner_index, year, thematic, head, crew) in enumerate(plans):
            owner = owners[owner_index]
            plan_id = first_plan + k
            issued = datetime.date(year, 1, 10) + datetime.timedelta(days=rng.randint(0, 40))
            symbol = "KH-TTCP" if owner is self.ttcp else "KH-UBND"
            number = (year - 2020) * 100 + k % 97 + 1
            status = PlanStatus.CLOSED if year < REFERENCE_DATE.year else PlanStatus.IN_PROGRESS
            title = (
                f"Kế hoạch kiểm tra chuyên đề trách nhiệm công vụ trong giải quyết TTHC năm "
                f"{year} của {owner.org.name}"
                if thematic
                else f"Kế hoạch kiểm tra công vụ năm {year} của {owner.org.name}"
            )
            plan_rows.append((
                plan_id, f"{number}/{symbol}", title, issued, year, datetime.date(year, 2, 1),
                datetime.date(year, 12, 31), thematic,
                "Trách nhiệm công vụ trong giải quyết thủ tục hành chính" if thematic else "",
                "Chấn chỉnh kỷ luật, kỷ cương hành chính; nâng cao trách nhiệm công vụ.",
                "Khách quan, công khai, đúng quy định; không gây phiền hà cho đơn vị.",
                datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31), status,
                stamp(issued, 9), stamp(issued - datetime.timedelta(days=5), 9), owner.head,
                owner.leads[0], owner.org.id,
            ))  # fmt: skip
            team_org = owner.departments[3] if owner is self.ttcp else owner.departments[0]
            team_rows.append(self._team_row(team_id, owner, team_org, plan_id, year, head,
                                            issued, thematic))  # fmt: skip
            members.extend(self._members(team_id, head, crew))
            info = PlanInfo(plan_id, team_id, head, crew, owner.org)
            self.plans.setdefault((owner_index, year), []).append(info)
            team_id += 1
        for owner_index, year, _, head, crew, team_org in teams:
            owner = owners[owner_index]
            issued = datetime.date(year, 1, 20)
            team_rows.append(self._team_row(team_id, owner, team_org, None, year, head, issued,
                                            False))  # fmt: skip
            members.extend(self._members(team_id, head, crew))
            self.adhoc[(owner_index, year)] = PlanInfo(0, team_id, head, crew, team_org)
            team_id += 1

        count = self.w.copy(
            InspectionPlan,
            ["id", "code", "title", "issued_on", "year", "starts_on", "ends_on", "is_thematic",
             "theme", "purposes", "requirements", "review_period_start", "review_period_end",
             "status", "approved_at", "created_at", "approved_by_id", "created_by_id",
             "issuer_id", "search_text"],
            # code, title, theme: InspectionPlan.search_sources
            ((*row, folded(row[1], row[2], row[8])) for row in plan_rows),
        )  # fmt: skip
        area_ids = list(ContentArea.objects.order_by("number").values_list("pk", flat=True))
        self.w.copy_m2m(
            InspectionPlan,
            "content_areas",
            ((row[0], area) for row in plan_rows for area in area_ids),
        )
        self.result.counts["teams"] = self.w.copy(
            Team,
            ["id", "name", "decision_number", "decision_date", "decision_signer", "created_at",
             "organization_id", "plan_id", "created_by_id", "search_text"],
            # name, decision number: Team.search_sources
            ((*row, folded(row[1], row[2])) for row in team_rows),
        )  # fmt: skip
        first_member = self.w.reserve(TeamMember, len(members))
        self.w.copy(
            TeamMember,
            ["id", "role", "home_organization_id", "team_id", "user_id"],
            ((first_member + k, *row) for k, row in enumerate(members)),
        )
        self.owners = owners
        return count

    def _team_row(self, team_id, owner, team_org, plan_id, year, head, issued, thematic):
        kind = "chuyên đề" if thematic else ("công vụ" if plan_id else "đột xuất")
        decided = issued + datetime.timedelta(days=7)
        symbol = "QĐ-TTCP" if owner is self.ttcp else "QĐ-UBND"
        return (
            team_id, f"Đoàn kiểm tra {kind} năm {year} - {owner.org.name}",
            f"{team_id % 900 + 10}/{symbol}", decided, "", stamp(decided, 10), team_org.id,
            plan_id, head,
        )  # fmt: skip

    def _members(self, team_id, head, crew):
        home = self.home_of
        rows = [(TeamRole.HEAD, home[head], team_id, head)]
        for k, user in enumerate(crew):
            if user != head:
                role = TeamRole.SECRETARY if k == len(crew) - 1 else TeamRole.MEMBER
                rows.append((role, home[user], team_id, user))
        return rows

    # -- visits --

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
                    visit.province.short, "", "",
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
             "recipients", "number", "year", "issued_on", "created_at", "submitted_at",
             "approved_at", "issued_at", "pdf", "pdf_status", "pdf_sha256", "pdf_error",
             "version", "approved_by_id", "created_by_id", "issued_by_id", "issuer_id",
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


# --- Entry points -------------------------------------------------------------------------------


# Tables the seed writes or the reset deletes from, locked for the transaction so the id blocks
# reserved from their sequences cannot be taken by a concurrent insert.
def _tables() -> list[str]:
    models = [Organization, User, InspectionPlan, Team, TeamMember, Visit, Finding,
              Recommendation, Conclusion, NumberSequence]  # fmt: skip
    return [model._meta.db_table for model in models]


def require_postgresql(command: str = "seed_scale") -> None:
    if connection.vendor != "postgresql":
        raise ScaleError(
            f"{command} needs PostgreSQL (the synthetic data lives there): set DATABASE_URL, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/congvu_scale. "
            f"This database is {connection.vendor}."
        )


def raw_cursor():
    """The psycopg 3 cursor under Django's, sharing its connection and transaction."""
    connection.ensure_connection()
    return connection.connection.cursor()


def has_synthetic_data() -> bool:
    require_postgresql()
    return Organization.objects.filter(code__startswith=CODE_PREFIX).exists()


def synthetic_counts() -> dict[str, int]:
    """How many synthetic rows each table holds (what reset() would remove)."""
    visits = Visit.objects.filter(inspected_organization__code__startswith=CODE_PREFIX)
    return {
        "organizations": Organization.objects.filter(code__startswith=CODE_PREFIX).count(),
        "users": User.objects.filter(username__startswith=USER_PREFIX).count(),
        "plans": InspectionPlan.objects.filter(issuer__code__startswith=CODE_PREFIX).count(),
        "teams": Team.objects.filter(organization__code__startswith=CODE_PREFIX).count(),
        "visits": visits.count(),
        "findings": Finding.objects.filter(visit__in=visits).count(),
        "recommendations": Recommendation.objects.filter(visit__in=visits).count(),
        "conclusions": Conclusion.objects.filter(visit__in=visits).count(),
    }


RESET_STATEMENTS = [
    # Temporary sets of what is synthetic, then every table that may point into them, children
    # first. Rows that the app added later to synthetic visits (reports, evidence, reviews…)
    # go too; demo data is never matched (its codes and user names have no prefix).
    "CREATE TEMP TABLE sc_org ON COMMIT DROP AS "
    "SELECT id FROM accounts_organization WHERE code LIKE 'SC-%'",
    "CREATE TEMP TABLE sc_user ON COMMIT DROP AS "
    "SELECT id FROM accounts_user WHERE username LIKE 'sc-%'",
    "CREATE TEMP TABLE sc_plan ON COMMIT DROP AS "
    "SELECT id FROM inspections_inspectionplan WHERE issuer_id IN (SELECT id FROM sc_org)",
    "CREATE TEMP TABLE sc_team ON COMMIT DROP AS "
    "SELECT id FROM inspections_team WHERE organization_id IN (SELECT id FROM sc_org)",
    "CREATE TEMP TABLE sc_visit ON COMMIT DROP AS SELECT id FROM inspections_visit "
    "WHERE team_id IN (SELECT id FROM sc_team) OR inspected_organization_id IN "
    "(SELECT id FROM sc_org)",
    "CREATE TEMP TABLE sc_rec ON COMMIT DROP AS SELECT id FROM findings_recommendation "
    "WHERE visit_id IN (SELECT id FROM sc_visit)",
    "CREATE TEMP TABLE sc_conclusion ON COMMIT DROP AS SELECT id FROM reporting_conclusion "
    "WHERE visit_id IN (SELECT id FROM sc_visit)",
    "ANALYZE sc_org, sc_user, sc_plan, sc_team, sc_visit, sc_rec, sc_conclusion",
    "DELETE FROM reporting_reviewcomment WHERE review_round_id IN (SELECT id FROM "
    "reporting_reviewround WHERE conclusion_id IN (SELECT id FROM sc_conclusion))",
    "DELETE FROM reporting_reviewround WHERE conclusion_id IN (SELECT id FROM sc_conclusion)",
    "DELETE FROM reporting_conclusionsection WHERE conclusion_id IN (SELECT id FROM sc_conclusion)",
    "DELETE FROM reporting_conclusion WHERE id IN (SELECT id FROM sc_conclusion)",
    "DELETE FROM reporting_numbersequence WHERE issuer_id IN (SELECT id FROM sc_org)",
    "DELETE FROM findings_evidence WHERE report_id IN (SELECT id FROM "
    "findings_remediationreport WHERE recommendation_id IN (SELECT id FROM sc_rec)) "
    "OR finding_id IN (SELECT id FROM findings_finding WHERE visit_id IN "
    "(SELECT id FROM sc_visit))",
    "DELETE FROM findings_remediationreport WHERE recommendation_id IN (SELECT id FROM sc_rec)",
    "DELETE FROM findings_recommendation WHERE id IN (SELECT id FROM sc_rec)",
    "DELETE FROM findings_finding WHERE visit_id IN (SELECT id FROM sc_visit)",
    "DELETE FROM findings_criterioncheck WHERE visit_id IN (SELECT id FROM sc_visit)",
    "DELETE FROM inspections_visit WHERE id IN (SELECT id FROM sc_visit)",
    "DELETE FROM inspections_teammember WHERE team_id IN (SELECT id FROM sc_team) "
    "OR user_id IN (SELECT id FROM sc_user)",
    "DELETE FROM inspections_team WHERE id IN (SELECT id FROM sc_team)",
    "DELETE FROM inspections_inspectionplan_targets WHERE inspectionplan_id IN "
    "(SELECT id FROM sc_plan) OR organization_id IN (SELECT id FROM sc_org)",
    "DELETE FROM inspections_inspectionplan_content_areas WHERE inspectionplan_id IN "
    "(SELECT id FROM sc_plan)",
    "DELETE FROM inspections_inspectionplan_legal_bases WHERE inspectionplan_id IN "
    "(SELECT id FROM sc_plan)",
    "DELETE FROM inspections_inspectionplan WHERE id IN (SELECT id FROM sc_plan)",
    "DELETE FROM accounts_notification WHERE recipient_id IN (SELECT id FROM sc_user)",
    "DELETE FROM reporting_exportjob WHERE owner_id IN (SELECT id FROM sc_user)",
    "DELETE FROM django_admin_log WHERE user_id IN (SELECT id FROM sc_user)",
    "DELETE FROM authtoken_token WHERE user_id IN (SELECT id FROM sc_user)",
    "DELETE FROM accounts_user_groups WHERE user_id IN (SELECT id FROM sc_user)",
    "DELETE FROM accounts_user_user_permissions WHERE user_id IN (SELECT id FROM sc_user)",
    "DELETE FROM accounts_user WHERE id IN (SELECT id FROM sc_user)",
    "DELETE FROM accounts_organization WHERE id IN (SELECT id FROM sc_org)",
    # Dropped at commit anyway; now too, for a second reset in the same transaction (tests).
    "DROP TABLE sc_org, sc_user, sc_plan, sc_team, sc_visit, sc_rec, sc_conclusion",
]


def reset(log=print) -> float:
    """Delete every synthetic row (organizations `SC-…`, users `sc-…` and what hangs on them)."""
    require_postgresql()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        statements = list(RESET_STATEMENTS)
        # History rows keep what synthetic users changed, without naming them (SET_NULL).
        at = statements.index("DELETE FROM accounts_user WHERE id IN (SELECT id FROM sc_user)")
        statements[at:at] = [
            f'UPDATE "{model._meta.db_table}" SET history_user_id = NULL '
            "WHERE history_user_id IN (SELECT id FROM sc_user)"
            for model in apps.get_models()
            if hasattr(model, "history_user")
        ]
        for statement in statements:
            cursor.execute(statement)
        # Check the deferred foreign keys now: a row of other data that still points at a
        # synthetic one fails here, with its table named, and nothing is deleted.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's default
    seconds = time.perf_counter() - started
    log(f"  reset: synthetic data removed in {seconds:.1f} s")
    return seconds


def _lock(cursor) -> None:
    tables = ", ".join(f'"{table}"' for table in _tables())
    cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def seed(*, scale: float = 1.0, seed: int = 2026, reset_first: bool = False,
         password: str | None = None, log=print) -> Result:  # fmt: skip
    """Build the synthetic country in one transaction. Refuses SQLite and a second copy."""
    require_postgresql()
    if not 0 < scale <= 2:
        raise ScaleError("--scale must be a fraction in (0, 2], e.g. 0.01 for tests.")
    started = time.perf_counter()
    password_hash = make_password(password)  # hashed once; None gives an unusable password
    with transaction.atomic():
        if reset_first:
            reset(log)
        if has_synthetic_data():
            raise ScaleError("Synthetic data is already there: add --reset to build it afresh.")
        cursor = raw_cursor()
        _lock(cursor)
        country = Country(Writer(cursor), scale, seed, password_hash, log)
        result = country.build()
        commit_started = time.perf_counter()
        # Deferred foreign keys are checked here, once per row written.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    result.seconds["constraint checks and commit"] = time.perf_counter() - commit_started
    analyze_started = time.perf_counter()
    # Statistics for the planner; VACUUM also marks the pages all-visible so that index-only
    # scans work at once (it cannot run inside a transaction, e.g. in a test).
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f'{command} "{table}"')
    result.seconds["analyze"] = time.perf_counter() - analyze_started
    result.seconds["total"] = time.perf_counter() - started
    log(f"  foreign keys checked and committed in "
        f"{result.seconds['constraint checks and commit']:.1f} s, "
        f"{command.lower()} in {result.seconds['analyze']:.1f} s")  # fmt: skip
    return result
