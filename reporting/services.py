"""The conclusion workflow: draft → in review → (returned → in review)* → approved → issued.

One function per transition: each checks who may do it and the current state, writes an audit
record and runs in a transaction. Issuing allocates the number under a row lock, marks the
visit concluded (which freezes its findings), notifies the inspected organization and queues
the PDF once the transaction commits.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import save_audited
from accounts.models import User
from accounts.services import notify
from core.errors import EditConflict, NotAllowed, TransitionNotAllowed
from inspections import services as planning
from inspections.enums import VisitStatus
from inspections.models import Visit

from . import rules
from .enums import CONCLUSION_EDITABLE_STATES, ConclusionStatus, PdfStatus, Section
from .models import Conclusion, ConclusionSection, NumberSequence, ReviewComment, ReviewRound
from .prefill import initial_sections


def issuer_of(visit: Visit):
    """The body in whose name the notice is issued: the plan's issuer, else the team's."""
    return visit.plan.issuer if visit.plan_id else visit.team.organization


def _symbol_for(issuer, kind: str = "TB") -> str:
    """The default symbol of a document of the issuer: kind and the abbreviation of the issuer's
    name (TB-UBND, TB-TTCP; Nghị định 30/2020/NĐ-CP, Phụ lục I); the team head may correct it."""
    return f"{kind}-{issuer.symbol_part()}"[:40]


def _place_for(issuer) -> str:
    """The default place of issue: the place name of the issuer's seat (Lấp Vò for the district
    of Lấp Vò, not its province); the team head may correct it."""
    return issuer.place_of_issue()


def _locked(conclusion: Conclusion) -> Conclusion:
    return (
        Conclusion.objects.select_for_update(of=("self",))
        .select_related("visit__team", "visit__inspected_organization", "issuer")
        .get(pk=conclusion.pk)
    )


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise NotAllowed(message)


# --- Drafting -------------------------------------------------------------------------------


@transaction.atomic
def draft_conclusion(
    user: User, visit: Visit, *, supersedes: Conclusion | None = None
) -> Conclusion:
    """Create the draft of a visit's conclusion, pre-filled from its records."""
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("plan__issuer", "team__organization", "inspected_organization")
        .get(pk=visit.pk)
    )
    _require(
        rules.is_team_leader(user, visit),
        _("Only the team's head or deputy drafts the conclusion."),
    )
    if supersedes is None and visit.status != VisitStatus.REPORTING:
        raise TransitionNotAllowed(
            _("A conclusion is drafted once field work is finished (the visit is reporting).")
        )
    if visit.conclusions.exclude(status=ConclusionStatus.ISSUED).exists():
        raise TransitionNotAllowed(_("This visit already has a conclusion in preparation."))
    if supersedes is not None and (supersedes.visit_id != visit.pk or not supersedes.is_issued):
        raise TransitionNotAllowed(_("Only an issued conclusion of this visit can be corrected."))
    issuer = issuer_of(visit)
    conclusion = Conclusion(
        visit=visit,
        issuer=issuer,
        subject=f"Kết luận kiểm tra công vụ tại {visit.inspected_organization.name}",
        symbol=_symbol_for(issuer),
        place=_place_for(issuer),
        recipients="\n".join(
            [
                f"- {visit.inspected_organization.name};",
                f"- {issuer.name} (để báo cáo);",
                "- Lưu: VT, Đoàn kiểm tra.",
            ]
        ),
        supersedes=supersedes,
        created_by=user,
    )
    save_audited(conclusion, user, "draft")
    texts = (
        {key: section.body for key, section in _sections_of(supersedes).items()}
        if (supersedes)
        else initial_sections(visit)
    )
    with translation.override("vi"):  # section titles are part of the Vietnamese document
        ConclusionSection.objects.bulk_create(
            ConclusionSection(
                conclusion=conclusion,
                key=key,
                title=str(label),
                body=texts.get(key, ""),
                order=index,
            )
            for index, (key, label) in enumerate(Section.choices)
        )
    return conclusion


def _sections_of(conclusion: Conclusion) -> dict[str, ConclusionSection]:
    return {section.key: section for section in conclusion.sections.all()}


HEADER_FIELDS = (
    "subject",
    "symbol",
    "place",
    "signer_name",
    "signing_authority",
    "signing_for",
    "signer_title",
    "recipients",
)
# Titles of the signature block are one or two lines (Nghị định 30/2020/NĐ-CP, Phụ lục I).
SIGNER_TITLE_MAX_LINES = 2


