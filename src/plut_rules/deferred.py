"""Parts of a result computed only when they are read (see :class:`Deferred`)."""

from __future__ import annotations

from typing import Any

__all__ = ["Deferred", "resolved"]


def _itself(value: Any) -> Any:
    return value


class Deferred:
    """A part of a result computed only when it is read.

    The engine keeps a decision's explanation (:attr:`Decision.indicators`,
    :attr:`Decision.trace`) and an evaluation's input hash as a ``Deferred``
    until they are read, so that evaluating a roster does not pay for what
    nobody looks at.  A ``Deferred`` is equal to, hashes as, prints as and
    pickles as the value it stands for; subclasses define :meth:`value`.
    """

    __slots__ = ()

    def value(self) -> Any:
        """The value this stands for (computed, or taken from a cache)."""
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Deferred):
            other = other.value()
        return bool(self.value() == other)

    def __hash__(self) -> int:
        return hash(self.value())

    def __repr__(self) -> str:
        return repr(self.value())

    def __reduce__(self) -> tuple[Any, tuple[Any]]:
        return (_itself, (self.value(),))


def resolved(value: Any) -> Any:
    """``value``, or what it stands for when it is a :class:`Deferred`."""
    return value.value() if isinstance(value, Deferred) else value
