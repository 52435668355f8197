"""The one place where monitoring reaches into the engine's and the readers' internals.

Monitoring hosts its warnings on the engine's durable_rules host and reads monthly
reports with the readers' table machinery.  Every name it needs from
``plut_rules.engine.durable`` and ``plut_rules.readers`` is imported here and
only here, under the public name the rest of this subpackage uses.

TO SWITCH AT MERGE: ``HostedRuleset`` and ``post_leaves`` are getting public names in
``plut_rules.engine``, ``RowReader`` in ``plut_rules.readers``; import them from there.
The other names below are still private in their subpackages and need public names too.
"""

# ruff: noqa: I001  (the imports are grouped by what happens to them at merge, not sorted)

# -- getting public names now: switch to `from plut_rules.engine import HostedRuleset,
#    post_leaves` and `from plut_rules.readers import RowReader`
from plut_rules.engine.durable import _HostedRuleset as HostedRuleset
from plut_rules.engine.durable import _post_leaves as post_leaves

# -- still private in plut_rules.engine.durable
from plut_rules.engine.durable import _ALWAYS as ALWAYS
from plut_rules.engine.durable import _LOCK as LOCK
from plut_rules.engine.durable import _MAX_PROPERTIES as MAX_PROPERTIES
from plut_rules.engine.durable import _NEVER as NEVER
from plut_rules.engine.durable import _SEQUENCE as SEQUENCE
from plut_rules.engine.durable import CHUNK
from plut_rules.engine.durable import _and as all_of
from plut_rules.engine.durable import _Compiler as ConditionCompiler
from plut_rules.engine.durable import _Leaf as Leaf
from plut_rules.engine.durable import _or as any_of

# -- public in plut_rules.readers
from plut_rules.readers import RowReader
from plut_rules.readers import TableSchema as Schema
from plut_rules.readers import decimal_mark as point_name
from plut_rules.readers import parse_table
from plut_rules.readers import read_data_file as read_file

__all__ = [
    "ALWAYS",
    "CHUNK",
    "LOCK",
    "MAX_PROPERTIES",
    "NEVER",
    "SEQUENCE",
    "ConditionCompiler",
    "HostedRuleset",
    "Leaf",
    "RowReader",
    "Schema",
    "all_of",
    "any_of",
    "parse_table",
    "point_name",
    "post_leaves",
    "read_file",
]
