"""A small, realistic demo journal for screenshots and manual testing (no real person's data)."""

from __future__ import annotations

from datetime import datetime, timedelta

from kapjournal.domain import Route, Session, SessionKind, SessionStatus
from kapjournal.services.goals import GoalDraft
from kapjournal.services.journal import JournalService


def mood_on(day: int, sessions: list[int]) -> float:
    """A plausible mood (0-10) on a day of the course: low at the start, lifted by each
    session, fading back over a few weeks; boosters lift it again."""
    lift = 0.0
    for n, at in enumerate(sessions):
        if at <= day:
            fade = max(0.0, 1 - (day - at) / (21 if n < 6 else 28))
            lift = max(lift, min(4.5, 1.2 + 0.6 * min(n, 5)) * fade + 0.25 * min(n, 6))
    return round(min(10.0, 3 + lift + ((day * 7) % 5 - 2) * 0.3))


def fill(service: JournalService, now: datetime) -> None:
    """A twelve-week course: six induction sessions in the first two and a half weeks, a
    booster at week six and one eight days ago (with its pages), the next one planned for
    tomorrow; daily check-ins, and PHQ-9 and GAD-7 from a baseline every two weeks."""
    day = timedelta(days=1)
    start = (now - 84 * day).replace(hour=10, minute=0, second=0, microsecond=0)
    plan = [(d, SessionKind.INDUCTION) for d in (0, 2, 4, 7, 9, 11)]
    plan += [(42, SessionKind.BOOSTER), (76, SessionKind.BOOSTER), (85, SessionKind.BOOSTER)]
    sessions = []
    for i, (offset, kind) in enumerate(plan):
        s = Session(
            scheduled_at=start + offset * day,
            route=Route.IV_INFUSION,
            kind=kind,
            status=SessionStatus.DONE if offset < 84 else SessionStatus.PLANNED,
            clinic="Harbour Clinic",
            dose="as prescribed by the clinic",
            notes=f"Session {i + 1} of the course",
        )
        sessions.append(service.course.save_session(s))
    session_days = [d for d, _k in plan if d < 84]
    recent = sessions[-2]  # the booster eight days ago: the pages below are its own
    first = recent.scheduled_at
    prep = service.start_entry("kapjournal.core/preparation", recent.uid)
    prep.created_at = prep.updated_at = first - timedelta(hours=14)
    answers = {a.item_id: a for a in prep.answers}
    answers["intention"].text = "To be curious about the heaviness instead of fighting it."
    answers["weighing"].text = "- Work deadline\n- The argument with my sister"
    answers["mood"].number = 4
    answers["feeling-about"].choices = ["Nervous"]
    answers["checklist"].choices = ["A ride home is arranged", "My phone is on do-not-disturb"]
    answers["clinic-questions"].text = "Can I bring my own music next time?"
    prep.title = "Before the booster"
    service.save_entry(prep)

    recall = service.start_entry("kapjournal.core/recall", recent.uid)
    recall.created_at = recall.updated_at = first + timedelta(hours=1, minutes=20)
    a = {x.item_id: x for x in recall.answers}
    a["imagery"].text = "- A lighthouse in fog\n- Warm amber light, then deep blue"
    a["body"].text = "Heavy arms at first, then light. Warmth in the chest."
    a["emotions"].text = "Grief, then a strange calm. Now: tired, soft."
    a["memories"].text = "Summer at my grandmother's house."
    a["words"].text = "*You don't have to carry all of it.*"
    a["hard"].text = "The first ten minutes felt like falling."
    a["good"].text = "Feeling held by the music."
    a["detached"].number = 7
    a["side-effects"].choices = ["Nausea", "Headache"]
    a["side-effects"].severities = {"Nausea": 1, "Headache": 2}
    a["hard"].private = True
    recall.title = "Lighthouse"
    recall.tags = ["music", "grief"]
    service.save_entry(recall)

    integ = service.start_entry("kapjournal.core/integration", recent.uid)
    integ.created_at = integ.updated_at = first + timedelta(days=1, hours=9)
    a = {x.item_id: x for x in integ.answers}
    a["still-with-me"].text = "I don't have to carry all of it at once."
    a["changes"].choices = ["Mood", "Sleep"]
    a["making-sense"].text = "Maybe the heaviness was guarding something, not just weighing."
    a["domains"].choices = ["Mind", "Relationships"]
    a["bring-to-therapy"].text = "The lighthouse image and what it guards."
    integ.title = "A day later"
    service.save_entry(integ)

    third = service.start_entry("kapjournal.core/integration-3", recent.uid)
    third.created_at = third.updated_at = first + timedelta(days=3, hours=8)
    a = {x.item_id: x for x in third.answers}
    a["body-now"].text = "Lighter in the shoulders. Still tired by evening."
    a["ace"].choices = ["Embodying it: movement, breath, time outside"]
    a["small-step"].text = "Call my sister on Sunday."
    third.title = "Three days on"
    service.save_entry(third)

    lines = ["Slow morning.", "Walked by the river.", "Better than expected.",
             "Tired but okay.", "Laughed at work.", "Quiet evening.", "Heavy day."]  # fmt: skip
    for d in range(1, 84):  # each evening until yesterday
        if d % 9 == 4:
            continue  # some days go unrecorded, as they do
        mood = mood_on(d, session_days)
        ci = service.start_entry("kapjournal.core/check-in")
        ci.created_at = ci.updated_at = (start + d * day).replace(hour=20, minute=30)
        a = {x.item_id: x for x in ci.answers}
        a["mood"].number = mood
        a["anxiety"].number = max(0.0, min(10.0, 10 - mood - 1))
        a["sleep"].number = 5 + (d % 3)
        a["one-line"].text = lines[d % len(lines)]
        service.save_entry(ci)

    # Baseline a week before, the day before the first session (with its page), and after
    # the second: the report's trend charts need more than one result.
    rounds = [
        (start - 8 * day, [2, 2, 2, 3, 2, 2, 2, 2, 0], [3, 2, 2, 2, 2, 2, 2], False),
        (start - day, [2, 3, 2, 3, 2, 2, 2, 2, 0], [2, 2, 3, 2, 2, 2, 2], False),
        (start + 14 * day, [1, 1, 1, 2, 1, 1, 1, 1, 0], [1, 1, 2, 1, 1, 1, 1], False),
        (start + 28 * day, [1, 1, 1, 1, 1, 0, 1, 0, 0], [1, 1, 1, 1, 1, 1, 0], False),
        (start + 41 * day, [2, 1, 1, 2, 1, 1, 1, 1, 0], [1, 2, 1, 1, 1, 1, 1], False),
        (start + 56 * day, [1, 0, 1, 1, 1, 0, 1, 0, 0], [1, 1, 1, 0, 1, 0, 1], False),
        (first - day, [1, 1, 1, 2, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1, 1], True),
        (first + 2 * day, [1, 0, 0, 1, 1, 0, 1, 0, 0], [1, 0, 1, 1, 0, 0, 1], False),
    ]
    for when, phq_values, gad_values, with_page in rounds:
        service.clock = lambda when=when: when
        phq9 = {f"phq9_{n}": v for n, v in zip(range(1, 10), phq_values, strict=True)}
        page = service.start_entry("kapjournal.core/phq9", recent.uid) if with_page else None
        outcome = service.questionnaires.record_questionnaire(
            "phq9", phq9, recent.uid, page.uid if page else None
        )
        if page is not None:
            answer = page.answers[0]
            answer.choices, answer.text = [outcome.result.uid], outcome.summary
            service.save_entry(page)
        gad7 = {f"gad7_{n}": v for n, v in zip(range(1, 8), gad_values, strict=True)}
        service.questionnaires.record_questionnaire("gad7", gad7)
    # Two goals agreed with the therapist in the first week, rated weekly since; this week's
    # ratings are still to do, so Today asks.
    service.clock = lambda: start + 3 * day
    walk, ana = service.goals.set_goals(
        [GoalDraft(None, "Walk by the sea twice a week"), GoalDraft(None, "Tell Ana how I am")]
    )
    for week in range(1, 11):
        service.clock = lambda week=week: start + (7 * week + 3) * day
        service.goals.rate({walk.uid: min(8, 2 + week // 2), ana.uid: min(7, 1 + week // 3)})
    service.clock = lambda: now
    free = service.save_entry(service.start_entry("kapjournal.core/safety-plan"))
    a = {x.item_id: x for x in free.answers}
    a["warning-signs"].text = "Not answering messages; staying in bed past noon."
    a["coping"].text = "A walk by the river. Cold water on my face. Music."
    a["ask-for-help"].text = "My sister Ana; my friend Tom."
    a["reasons"].text = "My dog. The sea in summer. Ana's kids."
    service.save_entry(free)
