"""Input files: consultants and achievements in CSV, XLSX and JSON, and their number rules.

Owns: turning a user's files into domain values (:class:`~plut_rules.model.Consultant`,
:class:`~plut_rules.model.Achievement`) or located problems.
May import: the base modules (``model``, ``errors``, ``exact``) only.
"""
