"""How a questionnaire's totals moved: baseline against the latest, in neutral words.

The baseline is the last complete result before the first session of the course (or, with
no result before it, the first one, and the words say so). Meaningful change, response and
remission are judged only by thresholds the instrument's pack publishes (with its sources);
an instrument without one gets no judgement on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kapjournal.domain import MeasureResult
from kapjournal.i18n import format_skeleton, tr
from kapjournal.prompts.model import Instrument
from kapjournal.prompts.scoring import change_is_meaningful


@dataclass(frozen=True)
class Progress:
    instrument: Instrument
    baseline: MeasureResult
    latest: MeasureResult
    before_course: bool  # the baseline was taken before the first session

    @property
    def change(self) -> int:
        assert self.baseline.total is not None and self.latest.total is not None
        return self.latest.total - self.baseline.total

    @property
    def meaningful(self) -> bool | None:
        assert self.baseline.total is not None and self.latest.total is not None
        return change_is_meaningful(self.instrument, self.baseline.total, self.latest.total)

    @property
    def response(self) -> bool | None:
        """A fall of the published percentage or more from the baseline; None if undefined."""
        percent = self.instrument.response_fall_percent
        base = self.baseline.total
        if percent is None or not base:
            return None
        return -self.change * 100 >= percent * base

    @property
    def remission(self) -> bool | None:
        below = self.instrument.remission_below
        if below is None or self.latest.total is None:
            return None
        return self.latest.total < below

    def sentences(self) -> list[str]:
        name = self.instrument.short_name
        day = "MMMd"
        first = (
            tr("{name}: {total} on {date}, before the first session")
            if self.before_course
            else tr("{name}: {total} on {date}, the first result")
        ).format(
            name=name,
            total=self.baseline.total,
            date=format_skeleton(self.baseline.completed_at, day),
        )
        if self.latest.uid == self.baseline.uid:
            return [first + "."]
        n = abs(self.change)
        moved = (
            tr("{n} points lower").format(n=n)
            if self.change < 0
            else tr("{n} points higher").format(n=n)
            if self.change > 0
            else tr("no change")
        )
        out = [
            tr("{first}; {total} most recently ({date}): {moved}.").format(
                first=first,
                total=self.latest.total,
                date=format_skeleton(self.latest.completed_at, day),
                moved=moved,
            )
        ]
        threshold = self.instrument.meaningful_change
        if self.meaningful is True:
            out.append(
                tr(
                    "That is at least the published threshold for a meaningful change ({t} points)."
                ).format(t=threshold)
            )
        elif self.meaningful is False:
            out.append(
                tr("The published threshold for a meaningful change is {t} points.").format(
                    t=threshold
                )
            )
        if self.response is not None and self.change < 0:
            said = (
                tr("This fall meets the published definition of response ({p}% or more).")
                if self.response
                else tr("The published definition of response is a fall of {p}% or more.")
            )
            out.append(said.format(p=self.instrument.response_fall_percent))
        if self.remission:
            out.append(
                tr("The latest total is below {r}, the published definition of remission.").format(
                    r=self.instrument.remission_below
                )
            )
        return out


def progress(
    instrument: Instrument, results: Iterable[MeasureResult], first_session: datetime | None
) -> Progress | None:
    """None until the instrument has a complete result."""
    done = sorted(
        (m for m in results if m.instrument == instrument.id and m.total is not None),
        key=lambda m: m.completed_at,
    )
    if not done:
        return None
    before = [m for m in done if first_session is not None and m.completed_at < first_session]
    baseline = before[-1] if before else done[0]
    return Progress(instrument, baseline, done[-1], bool(before))
