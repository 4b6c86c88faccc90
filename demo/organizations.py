"""Demo organizations and users, from the project's source articles (shared/sources).

Idempotent: every row is found by its natural key (organization code, user name) and updated,
so running `seed_demo` twice leaves the same rows.
"""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.enums import OrganizationKind as K
from accounts.enums import Role
from accounts.models import Organization, User

DEMO_PASSWORD = "CongVu@2026"


@dataclass
class Org:
    code: str
    name: str
    kind: str
    short_name: str = ""
    is_national: bool = False
    children: list["Org"] = field(default_factory=list)


TREE = [
    Org(
        "TTCP",
        "Thanh tra Chính phủ",
        K.INSPECTORATE,
        "TTCP",
        True,
        [
            Org("TTCP-C4", "Cục IV", K.DEPARTMENT),
            Org("TTCP-V3", "Vụ III", K.DEPARTMENT),
            Org(
                "TTCP-VGS",
                "Vụ Giám sát, Thẩm định và Xử lý sau thanh tra",
                K.DEPARTMENT,
                "Vụ GS-TĐ-XLST",
            ),
            Org("TTCP-HTQT", "Vụ Hợp tác quốc tế", K.DEPARTMENT),
            Org("TTCP-KHTH", "Vụ Kế hoạch - Tổng hợp", K.DEPARTMENT, "Vụ KH-TH"),
            Org("TTCP-TCTT", "Tạp chí Thanh tra", K.PUBLIC_SERVICE_UNIT),
            Org("TTCP-TTTT", "Trung tâm Thông tin", K.PUBLIC_SERVICE_UNIT),
            Org("TTCP-VPC", "Vụ Pháp chế", K.DEPARTMENT),
            Org("TTCP-VP", "Văn phòng Thanh tra Chính phủ", K.DEPARTMENT),
            Org("TTCP-VTCCB", "Vụ Tổ chức cán bộ", K.DEPARTMENT, "Vụ TCCB"),
            Org("TTCP-TCBTT", "Trường Cán bộ thanh tra", K.PUBLIC_SERVICE_UNIT),
        ],
    ),
    Org("BNV", "Bộ Nội vụ", K.MINISTRY, "BNV", True),
    Org(
        "HN",
        "UBND thành phố Hà Nội",
        K.PROVINCE,
        "UBND TP Hà Nội",
        False,
        [
            Org("HN-SNV", "Sở Nội vụ", K.DEPARTMENT, "Sở Nội vụ HN"),
            Org("HN-SKHDT", "Sở Kế hoạch và Đầu tư", K.DEPARTMENT, "Sở KH&ĐT HN"),
            Org(
                "HN-STNMT",
                "Sở Tài nguyên và Môi trường",
                K.DEPARTMENT,
                "Sở TN&MT HN",
                False,
                [
                    Org("HN-VPDKDD", "Văn phòng đăng ký đất đai Hà Nội", K.PUBLIC_SERVICE_UNIT),
                ],
            ),
            Org("HN-SQHKT", "Sở Quy hoạch - Kiến trúc", K.DEPARTMENT, "Sở QH-KT HN"),
            Org("HN-SXD", "Sở Xây dựng", K.DEPARTMENT, "Sở Xây dựng HN"),
            Org("HN-STP", "Sở Tư pháp", K.DEPARTMENT, "Sở Tư pháp HN"),
            Org("HN-SGTVT", "Sở Giao thông vận tải", K.DEPARTMENT, "Sở GTVT HN"),
            Org(
                "HN-SLDTBXH",
                "Sở Lao động - Thương binh và Xã hội",
                K.DEPARTMENT,
                "Sở LĐ-TB&XH HN",
                False,
                [
                    Org("HN-TTGTVL", "Trung tâm Dịch vụ việc làm Hà Nội", K.PUBLIC_SERVICE_UNIT),
                ],
            ),
            Org(
                "HN-Q-HK",
                "UBND quận Hoàn Kiếm",
                K.DISTRICT,
                "",
                False,
                [
                    Org("HN-P-HANGTRONG", "UBND phường Hàng Trống", K.COMMUNE),
                    Org("HN-P-HANGBAC", "UBND phường Hàng Bạc", K.COMMUNE),
                ],
            ),
            Org(
                "HN-Q-BD",
                "UBND quận Ba Đình",
                K.DISTRICT,
                "",
                False,
                [
                    Org("HN-P-DIENBIEN", "UBND phường Điện Biên", K.COMMUNE),
                    Org("HN-P-NGOCHA", "UBND phường Ngọc Hà", K.COMMUNE),
                ],
            ),
            Org(
                "HN-Q-DD",
                "UBND quận Đống Đa",
                K.DISTRICT,
                "",
                False,
                [
                    Org("HN-P-LANGHA", "UBND phường Láng Hạ", K.COMMUNE),
                    Org("HN-P-OCHODUA", "UBND phường Ô Chợ Dừa", K.COMMUNE),
                ],
            ),
            Org(
                "HN-Q-CG",
                "UBND quận Cầu Giấy",
                K.DISTRICT,
                "",
                False,
                [
                    Org("HN-P-DICHVONG", "UBND phường Dịch Vọng", K.COMMUNE),
                    Org("HN-P-NGHIATAN", "UBND phường Nghĩa Tân", K.COMMUNE),
                ],
            ),
            Org(
                "HN-Q-TX",
                "UBND quận Thanh Xuân",
                K.DISTRICT,
                "",
                False,
                [
                    Org("HN-P-NHANCHINH", "UBND phường Nhân Chính", K.COMMUNE),
                ],
            ),
        ],
    ),
    Org(
        "DT",
        "UBND tỉnh Đồng Tháp",
        K.PROVINCE,
        "UBND tỉnh Đồng Tháp",
        False,
        [
            Org(
                "DT-LV",
                "UBND huyện Lấp Vò",
                K.DISTRICT,
                "UBND huyện Lấp Vò",
                False,
                [
                    Org("DT-LV-PNV", "Phòng Nội vụ huyện Lấp Vò", K.DEPARTMENT, "Phòng Nội vụ"),
                    Org(
                        "DT-LV-VP",
                        "Văn phòng HĐND và UBND huyện Lấp Vò",
                        K.DEPARTMENT,
                        "VP HĐND&UBND",
                    ),
                    Org("DT-LV-PTP", "Phòng Tư pháp huyện Lấp Vò", K.DEPARTMENT, "Phòng Tư pháp"),
                    Org("DT-LV-TT", "Thanh tra huyện Lấp Vò", K.INSPECTORATE, "Thanh tra huyện"),
                    Org(
                        "DT-LV-VHTT",
                        "Phòng Văn hóa và Thông tin huyện Lấp Vò",
                        K.DEPARTMENT,
                        "Phòng VH&TT",
                    ),
                    Org(
                        "DT-LV-PTNMT",
                        "Phòng Tài nguyên và Môi trường huyện Lấp Vò",
                        K.DEPARTMENT,
                        "Phòng TN&MT",
                    ),
                    Org("DT-LV-MAHB", "UBND xã Mỹ An Hưng B", K.COMMUNE),
                    Org("DT-LV-MAHA", "UBND xã Mỹ An Hưng A", K.COMMUNE),
                    Org("DT-LV-TTLV", "UBND thị trấn Lấp Vò", K.COMMUNE),
                    Org("DT-LV-TANMY", "UBND xã Tân Mỹ", K.COMMUNE),
                    Org("DT-LV-VINHTHANH", "UBND xã Vĩnh Thạnh", K.COMMUNE),
                    Org("DT-LV-DINHAN", "UBND xã Định An", K.COMMUNE),
                ],
            ),
        ],
    ),
    # Issuers of the legal documents the plans cite (kept last so older paths do not move).
    # Directives and official dispatches are signed by the Prime Minister ("…/CT-TTg",
    # "…/CĐ-TTg"), decrees by the Government ("…/NĐ-CP"), laws by the National Assembly.
    Org(
        "CP",
        "Chính phủ",
        K.OTHER,
        "CP",
        True,
        [Org("TTG", "Thủ tướng Chính phủ", K.OTHER, "TTg", True)],
    ),
    Org("QH", "Quốc hội", K.OTHER, "QH", True),
]


