"""Policy quality: test cases beside a policy (``plut-rules test``) and the z3 linter.

May import: ``plut_rules.audit`` and every layer below it; z3 only inside the linter,
when it runs. Independent of yearly and monitor.
"""
