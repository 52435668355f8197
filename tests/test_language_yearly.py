"""``plut-rules whatif --set/--add`` problems in Indonesian and English (issue 17, item
2): Indonesian by default, English with ``--lang en``, the same argument named first."""

from __future__ import annotations

import pytest

from conftest import run_cli


@pytest.mark.parametrize(("args", "indonesian", "english"), [
    (("--add", "defaults.thresholds.keep=67"),
     "defaults.thresholds sudah memiliki 'keep'; --add menambah kunci baru: untuk "
     "mengubahnya, tulis --set defaults.thresholds.keep=67",
     "defaults.thresholds has 'keep' already; --add adds a new key: to change it, write "
     "--set defaults.thresholds.keep=67"),
    (("--set", "defaults.thresholds.kep=67"),
     "defaults.thresholds tidak memiliki 'kep', dan --set akan menambahkannya; untuk "
     "menambah kunci baru 'kep' dengan sengaja, tulis --add defaults.thresholds.kep=67 "
     "(maksud Anda 'keep'?)",
     "defaults.thresholds has no 'kep', and --set would add it; to add a new key 'kep' on "
     "purpose, write --add defaults.thresholds.kep=67 (did you mean 'keep'?)"),
    (("--set", "rules.capai-targe.when=true"),
     "tidak ada aturan dengan id 'capai-targe'; aturan yang ada: ",
     "no rule with id 'capai-targe'; rules: "),
    (("--set", "rules[99].when=true"),
     "rules berisi 5 butir, bernomor mulai 0; tidak ada [99]",
     "rules has 5 item(s), numbered from 0; there is no [99]"),
    (("--set", "defaults.thresholds[0]=1"),
     "defaults.thresholds adalah pemetaan kunci, bukan daftar: tulis "
     "defaults.thresholds.KUNCI, bukan [0]",
     "defaults.thresholds is a mapping of keys, not a list: write defaults.thresholds.KEY "
     "instead of [0]"),
    (("--set", "year.x=1"), "year adalah satu nilai (2018); tidak memiliki 'x'",
     "year is a single value (2018); it has no 'x'"),
    (("--set", "fields.keuangan.cap=1.2"),
     "fields tidak memiliki 'keuangan'; --set mengubah nilai kebijakan, tidak menambah "
     "bidang, unit, indikator, atau aturan",
     "fields has no 'keuangan'; --set changes values of the policy, it does not add a "
     "field, unit, indicator or rule"),
    (("--set", "fields.pemasaran.thresholds.nothing="),
     "fields.pemasaran.thresholds tidak memiliki 'nothing', jadi tidak ada yang dihapus",
     "fields.pemasaran.thresholds has no 'nothing', so there is nothing to remove"),
])
def test_whatif_problems_speak_the_language(args: tuple[str, str], indonesian: str,
                                            english: str) -> None:
    default = run_cli("whatif", *args)
    asked = run_cli("whatif", *args, "--lang", "en")
    assert default.returncode == asked.returncode == 1
    where = f"{args[0]} {args[1]}: "
    assert default.stderr.startswith(where) and asked.stderr.startswith(where)
    assert indonesian in default.stderr, default.stderr
    assert english in asked.stderr, asked.stderr
    assert default.stderr.splitlines()[-1].endswith("kesalahan")
