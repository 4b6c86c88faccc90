"""Conclusion demo data: the notices of the source cases, in every state of the workflow.

Runs after the findings demo (`demo.findings.seed_findings`) and takes visits whose field work
is finished (reporting) through the conclusion services, as the users who may: `draft_conclusion`
→ `update_header` / `update_section` → `submit_for_review` → (`return_for_revision` → revise →
`submit_for_review`) → `approve` → `issue`. The team's head or deputy drafts and edits; the unit
head over the issuing body reviews and issues.

- Thanh tra Chính phủ, 2019 (source 003): Thông báo số 1865/TB-TTCP ngày 18/10/2019, the
  conclusion of the administrative-reform (CCHC) check of Kế hoạch 1436/KH-TTCP, signed by Phó
  Tổng Thanh tra Chính phủ Trần Ngọc Liêm. Issued, with its PDF.
- Hà Nội, 2022 (source 002): the city team's notice to UBND phường Hàng Trống (issued, so the
  `donvi` user reads it and its recommendations), and four more in the other states: Sở Giao
  thông vận tải approved and waiting to be issued, Sở Tài nguyên và Môi trường returned with
  the reviewer's comments, UBND phường Điện Biên in review for the second time (returned once,
  revised, resubmitted: the review page shows what changed), Sở Tư pháp a fresh draft exactly as
  the pre-fill wrote it.
- Lấp Vò, December 2023 (source 004): the Tổ kiểm tra công vụ's notices to Phòng Tài nguyên và
  Môi trường (a district office) and to UBND xã Mỹ An Hưng B (the one-stop shop in the
  article's photo), issued in the name of UBND huyện Lấp Vò by its Phó Chủ tịch (demo user
  `lapvo_lanhdao`), with their PDFs.

One notice for eight visits. Notice 1865/TB-TTCP is a single document that concludes the whole
check: the eight units visited from 16 to 25/9/2019 and those checked through their reports. A
`Conclusion` belongs to one visit, so the notice is the conclusion of the last visit of the
check (Vụ Pháp chế, 25/9/2019; the text is drafted once all field work is done) and its text
covers all units, in the source's words. We did not issue one notice per visit: that would need
seven more numbers (1866–1872/TB-TTCP) and dates that never existed, while the source's point is
one number, one date, one signer. The price: the other visits of the check stay in reporting
with no conclusion of their own, and their units see the notice only through oversight.

Wording. The TTCP notice's overview, assessment, good results, shortcomings ("tồn tại, hạn chế")
and requests ("đề nghị các đơn vị …", "đồng thời yêu cầu …", "đối với thường trực Tổ CCHC …")
are the article's sentences, split into lists; obvious typing errors of the article are
corrected (phối hơp, V.offíce, tổng họp, cụ thế, phù họp). Illustrative: the sentence that
introduces the conclusions, the closing formula, the recipients (Nơi nhận). The Lấp Vò notices use
the article's assessment, shortcomings and closing request; the Hà Nội notices that of source
002. Everything else (dates of drafting and review, review comments, numbers other than 1865,
signers other than Trần Ngọc Liêm) is illustrative.

Numbers. `issue` allocates the next number of the issuer and year. Before issuing, the
issuer's `NumberSequence` is raised to the number of its last notice outside the system: 1864
for the TTCP in 2019 (so the notice is 1865), 57 for UBND thành phố Hà Nội in 2022, 435 for UBND
huyện Lấp Vò in 2023. A sequence already past that value is left alone.

Symbols and signatures. `draft_conclusion` derives the symbol from the issuer's abbreviation
(TB-TTCP, and TB-UBND for the people's committees of Hà Nội and Lấp Vò). The signature blocks
are those of the bodies: "KT. TỔNG THANH TRA / PHÓ TỔNG THANH TRA" for the TTCP, "TM. ỦY BAN NHÂN
DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" for the committees.

Dates. `issue` accepts a past date of issue. Every step runs "at" an illustrative moment: the
timestamps of the conclusion (created, submitted, approved, issued), of its review rounds and
comments, of its history rows (and of the visit's, when issuing concludes it) and of the
notifications each step sends are back-dated with plain updates. Those notifications count as
e-mailed at that moment (no mail goes out for a 2019 event), and each is marked read when the
next step happens; what is left unread is what waits for someone now: the Hà Nội reviewer's
request, the returned notice's comments, and the issued notices for the inspected units.

PDFs. `issue` queues the PDF once the transaction commits: in the demo (no broker) the task runs
eagerly right then. After the transaction `seed_conclusions` calls `services.build_pdf` for every
issued notice, which builds what is not yet ready and leaves a ready PDF alone, so a notice is
rendered once whichever way runs first (with a broker, the worker's later run finds it ready).
Storing the PDF saves the conclusion once more; that history row is dated a minute after issue.

Idempotent: a visit that already has a conclusion, in any state, is left alone (someone may have
moved it on in the demo), so running `seed_demo` twice leaves the same rows.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from accounts.models import Notification, Organization, User
from demo.planning import HN_TEAM_NAME, LV_TEAM_NAME, at
from findings.enums import FindingKind
from findings.models import Finding, Recommendation
from inspections.enums import VisitStatus
from inspections.models import Visit
from reporting import services
from reporting.enums import ConclusionStatus, Section
from reporting.models import (
    Conclusion,
    ConclusionSection,
    NumberSequence,
    ReviewComment,
    ReviewRound,
)

TTCP_2019_TEAM_NAME = "Tổ kiểm tra công tác cải cách hành chính năm 2019"

# A section's new text: fixed, or written from the visit and the pre-filled text.
Text = str | Callable[[Visit, str], str]


@dataclass(frozen=True)
class Return:
    """The reviewer sends the notice back; the team revises and (maybe) resubmits."""

    at: datetime
    comments: dict[str, str]
    revisions: dict[str, Text] = field(default_factory=dict)
    revised_at: datetime | None = None
    resubmitted_at: datetime | None = None


@dataclass(frozen=True)
class Notice:
    team: str
    organization: str  # code of the inspected organization
    start: date  # planned start: with team and organization, names the visit
    drafter: str  # user names
    reviewer: str
    drafted_at: datetime
    header: dict[str, str] = field(default_factory=dict)
    sections: dict[str, Text] = field(default_factory=dict)
    submitted_at: datetime | None = None
    returns: tuple[Return, ...] = ()
    approved_at: datetime | None = None
    issued_at: datetime | None = None  # the date of issue is its local date
    numbered_after: int | None = None  # the issuer's last number of that year before this one


# --- Text helpers ---------------------------------------------------------------------------------


def _sentence(text: str) -> str:
    return text.strip().rstrip(".;:").strip()


def _findings_list(visit: Visit, prefilled: str = "") -> str:
    """The shortcomings and violations of the visit, one list item each, with their cause."""
    lines = []
    findings = Finding.objects.filter(visit=visit).exclude(kind=FindingKind.GOOD_PRACTICE)
    for finding in findings.order_by("recorded_at", "pk"):
        line = f"- {_sentence(finding.title)}"
        if finding.description:
            line += f": {_sentence(finding.description)}"
        if finding.cause:
            line += f". Nguyên nhân: {_sentence(finding.cause)}"
        lines.append(line + ";")
    return "\n".join(lines)[:-1] + "." if lines else prefilled


def _recommendations_list(visit: Visit) -> str:
    lines = []
    inspected = visit.inspected_organization_id
    for recommendation in Recommendation.objects.filter(visit=visit).select_related("addressee"):
        line = "- "
        if recommendation.addressee_id != inspected:
            line += f"{recommendation.addressee.name}: "
        line += (
            f"{_sentence(recommendation.action)} (thời hạn: {recommendation.due_date:%d/%m/%Y});"
        )
        lines.append(line)
    return "\n".join(lines)[:-1] + "."


def _recommendations(opening: str, closing: str = "") -> Callable[[Visit, str], str]:
    def write(visit: Visit, prefilled: str) -> str:
        text = f"{opening}\n{_recommendations_list(visit)}"
        return f"{text}\n\n{closing}" if closing else text

    return write


def _before_prefilled(paragraph: str) -> Callable[[Visit, str], str]:
    """A paragraph of assessment above the pre-filled results per content area."""
    return lambda visit, prefilled: f"{paragraph}\n\n{prefilled}"


# --- Thanh tra Chính phủ, 2019: Thông báo 1865/TB-TTCP --------------------------------------------

TTCP_UNITS = (
    "Cục IV, Vụ III, Vụ Giám sát, Thẩm định và Xử lý sau thanh tra, Vụ Hợp tác quốc tế, Vụ Kế "
    "hoạch - Tổng hợp, Tạp chí Thanh tra, Trung tâm Thông tin, Vụ Pháp chế"
)

TTCP_1865 = Notice(
    TTCP_2019_TEAM_NAME,
    "TTCP-VPC",  # the last visit of the check; the notice covers all units (see docstring)
    date(2019, 9, 25),
    drafter="ttcp_totruong",
    reviewer="ttcp_lanhdao",
    drafted_at=at(date(2019, 10, 1), 9),
    header={
        "subject": "Kết luận kiểm tra công tác cải cách hành chính năm 2019 đối với các cục, "
        "vụ, đơn vị thuộc Thanh tra Chính phủ",
        "place": "Hà Nội",
        "signer_name": "Trần Ngọc Liêm",
        "signing_authority": "KT",
        "signing_for": "Tổng Thanh tra",
        "signer_title": "Phó Tổng Thanh tra",
        "recipients": "\n".join(
            [
                "- Tổng Thanh tra Chính phủ (để báo cáo);",
                "- Các Phó Tổng Thanh tra Chính phủ;",
                "- Các cục, vụ, đơn vị thuộc Thanh tra Chính phủ;",
                "- Thành viên Tổ kiểm tra công tác CCHC;",
                "- Lưu: VT, VP.",
            ]
        ),
    },
    sections={
        Section.OVERVIEW: (
            "Thực hiện Kế hoạch số 1436/KH-TTCP ngày 23/8/2019 về kiểm tra công tác CCHC năm "
            "2019 đối với các cục, vụ, đơn vị thuộc Thanh tra Chính phủ, từ ngày 16/9/2019 đến "
            "ngày 25/9/2019, Tổ kiểm tra công tác CCHC đã tiến hành kiểm tra tại 08 đơn vị: "
            f"{TTCP_UNITS}; các đơn vị còn lại kiểm tra qua báo cáo.\n\n"
            "Xét báo cáo kết quả kiểm tra của Tổ kiểm tra công tác CCHC, Phó Tổng Thanh tra "
            "Chính phủ Trần Ngọc Liêm kết luận như sau:"
        ),
        Section.RESULTS: (
            "Theo đánh giá, từ đầu năm đến nay, các đơn vị thuộc Thanh tra Chính phủ đã có nhiều "
            "cố gắng trong việc đổi mới, nâng cao chất lượng, hiệu quả công tác CCHC, góp phần "
            "nâng cao nhận thức, trách nhiệm của từng đơn vị, cán bộ, công chức, viên chức trong "
            "thực hiện công tác CCHC."
        ),
        Section.GOOD_PRACTICES: (
            "- Công tác xây dựng thể chế đã có kết quả tích cực.\n"
            "- Ứng dụng công nghệ thông tin vào hoạt động của đơn vị đã có nhiều chuyển biến, "
            "việc sử dụng công nghệ thông tin trong chỉ đạo, điều hành và tiếp nhận văn bản được "
            "triển khai thực hiện thường xuyên."
        ),
        Section.SHORTCOMINGS: (
            "Ngoài những kết quả đạt được trong việc triển khai thực hiện CCHC vẫn còn một số tồn "
            "tại, hạn chế các đơn vị cần quan tâm khắc phục, đó là:\n"
            "- Thiếu sự đồng bộ trong phối hợp triển khai công việc;\n"
            "- Ban hành văn bản pháp luật, thực hiện các nhiệm vụ Chính phủ, Thủ tướng Chính phủ "
            "giao, ban hành kết luận thanh tra còn chậm;\n"
            "- Ứng dụng công nghệ thông tin trong xử lý công việc, sử dụng phần mềm V.office và "
            "các phần mềm báo cáo, phần mềm Cơ sở dữ liệu quốc gia về khiếu nại, tố cáo còn hạn "
            "chế."
        ),
        Section.RECOMMENDATIONS: (
            "Phó Tổng Thanh tra Chính phủ Trần Ngọc Liêm đề nghị các đơn vị:\n"
            "- Thực hiện có hiệu quả các nhiệm vụ CCHC được giao tại Kế hoạch CCHC hàng năm của "
            "Thanh tra Chính phủ và của đơn vị;\n"
            "- Thường xuyên đôn đốc, kiểm tra đánh giá việc thực hiện các nhiệm vụ lãnh đạo Thanh "
            "tra Chính phủ giao để hạn chế sai sót và bảo đảm tiến độ;\n"
            "- Chủ động xây dựng Kế hoạch CCHC (hoặc lồng ghép trong Kế hoạch công tác) hàng năm "
            "cụ thể, chi tiết, đầy đủ các nội dung, nhiệm vụ CCHC; thường xuyên đôn đốc, kiểm tra "
            "việc thực hiện để bảo đảm hoàn thành 100% các chỉ tiêu, các nhiệm vụ đã đề ra trong "
            "kế hoạch;\n"
            "- Thực hiện báo cáo CCHC đầy đủ nội dung, đúng thời hạn theo đúng quy định;\n"
            "- Đề xuất xây dựng văn bản pháp luật hàng năm cụ thể, khả thi; thường xuyên đôn đốc, "
            "kiểm tra bảo đảm thực hiện 100% chỉ tiêu, tiến độ theo kế hoạch đã phê duyệt, không "
            "để nợ đọng văn bản; hạn chế tối đa việc điều chỉnh kế hoạch;\n"
            "- Tăng cường phối hợp với các đơn vị trong việc cung cấp, trao đổi thông tin, tham "
            "gia xây dựng, góp ý việc xây dựng thể chế, CCHC.\n\n"
            "Phó Tổng Thanh tra Chính phủ đồng thời yêu cầu các đơn vị:\n"
            "- Bố trí, sắp xếp công chức, viên chức theo đúng Đề án vị trí việc làm; thực hiện "
            "đánh giá, phân loại cán bộ công chức, viên chức theo đúng quy định của pháp luật;\n"
            "- Thực hiện nghiêm các quy định trong công tác cán bộ về quản lý công chức, viên "
            "chức; luân chuyển, định kỳ chuyển đổi vị trí công tác;\n"
            "- Đẩy mạnh ứng dụng công nghệ thông tin trong quản lý điều hành tại các đơn vị; cập "
            "nhật đầy đủ, chính xác, kịp thời các phần mềm báo cáo công tác của ngành, phần mềm "
            "theo dõi nhiệm vụ do Chính phủ, Thủ tướng Chính phủ giao;\n"
            "- Tăng cường sử dụng phần mềm quản lý, điều hành văn bản điện tử, chữ ký số trong "
            "công tác báo cáo và xử lý công việc, đảm bảo 100% Thủ trưởng đơn vị và công chức, "
            "viên chức của đơn vị thường xuyên sử dụng.\n\n"
            "Các đơn vị được giao thực hiện nhiệm vụ do Chính phủ, Thủ tướng Chính phủ giao trong "
            "trường hợp không thực hiện đúng tiến độ, phải chủ động đề xuất, xin ý kiến Lãnh đạo "
            "Thanh tra Chính phủ phụ trách, phối hợp với Vụ Kế hoạch - Tổng hợp kiến nghị điều "
            "chỉnh thời hạn thực hiện."
        ),
        Section.IMPLEMENTATION: (
            "Đối với thường trực Tổ CCHC, Phó Tổng Thanh tra Chính phủ Trần Ngọc Liêm yêu cầu:\n"
            "- Phải chủ động, tích cực kiểm tra, theo dõi, đôn đốc và thống kê báo cáo tình hình "
            "và kết quả thực hiện các nội dung, nhiệm vụ CCHC, định kỳ tổng hợp báo cáo Lãnh đạo "
            "Thanh tra Chính phủ về tiến độ, kết quả thực hiện tại các cuộc họp giao ban;\n"
            "- Hướng dẫn các đơn vị nắm rõ những yêu cầu của công tác CCHC gắn với chức năng, "
            "nhiệm vụ của đơn vị, ban hành văn bản hướng dẫn cụ thể về cơ chế tài chính, nguồn "
            "lực cho công tác CCHC đối với đơn vị sự nghiệp;\n"
            "- Sửa đổi một số tiêu chí không phù hợp trong Bộ Chỉ số CCHC áp dụng đối với cục, "
            "vụ, đơn vị thuộc Thanh tra Chính phủ tại Quyết định số 1030/QĐ-TTCP ngày 06/12/2018; "
            "hướng dẫn, triển khai đánh giá xếp hạng chỉ số CCHC hàng năm đối với các đơn vị.\n\n"
            "Thanh tra Chính phủ thông báo để các đơn vị biết, thực hiện./."
        ),
    },
    submitted_at=at(date(2019, 10, 8), 15),
    approved_at=at(date(2019, 10, 17), 16),
    issued_at=at(date(2019, 10, 18), 10),
    numbered_after=1864,
)


# --- Hà Nội, 2022: the city team's notices -------------------------------------------------------

HN_SIGNER = {
    "signer_name": "Trần Quốc Bảo",
    "signing_authority": "TM",
    "signing_for": "Ủy ban nhân dân",
    "signer_title": "KT. Chủ tịch\nPhó Chủ tịch",
}
HN_BASIS = (
    "Căn cứ Chỉ thị số 06/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ về tăng cường kỷ luật, "
    "kỷ cương trong các cơ quan hành chính nhà nước các cấp; thực hiện Kế hoạch số 18/KH-UBND "
    "ngày 17/01/2022 của UBND thành phố Hà Nội về kiểm tra công vụ năm 2022, "
)
HN_TEAM = (
    "Đoàn kiểm tra công vụ thành phố Hà Nội (thành lập theo Quyết định số 285/QĐ-UBND ngày "
    "20/01/2022 của Chủ tịch UBND thành phố)"
)
HN_SURPRISE_CHECK = (
    "đã kiểm tra đột xuất, không báo trước việc chấp hành kỷ luật, kỷ cương hành chính, thời giờ "
    "làm việc và việc tiếp nhận, giải quyết thủ tục hành chính tại"
)
HN_REPORT = (
    "báo cáo kết quả, kèm minh chứng, về Đoàn kiểm tra công vụ thành phố (qua Sở Nội vụ) trên hệ "
    "thống Công Vụ đúng thời hạn"
)


def _hn_recipients(*first: str) -> str:
    return "\n".join(
        [
            *(f"- {name};" for name in first),
            "- Chủ tịch UBND Thành phố (để báo cáo);",
            "- Sở Nội vụ (Thường trực Đoàn kiểm tra công vụ);",
            "- Lưu: VT, Đoàn KTCV.",
        ]
    )


def _hn_header(subject: str, *recipients: str) -> dict[str, str]:
    return {
        "subject": subject,
        "place": "Hà Nội",
        **HN_SIGNER,
        "recipients": _hn_recipients(*recipients),
    }


HN_HANG_TRONG = Notice(
    HN_TEAM_NAME,
    "HN-P-HANGTRONG",
    date(2022, 2, 7),
    drafter="truongdoan",
    reviewer="thutruong",
    drafted_at=at(date(2022, 2, 9), 9),
    header=_hn_header(
        "Kết luận kiểm tra đột xuất công vụ tại UBND phường Hàng Trống, quận Hoàn Kiếm",
        "UBND phường Hàng Trống",
        "UBND quận Hoàn Kiếm",
    ),
    sections={
        Section.OVERVIEW: (
            f"{HN_BASIS}ngày 07/02/2022 (ngày làm việc đầu tiên sau kỳ nghỉ Tết Nguyên đán Nhâm "
            f"Dần), {HN_TEAM} {HN_SURPRISE_CHECK} UBND phường Hàng Trống, quận Hoàn Kiếm."
        ),
        Section.RESULTS: _before_prefilled(
            "Tại thời điểm kiểm tra, cán bộ, công chức UBND phường có mặt đầy đủ, chấp hành "
            "nghiêm thời giờ làm việc; Bộ phận tiếp nhận và trả kết quả có công chức trực, tiếp "
            "nhận hồ sơ của người dân. Kết quả theo từng nội dung kiểm tra:"
        ),
        Section.SHORTCOMINGS: _findings_list,
        Section.RECOMMENDATIONS: _recommendations(
            "Đoàn kiểm tra đề nghị Chủ tịch UBND phường Hàng Trống chỉ đạo:",
            "Bộ phận “một cửa” cần chú ý ngay từ khâu tiếp đón phải thể hiện được sự thân thiện "
            "giữa chính quyền với người dân, doanh nghiệp.",
        ),
        Section.IMPLEMENTATION: (
            "Yêu cầu Chủ tịch UBND phường Hàng Trống tổ chức rút kinh nghiệm, thực hiện các kiến "
            f"nghị nêu trên và {HN_REPORT}. Giao UBND quận Hoàn Kiếm theo dõi, đôn đốc việc thực "
            "hiện."
        ),
    },
    submitted_at=at(date(2022, 2, 10), 15),
    approved_at=at(date(2022, 2, 17), 10),
    issued_at=at(date(2022, 2, 18), 14),
    numbered_after=57,
)

# Returned once with a comment on the recommendations, revised and resubmitted: in review.
HN_DIEN_BIEN = Notice(
    HN_TEAM_NAME,
    "HN-P-DIENBIEN",
    date(2022, 2, 8),
    drafter="truongdoan",
    reviewer="thutruong",
    drafted_at=at(date(2022, 2, 10), 9),
    header=_hn_header(
        "Kết luận kiểm tra đột xuất công vụ tại UBND phường Điện Biên, quận Ba Đình",
        "UBND phường Điện Biên",
        "UBND quận Ba Đình",
    ),
    sections={
        Section.OVERVIEW: (
            f"{HN_BASIS}ngày 08/02/2022, {HN_TEAM} {HN_SURPRISE_CHECK} UBND phường Điện Biên, "
            "quận Ba Đình."
        ),
        Section.SHORTCOMINGS: _findings_list,
        Section.RECOMMENDATIONS: _recommendations(
            "Đoàn kiểm tra đề nghị Chủ tịch UBND phường Điện Biên chỉ đạo:"
        ),
        Section.IMPLEMENTATION: (
            "Yêu cầu Chủ tịch UBND phường Điện Biên thực hiện các kiến nghị nêu trên và "
            f"{HN_REPORT}."
        ),
    },
    submitted_at=at(date(2022, 2, 11), 16),
    returns=(
        Return(
            at=at(date(2022, 2, 16), 9, 30),
            comments={
                Section.RECOMMENDATIONS: (
                    "Nêu rõ UBND phường gửi thống kê lỗi phần mềm “một cửa” dùng chung về đâu để "
                    "được khắc phục dứt điểm; lỗi này gặp ở nhiều đơn vị, không riêng phường."
                )
            },
            revisions={
                Section.RECOMMENDATIONS: _recommendations(
                    "Đoàn kiểm tra đề nghị Chủ tịch UBND phường Điện Biên chỉ đạo:",
                    "UBND phường Điện Biên gửi thống kê lỗi của phần mềm “một cửa” dùng chung về "
                    "Sở Thông tin và Truyền thông, đồng gửi Sở Nội vụ, để phối hợp với đơn vị "
                    "cung cấp phần mềm khắc phục dứt điểm, bảo đảm việc giải quyết hồ sơ qua môi "
                    "trường mạng suôn sẻ, hiệu quả.",
                )
            },
            revised_at=at(date(2022, 2, 17), 8, 30),
            resubmitted_at=at(date(2022, 2, 17), 9),
        ),
    ),
)

HN_GIAO_THONG = Notice(
    HN_TEAM_NAME,
    "HN-SGTVT",
    date(2022, 3, 9),
    drafter="truongdoan",
    reviewer="thutruong",
    drafted_at=at(date(2022, 3, 11), 9),
    header=_hn_header(
        "Kết luận kiểm tra đột xuất công vụ tại Sở Giao thông vận tải", "Sở Giao thông vận tải"
    ),
    sections={
        Section.OVERVIEW: f"{HN_BASIS}ngày 09/03/2022, {HN_TEAM} {HN_SURPRISE_CHECK} Sở Giao "
        "thông vận tải.",
        Section.SHORTCOMINGS: _findings_list,
        Section.RECOMMENDATIONS: _recommendations(
            "Đoàn kiểm tra đề nghị Giám đốc Sở Giao thông vận tải:"
        ),
        Section.IMPLEMENTATION: (
            f"Yêu cầu Giám đốc Sở Giao thông vận tải thực hiện các kiến nghị nêu trên và "
            f"{HN_REPORT}."
        ),
    },
    submitted_at=at(date(2022, 3, 14), 15),
    approved_at=at(date(2022, 3, 18), 10),
)

HN_TAI_NGUYEN = Notice(
    HN_TEAM_NAME,
    "HN-STNMT",
    date(2022, 9, 13),
    drafter="truongdoan",
    reviewer="thutruong",
    drafted_at=at(date(2022, 9, 15), 9),
    header=_hn_header(
        "Kết luận kiểm tra đột xuất công vụ tại Sở Tài nguyên và Môi trường",
        "Sở Tài nguyên và Môi trường",
        "Văn phòng đăng ký đất đai Hà Nội",
    ),
    sections={
        Section.OVERVIEW: f"{HN_BASIS}ngày 13/9/2022, {HN_TEAM} {HN_SURPRISE_CHECK} Sở Tài "
        "nguyên và Môi trường và Văn phòng đăng ký đất đai Hà Nội trực thuộc Sở.",
        Section.SHORTCOMINGS: _findings_list,
        Section.RECOMMENDATIONS: _recommendations(
            "Đoàn kiểm tra đề nghị Giám đốc Sở Tài nguyên và Môi trường chỉ đạo:"
        ),
    },
    submitted_at=at(date(2022, 9, 16), 15),
    returns=(
        Return(
            at=at(date(2022, 9, 21), 10),
            comments={
                Section.SHORTCOMINGS: (
                    "Nêu rõ thiết bị hỏng từ khi nào và Văn phòng đăng ký đất đai đã báo cáo, đề "
                    "nghị sửa chữa hay chưa."
                ),
                Section.RECOMMENDATIONS: (
                    "Bổ sung trách nhiệm của Sở trong việc bố trí kinh phí sửa chữa, thay thế "
                    "thiết bị tại Bộ phận một cửa."
                ),
            },
        ),
    ),
)

# Just drafted: the text exactly as the pre-fill wrote it from the visit's records.
HN_TU_PHAP = Notice(
    HN_TEAM_NAME,
    "HN-STP",
    date(2022, 2, 8),
    drafter="truongdoan",
    reviewer="thutruong",
    drafted_at=at(date(2022, 2, 10), 14),
)


# --- Lấp Vò, December 2023: the Tổ kiểm tra công vụ's notices -------------------------------------

LV_BASIS = (
    "Thực hiện Chỉ thị số 06/CT-TTg ngày 05 tháng 9 năm 2016 của Thủ tướng Chính phủ về tăng "
    "cường kỷ luật, kỷ cương trong các cơ quan hành chính nhà nước các cấp; Chỉ thị số 26/CT-TTg "
    "ngày 20 tháng 10 năm 2023 của Thủ tướng Chính phủ về việc tiếp tục chấn chỉnh, tăng cường "
    "công tác thanh tra, kiểm tra, giám sát hoạt động công vụ; Quyết định số 94/QĐ-UBND.TL ngày "
    "04/12/2023 của UBND huyện về việc thành lập Tổ kiểm tra công vụ đối với các cơ quan, đơn vị "
    "và UBND xã, thị trấn, "
)
LV_DIRECTIVE_06 = (
    "Tuy nhiên, việc triển khai quán triệt cho cán bộ, công chức thực hiện Chỉ thị số 06/CT-TTg "
    "ngày 05 tháng 9 năm 2016 của Thủ tướng Chính phủ về tăng cường kỷ luật, kỷ cương vẫn còn "
    "một số hạn chế như:"
)
LV_IMPROVE = (
    "nghiêm túc rút kinh nghiệm và khắc phục để trong thời gian tới tổ chức thực thi công vụ đạt "
    "hiệu quả cao:"
)
LV_IMPLEMENT = (
    "báo cáo kết quả khắc phục, kèm minh chứng, về UBND huyện (qua Phòng Nội vụ) trên hệ thống "
    "Công Vụ đúng thời hạn; tránh để xảy ra trường hợp cán bộ, công chức vi phạm trong hoạt động "
    "công vụ đến mức phải xem xét, xử lý kỷ luật."
)
LV_HEADER = {
    "place": "Lấp Vò",
    "signer_name": "Huỳnh Thanh Tâm",
    "signing_authority": "TM",
    "signing_for": "Ủy ban nhân dân",
    "signer_title": "KT. Chủ tịch\nPhó Chủ tịch",
}


def _lv_recipients(addressee: str) -> str:
    return "\n".join(
        [
            f"- {addressee};",
            "- Chủ tịch, các Phó Chủ tịch UBND huyện;",
            "- Thành viên Tổ kiểm tra công vụ huyện;",
            "- Phòng Nội vụ huyện;",
            "- Lưu: VT.",
        ]
    )


def _with_findings(opening: str) -> Callable[[Visit, str], str]:
    return lambda visit, prefilled: f"{opening}\n{_findings_list(visit, prefilled)}"


LV_TAI_NGUYEN = Notice(
    LV_TEAM_NAME,
    "DT-LV-PTNMT",
    date(2023, 12, 12),
    drafter="lapvo_totruong",
    reviewer="lapvo_lanhdao",
    drafted_at=at(date(2023, 12, 13), 8),
    header={
        **LV_HEADER,
        "subject": "Kết luận kiểm tra công vụ của Tổ kiểm tra công vụ huyện tại Phòng Tài "
        "nguyên và Môi trường",
        "recipients": _lv_recipients("Phòng Tài nguyên và Môi trường huyện"),
    },
    sections={
        Section.OVERVIEW: (
            f"{LV_BASIS}ngày 12/12/2023, Tổ kiểm tra công vụ huyện đã kiểm tra theo kế hoạch "
            "việc chấp hành nội quy, quy chế làm việc, giờ giấc làm việc và Quy tắc ứng xử của "
            "cán bộ, công chức, viên chức tại Phòng Tài nguyên và Môi trường huyện."
        ),
        Section.RESULTS: _before_prefilled(
            "Qua kiểm tra, nhìn chung Phòng chấp hành khá tốt giờ giấc làm việc, quy định của "
            "pháp luật và đạo đức nghề nghiệp trong thực thi nhiệm vụ, công vụ; chưa phát hiện "
            "trường hợp vi phạm Quy tắc ứng xử của cán bộ, công chức, viên chức và người lao "
            "động, vi phạm giờ giấc làm việc hoặc những hành vi tiêu cực trong thực thi công vụ "
            "phải tiến hành xử lý theo quy định."
        ),
        Section.SHORTCOMINGS: _with_findings(LV_DIRECTIVE_06),
        Section.RECOMMENDATIONS: _recommendations(
            f"Tổ kiểm tra đề nghị Trưởng phòng Tài nguyên và Môi trường {LV_IMPROVE}"
        ),
        Section.IMPLEMENTATION: (
            f"Yêu cầu Trưởng phòng Tài nguyên và Môi trường tổ chức thực hiện, {LV_IMPLEMENT}"
        ),
    },
    submitted_at=at(date(2023, 12, 14), 14),
    approved_at=at(date(2023, 12, 18), 9),
    issued_at=at(date(2023, 12, 18), 15),
    numbered_after=435,
)

LV_MY_AN_HUNG_B = Notice(
    LV_TEAM_NAME,
    "DT-LV-MAHB",
    date(2023, 12, 14),
    drafter="lapvo_totruong",
    reviewer="lapvo_lanhdao",
    drafted_at=at(date(2023, 12, 15), 8),
    header={
        **LV_HEADER,
        "subject": "Kết luận kiểm tra công vụ đột xuất của Tổ kiểm tra công vụ huyện tại UBND "
        "xã Mỹ An Hưng B",
        "recipients": _lv_recipients("UBND xã Mỹ An Hưng B"),
    },
    sections={
        Section.OVERVIEW: (
            f"{LV_BASIS}ngày 14/12/2023, Tổ kiểm tra công vụ huyện đã kiểm tra đột xuất tại Bộ "
            "phận tiếp nhận và trả kết quả UBND xã Mỹ An Hưng B."
        ),
        Section.RESULTS: _before_prefilled(
            "Qua kiểm tra, nhìn chung UBND xã chấp hành khá tốt nội quy, quy chế, giờ giấc làm "
            "việc, quy định của pháp luật và đạo đức nghề nghiệp trong thực thi nhiệm vụ, công "
            "vụ; Bộ phận tiếp nhận và trả kết quả bố trí đủ công chức, niêm yết đầy đủ thủ tục "
            "hành chính, tiếp đón người dân chu đáo. Chưa phát hiện trường hợp vi phạm Quy tắc "
            "ứng xử của cán bộ, công chức, viên chức và người lao động, vi phạm giờ giấc làm việc "
            "hoặc những hành vi tiêu cực trong thực thi công vụ phải tiến hành xử lý theo quy định."
        ),
        Section.SHORTCOMINGS: _with_findings(LV_DIRECTIVE_06),
        Section.RECOMMENDATIONS: _recommendations(
            f"Tổ kiểm tra đề nghị Chủ tịch UBND xã Mỹ An Hưng B {LV_IMPROVE}"
        ),
        Section.IMPLEMENTATION: (
            f"Yêu cầu Chủ tịch UBND xã Mỹ An Hưng B tổ chức thực hiện, {LV_IMPLEMENT}"
        ),
    },
    submitted_at=at(date(2023, 12, 18), 10),
    approved_at=at(date(2023, 12, 20), 9),
    issued_at=at(date(2023, 12, 20), 15),
    numbered_after=435,
)

# In order of issue within each issuer, so numbers follow dates.
NOTICES = [
    TTCP_1865,
    HN_HANG_TRONG,
    HN_DIEN_BIEN,
    HN_GIAO_THONG,
    HN_TAI_NGUYEN,
    HN_TU_PHAP,
    LV_TAI_NGUYEN,
    LV_MY_AN_HUNG_B,
]


# --- Writing --------------------------------------------------------------------------------------

# What each step creates, and the timestamps to move back to the step's moment.
_STEP_ROWS = {
    Conclusion.history.model: ["history_date"],
    ConclusionSection.history.model: ["history_date"],
    Visit.history.model: ["history_date"],
    ReviewRound: ["submitted_at"],
    ReviewComment: ["created_at"],
    Notification: ["created_at", "emailed_at"],
}


def _last_pk(model) -> int:
    return model._default_manager.aggregate(last=Max("pk"))["last"] or 0


@contextmanager
def _step(conclusion_pk: int | None, moment: datetime) -> Iterator[None]:
    """Run one step "at" `moment`: back-date the rows it creates (plain updates: no history
    row, no auto_now), and mark read what earlier steps notified about this conclusion."""
    if conclusion_pk is not None:
        url = reverse("reporting:conclusion_detail", args=[conclusion_pk])
        Notification.objects.filter(url=url, read_at__isnull=True).update(read_at=moment)
    marks = {model: _last_pk(model) for model in _STEP_ROWS}
    yield
    for model, names in _STEP_ROWS.items():
        model._default_manager.filter(pk__gt=marks[model]).update(**dict.fromkeys(names, moment))


def _back_date(conclusion: Conclusion, **timestamps) -> None:
    Conclusion.objects.filter(pk=conclusion.pk).update(**timestamps)


def _raise_sequence(issuer: Organization, year: int, last: int) -> None:
    """The issuer's numbers of that year before this notice were given outside the system."""
    sequence, _created = NumberSequence.objects.get_or_create(issuer=issuer, year=year)
    if sequence.last_number < last:
        NumberSequence.objects.filter(pk=sequence.pk).update(last_number=last)