@dataclass
class DemoUser:
    username: str
    full_name: str
    title: str
    organization: str
    role: Role
    superuser: bool = False


USERS = [
    DemoUser(
        "thanhvien",
        "Nguyễn Thu Hà",
        "Chuyên viên, thành viên Đoàn kiểm tra công vụ thành phố",
        "HN-SNV",
        Role.INSPECTOR,
    ),
    DemoUser(
        "truongdoan",
        "Đinh Mạnh Hùng",
        "Phó Giám đốc Sở Nội vụ, Phó Trưởng đoàn Thường trực",
        "HN-SNV",
        Role.TEAM_LEAD,
    ),
    DemoUser(
        "thutruong",
        "Trần Quốc Bảo",
        "Phó Chủ tịch UBND thành phố, Trưởng đoàn kiểm tra công vụ",
        "HN",
        Role.UNIT_HEAD,
    ),
    DemoUser(
        "donvi",
        "Lê Văn Nam",
        "Chủ tịch UBND phường Hàng Trống",
        "HN-P-HANGTRONG",
        Role.INSPECTED_OFFICER,
    ),
    DemoUser(
        "tonghop",
        "Vũ Hồng Khánh",
        "Phó Vụ trưởng Vụ Kế hoạch - Tổng hợp",
        "TTCP-KHTH",
        Role.MINISTRY_ANALYST,
    ),
    DemoUser(
        "quantri",
        "Phạm Minh Tuấn",
        "Quản trị hệ thống, Trung tâm Thông tin",
        "TTCP-TTTT",
        Role.ADMINISTRATOR,
        superuser=True,
    ),
    # Thanh tra Chính phủ: the Deputy Inspector General who signed the 2019 CCHC conclusion
    # (Thông báo 1865/TB-TTCP), and the check team (fictional names).
    DemoUser(
        "ttcp_lanhdao",
        "Trần Ngọc Liêm",
        "Phó Tổng Thanh tra Chính phủ",
        "TTCP",
        Role.UNIT_HEAD,
    ),
    DemoUser(
        "ttcp_totruong",
        "Hoàng Thị Mai",
        "Chuyên viên chính Văn phòng Thanh tra Chính phủ, Tổ trưởng Tổ kiểm tra công tác CCHC",
        "TTCP-VP",
        Role.TEAM_LEAD,
    ),
    DemoUser(
        "ttcp_thanhvien",
        "Bùi Đức Anh",
        "Chuyên viên Vụ Pháp chế, thành viên Tổ kiểm tra công tác CCHC",
        "TTCP-VPC",
        Role.INSPECTOR,
    ),
    # Huyện Lấp Vò: the check team of Quyết định 94/QĐ-UBND.TL, one member from each body the
    # decision names (fictional names).
    DemoUser(
        "lapvo_totruong",
        "Nguyễn Hoàng Phúc",
        "Trưởng phòng Nội vụ, Tổ trưởng Tổ kiểm tra công vụ huyện",
        "DT-LV-PNV",
        Role.TEAM_LEAD,
    ),
    DemoUser(
        "lapvo_topho",
        "Trần Thị Kim Loan",
        "Phó Chánh Văn phòng HĐND và UBND huyện, Tổ phó Tổ kiểm tra công vụ",
        "DT-LV-VP",
        Role.TEAM_LEAD,
    ),
    DemoUser(
        "lapvo_tuphap",
        "Lê Minh Trí",
        "Chuyên viên Phòng Tư pháp, thư ký Tổ kiểm tra công vụ",
        "DT-LV-PTP",
        Role.INSPECTOR,
    ),
    DemoUser(
        "lapvo_thanhtra",
        "Phạm Văn Đức",
        "Thanh tra viên Thanh tra huyện, thành viên Tổ kiểm tra công vụ",
        "DT-LV-TT",
        Role.INSPECTOR,
    ),
    DemoUser(
        "lapvo_vhtt",
        "Võ Thị Ngọc Hân",
        "Viên chức Đài Truyền thanh, Phòng Văn hóa và Thông tin, thành viên Tổ kiểm tra công vụ",
        "DT-LV-VHTT",
        Role.INSPECTOR,
    ),
    # The district leader who reviews and issues the Tổ's conclusion notices in the name of
    # UBND huyện Lấp Vò (fictional name; the article names no leader).
    DemoUser(
        "lapvo_lanhdao",
        "Huỳnh Thanh Tâm",
        "Phó Chủ tịch UBND huyện Lấp Vò",
        "DT-LV",
        Role.UNIT_HEAD,
    ),
    # The heads of the two units the Tổ's issued notices are addressed to, who report on the
    # recommendations (demo.followup; fictional names).
    DemoUser(
        "lapvo_tnmt",
        "Đặng Văn Hiếu",
        "Trưởng phòng Tài nguyên và Môi trường huyện Lấp Vò",
        "DT-LV-PTNMT",
        Role.INSPECTED_OFFICER,
    ),
    DemoUser(
        "lapvo_mahb",
        "Lâm Văn Thành",
        "Chủ tịch UBND xã Mỹ An Hưng B",
        "DT-LV-MAHB",
        Role.INSPECTED_OFFICER,
    ),
]


