"""A roster kept as columns: one list per attribute instead of one object per row.

A year's roster is read once and then scored as arrays (:mod:`plut_rules.engine`), so
keeping a :class:`~plut_rules.model.Consultant` and an
:class:`~plut_rules.model.Achievement` object per row (with a ``Location`` and a
``Fraction`` each) costs several kilobytes per consultant for nothing.
:class:`ConsultantColumns` and :class:`AchievementColumns` keep the same facts as
columns -- equal values shared, each achievement's float beside its exact value --
and are still sequences of the domain objects: an item is built when it is read,
equal to the object the reader would have built, location included.  The engine
reads the columns directly; every other caller sees the objects.

The readers fill the columns directly: equal texts (units, fields) are one str object,
equal numbers one ``Fraction``, equal competence levels one ``FrozenMap``, and the
locations a :class:`RowLocations` (a few bytes a row instead of a ``Location``).  The
indicators, a few dozen names over millions of rows, are a :class:`CodedColumn` (two bytes
a row), and the achievements' own targets, which most files leave out, a
:class:`SparseColumn` while few rows give one (nothing kept for a row without).

Build them from Python objects with :meth:`ConsultantColumns.of` and
:meth:`AchievementColumns.of` (what :func:`~plut_rules.readers.load_roster` returns
is already columns).
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Any, TypeVar, overload

from plut_rules.errors import Location
from plut_rules.model import Achievement, Consultant, FrozenMap

__all__ = ["AchievementColumns", "CodedColumn", "ConsultantColumns", "RowLocations",
           "SparseColumn", "float_of", "row_getter", "targets_column"]

_NO_COMPETENCES: FrozenMap[Fraction] = FrozenMap()
_NAN = float("nan")


def float_of(value: Fraction) -> float:
    """``value`` as the nearest float (one correctly rounded division of its integers)."""
    return value.numerator / value.denominator


def _new_consultant(cid: str, name: str, unit: str, field: str, appointed: int,
                    competences: FrozenMap[Fraction], location: Location | None) -> Consultant:
    # The values were checked when the row was read (or taken from a Consultant), so the
    # constructor's conversions and checks would only repeat themselves.
    made: Consultant = object.__new__(Consultant)
    setter = object.__setattr__
    setter(made, "id", cid)
    setter(made, "name", name)
    setter(made, "unit", unit)
    setter(made, "field", field)
    setter(made, "appointed", appointed)
    setter(made, "competences", competences)
    setter(made, "location", location)
    return made


def _new_achievement(consultant: str, indicator: str, value: Fraction,
                     target: Fraction | None, location: Location | None) -> Achievement:
    made: Achievement = object.__new__(Achievement)
    setter = object.__setattr__
    setter(made, "consultant", consultant)
    setter(made, "indicator", indicator)
    setter(made, "achievement", value)
    setter(made, "target", target)
    setter(made, "location", location)
    return made


def column_letters(number: int) -> str:
    """The letters of a spreadsheet column (1 -> ``A``, 28 -> ``AB``)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


_INT_MAX = 2**31 - 1
_T = TypeVar("_T")


class _Columns:
    """What both column sequences share: length, slicing, equality with other sequences."""

    __slots__ = ()

    def __len__(self) -> int:
        raise NotImplementedError

    def _item(self, i: int) -> Any:
        raise NotImplementedError

    def _index(self, i: int) -> int:
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("roster index out of range")
        return i

    def __iter__(self) -> Iterator[Any]:
        return map(self._item, range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Columns | tuple | list):
            return len(self) == len(other) and all(
                a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} rows)"

    def _get(self, i: int | slice) -> Any:
        """``self[i]``: an item built, or a slice's as a tuple."""
        if isinstance(i, slice):
            return tuple(map(self._item, range(*i.indices(len(self)))))
        return self._item(self._index(i))


