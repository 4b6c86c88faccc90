"""The notice and the consolidated report as Nghị định 30/2020/NĐ-CP wants them: signing
authority, place name and symbol of the body, the issuer's full name, "-" lists, the end mark
"./.", the national title on one line, margins of 15–20 mm (right) and 30–35 mm (left), whatever
fonts the host has. Positions are read back from the real PDF (tests/pdf_layout.py)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from inspections.services import finish_fieldwork, start_visit
from reporting import services
from reporting.dashboard import ReportFilters
from reporting.exports import render_report_pdf

from .pdf_layout import left_margin_mm, pdf_lines, right_margin_mm
from .test_conclusion_pdf import (
    ISSUED_ON,
    NATIONAL_TITLE,
    approved_conclusion,
    base_fonts,
    local_media,  # noqa: F401 (fixture)
    no_queue,  # noqa: F401 (fixture)
    read_pdf,
)

LAST_WORDS = "Đề nghị các cơ quan, đơn vị nghiêm túc thực hiện"


def notice_pdf(world, visit, **header) -> bytes:
    """Draft, review, sign as `header` says, issue and build the PDF of a visit's notice."""
    conclusion = approved_conclusion(
        world,
        visit,
        recommendations=["Niêm yết đầy đủ thủ tục hành chính tại bộ phận một cửa."],
    )
    if header:
        conclusion.status = "draft"  # back to the team to sign differently, through the service
        conclusion.save(update_fields=["status"])
        conclusion = services.update_header(
            world.team_lead, conclusion, version=conclusion.version, **header
        )
        services.submit_for_review(world.team_lead, conclusion)
        conclusion = services.approve(world.hanoi_head, conclusion)
    section = conclusion.sections.get(key="implementation")
    if not section.body.strip():
        section.body = LAST_WORDS
        section.save(update_fields=["body"])
    conclusion = services.issue(world.hanoi_head, conclusion, issued_on=ISSUED_ON)
    return read_pdf(services.build_pdf(conclusion.pk))


def draft_of(world, visit):
    start_visit(world.team_lead, visit)
    finish_fieldwork(world.team_lead, visit)
    return services.draft_conclusion(world.team_lead, visit)


def texts(data: bytes) -> list[str]:
    return [line.text for line in pdf_lines(data)]


@pytest.fixture
def kt_notice(world, planning, local_media, no_queue) -> bytes:  # noqa: F811
    return notice_pdf(
        world,
        planning.scheduled,
        signing_authority="TM",
        signing_for="Ủy ban nhân dân",
        signer_title="KT. Chủ tịch\r\nPhó Chủ tịch",
        signer_name="Trần Quốc Bảo",
    )


# --- Signing authority (item 6) ------------------------------------------------------------------


