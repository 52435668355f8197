"""A roster checked and gathered into columns at once, without a Python loop per row.

The roster check (:mod:`plut_rules.engine.inputs`) walks every consultant and
achievement in Python and builds each consultant's achievements by indicator as a dict;
on a large roster that walk, not the scoring, is most of an evaluation.  Here the same
facts are read with C-level maps over the objects (``operator.attrgetter``, ``dict.get``)
and numpy: each achievement's consultant (an index) and slot (its indicator's position
in that consultant's field), giving one (consultants x slots) table of achievement rows.
When everything is in order (the common case: no unknown id, no duplicate, nothing
missing, no target <= 0) the result is a :class:`Givens`, a mapping with the same
content as the check's dicts, which builds a consultant's dict only when asked and
gives the column path its matrices directly (:meth:`Givens.matrices`).  Anything else
returns None and the full check runs, which finds and words every problem as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from plut_rules.model import Achievement, Consultant, Policy

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["NO_ACHIEVEMENTS", "AskedGivens", "Givens", "achieved_rows", "gathered"]

#: the achievements of a consultant who gave none
NO_ACHIEVEMENTS: Mapping[str, Achievement] = {}

_id = attrgetter("id")
_field = attrgetter("field")
_unit = attrgetter("unit")
_appointed = attrgetter("appointed")
_competences = attrgetter("competences")
_consultant = attrgetter("consultant")
_indicator = attrgetter("indicator")
_achievement = attrgetter("achievement")
_target = attrgetter("target")
_integers = Fraction.as_integer_ratio


class Givens(Mapping[str, dict[str, Achievement]]):
    """Each consultant's achievements by indicator (what the roster check returns), kept
    as a table of achievement rows: a consultant's dict is built when it is asked for."""

    def __init__(self, policy: Policy, consultants: Sequence[Consultant],
                 achievements: Sequence[Achievement], index: dict[str, int],
                 rows: NDArray[np.int64]) -> None:
        self.policy = policy
        self.consultants = consultants
        self.achievements = achievements
        self.index = index
        self.rows = rows  # (consultants x slots): the achievement row, -1 when none
        self.ids = {f.id: [i.id for i in f.indicators] for f in policy.fields}
        self._floats: tuple[Any, Any] | None = None

    def __getitem__(self, consultant: str) -> dict[str, Achievement]:
        i = self.index[consultant]
        ids = self.ids[self.consultants[i].field]
        rows = self.rows[i, :len(ids)].tolist()
        achievements = self.achievements
        return {ind: achievements[r] for ind, r in zip(ids, rows, strict=True) if r >= 0}

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    def positions(self, group: Sequence[Consultant]) -> list[int]:
        """The position of each consultant of ``group`` in the roster."""
        return list(map(self.index.__getitem__, map(_id, group)))

    def floats(self) -> tuple[Any, Any]:
        """Every achievement and its own target (NaN when none) as floats, by row.

        Each is the numerator over the denominator, correctly rounded.
        """
        import numpy as np

        if self._floats is None:
            values = _as_floats(list(map(_achievement, self.achievements)))
            owns = list(map(_target, self.achievements))
            targets = np.full(len(owns), np.nan)
            given = [n for n, t in enumerate(owns) if t is not None]
            if given:
                targets[given] = _as_floats([owns[n] for n in given])
            self._floats = (values, targets)
        return self._floats

    def matrices(self, positions: list[int], policy_targets: Sequence[float], k: int
                 ) -> tuple[Any, Any, Any]:
        """The achievements and targets of the consultants at ``positions`` (all of one
        field of ``k`` indicators) as (consultants x k) float matrices, and their rows."""
        import numpy as np

        values, targets = self.floats()
        rows = self.rows[positions, :k]
        v = values[rows]
        t = targets[rows]
        own = ~np.isnan(t)
        if own.any():
            t = np.where(own, t, np.asarray(policy_targets, dtype=np.float64))
        else:
            t = np.broadcast_to(np.asarray(policy_targets, dtype=np.float64), v.shape)
        return v, t, rows


