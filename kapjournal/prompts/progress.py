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
from kapjournal.i18n import format_skeleton, tr, trn
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
    def at_caseness(self) -> bool:
        """Response and remission are defined for people who start at caseness: a fall from
        2 to 1 is not a remission."""
        least = self.instrument.caseness_min
        return least is None or (self.baseline.total or 0) >= least

    @property
    def judges_response_or_remission(self) -> bool:
        """The instrument's pack publishes a response or remission rule (both count a fall as
        the improvement, so never where a higher total is better: the loader refuses that)."""
        inst = self.instrument
        return not inst.higher_is_better and (
            inst.response_fall_percent is not None
            or inst.response_fall_points is not None
            or inst.remission_below is not None
        )

    @property
    def response(self) -> bool | None:
        """A fall of the published size or more from the baseline; None if undefined here."""
        percent = self.instrument.response_fall_percent
        points = self.instrument.response_fall_points
        base = self.baseline.total
        if not self.judges_response_or_remission or not self.at_caseness or not base:
            return None
        if percent is None and points is None:
            return None
        if points is not None:
            return -self.change >= points
        assert percent is not None
        return -self.change * 100 >= percent * base

    @property
    def remission(self) -> bool | None:
        below = self.instrument.remission_below
        if below is None or self.latest.total is None or not self.at_caseness:
            return None
        if not self.judges_response_or_remission:
            return None
        return self.latest.total < below

    def response_rule(self) -> str:
        inst = self.instrument
        if inst.response_fall_points is not None:
            n = inst.response_fall_points
            return trn("a fall of {n} point or more", "a fall of {n} points or more", n).format(n=n)
        if inst.caseness_min is not None:
            return tr("a fall of {p}% or more from a baseline of {c} or more").format(
                p=inst.response_fall_percent, c=inst.caseness_min
            )
        return tr("a fall of {p}% or more").format(p=inst.response_fall_percent)

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
            trn("{n} point lower", "{n} points lower", n).format(n=n)
            if self.change < 0
            else trn("{n} point higher", "{n} points higher", n).format(n=n)
            if self.change > 0
            else tr("no change")
        )
        if self.instrument.higher_is_better and self.change:
            # "Higher" reads as worse to anyone used to the PHQ-9: say which way is better.
            moved = tr("{moved} (on the {name}, higher is better)").format(moved=moved, name=name)
        out = [
            tr("{first}; {total} most recently ({date}): {moved}.").format(
                first=first,
                total=self.latest.total,
                date=format_skeleton(self.latest.completed_at, day),
                moved=moved,
            )
        ]
        t = self.instrument.meaningful_change
        if self.meaningful is True and t is not None:
            out.append(
                trn(
                    "That is at least the published threshold for a meaningful change ({t} point).",
                    "That is at least the published threshold for a meaningful change ({t} "
                    "points).",
                    t,
                ).format(t=t)
            )
        elif self.meaningful is False and t is not None:
            out.append(
                trn(
                    "The published threshold for a meaningful change is {t} point.",
                    "The published threshold for a meaningful change is {t} points.",
                    t,
                ).format(t=t)
            )
        source = self.instrument.change_source
        cited = " " + tr("(Source: {source}.)").format(source=source) if source else ""
        if self.judges_response_or_remission and not self.at_caseness:
            out.append(
                tr(
                    "Response and remission are not judged: they are defined from a baseline "
                    "of {c} or more, and this one is {b}."
                ).format(c=self.instrument.caseness_min, b=self.baseline.total)
            )
            return out
        if self.response is not None and self.change < 0:
            said = (
                tr("This fall meets a commonly used definition of response: {rule}.")
                if self.response
                else tr("A commonly used definition of response is {rule}.")
            )
            out.append(said.format(rule=self.response_rule()) + cited)
        if self.remission:
            out.append(
                tr(
                    "The latest total is below {r}, a commonly used definition of remission."
                ).format(r=self.instrument.remission_below)
                + cited
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