def test_the_signature_block_prints_the_authority_over_a_title_of_two_lines(kt_notice):
    lines = texts(kt_notice)
    at = lines.index("TM. ỦY BAN NHÂN DÂN")
    assert lines[at : at + 3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert "Trần Quốc Bảo" in lines[at + 3 :]
    by_text = {line.text: line for line in pdf_lines(kt_notice)}
    # room for the signature and the seal: at least 2 cm between the title and the name
    gap = by_text["Trần Quốc Bảo"].y_min - by_text["PHÓ CHỦ TỊCH"].y_min
    assert gap > 56


def test_the_ttcp_signs_for_the_inspector_general_without_wrapping_mid_phrase(world, planning):
    conclusion = draft_of(world, planning.scheduled)
    conclusion = services.update_header(
        world.team_lead,
        conclusion,
        version=conclusion.version,
        signing_authority="KT",
        signing_for="Tổng Thanh tra",
        signer_title="Phó Tổng Thanh tra",
    )
    assert conclusion.signature_lines == ["KT. TỔNG THANH TRA", "PHÓ TỔNG THANH TRA"]


@pytest.mark.parametrize(
    "header, field",
    [
        ({"signer_title": "KT. Chủ tịch\nPhó Chủ tịch\nỦy viên"}, "signer_title"),
        ({"signing_authority": "KT", "signing_for": ""}, "signing_for"),
        ({"signing_authority": "", "signing_for": "Tổng Thanh tra"}, "signing_authority"),
    ],
)
def test_an_incomplete_signature_block_is_refused_and_nothing_changes(
    world, planning, header, field
):
    conclusion = draft_of(world, planning.scheduled)
    with pytest.raises(ValidationError) as refused:
        services.update_header(world.team_lead, conclusion, version=conclusion.version, **header)
    assert field in refused.value.message_dict
    conclusion.refresh_from_db()
    assert (conclusion.version, conclusion.signer_title, conclusion.signing_for) == (1, "", "")


def test_the_api_refuses_a_three_line_title_in_vietnamese(world, planning):
    conclusion = draft_of(world, planning.scheduled)
    api = APIClient()
    api.force_authenticate(world.team_lead)
    response = api.patch(
        f"/api/v1/conclusions/{conclusion.pk}/",
        {"version": 1, "signer_title": "Một\nHai\nBa"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "một hoặc hai dòng" in response.content.decode()
    conclusion.refresh_from_db()
    assert conclusion.signer_title == "" and conclusion.version == 1


def test_the_page_keeps_a_title_of_two_lines_and_shows_the_authority(client, world, planning):
    conclusion = draft_of(world, planning.scheduled)
    client.force_login(world.team_lead)
    response = client.post(
        reverse("reporting:conclusion_header", args=[conclusion.pk]),
        {
            "version": 1,
            "subject": conclusion.subject,
            "symbol": conclusion.symbol,
            "place": conclusion.place,
            "signing_authority": "TM",
            "signing_for": "Ủy ban nhân dân",
            "signer_title": "KT. Chủ tịch\r\nPhó Chủ tịch",
            "signer_name": "Trần Quốc Bảo",
            "recipients": conclusion.recipients,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    conclusion.refresh_from_db()
    assert conclusion.signer_title == "KT. Chủ tịch\nPhó Chủ tịch"
    page = client.get(reverse("reporting:conclusion_detail", args=[conclusion.pk])).content.decode()
    assert "TM. ỦY BAN NHÂN DÂN" in page and "KT. CHỦ TỊCH" in page


# --- Place name, symbol, the issuer's name (items 7 and 9) --------------------------------------


def test_a_district_body_issues_from_its_own_place_with_the_symbol_of_its_name(world, planning):
    issuer = services.issuer_of(planning.dong_thap_visit)
    assert issuer == world.lap_vo
    assert services._place_for(issuer) == "Lấp Vò"
    assert services._symbol_for(issuer) == "TB-UBND"
    assert services._place_for(world.my_an_hung_b) == "Mỹ An Hưng B"
    assert services._place_for(world.hoan_kiem) == "Hoàn Kiếm"
    assert services._place_for(world.hanoi_home_affairs) == "Hà Nội"
    assert (services._place_for(world.ttcp), services._symbol_for(world.ttcp)) == (
        "Hà Nội",
        "TB-TTCP",
    )


def test_a_place_name_and_abbreviation_set_on_the_body_win(world):
    world.lap_vo.place_name = "Lấp Vò, Đồng Tháp"
    world.ttcp_planning.abbreviation = "Vụ KH-TH"
    assert services._place_for(world.lap_vo) == "Lấp Vò, Đồng Tháp"
    # the place of a unit falls back to its body's, and a symbol never keeps a diacritic
    assert services._place_for(world.ttcp_planning) == "Hà Nội"
    assert services._symbol_for(world.ttcp_planning, "BC") == "BC-VUKH-TH"


def test_the_notice_names_its_issuer_in_full_lists_with_dashes_and_ends_with_the_end_mark(
    kt_notice,
):
    lines = texts(kt_notice)
    text = " ".join(lines)
    assert text.startswith("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI")
    assert "UBND THÀNH PHỐ HÀ NỘI" not in text
    assert "Số: 01/TB-UBND" in text
    assert "•" not in text
    assert any(line.startswith("- UBND quận Hoàn Kiếm: Niêm yết đầy đủ") for line in lines)
    body_end = lines.index("Nơi nhận:")
    assert lines[body_end - 1].endswith("./."), lines[body_end - 3 : body_end]


# --- The font and the page (items 8 and 9) ------------------------------------------------------


DOCUMENTS = pytest.mark.parametrize("document", ["kt_notice", "seeded_report"])


@DOCUMENTS
def test_the_national_title_is_one_line_in_the_shipped_font(request, document):
    data = request.getfixturevalue(document)
    assert NATIONAL_TITLE in texts(data)  # a line of its own, not wrapped
    for name in base_fonts(PdfReader(io.BytesIO(data))):
        family = name.lstrip("/").split("+")[-1].replace("-", "")
        assert family.startswith("CongVuSerif"), name  # static/fonts: Liberation Serif


@DOCUMENTS
def test_margins_are_those_of_the_decree(request, document):
    lines = pdf_lines(request.getfixturevalue(document))
    assert 15 <= right_margin_mm(lines) <= 20
    assert 30 <= left_margin_mm(lines) <= 35


@pytest.fixture
def seeded_report(world, planning):
    from .test_exports import fresh, seed_findings

    seed_findings(world, planning)
    world.ttcp_planning.short_name = "Vụ KH-TH"
    world.ttcp_planning.save()
    return render_report_pdf(fresh(world.analyst), ReportFilters())


def test_the_report_symbol_is_ascii_and_its_issuer_is_named_in_full(seeded_report):
    text = " ".join(texts(seeded_report))
    assert "/BC-TTCP-KHTH" in text and "BC-Vụ" not in text
    assert "VỤ KẾ HOẠCH - TỔNG HỢP" in text
    legends = [line for line in pdf_lines(seeded_report) if "Chưa" in line.text]
    assert legends  # the charts' legends are on the page, not cut at its edge
    assert right_margin_mm(pdf_lines(seeded_report)) >= 15


# --- Deterministic bytes (item 10) -------------------------------------------------------------


def test_the_renderer_subsets_fonts_with_harfbuzz():
    """Without libharfbuzz-subset0 WeasyPrint falls back to fontTools and two renders of one
    notice differ; scripts/test-machine.sh installs it, and this says so if it is missing."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    assert harfbuzz_subset is not None, "install libharfbuzz-subset0 (scripts/test-machine.sh)"
    assert harfbuzz.hb_version_atleast(4, 1, 0)
