"""What visits are and find: kinds and lengths, status by age, findings by content area and
kind with their texts, recommendations and their status."""

from findings.enums import FindingKind, RecommendationKind, RecommendationStatus, Severity
from inspections.enums import VisitKind, VisitStatus

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
