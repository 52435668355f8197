"""Policy files: the positioned YAML tree, loading and ``extends``, validation, sections.

Owns: turning YAML files into one immutable compiled :class:`~plut_rules.model.Policy`
(with its rules compiled by :mod:`plut_rules.lang`), and every problem found on the way.
May import: ``plut_rules.lang``, ``plut_rules.scorers`` and the base modules
(``model``, ``errors``, ``exact``, ``canonical``, ``shipped``).
"""
