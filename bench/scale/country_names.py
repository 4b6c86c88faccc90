"""The synthetic country's bodies and names: provinces, departments, ministries and their
units, place names of communes, and the names people get."""

from random import Random

from accounts.enums import OrganizationKind

from .common import words

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


def person(rng: Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
