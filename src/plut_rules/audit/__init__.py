"""The audit log: a hash-chained JSON Lines file of evaluations and determinations.

Owns: appending, verifying, replaying and showing records, and the province's determination.
May import: ``plut_rules.render``, ``plut_rules.engine``, ``plut_rules.policy`` and below.
"""

from plut_rules.audit.log import (
    FORMAT,
    AuditError,
    AuditRecord,
    Determination,
    Override,
    ReplayResult,
    VerifyResult,
    append_evaluation,
    default_evaluator,
    determination_for,
    determine,
    dumps,
    loads,
    policy_file_bytes,
    read_log,
    replay,
    restore_evaluation,
    show,
    verify,
)

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
    "loads",
    "policy_file_bytes",
    "read_log",
    "replay",
    "restore_evaluation",
    "show",
    "verify",
]
