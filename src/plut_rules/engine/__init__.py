"""Applying a compiled policy to a roster: scoring, rules, placement, counterfactuals.

Owns: the evaluation itself and its backends (built-in exact, float fast path with exact
re-check, durable_rules), streaming and parallel evaluation.
May import: ``plut_rules.policy``, ``plut_rules.lang``, ``plut_rules.scorers`` and the
base modules. Never imports readers, render, audit or cli.
"""