def save_changed(instance, values: dict) -> bool:
    """Set `values` on a saved row and save only the fields that differ, if any: a re-run of
    the demo that changes nothing writes nothing (no history row, no audit entry)."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save()  # a whole save: the model keeps derived fields (search text) in step
    return bool(changed)


def _upsert_node(spec: Org, parent: Organization | None) -> Organization:
    values = {
        "name": spec.name,
        "kind": spec.kind,
        "short_name": spec.short_name,
        "is_national": spec.is_national,
        "is_active": True,
    }
    node = Organization.objects.filter(code=spec.code).first()
    if node is None:
        values["code"] = spec.code
        if parent is None:
            node = Organization.objects.add_root(create_kwargs=values)
        else:
            node = Organization.objects.add_child(parent, create_kwargs=values)
    else:
        save_changed(node, values)
    for child in spec.children:
        _upsert_node(child, node)
    return node


@transaction.atomic
def seed_organizations() -> dict[str, Organization]:
    for spec in TREE:
        _upsert_node(spec, None)
    return {org.code: org for org in Organization.objects.all()}


@transaction.atomic
def seed_users(organizations: dict[str, Organization]) -> list[User]:
    # The roles migration creates these groups; a flushed test database may have lost them.
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    # One hash for all demo users: they share a published password, and hashing costs
    # about 0.2 s each.
    password = make_password(DEMO_PASSWORD)
    users = []
    for spec in USERS:
        values = {
            "full_name": spec.full_name,
            "title": spec.title,
            "organization": organizations[spec.organization],
            "email": f"{spec.username}@congvu.local",
            "is_active": True,
            "is_staff": spec.superuser,
            "is_superuser": spec.superuser,
        }
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            # The published demo password is set when the user is created; a password the
            # user changed since is theirs to keep.
            user = User.objects.create(username=spec.username, password=password, **values)
        else:
            save_changed(user, values)
        user.groups.set([groups[spec.role]])
        users.append(user)
    return users
