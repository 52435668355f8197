"""The audit log: a hash-chained JSON Lines file of evaluations, determinations and
selections.

Owns: appending, verifying, replaying and showing records, and the province's determination.
May import: ``plut_rules.selection``, ``plut_rules.render``, ``plut_rules.engine``,
``plut_rules.policy`` and below.

Modules, each importing only those before it: ``chain`` (line format, hash chain,
verification, reading), ``records`` (appending under a lock; evaluation records),
``replay`` (restoring and re-evaluating a record), ``determination`` (penetapan,
overrides, showing a consultant's record), ``selections`` (the seats and consultants a
determination leaves, selection records).
"""

from plut_rules.audit.chain import (
    FORMAT,
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
    determine,
    show,
)
from plut_rules.audit.records import append_evaluation, default_evaluator, policy_file_bytes
from plut_rules.audit.replay import ReplayResult, evaluation_record, replay, restore_evaluation
from plut_rules.audit.selections import (
    Seat,
    append_selection,
    determination_record,
    determined_outcomes,
    determined_seats,
    next_consultants,
    record_of_kind,
    selection_record,
)

__all__ = [
    "FORMAT",
    "AuditError",
    "AuditRecord",
    "Determination",
    "Override",
    "ReplayResult",
    "Seat",
    "VerifyResult",
    "append_evaluation",
    "append_selection",
    "default_evaluator",
    "determination_for",
    "determination_record",
    "determine",
    "determined_outcomes",
    "determined_seats",
    "dumps",
    "evaluation_record",
    "loads",
    "next_consultants",
    "policy_file_bytes",
    "read_log",
    "record_of_kind",
    "replay",
    "restore_evaluation",
    "selection_record",
    "show",
    "verify",
]