class RowLocations(_Columns, Sequence[Location | None]):
    """Where each row of a table was read, a few bytes a row: ``locations[i]`` is the
    :class:`~plut_rules.errors.Location` the reader gave, built when asked.

    One file (and sheet) is kept once; each row keeps its line (the row of a sheet) in
    ``lines`` and, when the place names one, its column in ``columns``: the character
    column of a JSON value, or the spreadsheet column of its ``cell`` (``C14`` is kept
    as 3; the letters and row make the cell again).  A location of any other shape (None,
    another file) is kept as it is, in ``others``; its line is 0.
    """

    __slots__ = ("_letters", "columns", "file", "lines", "others", "sheet")

    def __init__(self, file: str | None = None, sheet: str | None = None) -> None:
        self.file = file
        self.sheet = sheet
        self.lines = array("i")
        self.columns: array[int] | None = None  # made at the first row that has one
        self.others: dict[int, Location | None] = {}
        self._letters: dict[str, int] = {}  # cell letters -> column number, while reading

    def append(self, loc: Location | None) -> None:
        """Keep ``loc`` as the next row's location."""
        if self.file is None and not self.lines and loc is not None:
            self.file, self.sheet = loc.file, loc.sheet
        line = loc.line if loc is not None else None
        if (type(loc) is Location and loc.file == self.file and loc.sheet == self.sheet
                and type(line) is int and 0 < line <= _INT_MAX):
            column = self._column(loc, line)
            if column is not None:
                self.lines.append(line)
                if column or self.columns is not None:
                    if self.columns is None:
                        self.columns = array("i", bytes(4 * (len(self.lines) - 1)))
                    self.columns.append(column)
                return
        self.others[len(self.lines)] = loc
        self.lines.append(0)
        if self.columns is not None:
            self.columns.append(0)

    def _column(self, loc: Location, line: int) -> int | None:
        """The column to keep for ``loc`` (0: none), None when it cannot be kept so."""
        if self.sheet is None:
            if loc.cell is not None:
                return None
            column = loc.column
            if column is None:
                return 0
            return column if type(column) is int and 0 < column <= _INT_MAX else None
        cell = loc.cell
        if loc.column is not None or type(cell) is not str:
            return None
        letters = cell.rstrip("0123456789")
        number = self._letters.get(letters)
        if number is None:
            if not (letters.isascii() and letters.isalpha() and letters.isupper()):
                return None
            number = _column_number(letters)
            if number > _INT_MAX:
                return None
            self._letters[letters] = number
        return number if cell == letters + str(line) else None

    def __len__(self) -> int:
        return len(self.lines)

    def _item(self, i: int) -> Location | None:
        line = self.lines[i]
        if line == 0:
            return self.others[i]
        file = self.file
        assert file is not None
        column = self.columns[i] if self.columns is not None else 0
        if self.sheet is not None:
            return Location(file, line, sheet=self.sheet, cell=column_letters(column) + str(line))
        return Location(file, line, column or None)

    @overload
    def __getitem__(self, i: int) -> Location | None: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Location | None]: ...

    def __getitem__(self, i: int | slice) -> Location | Sequence[Location | None] | None:
        return self._get(i)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"RowLocations({self.file!r}, {len(self)} rows)"

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.file, self.sheet, self.lines, self.columns, self.others)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.file, self.sheet, self.lines, self.columns, self.others = state
        self._letters = {}


def _kept(locations: Sequence[_T]) -> Sequence[_T]:
    """A column as pickled: compact ones as they are, any other sequence as a list."""
    return (locations if isinstance(locations, RowLocations | _ValueColumn | list | tuple)
            else list(locations))


class _ValueColumn(_Columns, Sequence[_T]):
    """What a column of plain values shares with the list it replaces: indexing (negative
    indices, slices as lists), iteration and equality with any sequence of equal items
    (those two as every column has them)."""

    __slots__ = ()

    @overload
    def __getitem__(self, i: int) -> _T: ...
    @overload
    def __getitem__(self, i: slice) -> list[_T]: ...

    def __getitem__(self, i: int | slice) -> _T | list[_T]:
        if isinstance(i, slice):
            return list(map(self._item, range(*i.indices(len(self)))))
        n = len(self)
        i = operator.index(i)  # a TypeError for what is not an integer, as a list's
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._item(i)  # type: ignore[no-any-return]

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are not hashable

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class SparseColumn(_ValueColumn["Fraction | None"]):
    """A column that is None on most rows, as a sequence: ``length`` rows, and the value
    of each row that has one in ``given`` (row -> value).

    The achievements' own targets, which most files leave out (the policy's target
    applies): a million rows without one are an int and an empty dict, not 8 MB of
    pointers to None.  The reader switches to a plain list when targets are common.
    """

    __slots__ = ("given", "length")

    def __init__(self, length: int = 0, given: dict[int, Fraction] | None = None) -> None:
        self.length = length
        self.given: dict[int, Fraction] = {} if given is None else given
        if any(not 0 <= r < length for r in self.given):
            raise ValueError("a sparse column's rows are within its length")

    @classmethod
    def of(cls, values: Iterable[Fraction | None]) -> SparseColumn:
        """The rows of ``values`` (None where a row has no value)."""
        given: dict[int, Fraction] = {}
        n = 0
        for n, value in enumerate(values, 1):
            if value is not None:
                given[n - 1] = value
        return cls(n, given)

    def crowded(self) -> bool:
        """Whether a plain list would cost less: more than one row in 8 given, once past
        a few dozen (a dict entry and its int key cost about eight list pointers)."""
        return len(self.given) > 32 and 8 * len(self.given) > self.length

    def as_list(self) -> list[Fraction | None]:
        """The rows as a plain list."""
        out: list[Fraction | None] = [None] * self.length
        for r, value in self.given.items():
            out[r] = value
        return out

    def __len__(self) -> int:
        return self.length

    def _item(self, i: int) -> Fraction | None:
        return self.given.get(i)

    def __repr__(self) -> str:
        return f"SparseColumn({self.length}, {self.given!r})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (SparseColumn, (self.length, self.given))


