"""The rule language: tokens, parser, syntax tree, type check and evaluation of ``when``.

Owns: everything about the text of a condition, from characters to a value.
May import: ``plut_rules.errors`` and ``plut_rules.exact`` only.
"""