def _guard_editing(user: User, conclusion: Conclusion) -> None:
    if conclusion.status not in CONCLUSION_EDITABLE_STATES:
        raise TransitionNotAllowed(
            _("The conclusion is %(status)s and can no longer be edited.")
            % {"status": conclusion.get_status_display().lower()}
        )
    _require(
        rules.is_team_leader(user, conclusion.visit),
        _("Only the team's head or deputy edits the conclusion."),
    )


@transaction.atomic
def update_header(user: User, conclusion: Conclusion, *, version: int, **fields) -> Conclusion:
    """Edit subject, place, signer and recipients of a draft (or returned) conclusion."""
    conclusion = _locked(conclusion)
    _guard_editing(user, conclusion)
    if conclusion.version != version:
        raise EditConflict(
            _("Someone else saved this conclusion while you were editing it."), current=conclusion
        )
    for name in HEADER_FIELDS:
        if name in fields:
            value = (fields[name] or "").replace("\r\n", "\n").strip()
            if name == "signer_title":  # line breaks are the document's own: keep them
                value = "\n".join(line.strip() for line in value.split("\n") if line.strip())
            setattr(conclusion, name, value)
    errors = {}
    if len(conclusion.signer_title.splitlines()) > SIGNER_TITLE_MAX_LINES:
        errors["signer_title"] = _("Write the signer's position in one or two lines.")
    if conclusion.signing_authority and not conclusion.signing_for:
        errors["signing_for"] = _(
            "Say for whom the signer signs, e.g. TỔNG THANH TRA after KT. or ỦY BAN NHÂN DÂN "
            "after TM."
        )
    if not conclusion.signing_authority and conclusion.signing_for:
        errors["signing_authority"] = _("Choose how the signer signs (TM., KT., TL., TUQ. or Q.).")
    if not conclusion.subject:
        errors["subject"] = _("Give the notice a subject.")
    if not conclusion.place:
        errors["place"] = _("Give the place of issue.")
    if not conclusion.symbol:
        errors["symbol"] = _("Give the symbol of the notice, e.g. TB-TTCP.")
    if errors:
        raise ValidationError(errors)
    conclusion.version += 1
    conclusion.full_clean()
    save_audited(conclusion, user, "edit")
    return conclusion


@transaction.atomic
def update_section(
    user: User, conclusion: Conclusion, *, key: str, body: str, original: str
) -> ConclusionSection:
    """Replace one section's text. `original` is the text the edit started from: if someone
    saved the section since, EditConflict is raised and nothing changes."""
    conclusion = _locked(conclusion)
    _guard_editing(user, conclusion)
    section = conclusion.sections.select_for_update().filter(key=key).first()
    if section is None:
        raise ValidationError({"key": _("Unknown section “%(key)s”.") % {"key": key}})
    normalise = lambda text: (text or "").replace("\r\n", "\n").strip()  # noqa: E731
    if normalise(section.body) != normalise(original):
        raise EditConflict(
            _("Someone else saved this section while you were editing it."), current=section
        )
    section.body = normalise(body)
    save_audited(section, user, "edit section", ["body"])
    return section


# --- Review ---------------------------------------------------------------------------------


@transaction.atomic
def submit_for_review(user: User, conclusion: Conclusion) -> Conclusion:
    conclusion = _locked(conclusion)
    if conclusion.status not in CONCLUSION_EDITABLE_STATES:
        raise TransitionNotAllowed(_("Only a draft or a returned conclusion can be submitted."))
    _require(
        rules.is_team_leader(user, conclusion.visit),
        _("Only the team's head or deputy submits the conclusion."),
    )
    number = conclusion.rounds.count() + 1
    ReviewRound.objects.create(
        conclusion=conclusion,
        number=number,
        snapshot={section.key: section.body for section in conclusion.sections.all()},
        submitted_by=user,
    )
    conclusion.status = ConclusionStatus.IN_REVIEW
    conclusion.submitted_at = timezone.now()
    save_audited(conclusion, user, "submit", ["status", "submitted_at"])
    reviewers = rules.reviewers_of(conclusion)
    notify(
        reviewers,
        title=_("A conclusion awaits your review: %(subject)s") % {"subject": conclusion.subject},
        url=reverse("reporting:conclusion_detail", args=[conclusion.pk]),
    )
    return conclusion


