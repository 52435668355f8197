"""The audit log: a hash-chained JSON Lines file of evaluations and determinations.

Owns: appending, verifying, replaying and showing records, and the province's determination.
May import: ``plut_rules.render``, ``plut_rules.engine``, ``plut_rules.policy`` and below.

Modules, each importing only those before it: ``chain`` (line format, hash chain,
verification, reading), ``records`` (appending under a lock; evaluation records),
``replay`` (restoring and re-evaluating a record), ``determination`` (penetapan,
overrides, showing a consultant's record).
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

__all__ = [
    "FORMAT",
    "AuditError",
    "AuditRecord",
    "Determination",
    "Override",
    "ReplayResult",
    "VerifyResult",
    "append_evaluation",
    "default_evaluator",
    "determination_for",
    "determine",
    "dumps",
    "evaluation_record",
    "loads",
    "policy_file_bytes",
    "read_log",
    "replay",
    "restore_evaluation",
    "show",
    "verify",
]
