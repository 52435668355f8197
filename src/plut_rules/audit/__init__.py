"""The audit log: a hash-chained JSON Lines file of evaluations and determinations.

Owns: appending, verifying, replaying and showing records, and the province's determination.
May import: ``plut_rules.render``, ``plut_rules.engine``, ``plut_rules.policy`` and below.

Modules, each importing only those before it: ``chain`` (line format, hash chain,
verification and reading one record at a time), ``repair`` (cutting off a torn tail),
``records`` (appending under a lock, cut back when it fails; evaluation records),
``replay`` (restoring and re-evaluating a record), ``determination`` (penetapan,
overrides, showing a consultant's record).
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
    determine,
    show,
)
from plut_rules.audit.records import append_evaluation, default_evaluator, policy_file_bytes
from plut_rules.audit.repair import RepairResult, repair
from plut_rules.audit.replay import ReplayResult, evaluation_record, replay, restore_evaluation

__all__ = [
    "FORMAT",
    "MAX_RECORD_BYTES",
    "AuditError",
    "AuditRecord",
    "Determination",
    "Override",
    "RepairResult",
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
    "repair",
    "replay",
    "restore_evaluation",
    "show",
    "verify",
]
