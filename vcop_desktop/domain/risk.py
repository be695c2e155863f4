"""Risk forms as data, and how an assessment is scored (shared/vcop/protection.md, "Risk forms").

A form is loaded and validated by `vcop_desktop.rules.risk_forms`; this module only scores. An
assessment taken in the app keeps the score computed at the time, so a later change of the form
never rescores it: the engine uses a given `score`, else the weighted count of true answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from vcop_desktop.domain.calendar import add_months
from vcop_desktop.domain.errors import ScenarioError
from vcop_desktop.domain.events import Event, Scenario

#: The band names a form may define, lowest first.
BAND_NAMES = ("standard", "medium", "high")


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    weight: int = 1


@dataclass(frozen=True, slots=True)
class Band:
    """A named score range, both ends included."""

    name: str
    low: int
    high: int


@dataclass(frozen=True, slots=True)
class RiskForm:
    """One version of a risk form: its questions, the visible-high-risk threshold, its bands."""

    id: str
    title: str
    version: int
    questions: tuple[Question, ...]
    high_at: int
    bands: tuple[Band, ...] = ()
    origin: str = ""

    @property
    def max_score(self) -> int:
        return sum(q.weight for q in self.questions)

    @property
    def question_ids(self) -> frozenset[str]:
        return frozenset(q.id for q in self.questions)

    def same_content(self, other: RiskForm) -> bool:
        """The same form, whatever file it came from."""
        return (self.id, self.title, self.version, self.questions, self.high_at, self.bands) == (
            other.id,
            other.title,
            other.version,
            other.questions,
            other.high_at,
            other.bands,
        )


def score(form: RiskForm, answers: Mapping[str, bool]) -> int:
    """The weighted count of the form's questions answered true (unknown ids count nothing)."""
    return sum(q.weight for q in form.questions if answers.get(q.id) is True)


def assessment_score(
    form: RiskForm | None, given: int | None, answers: Mapping[str, bool]
) -> int | None:
    """The score an assessment stands at: the score given (kept from the day it was taken),
    else computed from its answers; None when neither can be had (no score, form unknown)."""
    if given is not None:
        return given
    if form is None:
        return None
    return score(form, answers)


def is_high_risk(form: RiskForm | None, points: int | None, judgement: str | None) -> bool:
    """Visible high risk (score at or above the form's `high_at`) or professional judgement."""
    if judgement == "high":
        return True
    return form is not None and points is not None and points >= form.high_at


def band(form: RiskForm, points: int) -> str | None:
    """The name of the form's band the score falls in; None when the form has no bands or the
    score falls in none of them."""
    return next((b.name for b in form.bands if b.low <= points <= b.high), None)


@dataclass(frozen=True)
class RiskForms:
    """Every form the app knows, each id with all its versions (an old assessment keeps the
    version it was taken on)."""

    forms: tuple[RiskForm, ...] = ()
    _by_id: dict[str, dict[int, RiskForm]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, dict[int, RiskForm]] = {}
        for form in self.forms:
            by_id.setdefault(form.id, {})[form.version] = form
        object.__setattr__(self, "_by_id", by_id)

    @classmethod
    def of(cls, forms: Iterable[RiskForm]) -> RiskForms:
        return cls(tuple(forms))

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self._by_id)

    def get(self, form_id: str, version: int | None = None) -> RiskForm | None:
        """That version of the form, else its newest version; None for an unknown id."""
        versions = self._by_id.get(form_id)
        if not versions:
            return None
        if version is not None and version in versions:
            return versions[version]
        return versions[max(versions)]

    def latest(self) -> tuple[RiskForm, ...]:
        """The newest version of every form, by id."""
        return tuple(self._by_id[i][max(self._by_id[i])] for i in sorted(self._by_id))


@dataclass(frozen=True, slots=True)
class Assessed:
    """A `risk_assessment` event as scored: its form (None when unknown), score and level."""

    form: RiskForm | None
    score: int | None
    high_risk: bool


def assess(event: Event, forms: RiskForms) -> Assessed:
    """Score one `risk_assessment` event on the version of the form it was taken on."""
    form = forms.get(event.get_str("form") or "", event.get_int("form_version"))
    points = assessment_score(form, event.get_int("score"), event.get_answers("answers"))
    return Assessed(form, points, is_high_risk(form, points, event.get_str("judgement")))


#: "A repeat: any further incident within 12 months of the last MARAC referral" (protection.md).
REPEAT_MONTHS = 12


def check_assessments(scenario: Scenario, forms: RiskForms) -> None:
    """Every assessment names a form (and version) the app holds, and answers only its
    questions; else a `ScenarioError` naming the event and the problem."""
    for event in scenario.events:
        if event.type != "risk_assessment":
            continue
        here = f"events[{event.position}]"
        form_id = event.get_str("form") or ""
        form = forms.get(form_id)
        if form is None:
            known = ", ".join(sorted(forms.ids)) or "none"
            raise ScenarioError(
                f"{here}.form", f"{form_id!r} is not a known risk form (known: {known})"
            )
        version = event.get_int("form_version")
        if version is not None:
            form = forms.get(form_id, version)
            if form is None or form.version != version:
                raise ScenarioError(
                    f"{here}.form_version", f"risk form {form_id!r} has no version {version}"
                )
        for question in event.get_answers("answers"):
            if question not in form.question_ids:
                raise ScenarioError(
                    f"{here}.answers.{question}",
                    f"not a question of risk form {form_id!r} version {form.version}",
                )


def risk_summary(scenario: Scenario, forms: RiskForms) -> dict[str, object]:
    """The `risk` block of the `duties` output (protection.md, "Output additions"): the latest
    assessment, and every MARAC referral with whether it is a repeat (dated within 12 months
    after an earlier referral of the case)."""
    ordered = sorted(scenario.events, key=lambda e: e.sort_key)
    assessments = [e for e in ordered if e.type == "risk_assessment"]
    latest: dict[str, object] | None = None
    if assessments:
        last = assessments[-1]
        scored = assess(last, forms)
        latest = {
            "assessment": last.id,
            "date": last.date.isoformat(),
            "form": last.get_str("form"),
            "score": scored.score,
            "high_risk": scored.high_risk,
        }
    referrals = [e for e in ordered if e.type == "marac_referral"]
    marac = [
        {
            "referral": r.id,
            "date": r.date.isoformat(),
            "repeat": any(o.date < r.date <= add_months(o.date, REPEAT_MONTHS) for o in referrals),
        }
        for r in referrals
    ]
    return {"latest": latest, "marac": marac}
