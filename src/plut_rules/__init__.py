"""plut_rules: yearly evaluation of PLUT-KUMKM consultants under a YAML policy."""
