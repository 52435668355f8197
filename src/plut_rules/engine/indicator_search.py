"""One indicator's counterfactual search for a built-in scorer, in integers.

:mod:`plut_rules.engine.counterfactual` finds, for each indicator of a consultant not
kept, the least (for ``lower``: greatest) grid index of the indicator's ``step`` whose
achievement the rules keep, by checking ranges of the grid with interval logic.  For the
built-in scorers a grid point changes three variables only -- the indicator's ratio, the
score and the gates failed -- each computed here from the consultant's exact part without
the indicator, in integers (the score by cross-multiplication and rounded in integers, as
:class:`~plut_rules.scorers.WeightedRatio` and
:func:`~plut_rules.exact.round_half_away` compute it), with one Fraction built per point
for the ratio.  The rules that read none of the three are checked once per search, not
once per range; only the others are checked on each range.  The values are the same
exact numbers as :func:`~plut_rules.engine.scoring.measure` gives, so the search finds
what scoring every point again would find (a differential test holds it to that).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from plut_rules.engine.explain_columns import _exact
from plut_rules.engine.intervals import Bound, Bounds, Tri, Truth
from plut_rules.exact import hundredths_half_away, round_half_away
from plut_rules.lang import Compare, NumberLit, Var, walk
from plut_rules.scorers import TargetCount, WeightedRatio, capped_contribution

if TYPE_CHECKING:
    from plut_rules.engine.counterfactual import Probe
    from plut_rules.model import Indicator

__all__ = ["IndicatorSearch", "comparisons_of"]

#: Small whole numbers as Fractions, made once (gates failed).
_WHOLE = tuple(Fraction(n) for n in range(100))

#: At most this many rounded scores are kept per policy (a score from 0 to 655.35 each once).
_SCORES_KEPT = 65536

#: A grid point's changing variables: (ratio, its numerator and denominator (not reduced),
#: the score, the score in hundredths, the gates failed).
Point = tuple[Fraction, int, int, Fraction, int, int]


def comparisons_of(condition: Any) -> list[tuple[str, float | str]]:
    """Each comparison of a variable with a number (the number as a float) or with another
    variable (its name) in ``condition`` (an Expression), both ways round."""
    out: list[tuple[str, float | str]] = []
    for node in walk(condition.root):
        if not isinstance(node, Compare):
            continue
        for one, other in ((node.left, node.right), (node.right, node.left)):
            if not isinstance(one, Var):
                continue
            if isinstance(other, NumberLit):
                out.append((one.name, float(other.value)))
            elif isinstance(other, Var):
                out.append((one.name, other.name))
    return out


def _truth(truth: Truth, bounds: Bounds) -> Tri:
    """A condition over the bounds; a division by an interval holding 0 cannot tell."""
    try:
        return truth(bounds)
    except ZeroDivisionError:
        return None


class IndicatorSearch:
    """The search over one indicator's grid of a consultant (``probe``, a built-in scorer).

    ``j`` is the indicator's position in the field, ``target`` its target for this
    consultant and ``step`` its grid.
    """

    def __init__(self, probe: Probe, j: int, target: Fraction, step: Fraction) -> None:
        ind = probe.field.indicators[j]
        self.probe = probe
        self.indicator, self.target, self.step = ind, target, step
        self.ratio_name = probe.changing[2 + j]
        self.lower = ind.direction == "lower"
        # every variable as an interval (the consultant's, shared by their searches: what
        # another search changed is as given again); a range's check sets those changing
        bounds = self.bounds = probe.bounds
        fixed = probe.fixed
        for name in probe.changing:
            bounds[name] = fixed[name]
        # without a gate the gates failed stay as given
        self.changing = (self.ratio_name, "score", "gates_failed")[
            :2 if ind.minimum is None else 3]
        self.plan, self.end_keep = self._plan(self.changing)
        self.prepared = False  # the grid's constants, made for the first point

    def _prepare(self) -> None:
        """The constants of the grid's points (most searches end before their first)."""
        probe, ind = self.probe, self.indicator
        self.prepared = True
        ratio = probe.base[self.ratio_name]
        assert isinstance(ratio, Fraction)
        cap = self.cap = probe.field.cap
        self.cap_n, self.cap_d = cap.numerator, cap.denominator
        sn, sd = self.step.numerator, self.step.denominator
        tn, td = self.target.numerator, self.target.denominator
        # the ratio at grid index k > 0: k * a / b (higher), a / (k * b) (lower)
        self.a, self.b = (tn * sd, td * sn) if self.lower else (sn * td, sd * tn)
        rn, rd = ratio.numerator, ratio.denominator
        minimum = ind.minimum
        gates = probe.base["gates_failed"]
        assert isinstance(gates, Fraction)
        self.others = int(gates)  # the gates failed by the other indicators
        if minimum is None:
            self.minimum = None
        else:
            self.minimum = mn, md = minimum.numerator, minimum.denominator
            self.others -= rn * md < mn * rd
        self.kind = probe.kind
        # a rounded score by its hundredths, made once per policy (scores repeat)
        self.scores: dict[int, Fraction] = probe.runtime.plans.setdefault(
            "counterfactual_scores", {})
        self._score_parts(ind, ratio)
        self.points: dict[int, Point] = {}
        self.pivots = self._pivots(self.changing)
        self.flips = self._flips() if self.kind is WeightedRatio else None

    def _score_parts(self, ind: Indicator, ratio: Fraction) -> None:
        """What the score is made of without this indicator (as the kind of scorer needs)."""
        probe, kind, cap = self.probe, self.kind, self.cap
        self.rest: Any = None
        if kind is WeightedRatio:  # the exact score without this indicator's contribution
            rn, rd = ratio.numerator, ratio.denominator
            cap_n, cap_d = self.cap_n, self.cap_d
            weight = ind.weight if ind.weight is not None else Fraction(0)
            wn, wd = self.wn, self.wd = weight.numerator, weight.denominator
            cn, cd = capped_contribution(rn, rd, wn, wd, cap_n, cap_d)
            exact = probe.measured.exact_score
            en, ed = exact.numerator, exact.denominator
            self.rest_n, self.rest_d = en * cd - cn * ed, ed * cd
            self.at_cap = self._weighted(100 * wn * cap_n, wd * cap_d)
            return
        others: list[Fraction] = [probe.base[name] for name in probe.changing[2:]  # type: ignore[misc]
                                  if name != self.ratio_name]
        if kind is TargetCount:
            met = sum((1 for r in others if r >= 1), 0)
            share = Fraction(100, len(probe.field.indicators))
            self.counted = tuple(self._hundredths(round_half_away(share * (met + b), 2))
                                 for b in (0, 1))
        else:  # MinimumRatio
            capped = [min(r, cap) for r in others]
            self.rest = min(capped) if capped else None

    def _pivots(self, changing: tuple[str, ...]) -> list[tuple[int, float]]:
        """Where a comparison of a changing variable flips: (which of them, the value)."""
        flips = self.probe.flips
        return [(which, value) for which, name in enumerate(changing)
                for value in flips.get(name, ())]

    def _flips(self) -> list[float]:
        """Where on the grid (a real index) each comparison of a changing variable flips,
        from the weighted score's formula in floats: the ratio is linear in the index
        (``lower``: in its inverse), the score linear in the ratio up to the cap and
        rounded to hundredths."""
        a, b = self.a, self.b
        if not a or not b:
            return []
        rest = self.rest_n / self.rest_d
        weight = self.wn / self.wd
        cap = self.cap_n / self.cap_d
        minimum = None if self.minimum is None else self.minimum[0] / self.minimum[1]
        out: list[float] = []
        for which, value in self.pivots:
            if which == 0:
                ratio: float | None = value
            elif which == 1:  # rest + 100 * weight * ratio reaching value (rounded)
                ratio = (value - 0.005 - rest) / (100 * weight) if weight > 0 else None
                if ratio is not None and ratio >= cap:
                    ratio = None  # the score at the cap stays below: no flip
            else:  # the gates failed change where the ratio crosses the minimum
                ratio = minimum
            if ratio is not None and ratio > 0:
                out.append(a / (b * ratio) if self.lower else ratio * b / a)
        return out

    # ------------------------------------------------------------------ the grid

    def _hundredths(self, score: Fraction) -> tuple[Fraction, int]:
        """A rounded score and its hundredths."""
        return score, score.numerator * (100 // score.denominator)

    def _weighted(self, cn: int, cd: int) -> tuple[Fraction, int]:
        """The rounded score with this indicator contributing cn / cd (WeightedRatio)."""
        rest_d = self.rest_d
        num, den = self.rest_n * cd + cn * rest_d, rest_d * cd
        hundredths = hundredths_half_away(num, den)
        score = self.scores.get(hundredths)
        if score is None:
            score = Fraction(hundredths, 100)
            if len(self.scores) < _SCORES_KEPT:
                self.scores[hundredths] = score
        return score, hundredths

    def point(self, k: int) -> Point:
        """The ratio, score and gates failed with grid index ``k`` achieved."""
        found = self.points.get(k)
        if found is not None:
            return found
        if not self.lower:
            rn, rd = k * self.a, self.b
            ratio = _exact(rn, rd)
        elif k == 0:  # an achievement of 0 of a lower indicator: the ratio is the cap
            rn, rd, ratio = self.cap_n, self.cap_d, self.cap
        else:
            rn, rd = self.a, k * self.b
            ratio = _exact(rn, rd)
        kind = self.kind
        if kind is WeightedRatio:
            if rn * self.cap_d < self.cap_n * rd:
                score, hundredths = self._weighted(100 * self.wn * rn, self.wd * rd)
            else:
                score, hundredths = self.at_cap
        elif kind is TargetCount:
            score, hundredths = self.counted[rn >= rd]
        else:
            capped = ratio if ratio < self.cap else self.cap
            rest = self.rest
            score, hundredths = self._hundredths(round_half_away(
                100 * (capped if rest is None or capped < rest else rest), 2))
        gates = self.others
        minimum = self.minimum
        if minimum is not None and rn * minimum[1] < minimum[0] * rd:
            gates += 1
        found = self.points[k] = (ratio, rn, rd, score, hundredths, gates)
        return found

    def keep(self, k: int) -> bool:
        """Whether the rules keep grid index ``k`` (exactly, as an evaluation decides)."""
        if not self.prepared:
            self._prepare()
        ratio, _, _, score, _, gates = self.point(k)
        values = dict(self.probe.base)
        values[self.ratio_name] = ratio
        values["score"] = score
        values["gates_failed"] = _WHOLE[gates] if gates < len(_WHOLE) else Fraction(gates)
        return self.probe.keep(values)

    # ------------------------------------------------------------------ ranges

    def _plan(self, changing: tuple[str, ...]) -> tuple[list[tuple[Truth | None, bool]], bool]:
        """The rules a range's check tries: those reading a changing variable (their truth),
        and those that cannot tell whatever the range (None); a rule holding whatever the
        range ends the list (its outcome, or not kept when no rule does, is the second)."""
        plan: list[tuple[Truth | None, bool]] = []
        probe = self.probe
        bounds, constants = self.bounds, probe.constants
        for n, ((compiled, truth), reads) in enumerate(zip(probe.truths, probe.reads,
                                                           strict=True)):
            keeps = compiled.rule.then == "keep"
            if truth is None:
                if compiled.constant:
                    return plan, keeps
                continue
            if not reads.isdisjoint(changing):
                plan.append((truth, keeps))
                continue
            # the same for every range of every search not changing what it reads
            if n in constants:
                holds = constants[n]
            else:
                holds = constants[n] = _truth(truth, bounds)
            if holds is True:
                return plan, keeps
            if holds is None:
                plan.append((None, keeps))
        return plan, False

    def _bounds(self, i: int, j: int) -> dict[str, Bound]:
        """The bounds over i..j: each changing variable's values at the two ends, in order."""
        p, q = self.point(i), self.point(j)
        bounds = self.bounds
        bounds[self.ratio_name] = (p[0], q[0]) if p[1] * q[2] <= q[1] * p[2] else (q[0], p[0])
        bounds["score"] = (p[3], q[3]) if p[4] <= q[4] else (q[3], p[3])
        if self.minimum is None:
            return bounds
        gp, gq = p[5], q[5]
        low, high = (gp, gq) if gp <= gq else (gq, gp)
        bounds["gates_failed"] = (_WHOLE[low] if low < len(_WHOLE) else Fraction(low),
                                  _WHOLE[high] if high < len(_WHOLE) else Fraction(high))
        return bounds

    def kept_over(self, i: int, j: int) -> Tri:
        """Whether every (True), no (False) or some (None) grid index in i..j is kept."""
        bounds = self._bounds(i, j)
        kept = other = False
        for truth, keeps in self.plan:
            try:
                holds = None if truth is None else truth(bounds)
            except ZeroDivisionError:  # a division by an interval holding 0: cannot tell
                holds = None
            if holds is False:
                continue
            if keeps:
                kept = True
            else:
                other = True
            if holds is True:
                break
            if kept and other:
                return None  # some points kept, some not, whatever the rules after
        else:  # no rule holds for every point: the rest decided as the end does
            kept, other = kept or self.end_keep, other or not self.end_keep
        if not kept:
            return False
        return None if other else True

    def split(self, i: int, j: int, last: bool) -> int | None:
        """Where to cut i..j (into i..m and m+1..j) so that the part sought first ends
        just before a comparison flips, from the score's formula (:meth:`_flips`) or by
        linear interpolation between the ends, in floats; None: no
        comparison flips inside.  Only the number of steps depends on it, not the answer:
        any cut gives the same least (greatest) kept index."""
        if not self.pivots:
            return None
        if self.flips is not None:  # the weighted score: where each flips, from its formula
            inside = [at for at in self.flips if i < at < j]
            if not inside:
                return None
            flip = max(inside) if last else min(inside)
            return min(max(math.ceil(flip) - 1, i), j - 1)
        p, q = self.point(i), self.point(j)
        ends = ((p[1] / p[2], q[1] / q[2]), (p[4] / 100, q[4] / 100), (p[5], q[5]))
        found: float | None = None
        for which, pivot in self.pivots:
            x, y = ends[which]
            if not min(x, y) < pivot < max(x, y):
                continue
            at = i + (pivot - x) / (y - x) * (j - i)
            if found is None or (at > found if last else at < found):
                found = at
        if found is None:
            return None
        return min(max(math.ceil(found) - 1, i), j - 1)

    def kept_index(self, lo: int, hi: int, *, last: bool) -> int | None:
        """The least (greatest, when ``last``) grid index in lo..hi whose achievement is kept.

        An explicit stack instead of recursion: the part nearer the end sought is popped
        first, so the first index found kept is the answer, wherever a range is cut.  A
        range is cut where :meth:`split` expects a comparison to flip, and its parts
        in the middle (so that a poor guess costs at most one step more per halving).
        """
        if not self.plan and not self.end_keep:
            return None  # a rule deciding other than keep holds whatever the achievement
        if not self.prepared:
            self._prepare()
        stack = [(lo, hi, True)]
        while stack:
            i, j, guess = stack.pop()
            if i == j:
                if self.keep(i):
                    return i
                continue
            status = self.kept_over(i, j)
            if status is False:
                continue
            if status is True:
                return j if last else i
            m = self.split(i, j, last) if guess else None
            guessed = m is not None
            if m is None:
                m = (i + j) // 2
            if last:
                stack += [(i, m, not guessed), (m + 1, j, not guessed)]
            else:
                stack += [(m + 1, j, not guessed), (i, m, not guessed)]
        return None
