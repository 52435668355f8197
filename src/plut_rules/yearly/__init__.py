"""The yearly cycle: policy diff, what-if edits and sweeps, ``policy show``, ``policy new-year``.

May import: ``plut_rules.audit`` and every layer below it. Independent of quality and monitor.
"""
