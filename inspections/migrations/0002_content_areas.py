"""The five state-management content areas of the TTCP thematic plan of 8/12/2023 (fixed data)."""

from django.db import migrations

AREAS = [
    (
        1,
        "Lãnh đạo, chỉ đạo, ban hành quy định",
        "Việc lãnh đạo, chỉ đạo, ban hành, triển khai thực hiện các quy định của Nhà nước, của đơn "
        "vị về trách nhiệm công vụ của CBCCVC trong giải quyết TTHC, cung cấp DVC cho người dân, "
        "doanh nghiệp trong thời kỳ thanh tra.",
    ),
    (
        2,
        "Kiểm soát thủ tục hành chính",
        "Việc kiểm soát, kiến nghị hoặc ban hành theo thẩm quyền để loại bỏ hoặc chỉnh sửa TTHC "
        "không phù hợp, phức tạp, phiền hà; bổ sung TTHC cần thiết, đáp ứng nhu cầu thực tế.",
    ),
    (
        3,
        "Bộ phận một cửa, cơ chế một cửa liên thông",
        "Việc tổ chức vận hành bộ phận một cửa và việc thực hiện cơ chế một cửa, một cửa liên thông "
        "theo quy định.",
    ),
    (
        4,
        "Công khai, số hóa, giải quyết TTHC trên môi trường điện tử",
        "Việc công bố, công khai TTHC theo quy định; việc thực hiện công khai, minh bạch quá trình "
        "giải quyết; việc số hóa hồ sơ, kết quả giải quyết TTHC; việc giải quyết TTHC trên môi "
        "trường điện tử; việc kết nối, chia sẻ dữ liệu phục vụ giải quyết TTHC.",
    ),
    (
        5,
        "Kiểm tra, đôn đốc, xử lý CBCCVC",
        "Việc kiểm tra, đôn đốc, xử lý đối với CBCCVC trong việc giải quyết TTHC và cung cấp DVC "
        "trực tuyến cho người dân, doanh nghiệp: ban hành kế hoạch kiểm tra hằng năm; kết quả kiểm "
        "tra hằng năm và kết quả xử lý kỷ luật đối với CBCCVC.",
    ),
]


def create_areas(apps, schema_editor):
    ContentArea = apps.get_model("inspections", "ContentArea")
    for number, short_title, title in AREAS:
        ContentArea.objects.update_or_create(
            number=number, defaults={"short_title": short_title, "title": title}
        )


def remove_areas(apps, schema_editor):
    apps.get_model("inspections", "ContentArea").objects.filter(
        number__in=[number for number, _, _ in AREAS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(create_areas, remove_areas)]
