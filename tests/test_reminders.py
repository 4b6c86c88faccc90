"""Reminders: the daily recommendation job over 60 days of travelled time, secrecy of visits whose
conclusion is not issued, review reminders after working days, and exactly-once delivery —
enforced by the ReminderLog unique constraint, and proven on a real Celery worker on Redis.

`findings.reminders.reminders_for` is the schedule: for a recommendation due on day 30 —
before_7 (day 23), before_1 (day 29), due (day 30) to the addressee's users; overdue on days 31,
38, 45, 52, 59 to the addressee's users; escalated to the addressee's unit head from the second
overdue week on (days 38, 45, 52, 59).
"""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Notification, ReminderLog
from accounts.services import send_once
from findings import followup
from findings.reminders import reminders_for
from findings.services import add_recommendation
from findings.tasks import send_recommendation_reminders
from inspections.models import Visit
from inspections.services import finish_fieldwork, start_visit
from reporting import services as conclusions
from reporting.tasks import send_review_reminders

from .factories import RecommendationFactory, UserFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DAY_0 = datetime.datetime(2024, 3, 1, 7, 0, tzinfo=HANOI)  # the beat runs at 07:00


def day(n: int) -> datetime.datetime:
    return DAY_0 + datetime.timedelta(days=n)


def date_of(n: int) -> datetime.date:
    return day(n).date()


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.REMINDER_DAYS_BEFORE = [7, 1]
    settings.REVIEW_REMINDER_WORKING_DAYS = 3


@pytest.fixture
def addressee(world):
    """The people of quận Hoàn Kiếm: two officers, its unit head, and a former officer."""
    people = {
        "officer": UserFactory(
            username="hk_officer", organization=world.hoan_kiem, role="inspected_officer"
        ),
        "clerk": UserFactory(
            username="hk_clerk", organization=world.hoan_kiem, role="inspected_officer"
        ),
        "head": UserFactory(username="hk_head", organization=world.hoan_kiem, role="unit_head"),
    }
    UserFactory(
        username="hk_retired",
        organization=world.hoan_kiem,
        role="inspected_officer",
        is_active=False,
    )
    return people


def concluded_recommendation(world, visit, *, due_in: int = 30, conclude: bool = True):
    """On DAY_0: start the visit, recommend (due on day `due_in`), finish, issue the conclusion."""
    with time_machine.travel(DAY_0, tick=False):
        visit = start_visit(world.team_lead, visit)
        recommendation = add_recommendation(
            world.inspector,
            visit,
            addressee=world.hoan_kiem,
            kind="remedy",
            action="Niêm yết đầy đủ, kịp thời các thủ tục hành chính tại bộ phận một cửa.",
            due_date=date_of(due_in),
        )
        finish_fieldwork(world.team_lead, visit)
    if conclude:
        Visit.objects.filter(pk=visit.pk).update(status="concluded")
    return recommendation


def run_days(days) -> dict[int, tuple[list[str], Counter]]:
    """Run the daily job on each day; what it sent: day → (kinds, notifications per username)."""
    sent = {}
    for n in days:
        before = set(Notification.objects.values_list("pk", flat=True))
        logs_before = set(ReminderLog.objects.values_list("pk", flat=True))
        with time_machine.travel(day(n), tick=False):
            count = send_recommendation_reminders()  # the beat's task, run in-process
        logs = ReminderLog.objects.exclude(pk__in=logs_before)
        kinds = sorted(logs.values_list("kind", flat=True))
        assert count == len(kinds)
        assert {log.day for log in logs} <= {date_of(n)}
        notified = Notification.objects.exclude(pk__in=before).select_related("recipient")
        if kinds or notified:
            sent[n] = (kinds, Counter(note.recipient.username for note in notified))
    return sent


# --- The schedule ---------------------------------------------------------------------------------


def test_the_schedule_function_for_a_recommendation_due_on_day_30():
    due = date_of(30)
    schedule = {n: reminders_for(due, date_of(n)) for n in range(61)}
    assert {n: [r.kind for r in due_list] for n, due_list in schedule.items() if due_list} == {
        23: ["before_7"],
        29: ["before_1"],
        30: ["due"],
        31: ["overdue_week_1"],
        38: ["overdue_week_2", "escalated_week_2"],
        45: ["overdue_week_3", "escalated_week_3"],
        52: ["overdue_week_4", "escalated_week_4"],
        59: ["overdue_week_5", "escalated_week_5"],
    }
    assert [r.to_unit_head for r in schedule[38]] == [False, True]