class CodedColumn(_ValueColumn[str]):
    """A column of a few distinct texts, as a sequence: each distinct text once in
    ``names`` (in the order first seen, one str object each) and each row's position in
    it in ``codes`` (an ``array('H')``, two bytes a row; ``'I'`` past 65,535 names).

    The achievements' indicators: a few dozen names over millions of rows.
    """

    __slots__ = ("_numbers", "codes", "names")

    def __init__(self, names: Iterable[str] = (), codes: Iterable[int] = ()) -> None:
        self.names: list[str] = list(names)
        self._numbers = {name: k for k, name in enumerate(self.names)}
        if len(self._numbers) != len(self.names):
            raise ValueError("a coded column's names are distinct")
        self.codes: array[int] = array("H" if len(self.names) <= 0x10000 else "I", codes)
        if self.codes and max(self.codes) >= len(self.names):
            raise ValueError("a coded column's codes are positions of its names")

    @classmethod
    def of(cls, values: Iterable[str]) -> CodedColumn:
        """The rows of ``values``."""
        column = cls()
        for value in values:
            column.append(value)
        return column

    def code(self, name: str) -> int:
        """The code of ``name`` (a new one when it is not among the names yet)."""
        found = self._numbers.get(name)
        if found is None:
            found = self._numbers[name] = len(self.names)
            self.names.append(name)
            if found == 0x10000:  # past what two bytes hold
                self.codes = array("I", self.codes)
        return found

    def append(self, name: str) -> None:
        """Add a row of ``name``."""
        code = self.code(name)  # first: the code may need a wider array
        self.codes.append(code)

    def __len__(self) -> int:
        return len(self.codes)

    def _item(self, i: int) -> str:
        return self.names[self.codes[i]]

    def __repr__(self) -> str:
        return f"CodedColumn({self.names!r}, {len(self)} rows)"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (CodedColumn, (self.names, self.codes))


def row_getter(column: Sequence[_T]) -> Callable[[int], _T | None]:
    """A C-level function giving ``column[r]`` for a row ``r`` within it (no Python call
    a row): a :class:`SparseColumn`'s ``given.get``, any other column's ``__getitem__``.
    A :class:`CodedColumn` is read as ``names[codes[r]]``."""
    if isinstance(column, SparseColumn):
        return column.given.get  # type: ignore[return-value]
    return column.__getitem__


class ConsultantColumns(_Columns, Sequence[Consultant]):
    """The consultants of a roster as columns; ``columns[i]`` is a :class:`Consultant`.

    Every column has one entry per consultant, in the order read.  ``competences`` holds
    :class:`~plut_rules.model.FrozenMap` objects, shared between consultants with the
    same levels; ``locations`` is any sequence of locations (or None), e.g. a compact
    one that builds each :class:`~plut_rules.errors.Location` when asked.
    """

    __slots__ = ("appointed", "competences", "fields", "ids", "locations", "names", "units")

    def __init__(self, ids: list[str], names: list[str], units: list[str], fields: list[str],
                 appointed: Sequence[int], competences: list[FrozenMap[Fraction]],
                 locations: Sequence[Location | None]) -> None:
        n = len(ids)
        if not all(len(c) == n for c in (names, units, fields, appointed, competences,
                                         locations)):
            raise ValueError("every column of a roster has one entry per consultant")
        self.ids = ids
        self.names = names
        self.units = units
        self.fields = fields
        self.appointed = appointed
        self.competences = competences
        self.locations = locations

    @classmethod
    def of(cls, consultants: Iterable[Consultant]) -> ConsultantColumns:
        """The columns of ``consultants`` (any iterable of :class:`Consultant`)."""
        people = list(consultants)
        for c in people:
            if not isinstance(c, Consultant):
                raise TypeError(f"expected a Consultant, got {type(c).__name__}")
        shared: dict[FrozenMap[Fraction], FrozenMap[Fraction]] = {}
        return cls([c.id for c in people], [c.name for c in people],
                   [c.unit for c in people], [c.field for c in people],
                   array("q", [c.appointed for c in people]),
                   [shared.setdefault(c.competences, c.competences) for c in people],
                   [c.location for c in people])

    def __len__(self) -> int:
        return len(self.ids)

    def _item(self, i: int) -> Consultant:
        return _new_consultant(self.ids[i], self.names[i], self.units[i], self.fields[i],
                               self.appointed[i], self.competences[i], self.locations[i])

    @overload
    def __getitem__(self, i: int) -> Consultant: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Consultant]: ...

    def __getitem__(self, i: int | slice) -> Consultant | Sequence[Consultant]:
        return self._get(i)  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (ConsultantColumns, (self.ids, self.names, self.units, self.fields,
                                    array("q", self.appointed), self.competences,
                                    _kept(self.locations)))


