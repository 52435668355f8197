"""Early warnings during the year from monthly reports, run on durable_rules.

Owns: the monthly-report reader and the :class:`Monitor` fed report by report.
May import: ``plut_rules.engine`` (its durable host), ``plut_rules.readers``,
``plut_rules.policy`` and below. Independent of yearly and quality.

Modules, each importing only those before it: :mod:`.reports` (monthly reports and their
reader), :mod:`.month_variables` (what a warning reads; the plain-Python reference),
:mod:`.durable_warnings` (the warnings as a durable_rules ruleset),
:mod:`.early_warnings` (:class:`EarlyWarning` and the :class:`Monitor`).
"""

from plut_rules.monitor.early_warnings import Backend, EarlyWarning, Monitor
from plut_rules.monitor.month_variables import monitoring_of, variables
from plut_rules.monitor.reports import MONTHS, MonthlyReport, read_monthly_reports

__all__ = [
    "MONTHS",
    "Backend",
    "EarlyWarning",
    "Monitor",
    "MonthlyReport",
    "monitoring_of",
    "read_monthly_reports",
    "variables",
]
