"""The hook by which an optional top-level section of a policy plugs into the validator.

A section (``monitoring:``, later ``selection:`` and ``documents:``) is a :class:`Section`
record listed in the table of :mod:`plut_rules.policy.sections`; the core validator knows
sections only through that table, never by name.  For each section a policy writes, the
validator calls ``validate`` after the fields, units and rules are read, and then, when the
policy has no error:

- the compiled value goes into the policy's compiled form, under the section's name
  (:meth:`plut_rules.policy.Runtime.section`);
- ``document(value)`` goes into the resolved document under the section's name, so the
  section is part of the policy's ``sha256``.  A policy without the section has no such
  key, so its hash is the same as before the section existed.

To add a section: write its module under ``plut_rules/policy/sections/`` with a validate
function (read the node with the :class:`~plut_rules.policy.validate.Validator`'s readers,
report problems through it, return the compiled value or None), and add its
:class:`Section` to ``SECTIONS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs

from plut_rules.model import Field, Unit
from plut_rules.policy.validate import Validator
from plut_rules.policy.yaml_tree import Node

__all__ = ["Section", "SectionContext"]

T = TypeVar("T")


@attrs.frozen
class SectionContext:
    """What a section can rely on: the policy's fields and units (None when unreadable)."""

    fields: Sequence[Field] | None
    units: Sequence[Unit] | None


@attrs.frozen
class Section(Generic[T]):
    """One optional top-level section of a policy.

    ``name`` is the top-level key, and also the key of the compiled value in the compiled
    form and of its plain data in the resolved document.  ``validate`` checks the node
    written under the key and returns the compiled value (None when it has an error, which
    it reports through the validator).  ``document`` turns the compiled value back into
    plain data with every default applied: the part of the policy's hash.
    """

    name: str
    validate: Callable[[Validator, Node, SectionContext], T | None]
    document: Callable[[T], Mapping[str, Any]]
