"""The audit log: a hash-chained JSON Lines file of evaluations, determinations and
selections.

Owns: appending, verifying, replaying and showing records, and the province's determination.
May import: ``plut_rules.selection``, ``plut_rules.render``, ``plut_rules.engine``,
``plut_rules.policy`` and below.

Modules, each importing only those before it: ``chain`` (line format, hash chain,
verification, reading one record at a time), ``repair`` (cutting off a torn tail),
``records`` (appending under a lock, cut back when it fails; evaluation records),
``seats`` (final outcomes and seats of a determination, on plain data; imported by
``chain`` to verify determinations), ``replay`` (restoring and re-evaluating a record),
``references`` (records named across logs), ``determination`` (penetapan, overrides,
final outcomes), ``determined`` (the determined JSON and table), ``showing`` (a
consultant's record), ``history`` (a consultant across years and logs),
``selections`` (the seats and consultants a determination leaves, selection records).
"""

from plut_rules.audit.chain import (
    FORMAT,
    MAX_RECORD_BYTES,
    AuditError,
    AuditRecord,
    VerifyResult,
    dumps,
    loads,
    read_log,
    verify,
)
from plut_rules.audit.determination import (
    Determination,
    Override,
    determination_for,
    determination_record,
    determine,
    final_of,
    parse_override,
    superseded_by,
    units_of,
)
from plut_rules.audit.determined import (
    determined_result,
    determined_table,
    referenced_log,
    referenced_records,
)
from plut_rules.audit.history import HistoryEntry, history
from plut_rules.audit.records import append_evaluation, default_evaluator, policy_file_bytes
from plut_rules.audit.references import Reference, parse_reference
from plut_rules.audit.repair import RepairResult, repair
from plut_rules.audit.replay import ReplayResult, evaluation_record, replay, restore_evaluation
from plut_rules.audit.seats import OUTCOME_WORDS, FinalOutcomes, final_outcomes
from plut_rules.audit.selections import (
    Seat,
    append_selection,
    determined_evaluations,
    determined_outcomes,
    determined_seats,
    next_consultants,
    record_of_kind,
    selection_for,
    selection_record,
)
from plut_rules.audit.showing import show

__all__ = [
    "FORMAT",
    "MAX_RECORD_BYTES",
    "OUTCOME_WORDS",
    "AuditError",
    "AuditRecord",
    "Determination",
    "FinalOutcomes",
    "HistoryEntry",
    "Override",
    "Reference",
    "RepairResult",
    "ReplayResult",
    "Seat",
    "VerifyResult",
    "append_evaluation",
    "append_selection",
    "default_evaluator",
    "determination_for",
    "determination_record",
    "determine",
    "determined_evaluations",
    "determined_outcomes",
    "determined_result",
    "determined_seats",
    "determined_table",
    "dumps",
    "evaluation_record",
    "final_of",
    "final_outcomes",
    "history",
    "loads",
    "next_consultants",
    "parse_override",
    "parse_reference",
    "policy_file_bytes",
    "read_log",
    "record_of_kind",
    "referenced_log",
    "referenced_records",
    "repair",
    "replay",
    "restore_evaluation",
    "selection_for",
    "selection_record",
    "show",
    "superseded_by",
    "units_of",
    "verify",
]