class _Writer:
    def __init__(self, users: dict[str, User]):
        self.users = users
        self.created: set[int] = set()  # conclusions created by this run

    def visit(self, spec: Notice) -> Visit:
        return Visit.objects.select_related("inspected_organization").get(
            team__name=spec.team,
            inspected_organization__code=spec.organization,
            planned_start=spec.start,
        )

    def seed(self, spec: Notice) -> Conclusion | None:
        visit = self.visit(spec)
        existing = Conclusion.objects.filter(visit=visit).order_by("pk").first()
        if existing is not None:
            return existing  # seeded before, or moved on by someone in the demo
        if visit.status != VisitStatus.REPORTING:
            return None  # field work not finished (or the visit was cancelled)
        drafter, reviewer = self.users[spec.drafter], self.users[spec.reviewer]

        with _step(None, spec.drafted_at):
            conclusion = services.draft_conclusion(drafter, visit)
        self.created.add(conclusion.pk)
        _back_date(conclusion, created_at=spec.drafted_at)
        if spec.header or spec.sections:
            with _step(conclusion.pk, spec.drafted_at + timedelta(hours=2)):
                if spec.header:
                    conclusion = services.update_header(
                        drafter, conclusion, version=conclusion.version, **spec.header
                    )
                self.write_sections(drafter, conclusion, spec.sections)
        if spec.submitted_at is None:
            return conclusion

        conclusion = self.submit(drafter, conclusion, spec.submitted_at)
        for returned in spec.returns:
            with _step(conclusion.pk, returned.at):
                conclusion = services.return_for_revision(
                    reviewer, conclusion, comments=dict(returned.comments)
                )
            if returned.revisions:
                with _step(conclusion.pk, returned.revised_at or returned.at):
                    self.write_sections(drafter, conclusion, returned.revisions)
            if returned.resubmitted_at is None:
                return conclusion
            conclusion = self.submit(drafter, conclusion, returned.resubmitted_at)
        if spec.approved_at is None:
            return conclusion

        with _step(conclusion.pk, spec.approved_at):
            conclusion = services.approve(reviewer, conclusion)
        _back_date(conclusion, approved_at=spec.approved_at)
        if spec.issued_at is None:
            return conclusion

        issued_on = spec.issued_at.date()
        if spec.numbered_after is not None:
            _raise_sequence(conclusion.issuer, issued_on.year, spec.numbered_after)
        with _step(conclusion.pk, spec.issued_at):
            conclusion = services.issue(reviewer, conclusion, issued_on=issued_on)
        _back_date(conclusion, issued_at=spec.issued_at)
        return conclusion

    def submit(self, drafter: User, conclusion: Conclusion, moment: datetime) -> Conclusion:
        with _step(conclusion.pk, moment):
            conclusion = services.submit_for_review(drafter, conclusion)
        _back_date(conclusion, submitted_at=moment)
        return conclusion

    def write_sections(self, user: User, conclusion: Conclusion, texts: dict[str, Text]) -> None:
        current = {section.key: section.body for section in conclusion.sections.all()}
        for key, text in texts.items():
            body = text(conclusion.visit, current[key]) if callable(text) else text
            if body.strip() != current[key].strip():
                services.update_section(user, conclusion, key=key, body=body, original=current[key])