def targets_column(targets: list[Fraction | None]) -> Sequence[Fraction | None]:
    """``targets`` as kept: a :class:`SparseColumn` when few rows give one, else the list."""
    sparse = SparseColumn.of(targets)
    return targets if sparse.crowded() else sparse


class AchievementColumns(_Columns, Sequence[Achievement]):
    """The achievements of a roster as columns; ``columns[i]`` is an :class:`Achievement`.

    ``values`` and ``targets`` hold the exact numbers (equal ones shared; a target is
    None when the row gives none; ``targets`` is a :class:`SparseColumn` when few rows
    give one); ``indicators`` is a :class:`CodedColumn` when read (any sequence of str
    will do); ``value_floats`` and ``target_floats`` the same as the nearest floats (NaN
    for no target), for column-wise scoring.

    ``owners``, when the reader gave it, is each row's consultant as a position: (the
    consultants' ids the rows were read against, an ``array('i')`` with each row's
    position in them, a position past them for an id not among them), so that an
    evaluation of those very consultants finds each row's without looking its id up.
    """

    __slots__ = ("consultants", "indicators", "locations", "owners", "target_floats",
                 "targets", "value_floats", "values")

    def __init__(self, consultants: list[str], indicators: Sequence[str],
                 values: list[Fraction], targets: Sequence[Fraction | None],
                 locations: Sequence[Location | None],
                 value_floats: Sequence[float] | None = None,
                 target_floats: Sequence[float] | None = None, *,
                 owners: tuple[Sequence[str], array[int]] | None = None) -> None:
        n = len(consultants)
        if not all(len(c) == n for c in (indicators, values, targets, locations)):
            raise ValueError("every column of a roster has one entry per achievement")
        self.consultants = consultants
        self.indicators = indicators
        self.values = values
        self.targets = targets
        self.locations = locations
        self.value_floats = (array("d", map(float_of, values)) if value_floats is None
                             else value_floats)
        self.target_floats = (array("d", [_NAN if t is None else float_of(t) for t in targets])
                              if target_floats is None else target_floats)
        if len(self.value_floats) != n or len(self.target_floats) != n:
            raise ValueError("every column of a roster has one entry per achievement")
        if owners is not None and len(owners[1]) != n:
            raise ValueError("every column of a roster has one entry per achievement")
        self.owners = owners

    @classmethod
    def of(cls, achievements: Iterable[Achievement]) -> AchievementColumns:
        """The columns of ``achievements`` (any iterable of :class:`Achievement`)."""
        rows = list(achievements)
        for a in rows:
            if not isinstance(a, Achievement):
                raise TypeError(f"expected an Achievement, got {type(a).__name__}")
        return cls([a.consultant for a in rows], CodedColumn.of(a.indicator for a in rows),
                   [a.achievement for a in rows], targets_column([a.target for a in rows]),
                   [a.location for a in rows])

    def __len__(self) -> int:
        return len(self.consultants)

    def _item(self, i: int) -> Achievement:
        return _new_achievement(self.consultants[i], self.indicators[i], self.values[i],
                                self.targets[i], self.locations[i])

    @overload
    def __getitem__(self, i: int) -> Achievement: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Achievement]: ...

    def __getitem__(self, i: int | slice) -> Achievement | Sequence[Achievement]:
        return self._get(i)  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_unpickled_achievements, (
            (self.consultants, _kept(self.indicators), self.values, _kept(self.targets),
             _kept(self.locations), array("d", self.value_floats),
             array("d", self.target_floats)),
            # the ids the owners number into: the consultants' own list when pickled with
            # them (a roster), so the positions still hold
            None if self.owners is None else (self.owners[0], array("i", self.owners[1]))))


def _unpickled_achievements(columns: tuple[Any, ...],
                            owners: tuple[Sequence[str], array[int]] | None
                            ) -> AchievementColumns:
    return AchievementColumns(*columns, owners=owners)
