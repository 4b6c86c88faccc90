"""The first draft of a conclusion, written from the visit's own records.

The team head starts from this text and edits it section by section. It is written in
Vietnamese on purpose: it is the content of an administrative document, not interface text.
"""

from collections import defaultdict

from django.utils import timezone

from findings.enums import CheckResult, FindingKind
from findings.models import CriterionCheck, Finding, Recommendation
from inspections.models import ContentArea, Visit

from .enums import Section


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "…"


def _period(start, end) -> str:
    if start == end:
        return f"ngày {_date(start)}"
    return f"từ ngày {_date(start)} đến ngày {_date(end)}"


def _overview(visit: Visit) -> str:
    plan, team = visit.plan, visit.team
    start = timezone.localtime(visit.actual_start).date() if visit.actual_start else None
    end = timezone.localtime(visit.actual_end).date() if visit.actual_end else None
    when = _period(start or visit.planned_start, end or visit.planned_end)
    doing = {
        "scheduled": "kiểm tra theo kế hoạch",
        "surprise": "kiểm tra đột xuất, không báo trước,",
        "verification": "xác minh vụ việc",
        "desk_review": "kiểm tra qua báo cáo",
    }.get(visit.kind, "kiểm tra")
    sentence = (
        f"{when[0].upper()}{when[1:]}, {team.name} (thành lập theo Quyết định số "
        f"{team.decision_number} ngày {_date(team.decision_date)}) đã tiến hành {doing} tại "
        f"{visit.inspected_organization.name}."
    )
    if plan is not None:
        sentence = (
            f"Thực hiện Kế hoạch số {plan.code} ngày {_date(plan.issued_on)} của "
            f"{plan.issuer.name}, {when}, {team.name} (thành lập theo Quyết định số "
            f"{team.decision_number} ngày {_date(team.decision_date)}) đã tiến hành {doing} tại "
            f"{visit.inspected_organization.name}."
        )
    text = sentence.replace(",,", ",")
    if plan is not None and plan.review_period_start:
        text += (
            f"\n\nThời kỳ kiểm tra: từ ngày {_date(plan.review_period_start)} đến ngày "
            f"{_date(plan.review_period_end)}."
        )
    if plan is not None:
        bases = [
            f"- {doc.get_kind_display()} số {doc.number} ngày {_date(doc.issued_on)} "
            f"của {doc.issuer.name}: {doc.title.rstrip('.')}."
            for doc in plan.legal_bases.all()
        ]
        if bases:
            text += "\n\nCăn cứ:\n" + "\n".join(bases)
    return text


def _results(visit: Visit, findings: list[Finding]) -> str:
    areas = list(visit.plan.content_areas.all()) if visit.plan_id else []
    areas = areas or list(ContentArea.objects.all())
    counts = defaultdict(lambda: defaultdict(int))
    for check in CriterionCheck.objects.filter(visit=visit).select_related("criterion"):
        counts[check.criterion.content_area_id][check.result] += 1
    by_area = defaultdict(list)
    for finding in findings:
        by_area[finding.content_area_id].append(finding)
    parts = []
    for area in areas:
        tally = counts[area.pk]
        lines = [f"{area.number}. {area.short_title}"]
        if tally:
            lines.append(
                f"- Tiêu chí đạt: {tally[CheckResult.MET]}; chưa đạt: "
                f"{tally[CheckResult.NOT_MET]}; không áp dụng: {tally[CheckResult.NOT_APPLICABLE]}."
            )
        for finding in by_area[area.pk]:
            lines.append(f"- {finding.get_kind_display()}: {finding.title}.")
        if len(lines) == 1:
            lines.append("- Không ghi nhận tồn tại, hạn chế.")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _sentence(text: str) -> str:
    return (text or "").strip().rstrip(".;:")


def _finding_line(finding: Finding) -> str:
    parts = [_sentence(finding.title)]
    if finding.description:
        parts[0] += f": {_sentence(finding.description)}"
    if finding.severity:
        parts[0] += f" (mức độ: {finding.get_severity_display().lower()})"
    if finding.cause:
        parts.append(f"Nguyên nhân: {_sentence(finding.cause)}")
    responsible = ", ".join(
        part
        for part in (
            finding.responsible_person,
            finding.responsible_position,
            finding.responsible_organization.name if finding.responsible_organization else "",
        )
        if part
    )
    if responsible:
        parts.append(f"Trách nhiệm: {responsible}")
    return "- " + ". ".join(parts) + "."


def initial_sections(visit: Visit) -> dict[str, str]:
    findings = list(
        Finding.objects.filter(visit=visit).select_related(
            "content_area", "responsible_organization"
        )
    )
    good = [f for f in findings if f.kind == FindingKind.GOOD_PRACTICE]
    bad = [f for f in findings if f.kind != FindingKind.GOOD_PRACTICE]
    recommendations = (
        Recommendation.objects.filter(visit=visit)
        .exclude(status="cancelled")
        .select_related("addressee")
    )
    return {
        Section.OVERVIEW: _overview(visit),
        Section.RESULTS: _results(visit, findings),
        Section.GOOD_PRACTICES: "\n".join(_finding_line(f) for f in good) or "Không ghi nhận.",
        Section.SHORTCOMINGS: "\n".join(_finding_line(f) for f in bad) or "Không ghi nhận.",
        Section.RECOMMENDATIONS: "\n".join(
            f"- {r.addressee.name}: {_sentence(r.action)} (thời hạn: {_date(r.due_date)})."
            for r in recommendations
        )
        or "Không có kiến nghị.",
        Section.IMPLEMENTATION: (
            f"Đề nghị {visit.inspected_organization.name} nghiêm túc thực hiện các kiến nghị "
            "nêu trên và báo cáo kết quả thực hiện, kèm minh chứng, trên hệ thống Công Vụ "
            "đúng thời hạn."
        ),
    }