@transaction.atomic
def return_for_revision(
    user: User, conclusion: Conclusion, *, comments: dict[str, str], general: str = ""
) -> Conclusion:
    """Send the conclusion back with comments; at least one comment is required."""
    conclusion = _locked(conclusion)
    if conclusion.status != ConclusionStatus.IN_REVIEW:
        raise TransitionNotAllowed(_("Only a conclusion in review can be returned."))
    _require(
        rules.can_review(user, conclusion),
        _("Only a unit head of the issuing body may review this conclusion."),
    )
    notes = {key: text.strip() for key, text in comments.items() if text and text.strip()}
    valid_keys = set(Section.values)
    if set(notes) - valid_keys:
        raise ValidationError({"comments": _("Comments must name a section of the notice.")})
    if not notes and not general.strip():
        raise ValidationError(
            {"comments": _("Say what must be revised: add at least one comment.")}
        )
    review_round = conclusion.rounds.order_by("-number").first()
    for key, text in notes.items():
        ReviewComment.objects.create(
            review_round=review_round, section_key=key, text=text, author=user
        )
    if general.strip():
        ReviewComment.objects.create(review_round=review_round, text=general.strip(), author=user)
    review_round.outcome = ConclusionStatus.RETURNED
    review_round.save(update_fields=["outcome"])
    conclusion.status = ConclusionStatus.RETURNED
    save_audited(conclusion, user, "return", ["status"])
    notify(
        rules.team_leaders_of(conclusion),
        title=_("The conclusion was returned with comments: %(subject)s")
        % {"subject": conclusion.subject},
        url=reverse("reporting:conclusion_detail", args=[conclusion.pk]),
    )
    return conclusion


@transaction.atomic
def approve(user: User, conclusion: Conclusion) -> Conclusion:
    conclusion = _locked(conclusion)
    if conclusion.status != ConclusionStatus.IN_REVIEW:
        raise TransitionNotAllowed(_("Only a conclusion submitted for review can be approved."))
    _require(
        rules.can_review(user, conclusion),
        _("Only a unit head of the issuing body may approve this conclusion."),
    )
    conclusion.status = ConclusionStatus.APPROVED
    conclusion.approved_by = user
    conclusion.approved_at = timezone.now()
    save_audited(conclusion, user, "approve", ["status", "approved_by", "approved_at"])
    ReviewRound.objects.filter(conclusion=conclusion, outcome="").update(
        outcome=ConclusionStatus.APPROVED
    )
    return conclusion


# --- Issue ----------------------------------------------------------------------------------


