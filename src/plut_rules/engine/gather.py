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

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from itertools import islice
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from plut_rules.model import Achievement, Consultant, Policy
from plut_rules.readers import AchievementColumns, CodedColumn, ConsultantColumns, row_getter

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["NO_ACHIEVEMENTS", "Achieved", "AchievedColumn", "AskedGivens", "Given", "Givens",
           "Ordered", "achieved_of", "achieved_rows", "as_floats", "attribute_of", "by_id",
           "gathered", "given_matrices", "held", "id_order", "picked"]

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


def held(consultants: Iterable[Consultant], achievements: Iterable[Achievement]
         ) -> tuple[Sequence[Consultant], Sequence[Achievement]]:
    """The roster as sequences that cannot change while it is evaluated and hashed:
    a roster's columns (what :func:`~plut_rules.readers.load_roster` returns) as they are,
    anything else as a tuple."""
    if not isinstance(consultants, ConsultantColumns):
        consultants = tuple(consultants)
    if not isinstance(achievements, AchievementColumns):
        achievements = tuple(achievements)
    return consultants, achievements


#: a Consultant attribute's column in ConsultantColumns
_COLUMN = {"id": "ids", "name": "names", "unit": "units", "field": "fields",
           "appointed": "appointed", "competences": "competences"}


class Ordered(Sequence[Consultant]):
    """Some consultants of a roster's columns in an order (by id, a field's group): each
    built when read, their attributes read in bulk straight from the columns
    (:func:`attribute_of`)."""

    __slots__ = ("columns", "order")

    def __init__(self, columns: ConsultantColumns, order: Sequence[int]) -> None:
        self.columns = columns
        self.order = order  # the position in the columns of each

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self.columns[n] for n in list(self.order)[i]]
        return self.columns[self.order[i]]


def by_id(consultants: Sequence[Consultant]) -> Sequence[Consultant]:
    """The consultants sorted by id (the order of an evaluation); a roster's columns as an
    :class:`Ordered` view, without building the consultants."""
    if isinstance(consultants, ConsultantColumns):
        return Ordered(consultants, id_order(consultants.ids))
    return sorted(consultants, key=_id)


def id_order(ids: list[str]) -> array[int]:
    """The positions of ``ids`` sorted by id, as an array: a million positions as 8 MB,
    not as a list of int objects.  Ids already in order (a file sorted by id, as most
    are) are not sorted again."""
    if all(map(str.__lt__, ids, islice(ids, 1, None))):
        return array("q", range(len(ids)))
    return array("q", sorted(range(len(ids)), key=ids.__getitem__))


def picked(consultants: Sequence[Consultant], indices: Sequence[int] | NDArray[np.int64]
           ) -> Sequence[Consultant]:
    """The consultants at ``indices`` (a list, or a numpy array of positions), as a list or
    (for a view) a view."""
    if isinstance(consultants, Ordered):
        order = consultants.order
        if not isinstance(indices, list):  # an array: the view's order as an array too
            import numpy as np

            positions: Any = (order if isinstance(order, np.ndarray) else
                              np.frombuffer(order, np.int64) if isinstance(order, array)
                              else np.array(order, dtype=np.int64))
            return Ordered(consultants.columns, positions[indices])
        return Ordered(consultants.columns, list(map(order.__getitem__, indices)))
    return [consultants[i] for i in (indices if isinstance(indices, list) else
                                     list(map(int, indices)))]


def attribute_of(consultants: Sequence[Consultant], name: str) -> list[Any]:
    """Each consultant's attribute ``name`` (``id``, ``unit``...), read from the columns of
    a view."""
    if isinstance(consultants, Ordered):
        import numpy as np

        order = consultants.order
        # a numpy order read as ints: indexing a list with numpy integers is slower
        positions = order.tolist() if isinstance(order, np.ndarray) else order
        return list(map(getattr(consultants.columns, _COLUMN[name]).__getitem__, positions))
    return list(map(attrgetter(name), consultants))


