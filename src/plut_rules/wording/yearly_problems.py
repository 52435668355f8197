"""The problems of editing a policy on the command line (``plut-rules whatif --set /
--add / --sweep``, ``yearly/whatif.py``), in Indonesian and English.  Part of
:data:`plut_rules.wording.CATALOGUE`; filled by :func:`plut_rules.wording.say`."""

from __future__ import annotations

__all__ = ["YEARLY_PROBLEMS"]

#: key -> (Indonesian, English).
YEARLY_PROBLEMS: dict[str, tuple[str, str]] = {
    # plut-rules whatif --set / --add / --sweep on a policy (yearly/whatif.py)
    "whatif.the_policy": ("kebijakan", "the policy"),
    "whatif.add_existing": (
        "{here} sudah memiliki {key}; --add menambah kunci baru: untuk mengubahnya, tulis "
        "--set {path}={value}",
        "{here} has {key} already; --add adds a new key: to change it, write --set "
        "{path}={value}",
    ),
    "whatif.set_new": (
        "{here} tidak memiliki {key}, dan {option} akan menambahkannya; untuk menambah kunci "
        "baru {key} dengan sengaja, tulis --add {path}={value}",
        "{here} has no {key}, and {option} would add it; to add a new key {key} on purpose, "
        "write --add {path}={value}",
    ),
    "whatif.not_a_list": (
        "{here} adalah pemetaan kunci, bukan daftar: tulis {here}.KUNCI, bukan [{index}]",
        "{here} is a mapping of keys, not a list: write {here}.KEY instead of [{index}]",
    ),
    "whatif.nothing_to_remove": (
        "{here} tidak memiliki {key}, jadi tidak ada yang dihapus",
        "{here} has no {key}, so there is nothing to remove",
    ),
    "whatif.no_such_key": (
        "{here} tidak memiliki {key}; --set mengubah nilai kebijakan, tidak menambah bidang, "
        "unit, indikator, atau aturan",
        "{here} has no {key}; --set changes values of the policy, it does not add a field, "
        "unit, indicator or rule",
    ),
    "whatif.no_item": (
        "{here} berisi {n} butir, bernomor mulai 0; tidak ada [{index}]",
        "{here} has {n} item(s), numbered from 0; there is no [{index}]",
    ),
    "whatif.unknown_rule": ("tidak ada aturan dengan id {rule}; aturan yang ada: {rules}",
                            "no rule with id {rule}; rules: {rules}"),
    "whatif.a_list": ("{here} adalah daftar: tulis {here}[N] (N mulai 0)",
                      "{here} is a list: write {here}[N] (N from 0)"),
    "whatif.single_value": ("{here} adalah satu nilai ({value}); tidak memiliki {key}",
                            "{here} is a single value ({value}); it has no {key}"),
    "whatif.whole_policy": (
        "seluruh kebijakan tidak dapat diganti; berikan path sebuah nilai",
        "the whole policy cannot be replaced; give the path of a value",
    ),
}