def _next_number(issuer, year: int) -> int:
    """The next number of this issuer and year. The sequence row is locked until the issuing
    transaction ends, so concurrent issues queue here and get consecutive numbers; a rolled
    back issue rolls its increment back too, so no gap appears."""
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(issuer=issuer, year=year)
    except IntegrityError:
        pass  # another transaction created the row first: fine, we lock it below
    sequence = NumberSequence.objects.select_for_update().get(issuer=issuer, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


@transaction.atomic
def issue(
    user: User, conclusion: Conclusion, *, issued_on: datetime.date | None = None
) -> Conclusion:
    conclusion = _locked(conclusion)
    if conclusion.status == ConclusionStatus.ISSUED:
        raise TransitionNotAllowed(
            _("This conclusion was already issued as number %(reference)s.")
            % {"reference": conclusion.reference}
        )
    if conclusion.status != ConclusionStatus.APPROVED:
        raise TransitionNotAllowed(_("Only an approved conclusion can be issued."))
    _require(
        rules.can_review(user, conclusion),
        _("Only a unit head of the issuing body may issue this conclusion."),
    )
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The date of issue cannot be in the future.")})
    if issued_on < conclusion.visit.planned_start:
        raise ValidationError(
            {
                "issued_on": _("The date of issue cannot precede the visit (%(date)s).")
                % {"date": f"{conclusion.visit.planned_start:%d/%m/%Y}"}
            }
        )
    conclusion.year = issued_on.year
    conclusion.number = _next_number(conclusion.issuer, issued_on.year)
    conclusion.issued_on = issued_on
    conclusion.issued_by = user
    conclusion.issued_at = timezone.now()
    conclusion.status = ConclusionStatus.ISSUED
    conclusion.pdf_status = PdfStatus.QUEUED
    save_audited(conclusion, user, "issue")
    if conclusion.supersedes_id is None:
        planning.mark_concluded(user, conclusion.visit)
    _notify_inspected(conclusion)
    _queue_pdf(conclusion)
    return conclusion


def _notify_inspected(conclusion: Conclusion) -> None:
    organization = conclusion.visit.inspected_organization
    people = User.objects.filter(is_active=True, organization__path__startswith=organization.path)
    notify(
        people,
        title=_("Conclusion notice %(reference)s for %(organization)s")
        % {"reference": conclusion.reference, "organization": organization.name},
        body=conclusion.subject,
        url=reverse("reporting:conclusion_detail", args=[conclusion.pk]),
    )


def _queue_pdf(conclusion: Conclusion) -> None:
    from accounts.tasks import enqueue

    from .tasks import build_conclusion_pdf

    transaction.on_commit(lambda: enqueue(build_conclusion_pdf, conclusion_id=conclusion.pk))


def requeue_stuck_pdfs(older_than: datetime.timedelta = datetime.timedelta(minutes=5)) -> int:
    """Queue again the PDFs still waiting after `older_than` (the broker was down, or the job
    was lost): building is idempotent, so a duplicate costs one render at most."""
    from accounts.tasks import enqueue

    from .tasks import build_conclusion_pdf

    stuck = Conclusion.objects.filter(
        status=ConclusionStatus.ISSUED,
        pdf_status=PdfStatus.QUEUED,
        issued_at__lt=timezone.now() - older_than,
    ).values_list("pk", flat=True)
    return sum(enqueue(build_conclusion_pdf, conclusion_id=pk) for pk in stuck)


@transaction.atomic
def retry_pdf(user: User, conclusion: Conclusion) -> Conclusion:
    conclusion = _locked(conclusion)
    if conclusion.status != ConclusionStatus.ISSUED or conclusion.pdf_status != PdfStatus.FAILED:
        raise TransitionNotAllowed(_("Only a PDF whose build failed can be rebuilt."))
    _require(
        rules.is_team_leader(user, conclusion.visit) or rules.can_review(user, conclusion),
        _("Only the team's head or the issuing unit head may rebuild the PDF."),
    )
    conclusion.pdf_status = PdfStatus.QUEUED
    conclusion.pdf_error = ""
    save_audited(conclusion, user, "retry pdf", ["pdf_status", "pdf_error"])
    _queue_pdf(conclusion)
    return conclusion


# --- PDF ------------------------------------------------------------------------------------


def build_pdf(conclusion_id: int) -> Conclusion | None:
    """Render and store the PDF of an issued conclusion. Safe to run twice: a conclusion whose
    PDF is ready is left alone, and the same conclusion always renders to the same bytes."""
    from django.core.files.base import ContentFile

    from .pdf import render_pdf, sha256

    conclusion = (
        Conclusion.objects.select_related("issuer", "visit", "supersedes")
        .filter(pk=conclusion_id)
        .first()
    )
    if conclusion is None or conclusion.status != ConclusionStatus.ISSUED:
        return None
    if conclusion.pdf_status == PdfStatus.READY and conclusion.pdf:
        return conclusion
    try:
        data = render_pdf(
            "reporting/pdf/conclusion.html",
            pdf_context(conclusion),
            created=conclusion.issued_at,
        )
    except Exception as error:
        Conclusion.objects.filter(pk=conclusion.pk).update(
            pdf_status=PdfStatus.FAILED, pdf_error=str(error)[:2000]
        )
        raise
    with transaction.atomic():
        locked = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
        if locked.pdf_status == PdfStatus.READY and locked.pdf:
            return locked  # a duplicate delivery finished first
        locked.pdf.save(f"{locked.reference.replace('/', '-')}.pdf", ContentFile(data), save=False)
        locked.pdf_sha256 = sha256(data)
        locked.pdf_status = PdfStatus.READY
        locked.pdf_error = ""
        locked.save(update_fields=["pdf", "pdf_sha256", "pdf_status", "pdf_error"])
    return locked


def pdf_context(conclusion: Conclusion) -> dict:
    issuer = conclusion.issuer
    parent_path = issuer.path[: -issuer.steplen]
    parent = issuer.__class__.objects.filter(path=parent_path).first() if parent_path else None
    sections = list(conclusion.sections.all())
    written = [section for section in sections if section.body.strip()]
    return {
        "conclusion": conclusion,
        "parent": parent,
        "sections": sections,
        "last_section": written[-1].key if written else None,
        "recipients": [line.strip() for line in conclusion.recipients.splitlines() if line.strip()],
    }