@pytest.mark.django_db
def test_sixty_days_of_reminders_reach_exactly_the_right_people(world, planning, addressee):
    recommendation = concluded_recommendation(world, planning.scheduled)
    staff = Counter({"hk_officer": 1, "hk_clerk": 1, "hk_head": 1})
    escalated = staff  # the unit head works at Hoàn Kiếm: already told, not told twice
    assert run_days(range(61)) == {
        23: (["before_7"], staff),
        29: (["before_1"], staff),
        30: (["due"], staff),
        31: (["overdue_week_1"], staff),
        38: (["escalated_week_2", "overdue_week_2"], escalated),
        45: (["escalated_week_3", "overdue_week_3"], escalated),
        52: (["escalated_week_4", "overdue_week_4"], escalated),
        59: (["escalated_week_5", "overdue_week_5"], escalated),
    }
    # Nobody else heard of it: not the team, not the city above, not the ward below.
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "hk_officer",
        "hk_clerk",
        "hk_head",
    }
    # Each notification links to the recommendation; the overdue status was never stored.
    urls = set(Notification.objects.values_list("url", flat=True))
    assert len(urls) == 1 and urls.pop().endswith(f"/{recommendation.pk}/")
    recommendation.refresh_from_db()
    assert recommendation.status == "open"


@pytest.mark.django_db
def test_without_a_head_of_its_own_the_escalation_goes_to_the_nearest_head_above(world, planning):
    officer = UserFactory(organization=world.hoan_kiem, role="inspected_officer")
    concluded_recommendation(world, planning.scheduled)
    sent = run_days([31, 38])
    assert sent[31] == (["overdue_week_1"], Counter({officer.username: 1}))
    assert sent[38] == (
        ["escalated_week_2", "overdue_week_2"],
        Counter({officer.username: 1, "hanoi_head": 1}),
    )


@pytest.mark.django_db
def test_reported_done_or_cancelled_recommendations_are_not_reminded(world, planning, addressee):
    recommendation = concluded_recommendation(world, planning.scheduled)
    with time_machine.travel(day(20), tick=False):
        report = followup.submit_report(addressee["officer"], recommendation, text="Đã làm.")
    assert run_days([23, 29]) == {}  # reported: the team, not the addressee, must act now
    with time_machine.travel(day(25), tick=False):
        followup.accept_report(world.team_lead, report)
    assert run_days(range(26, 61)) == {}
    # A cancelled one is silent too.
    other = RecommendationFactory(
        visit=recommendation.visit, addressee=world.hoan_kiem, due_date=date_of(30)
    )
    followup.cancel_recommendation(world.team_lead, other, reason="Trùng kiến nghị khác.")
    assert run_days([30, 31, 38]) == {}


@pytest.mark.django_db
def test_no_reminder_is_ever_sent_for_a_visit_whose_conclusion_is_not_issued(
    world, planning, addressee
):
    # A surprise visit not started: the ward must not learn of it from a reminder.
    ward_officer = world.ward_officer
    secret = RecommendationFactory(
        visit=planning.surprise,
        addressee=world.hang_trong,
        due_date=date_of(30),
        created_by=world.team_lead,
    )
    # The scheduled visit: field work finished, conclusion not issued yet.
    draft = concluded_recommendation(world, planning.scheduled, conclude=False)
    assert Visit.objects.get(pk=draft.visit_id).status == "reporting"
    assert run_days(range(61)) == {}
    assert not ReminderLog.objects.exists()
    assert not Notification.objects.filter(recipient=ward_officer).exists()
    # Once the conclusion is issued, the same recommendation is reminded.
    Visit.objects.filter(pk=draft.visit_id).update(status="concluded")
    assert run_days([30]) == {
        30: (["due"], Counter({"hk_officer": 1, "hk_clerk": 1, "hk_head": 1}))
    }
    assert not ReminderLog.objects.filter(subject=f"recommendation:{secret.pk}").exists()


# --- Exactly once ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_running_the_daily_job_twice_the_same_day_sends_nothing_the_second_time(
    world, planning, addressee
):
    concluded_recommendation(world, planning.scheduled)
    with time_machine.travel(day(38), tick=False):
        assert send_recommendation_reminders() == 2  # overdue and escalated
        notifications = Notification.objects.count()
        assert notifications == 3  # the unit head works at Hoàn Kiếm: told once
    with time_machine.travel(day(38) + datetime.timedelta(hours=12), tick=False):
        assert send_recommendation_reminders() == 0
        assert send_recommendation_reminders(day=date_of(38).isoformat()) == 0
    assert Notification.objects.count() == notifications
    assert ReminderLog.objects.count() == 2


