"""The optional ``documents:`` section of a policy: what the decision documents (berita
acara and the attachment of the SK) print besides the determination itself.

Plugged into the validator by :data:`DOCUMENTS` (see :mod:`plut_rules.policy.section`);
read by :mod:`plut_rules.render.documents` from the policy a determination record copied.
A policy without the section is unchanged (no ``documents`` key, the same hash).

The section::

    documents:
      place: Pangkalpinang              # where the documents are signed
      time_zone: Asia/Jakarta           # the date's time zone (default Asia/Jakarta)
      signatories:                      # signature blocks, in order (optional)
        - role: Kepala Dinas KUKM Provinsi Kep. Bangka Belitung
          name: Drs. H. Contoh Nama
          id: NIP 19650101 199003 1 001  # optional
"""

from __future__ import annotations

from typing import Any

import attrs

from plut_rules.policy.section import Section, SectionContext
from plut_rules.policy.validate import Validator, describe
from plut_rules.policy.yaml_tree import Node, YScalar, YSeq
from plut_rules.wording import say

__all__ = ["DEFAULT_TIME_ZONE", "DOCUMENTS", "Documents", "Signatory", "validate_documents"]

DEFAULT_TIME_ZONE = "Asia/Jakarta"
_KEYS = ("place", "time_zone", "signatories")
_SIGNATORY_KEYS = ("role", "name", "id")


@attrs.frozen
class Signatory:
    """Who signs a document: their ``role`` (jabatan), ``name`` and an ``id`` (NIP)."""

    role: str
    name: str | None = None
    id: str | None = None


@attrs.frozen
class Documents:
    """The validated ``documents:`` section."""

    place: str | None
    time_zone: str
    signatories: tuple[Signatory, ...]

    def document(self) -> dict[str, Any]:
        """The section as plain data, every default applied (part of the policy hash)."""
        return {"place": self.place, "time_zone": self.time_zone,
                "signatories": [{"role": s.role, "name": s.name, "id": s.id}
                                for s in self.signatories]}


def _known_zone(name: str) -> bool:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return name in ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")
    return True


def _empty(node: Node) -> bool:
    return isinstance(node, YScalar) and node.kind == "null"


def validate_documents(v: Validator, node: Node, context: SectionContext,
                       ) -> Documents | None:
    """Check the ``documents:`` section, reporting through the policy's validator."""
    del context
    errors_before = sum(p.severity == "error" for p in v.problems)
    m = v.mapping(node, "documents", say("what.documents"))
    if m is None:
        return None
    v.keys(m, "documents", _KEYS, ())
    place = v.text(m.items["place"], "documents.place") if "place" in m.items else None
    zone = DEFAULT_TIME_ZONE
    if "time_zone" in m.items:
        written = v.text(m.items["time_zone"], "documents.time_zone")
        if written is not None and not _known_zone(written):
            v.err("bad-value", say("documents.bad_time_zone", got=repr(written)),
                  m.items["time_zone"], "documents.time_zone")
        elif written is not None:
            zone = written
    signatories: list[Signatory] = []
    node_s = m.items.get("signatories")
    if node_s is not None:
        if not isinstance(node_s, YSeq):
            v.err("wrong-type", say("documents.signatories_not_list", got=describe(node_s)),
                  node_s, "documents.signatories")
        else:
            v.seen(node_s, "documents.signatories")
            for n, item in enumerate(node_s.items):
                path = f"documents.signatories[{n}]"
                sm = v.mapping(item, path, say("what.signatory"))
                if sm is None:
                    continue
                v.keys(sm, path, _SIGNATORY_KEYS, ("role",))
                # an empty name or id is not given: the resolved policy (read back from an
                # audit record) writes it so
                values = {k: v.text(sm.items[k], f"{path}.{k}") for k in _SIGNATORY_KEYS
                          if k in sm.items and not (k != "role" and _empty(sm.items[k]))}
                if values.get("role"):
                    signatories.append(Signatory(str(values["role"]), values.get("name"),
                                                 values.get("id")))
    if sum(p.severity == "error" for p in v.problems) > errors_before:
        return None
    return Documents(place, zone, tuple(signatories))


#: The ``documents:`` section's entry in the table of sections.
DOCUMENTS: Section[Documents] = Section("documents", validate_documents, Documents.document)