def _as_floats(numbers: list[Fraction]) -> Any:
    """``numbers`` as floats, each one correctly rounded division of its integers
    (Python's int / int is, whatever their size)."""
    import numpy as np

    return np.array([n / d for n, d in map(_integers, numbers)], dtype=np.float64)


def gathered(policy: Policy, consultants: Sequence[Consultant],
             achievements: Sequence[Achievement]) -> Givens | None:
    """The roster as :class:`Givens` when the roster check would find no problem with it;
    None when it might (the caller runs the full check)."""
    import numpy as np

    fields = {f.id: f for f in policy.fields}
    n = len(consultants)
    ids = list(map(_id, consultants))
    index = dict(zip(ids, range(n), strict=True))
    if len(index) != n:
        return None  # a duplicate id
    own_fields = list(map(_field, consultants))
    if (not set(own_fields) <= fields.keys()
            or not set(map(_unit, consultants)) <= {u.id for u in policy.units}
            or (n and max(map(_appointed, consultants)) > policy.year)
            or not set().union(*map(_competences, consultants)) <= fields.keys()):
        return None
    found = list(map(index.get, map(_consultant, achievements)))
    if None in found:
        return None  # an achievement of an unknown consultant
    owners: list[int] = found  # type: ignore[assignment]  # no None left
    slot_of = {(f.id, ind.id): j for f in policy.fields for j, ind in enumerate(f.indicators)}
    slots = list(map(slot_of.get, zip(map(own_fields.__getitem__, owners),
                                      map(_indicator, achievements), strict=True)))
    if None in slots:
        return None  # an indicator its consultant's field does not have
    result = Givens(policy, consultants, achievements, {}, np.zeros((0, 0), dtype=np.int64))
    if (result.floats()[1] <= 0).any():  # NaN (no own target) is not; a float keeps the sign
        return None  # a target <= 0
    width = max((len(f.indicators) for f in policy.fields), default=0)
    owner = np.array(owners, dtype=np.int64)
    flat = owner * width + np.array(slots, dtype=np.int64)
    if len(flat) and np.bincount(flat, minlength=n * width).max() > 1:
        return None  # an indicator given twice
    counts = np.bincount(owner, minlength=n) if len(owner) else np.zeros(n, dtype=np.int64)
    sizes = {f.id: len(f.indicators) for f in policy.fields}
    expected = np.array(list(map(sizes.__getitem__, own_fields)), dtype=np.int64)
    if not np.array_equal(counts, expected):
        return None  # a missing achievement (an error, or counted as 0): the full check
    rows = np.full(n * width, -1, dtype=np.int64)
    rows[flat] = np.arange(len(flat), dtype=np.int64)
    result.index, result.rows = index, rows.reshape(n, width)
    return result


class AskedGivens(Sequence[Mapping[str, Achievement]]):
    """The achievements by indicator of each consultant of ``group``, built when asked
    (only the few compared exactly are)."""

    def __init__(self, givens: Givens, group: list[Consultant]) -> None:
        self.givens = givens
        self.group = group

    def __getitem__(self, i: Any) -> Any:
        return self.givens.get(self.group[i].id, NO_ACHIEVEMENTS)

    def __len__(self) -> int:
        return len(self.group)


def achieved_rows(indicators: Sequence[Any], givens: Sequence[Mapping[str, Achievement]], rows: Any,
              by_consultant: Any, good: list[int]) -> list[list[Achievement]] | None:
    """Each indicator's achievements of the consultants at ``good`` (``indicators``: a
    field plan's, id first); None when one is
    missing (counted as 0: the exact path explains those)."""
    k = len(indicators)
    if rows is not None:
        picked = rows[good]
        if (picked < 0).any():
            return None
        everything = by_consultant.achievements
        return [list(map(everything.__getitem__, picked[:, j].tolist())) for j in range(k)]
    ids = [ind[0] for ind in indicators]
    try:
        flat = [given[i] for given in (givens[g] for g in good) for i in ids]
    except KeyError:
        return None
    return [flat[j::k] for j in range(k)]