@pytest.mark.django_db
def test_the_reminder_log_unique_constraint_refuses_the_same_row_twice():
    row = {"subject": "recommendation:1", "kind": "due", "day": datetime.date(2024, 3, 31)}
    ReminderLog.objects.create(**row)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderLog.objects.create(**row)
    # Another kind or another day is another reminder.
    ReminderLog.objects.create(**{**row, "kind": "overdue_week_1"})
    ReminderLog.objects.create(**{**row, "day": datetime.date(2024, 4, 1)})
    assert ReminderLog.objects.count() == 3


@pytest.mark.django_db
def test_send_once_notifies_once_and_writes_nothing_the_second_time(world):
    kwargs = {
        "subject": "recommendation:7",
        "kind": "due",
        "day": datetime.date(2024, 3, 31),
        "users": [world.ward_officer],
        "title": "Hạn xử lý kiến nghị",
    }
    assert send_once(**kwargs) is True
    assert send_once(**kwargs) is False
    assert Notification.objects.filter(recipient=world.ward_officer).count() == 1


# --- Review reminders -----------------------------------------------------------------------------


@pytest.fixture
def in_review(world, planning):
    """The Hoàn Kiếm visit's conclusion, submitted for review on Monday 4 March 2024 at 09:00."""
    monday = datetime.datetime(2024, 3, 4, 9, 0, tzinfo=HANOI)
    with time_machine.travel(monday, tick=False):
        visit = start_visit(world.team_lead, planning.scheduled)
        visit = finish_fieldwork(world.team_lead, visit)
        conclusion = conclusions.draft_conclusion(world.team_lead, visit)
        conclusion = conclusions.submit_for_review(world.team_lead, conclusion)
    return conclusion


def review_reminders(days: int) -> dict[datetime.date, set[str]]:
    """Run the review job each morning for `days` days from Monday 4 March 2024."""
    sent = {}
    for n in range(days):
        morning = datetime.datetime(2024, 3, 4, 7, 5, tzinfo=HANOI) + datetime.timedelta(days=n)
        before = set(Notification.objects.values_list("pk", flat=True))
        with time_machine.travel(morning, tick=False):
            count = send_review_reminders()
            assert send_review_reminders() == 0  # once a day at most
        notified = Notification.objects.exclude(pk__in=before)
        assert count == (1 if notified else 0)
        if notified:
            sent[morning.date()] = set(notified.values_list("recipient__username", flat=True))
    return sent


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("working_days", "expected"),
    [
        # Mon 4 March + 3 working days = Thu 7 March, then every 5 working days.
        (3, [datetime.date(2024, 3, 7), datetime.date(2024, 3, 14), datetime.date(2024, 3, 21)]),
        # + 5 working days = Mon 11 March (the weekend does not count).
        (5, [datetime.date(2024, 3, 11), datetime.date(2024, 3, 18)]),
    ],
)
def test_review_reminders_after_working_days(settings, world, in_review, working_days, expected):
    settings.REVIEW_REMINDER_WORKING_DAYS = working_days
    sent = review_reminders(21)  # Monday 4 to Sunday 24 March
    assert sorted(sent) == expected
    assert all(recipients == {"hanoi_head"} for recipients in sent.values())
    assert all(date.weekday() < 5 for date in sent)


@pytest.mark.django_db
def test_no_review_reminder_once_the_conclusion_is_decided(world, in_review):
    with time_machine.travel(datetime.datetime(2024, 3, 6, 10, 0, tzinfo=HANOI), tick=False):
        conclusions.approve(world.hanoi_head, in_review)
    assert review_reminders(21) == {}


# --- The daily job on a real Celery worker --------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_daily_job_on_a_real_worker_sends_nothing_the_second_time(
    world, planning, celery_worker
):
    officer = UserFactory(organization=world.hoan_kiem, role="inspected_officer")
    visit = planning.scheduled
    Visit.objects.filter(pk=visit.pk).update(status="concluded")
    due = timezone.localdate() + datetime.timedelta(days=30)
    recommendation = RecommendationFactory(
        visit=visit, addressee=world.hoan_kiem, due_date=due, created_by=world.team_lead
    )
    first = send_recommendation_reminders.delay(day=due.isoformat())
    assert first.get(timeout=30) == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [officer.pk]
    second = send_recommendation_reminders.delay(day=due.isoformat())
    assert second.get(timeout=30) == 0
    assert Notification.objects.count() == 1
    assert list(ReminderLog.objects.values_list("subject", "kind", "day")) == [
        (f"recommendation:{recommendation.pk}", "due", due)
    ]
