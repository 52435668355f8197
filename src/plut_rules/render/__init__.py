"""Output: explanations in Indonesian and English, JSON, CSV, tables, XLSX and the HTML report.

Owns: every text a person or a program reads out of an evaluation.
May import: ``plut_rules.engine``, ``plut_rules.policy`` and the layers below them, and
``plut_rules.readers`` (the input template writes the headers the readers accept).
Never imports audit, yearly, quality, monitor or cli.
"""