class Achieved(NamedTuple):
    """What an exact comparison reads of an achievement: its value and own target (a
    consultant compared exactly near a boundary, without building the
    :class:`~plut_rules.model.Achievement` and its location)."""

    achievement: Fraction
    target: Fraction | None


#: a consultant's achievements by indicator, as objects or as what an exact comparison reads
Given = Mapping[str, Achievement | Achieved]


class Givens(Mapping[str, dict[str, Achievement]]):
    """Each consultant's achievements by indicator (what the roster check returns), kept
    as a table of achievement rows: a consultant's dict is built when it is asked for.

    A consultant is found by id with a binary search of the ids in order (``order``, the
    positions sorted by id, which the evaluation needs anyway), not with a dict: a
    million ids' dict would be 70 MB more for the whole evaluation.
    """

    def __init__(self, policy: Policy, consultants: Sequence[Consultant],
                 achievements: Sequence[Achievement], ids: list[str],
                 rows: NDArray[np.signedinteger[Any]], fields: Sequence[str]) -> None:
        self.policy = policy
        self.consultants = consultants
        self.achievements = achievements
        self.consultant_ids = ids  # each consultant's id, by position
        self.order: Sequence[int] = ()  # the positions sorted by id (set when gathered)
        self.rows = rows  # (consultants x slots): the achievement row, -1 when none
        self.ids = {f.id: [i.id for i in f.indicators] for f in policy.fields}
        self.fields = fields  # each consultant's field, by position
        self._floats: tuple[Any, Any] | None = None

    def position(self, consultant: str) -> int:
        """The position in the roster of the consultant with id ``consultant`` (KeyError
        when there is none)."""
        ids, order = self.consultant_ids, self.order
        k = bisect_left(order, consultant, key=ids.__getitem__)
        if k < len(order) and ids[order[k]] == consultant:
            return order[k]
        raise KeyError(consultant)

    def ordered(self) -> Sequence[Consultant]:
        """The consultants sorted by id (as :func:`by_id`), from the order already made."""
        consultants = self.consultants
        if isinstance(consultants, ConsultantColumns):
            return Ordered(consultants, self.order)
        return [consultants[p] for p in self.order]

    def __getitem__(self, consultant: str) -> dict[str, Achievement]:
        return self.at(self.position(consultant))

    def at(self, i: int) -> dict[str, Achievement]:
        """The achievements by indicator of the consultant at position ``i`` of the roster."""
        ids = self.ids[self.fields[i]]
        rows = self.rows[i, :len(ids)].tolist()
        achievements = self.achievements
        return {ind: achievements[r] for ind, r in zip(ids, rows, strict=True) if r >= 0}

    def achieved_at(self, i: int) -> Given:
        """:meth:`at`, as what an exact comparison reads (:class:`Achieved`) when the
        roster is columns."""
        everything = self.achievements
        if not isinstance(everything, AchievementColumns):
            return self.at(i)
        ids = self.ids[self.fields[i]]
        rows = self.rows[i, :len(ids)].tolist()
        values, target_of = everything.values, row_getter(everything.targets)
        return {ind: Achieved(values[r], target_of(r))
                for ind, r in zip(ids, rows, strict=True) if r >= 0}

    def achieved(self, consultant: str) -> Given:
        """:meth:`achieved_at` of the consultant with id ``consultant`` (none: empty)."""
        try:
            return self.achieved_at(self.position(consultant))
        except KeyError:
            return NO_ACHIEVEMENTS

    def __iter__(self) -> Iterator[str]:
        return iter(self.consultant_ids)

    def __len__(self) -> int:
        return len(self.consultant_ids)

    def positions(self, group: Sequence[Consultant]) -> Sequence[int]:
        """The position of each consultant of ``group`` in the roster."""
        if isinstance(group, Ordered) and group.columns is self.consultants:
            return group.order
        return list(map(self.position, attribute_of(group, "id")))

    def floats(self) -> tuple[Any, Any]:
        """Every achievement and its own target (NaN when none) as floats, by row.

        Each is the numerator over the denominator, correctly rounded.
        """
        import numpy as np

        if self._floats is None and isinstance(self.achievements, AchievementColumns):
            # read with the roster: each the nearest float, NaN for no own target
            self._floats = (_float_column(self.achievements.value_floats),
                            _float_column(self.achievements.target_floats))
        if self._floats is None:
            values = as_floats(list(map(_achievement, self.achievements)))
            owns = list(map(_target, self.achievements))
            targets = np.full(len(owns), np.nan)
            given = [n for n, t in enumerate(owns) if t is not None]
            if given:
                targets[given] = as_floats([owns[n] for n in given])
            self._floats = (values, targets)
        return self._floats

    def matrices(self, positions: Sequence[int], policy_targets: Sequence[float], k: int
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


def _float_column(column: Sequence[float]) -> Any:
    """A column of floats as a numpy array: an ``array('d')`` shared, not copied."""
    import numpy as np

    if isinstance(column, array):
        return np.frombuffer(column, dtype=np.float64)
    return np.asarray(column, dtype=np.float64)


def as_floats(numbers: list[Fraction]) -> Any:
    """``numbers`` as floats, each one correctly rounded division of its integers
    (Python's int / int is, whatever their size; ``float(x)`` costs two property look-ups
    per number)."""
    import numpy as np

    return np.array([n / d for n, d in map(_integers, numbers)], dtype=np.float64)


def given_matrices(indicators: Sequence[Any], givens: Sequence[Given],
                   m: int, k: int) -> tuple[Any, Any]:
    """The achievements and targets of ``givens`` (each a consultant's achievements by
    indicator) as (consultants x indicators) float matrices; ``indicators`` are a field
    plan's (id and policy target first), a missing achievement counts as 0."""
    import numpy as np

    ids = [ind[0] for ind in indicators]
    policy_targets = np.array([ind[1] for ind in indicators], dtype=np.float64)
    try:  # one flat comprehension: no per-item Python loop body
        rows = [given[i] for given in givens for i in ids]
    except KeyError:  # a missing achievement (counted as 0): item by item
        return _matrices_missing(indicators, givens, m, k)
    v = as_floats([a.achievement for a in rows]).reshape(m, k)
    owns = [a.target for a in rows]
    if owns.count(None) == len(owns):
        return v, np.broadcast_to(policy_targets, (m, k))
    t = np.array([policy_targets[n % k] if own is None else float(own)
                  for n, own in enumerate(owns)], dtype=np.float64).reshape(m, k)
    return v, t


def _matrices_missing(indicators: Sequence[Any], givens: Sequence[Given],
                      m: int, k: int) -> tuple[Any, Any]:
    import numpy as np

    achieved: list[float] = []
    targets: list[float] = []
    for given in givens:
        for ind_id, policy_target, *_ in indicators:
            a = given.get(ind_id)
            if a is None:
                achieved.append(0.0)
                targets.append(policy_target)
                continue
            achieved.append(float(a.achievement))
            targets.append(policy_target if a.target is None else float(a.target))
    return (np.array(achieved, dtype=np.float64).reshape(m, k),
            np.array(targets, dtype=np.float64).reshape(m, k))


def _slots(policy: Policy, own_fields: Sequence[str], owners: Any,
           indicators: Sequence[str]) -> tuple[Any, Any, Any] | None:
    """Each achievement's owner and slot (its indicator's position in its consultant's
    field), looked up in a (fields x indicators) table, and each consultant's field as
    its position in the policy; None when a field lacks an achievement's indicator."""
    import numpy as np

    codes = {ind: k for k, ind in enumerate(
        dict.fromkeys(i.id for f in policy.fields for i in f.indicators))}
    if isinstance(indicators, CodedColumn):  # read as codes: a code of the policy's each
        known = [codes.get(name, -1) for name in indicators.names]
        if -1 in known:
            return None  # an indicator no field has
        own_codes = np.frombuffer(indicators.codes, dtype=f"u{indicators.codes.itemsize}")
        indicator_codes = np.array(known, dtype=np.int32)[own_codes]
    else:
        try:
            indicator_codes = np.fromiter(map(codes.__getitem__, indicators), dtype=np.int32,
                                          count=len(indicators))
        except KeyError:
            return None  # an indicator no field has
    # small codes: a million rows' slots are a few MB, not tens
    table = np.full((len(policy.fields), len(codes)), -1, dtype=np.int32)
    for k, f in enumerate(policy.fields):
        table[k, [codes[i.id] for i in f.indicators]] = np.arange(len(f.indicators))
    field_codes = {f.id: k for k, f in enumerate(policy.fields)}
    consultant_field = np.array(list(map(field_codes.__getitem__, own_fields)), dtype=np.int32)
    owner = owners
    slots = table[consultant_field[owner], indicator_codes]
    if (slots < 0).any():
        return None
    return owner, slots, consultant_field


def _owners(ids: list[str], achievements: Sequence[Achievement], position: Any) -> Any:
    """Each achievement's consultant as a position in ``ids`` (an array of ``position``);
    None for a duplicate id or an achievement of an unknown consultant."""
    import numpy as np

    n = len(ids)
    numbered = achievements.owners if isinstance(achievements, AchievementColumns) else None
    if numbered is not None and numbered[0] is ids:  # numbered by the reader against these
        # very ids: nothing to look up
        if len(set(ids)) != n:
            return None
        found = np.frombuffer(numbered[1], dtype=np.int32).astype(position, copy=False)
        return None if len(found) and int(found.max()) >= n else found
    index = dict(zip(ids, range(n), strict=True))  # let go once the owners are found
    if len(index) != n:
        return None
    owner_ids = (achievements.consultants if isinstance(achievements, AchievementColumns)
                 else list(map(_consultant, achievements)))
    try:  # straight into an array (a list of a million rows' ints is 160 MB more)
        return np.fromiter(map(index.__getitem__, owner_ids), dtype=position,
                           count=len(owner_ids))
    except KeyError:
        return None


def gathered(policy: Policy, consultants: Sequence[Consultant],
             achievements: Sequence[Achievement]) -> Givens | None:
    """The roster as :class:`Givens` when the roster check would find no problem with it;
    None when it might (the caller runs the full check)."""
    import numpy as np

    fields = {f.id: f for f in policy.fields}
    n = len(consultants)
    if isinstance(consultants, ConsultantColumns):  # read as columns: nothing to gather
        ids, own_fields, units = consultants.ids, consultants.fields, consultants.units
        appointed: Any = consultants.appointed
        # competence maps are shared between consultants with equal levels: each once
        competences: Any = dict(zip(map(id, consultants.competences),
                                    consultants.competences, strict=True)).values()
    else:
        ids, own_fields = list(map(_id, consultants)), list(map(_field, consultants))
        units, appointed = list(map(_unit, consultants)), map(_appointed, consultants)
        competences = map(_competences, consultants)
    if (not set(own_fields) <= fields.keys()
            or not set(units) <= {u.id for u in policy.units}
            or (n and max(appointed) > policy.year)
            or not set().union(*competences) <= fields.keys()):
        return None
    indicators = (achievements.indicators if isinstance(achievements, AchievementColumns)
                  else list(map(_indicator, achievements)))
    width = max((len(f.indicators) for f in policy.fields), default=0)
    # positions as int32 whenever they fit: every array below is a row per achievement
    position = np.int32 if (n + 1) * max(width, 1) < 2**31 else np.int64
    found = _owners(ids, achievements, position)
    if found is None:
        return None  # a duplicate id, or an achievement of an unknown consultant
    placed = _slots(policy, own_fields, found, indicators)
    if placed is None:
        return None  # an indicator its consultant's field does not have
    owner, slots, consultant_field = placed
    result = Givens(policy, consultants, achievements, ids, np.zeros((0, 0), dtype=np.int64),
                    own_fields)
    if (result.floats()[1] <= 0).any():  # NaN (no own target) is not; a float keeps the sign
        return None  # a target <= 0
    flat = owner * position(width) + slots
    del slots
    counts = np.bincount(owner, minlength=n) if len(owner) else np.zeros(n, dtype=np.int64)
    sizes = np.array([len(f.indicators) for f in policy.fields], dtype=np.int64)
    expected = sizes[consultant_field] if n else np.zeros(0, dtype=np.int64)
    if not np.array_equal(counts, expected):
        return None  # a missing achievement (an error, or counted as 0): the full check
    rows: Any = np.full(n * width, -1, dtype=position)
    rows[flat] = np.arange(len(flat), dtype=position)
    if np.count_nonzero(rows >= 0) != len(flat):
        return None  # an indicator given twice (two rows in one slot: fewer slots filled)
    del flat
    result.rows = rows.reshape(n, width)
    result.order = id_order(ids)
    return result


def achieved_of(by_consultant: Mapping[str, Mapping[str, Achievement]], consultant: str
                ) -> Given:
    """A consultant's achievements by indicator as an exact score reads them: from a
    gathered roster's columns (:meth:`Givens.achieved`), otherwise as checked (none:
    empty)."""
    if isinstance(by_consultant, Givens):
        return by_consultant.achieved(consultant)
    return by_consultant.get(consultant, NO_ACHIEVEMENTS)


class AskedGivens(Sequence[Given]):
    """The achievements by indicator of each consultant of ``group``, as what an exact
    comparison reads of them (:meth:`Givens.achieved_at`), built when asked (only the
    few compared exactly are)."""

    def __init__(self, givens: Givens, group: Sequence[Consultant]) -> None:
        self.givens = givens
        self.group = group

    def __getitem__(self, i: Any) -> Any:
        group, givens = self.group, self.givens
        if isinstance(group, Ordered) and group.columns is givens.consultants:
            # the roster's position: nothing to look up
            return givens.achieved_at(group.order[i])
        return givens.get(group[i].id, NO_ACHIEVEMENTS)

    def __len__(self) -> int:
        return len(self.group)


#: one indicator's achievements of some consultants: the exact values and own targets
AchievedColumn = tuple[list[Fraction], list["Fraction | None"]]


def achieved_rows(indicators: Sequence[Any], givens: Sequence[Given],
                  rows: Any, by_consultant: Any, good: list[int]
                  ) -> list[AchievedColumn] | None:
    """Each indicator's achievements of the consultants at ``good`` (``indicators``: a
    field plan's, id first), as the exact values and own targets; None when one is
    missing (counted as 0: the exact path explains those)."""
    k = len(indicators)
    if rows is not None:
        picked = rows[good]
        if (picked < 0).any():
            return None
        everything = by_consultant.achievements
        if isinstance(everything, AchievementColumns):  # no Achievement built
            values, target_of = everything.values, row_getter(everything.targets)
            out: list[AchievedColumn] = []
            for j in range(k):
                column = picked[:, j].tolist()
                out.append((list(map(values.__getitem__, column)),
                            list(map(target_of, column))))
            return out
        per_indicator = [list(map(everything.__getitem__, picked[:, j].tolist()))
                         for j in range(k)]
    else:
        ids = [ind[0] for ind in indicators]
        try:
            flat = [given[i] for given in (givens[g] for g in good) for i in ids]
        except KeyError:
            return None
        per_indicator = [flat[j::k] for j in range(k)]
    return [(list(map(_achievement, column)), list(map(_target, column)))
            for column in per_indicator]
