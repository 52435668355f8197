"""Policy files: the positioned YAML tree, loading and ``extends``, validation, sections.

Owns: turning YAML files into one immutable compiled :class:`~plut_rules.model.Policy`
(with its rules compiled by :mod:`plut_rules.lang`), and every problem found on the way.
May import: ``plut_rules.lang``, ``plut_rules.scorers`` and the base modules
(``model``, ``errors``, ``exact``, ``canonical``, ``shipped``).

Inside, the imports run one way: ``yaml_tree``, ``compiled`` and ``variables`` at the
bottom; ``validate`` (the :class:`Validator` and its readers) on them; ``section`` (the
hook of an optional section) and the policy's parts (``fields_units``, ``rules``) on the
validator; ``sections`` (the table, with ``sections.monitoring`` and
``sections.selection``) on the hook; ``build``
(a merged tree to a policy) on the parts; ``load`` (files, ``extends``, merge) on top.
Other subpackages import from here, not from the modules.
"""

from plut_rules.policy.compiled import CompiledRule, Runtime, compiled_when, runtime_of
from plut_rules.policy.load import (
    Loader,
    check_policy,
    load_policy,
    parse_policy,
    policy_from_document,
)
from plut_rules.policy.section import Section, SectionContext
from plut_rules.policy.sections import SECTIONS, section_named
from plut_rules.policy.sections.monitoring import (
    CompiledWarning,
    Monitoring,
    WarningRule,
    monitoring_of,
)
from plut_rules.policy.sections.selection import (
    CANDIDATE_COLUMNS,
    CANDIDATE_VARIABLES,
    CERT_PREFIX,
    EDUCATION,
    Component,
    Education,
    FieldSelection,
    Requirement,
    SelectionPolicy,
    selection_of,
)
from plut_rules.policy.validate import CompiledWhen, Validator, describe
from plut_rules.policy.variables import (
    RULE_VARIABLES,
    RuleVariable,
    rule_variable_types,
    variable_table,
)
from plut_rules.policy.yaml_tree import (
    MAX_BYTES,
    Node,
    YMap,
    YScalar,
    YSeq,
    from_plain,
    parse_yaml,
    to_plain,
)

__all__ = [
    "CANDIDATE_COLUMNS",
    "CANDIDATE_VARIABLES",
    "CERT_PREFIX",
    "EDUCATION",
    "MAX_BYTES",
    "RULE_VARIABLES",
    "SECTIONS",
    "CompiledRule",
    "CompiledWarning",
    "CompiledWhen",
    "Component",
    "Education",
    "FieldSelection",
    "Loader",
    "Monitoring",
    "Node",
    "Requirement",
    "RuleVariable",
    "Runtime",
    "Section",
    "SectionContext",
    "SelectionPolicy",
    "Validator",
    "WarningRule",
    "YMap",
    "YScalar",
    "YSeq",
    "check_policy",
    "compiled_when",
    "describe",
    "from_plain",
    "load_policy",
    "monitoring_of",
    "parse_policy",
    "parse_yaml",
    "policy_from_document",
    "rule_variable_types",
    "runtime_of",
    "section_named",
    "selection_of",
    "to_plain",
    "variable_table",
]
