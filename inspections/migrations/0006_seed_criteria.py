"""The checklist (tiêu chí) under the five content areas, from the project's source articles.

Wording follows the TTCP thematic plan of 8/12/2023 (its five content areas), Công điện
968/CĐ-TTg, Hà Nội's 2022–2023 checks, Thông báo 1865/TB-TTCP (2019) and Lấp Vò's check team.
Discipline observations (work hours, code of conduct, weekly schedules, business trips,
meetings, internal rules) sit under area 1, the rules on civil servants' responsibility; the
one-stop shop's staff, software and equipment under area 3; posting procedures, new documents,
digitising and online handling under area 4; annual check plans and discipline under area 5.

Criteria are data that administrators edit afterwards: this migration only creates or refreshes
its own rows (found by content area and title) and, when reversed, removes those that no finding
or checklist result cites.
"""

import contextlib

from django.db import migrations
from django.db.models import ProtectedError

# area number -> [(title, guidance)]; `order` is 10, 20, 30… so administrators can insert between.
CRITERIA = {
    1: [
        (
            "Quán triệt, ban hành văn bản triển khai các chỉ thị, công điện về kỷ luật, kỷ cương "
            "hành chính và trách nhiệm công vụ",
            "Xem kế hoạch, văn bản triển khai Chỉ thị 06/CT-TTg, Chỉ thị 26/CT-TTg, Công điện "
            "968/CĐ-TTg và biên bản hội nghị quán triệt cho cán bộ, công chức.",
        ),
        (
            "Quy chế làm việc, nội quy cơ quan được sửa đổi, bổ sung kịp thời, phù hợp với chức "
            "năng, nhiệm vụ",
            "Đối chiếu quy chế, nội quy với quyết định quy định chức năng, nhiệm vụ mới nhất của "
            "đơn vị; quy chế không còn phù hợp mà chưa sửa đổi, bổ sung là chưa đạt.",
        ),
        (
            "Duy trì chế độ họp định kỳ theo quy chế làm việc",
            "Xem biên bản, thông báo kết luận các cuộc họp giao ban định kỳ trong thời kỳ kiểm "
            "tra, đối chiếu với lịch họp quy chế đề ra.",
        ),
        (
            "Công khai lịch công tác tuần",
            "Xem lịch công tác tuần trên bảng tin, trang thông tin điện tử hoặc phần mềm quản lý "
            "văn bản: có đủ các tuần, đủ lãnh đạo và được cập nhật khi thay đổi.",
        ),
        (
            "Công chức đi công tác, thực hiện công việc đột xuất có báo cáo đầy đủ",
            "Đối chiếu người vắng mặt tại thời điểm kiểm tra với giấy đi công tác, sổ theo dõi "
            "hoặc ý kiến đồng ý của lãnh đạo.",
        ),
        (
            "Chấp hành thời giờ làm việc, không bỏ vị trí việc làm trong giờ làm việc",
            "Điểm danh tại thời điểm kiểm tra đột xuất; người vắng mặt phải có lý do được lãnh đạo "
            "đồng ý. Ghi rõ giờ kiểm tra.",
        ),
        (
            "Thực hiện Quy tắc ứng xử của cán bộ, công chức, viên chức",
            "Quan sát trang phục, việc đeo thẻ công chức, thái độ giao tiếp với người dân; không "
            "sử dụng đồ uống có cồn, không hút thuốc lá nơi công sở.",
        ),
        (
            "Thực hiện nhiệm vụ được giao, ban hành văn bản đúng tiến độ, không để nợ đọng",
            "Đối chiếu danh mục nhiệm vụ được giao (phần mềm theo dõi nhiệm vụ) và chương trình "
            "xây dựng văn bản với thời hạn; đếm văn bản, kết luận ban hành chậm.",
        ),
        (
            "Phối hợp xử lý công việc kịp thời, đúng hạn, có quan điểm rõ ràng",
            "Xem các văn bản xin ý kiến phối hợp và thời gian trả lời; trả lời chậm, chung chung, "
            "né tránh, đùn đẩy là chưa đạt.",
        ),
    ],
    2: [
        (
            "Rà soát, đánh giá TTHC hằng năm; kiến nghị đơn giản hóa, sửa đổi, bãi bỏ TTHC không "
            "phù hợp, phức tạp, phiền hà",
            "Xem kế hoạch và báo cáo rà soát, đánh giá TTHC; số phương án đơn giản hóa đã kiến "
            "nghị và đã được chấp thuận.",
        ),
        (
            "Công bố kịp thời danh mục TTHC mới ban hành, sửa đổi, bổ sung, bãi bỏ",
            "Đối chiếu ngày văn bản quy phạm pháp luật có hiệu lực với ngày quyết định công bố "
            "danh mục TTHC.",
        ),
        (
            "Đánh giá tác động TTHC trong dự thảo văn bản quy phạm pháp luật",
            "Với đơn vị chủ trì soạn thảo: xem bản đánh giá tác động TTHC trong hồ sơ dự thảo.",
        ),
        (
            "Rà soát, đơn giản hóa TTHC nội bộ và công khai trên Cơ sở dữ liệu quốc gia về TTHC",
            "Theo Kế hoạch rà soát, đơn giản hóa TTHC nội bộ giai đoạn 2022-2025: danh mục TTHC "
            "nội bộ đã công khai, phương án đơn giản hóa.",
        ),
        (
            "Không yêu cầu thành phần hồ sơ, giấy tờ ngoài quy định",
            "Chọn ngẫu nhiên hồ sơ đã giải quyết, đối chiếu thành phần hồ sơ với TTHC đã công bố.",
        ),
        (
            "Tiếp nhận, xử lý kịp thời phản ánh, kiến nghị của người dân, doanh nghiệp về quy "
            "định hành chính",
            "Xem sổ hoặc phần mềm tiếp nhận phản ánh, kiến nghị (Cổng Dịch vụ công quốc gia, "
            "đường dây nóng, hòm thư góp ý) và thời gian trả lời.",
        ),
    ],
    3: [
        (
            "Bộ phận một cửa bố trí đủ công chức trực, tiếp nhận hồ sơ đúng giờ",
            "Kiểm tra sự có mặt của công chức theo lịch trực, kể cả ngày làm việc đầu tiên sau kỳ "
            "nghỉ lễ, Tết; chuyên môn phù hợp với lĩnh vực tiếp nhận.",
        ),
        (
            "Phần mềm một cửa (Hệ thống thông tin giải quyết TTHC) hoạt động ổn định",
            "Thử tiếp nhận, tra cứu một hồ sơ trên phần mềm; hỏi công chức về lỗi, thời gian gián "
            "đoạn trong tháng và việc báo cáo lỗi.",
        ),
        (
            "Trang thiết bị tại Bộ phận một cửa (máy scan, máy lấy số tự động, máy tính, màn hình "
            "tra cứu) hoạt động tốt",
            "Kiểm tra trực tiếp từng thiết bị; thiết bị hỏng phải có báo cáo, đề nghị sửa chữa.",
        ),
        (
            "Tiếp nhận, hướng dẫn, chuyển hồ sơ và trả kết quả đúng quy trình, có phiếu hẹn, sổ "
            "theo dõi",
            "Chọn hồ sơ đã tiếp nhận: phiếu hẹn, phiếu kiểm soát quá trình giải quyết, sổ theo "
            "dõi hoặc dữ liệu trên phần mềm.",
        ),
        (
            "Giải quyết hồ sơ đúng hạn; có văn bản xin lỗi khi hồ sơ quá hạn",
            "Tỷ lệ hồ sơ đúng hạn, trễ hạn trong thời kỳ kiểm tra; với hồ sơ trễ hạn, xem văn bản "
            "xin lỗi và hẹn lại ngày trả kết quả.",
        ),
        (
            "Thực hiện cơ chế một cửa liên thông giữa các cơ quan, các cấp theo quy định",
            "Xem danh mục TTHC liên thông, quy trình liên thông và thời gian chuyển hồ sơ giữa các "
            "cơ quan.",
        ),
        (
            "Thái độ tiếp đón thân thiện; lấy ý kiến đánh giá sự hài lòng của người dân, doanh "
            "nghiệp",
            "Quan sát việc tiếp đón; xem kết quả đánh giá mức độ hài lòng (thiết bị, phiếu, phần "
            "mềm) và việc xử lý đánh giá không hài lòng.",
        ),
    ],
    4: [
        (
            "Niêm yết đầy đủ quy trình giải quyết TTHC tại Bộ phận một cửa",
            "Đối chiếu bảng niêm yết, màn hình tra cứu với danh mục TTHC thuộc thẩm quyền; ghi rõ "
            "TTHC nào chưa được niêm yết quy trình.",
        ),
        (
            "Văn bản pháp luật mới được cập nhật, công khai kịp thời",
            "Chọn một số lĩnh vực có văn bản mới có hiệu lực trong thời kỳ kiểm tra: nội dung niêm "
            "yết, công khai đã được bổ sung, cập nhật chưa.",
        ),
        (
            "Công khai tiến độ, kết quả giải quyết hồ sơ; người dân tra cứu được tình trạng hồ sơ",
            "Tra cứu thử một hồ sơ bằng mã hồ sơ trên cổng dịch vụ công hoặc màn hình tại Bộ phận "
            "một cửa.",
        ),
        (
            "Số hóa hồ sơ, kết quả giải quyết TTHC",
            "Tỷ lệ hồ sơ được số hóa khi tiếp nhận và kết quả được số hóa, lưu trữ điện tử; chọn "
            "hồ sơ để kiểm tra.",
        ),
        (
            "Giải quyết TTHC trực tuyến (dịch vụ công trực tuyến) trên Cổng dịch vụ công",
            "Tỷ lệ hồ sơ nộp trực tuyến toàn trình, một phần; hồ sơ trực tuyến được tiếp nhận, xử "
            "lý đúng hạn như hồ sơ giấy.",
        ),
        (
            "Kết nối, chia sẻ dữ liệu phục vụ giải quyết TTHC; không yêu cầu nộp lại giấy tờ đã có "
            "trong cơ sở dữ liệu",
            "Xem việc khai thác Cơ sở dữ liệu quốc gia về dân cư và các cơ sở dữ liệu chuyên ngành "
            "khi giải quyết hồ sơ.",
        ),
        (
            "Sử dụng thường xuyên phần mềm quản lý văn bản, chữ ký số và phần mềm báo cáo trong xử "
            "lý công việc",
            "Tỷ lệ văn bản đi, đến được xử lý trên phần mềm quản lý văn bản (như V.office); số "
            "lãnh đạo, công chức dùng chữ ký số; phần mềm báo cáo được cập nhật đúng hạn.",
        ),
    ],
    5: [
        (
            "Ban hành kế hoạch kiểm tra hằng năm về công vụ, giải quyết TTHC và cung cấp DVC trực "
            "tuyến",
            "Xem kế hoạch kiểm tra năm trong thời kỳ kiểm tra: ngày ban hành, nội dung, đối tượng, "
            "có kiểm tra đột xuất không.",
        ),
        (
            "Tự kiểm tra công vụ, kiểm tra đột xuất đối với các đơn vị trực thuộc",
            "Xem biên bản, thông báo kết quả các cuộc tự kiểm tra; số cuộc theo kế hoạch và đột "
            "xuất.",
        ),
        (
            "Tổng hợp, báo cáo kết quả kiểm tra hằng năm; theo dõi, đôn đốc khắc phục sau kiểm tra",
            "Xem báo cáo kết quả kiểm tra năm và việc theo dõi thực hiện các kiến nghị sau kiểm "
            "tra.",
        ),
        (
            "Xử lý kỷ luật, xử lý trách nhiệm kịp thời cán bộ, công chức, viên chức vi phạm",
            "Đối chiếu các vi phạm đã phát hiện với quyết định kỷ luật, biên bản kiểm điểm; thời "
            "gian từ khi phát hiện đến khi xử lý.",
        ),
        (
            "Thay thế, điều chuyển cán bộ, công chức năng lực yếu, né tránh, đùn đẩy, sợ trách "
            "nhiệm",
            "Theo Công điện 968/CĐ-TTg: xem các trường hợp đã được phát hiện qua kiểm tra và việc "
            "thay thế, điều chuyển sang công việc khác.",
        ),
        (
            "Đánh giá, xếp loại cán bộ, công chức, viên chức gắn với kết quả thực hiện nhiệm vụ và "
            "kết quả kiểm tra",
            "Xem hồ sơ đánh giá, xếp loại chất lượng năm; vi phạm đã phát hiện qua kiểm tra có "
            "được tính đến không.",
        ),
    ],
}


def _order(index: int) -> int:
    return (index + 1) * 10


def create_criteria(apps, schema_editor):
    ContentArea = apps.get_model("inspections", "ContentArea")
    Criterion = apps.get_model("inspections", "Criterion")
    areas = {area.number: area for area in ContentArea.objects.filter(number__in=CRITERIA)}
    for number, items in CRITERIA.items():
        for index, (title, guidance) in enumerate(items):
            Criterion.objects.update_or_create(
                content_area=areas[number],
                title=title,
                defaults={"guidance": guidance, "order": _order(index), "is_active": True},
            )


def remove_criteria(apps, schema_editor):
    """Remove the seeded rows; keep any that a finding or checklist result already cites."""
    Criterion = apps.get_model("inspections", "Criterion")
    for number, items in CRITERIA.items():
        for title, _guidance in items:
            for criterion in Criterion.objects.filter(content_area__number=number, title=title):
                with contextlib.suppress(ProtectedError):
                    criterion.delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0005_criteria")]

    operations = [migrations.RunPython(create_criteria, remove_criteria)]
