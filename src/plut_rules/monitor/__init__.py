"""Early warnings during the year from monthly reports, run on durable_rules.

Owns: the monthly-report reader and the :class:`Monitor` fed report by report.
May import: ``plut_rules.engine`` (its durable host), ``plut_rules.readers``,
``plut_rules.policy`` and below. Independent of yearly and quality.
"""