@dataclass
class ConclusionsDemo:
    conclusions: list[Conclusion] = field(default_factory=list)
    pdf_failures: list[str] = field(default_factory=list)

    @property
    def issued(self) -> list[Conclusion]:
        return [c for c in self.conclusions if c.status == ConclusionStatus.ISSUED]

    def count(self, status: str) -> int:
        return sum(1 for c in self.conclusions if c.status == status)


def seed_conclusions(organizations: dict[str, Organization], users) -> ConclusionsDemo:
    """Create the demo conclusions (one transaction), then make sure every issued one has its
    PDF; `users` is a list or a dict by user name."""
    if not isinstance(users, dict):
        users = {user.username: user for user in users}
    writer = _Writer(users)
    with transaction.atomic():
        seeded = [writer.seed(spec) for spec in NOTICES]
    # After the commit: in the demo the queued task has already built each new PDF and
    # build_pdf leaves a ready one alone; with a broker, this builds it now and the worker's
    # later run finds it ready.
    demo = ConclusionsDemo()
    for conclusion in seeded:
        if conclusion is None:
            continue
        if conclusion.status == ConclusionStatus.ISSUED:
            try:
                services.build_pdf(conclusion.pk)
            except Exception as error:  # the notice stays issued; its PDF can be rebuilt
                demo.pdf_failures.append(f"{conclusion.reference}: {error}")
            if conclusion.pk in writer.created:
                _back_date_pdf_build(conclusion)
        demo.conclusions.append(Conclusion.objects.select_related("visit").get(pk=conclusion.pk))
    return demo


def _back_date_pdf_build(conclusion: Conclusion) -> None:
    """Storing the PDF saved the conclusion once more: date that history row a minute after
    the issue, as if the PDF had been built then."""
    built = Conclusion.objects.values_list("issued_at", flat=True).get(pk=conclusion.pk)
    built += timedelta(minutes=1)
    Conclusion.history.filter(id=conclusion.pk, history_date__gt=built).update(history_date=built)
