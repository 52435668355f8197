"""The problems of a policy's content (policy/: its keys, values, fields, units, rules,
thresholds and sections), in Indonesian and English. Part of
:data:`plut_rules.wording.CATALOGUE`; filled by :func:`plut_rules.wording.say`."""

from __future__ import annotations

__all__ = ["POLICY_PROBLEMS"]

#: key -> (Indonesian, English).
POLICY_PROBLEMS: dict[str, tuple[str, str]] = {
    # the typed readers of policy/validate.py
    "validate.unknown_key": (
        "kunci {key} tidak dikenal; yang boleh di sini: {allowed}",
        "unknown key {key}; allowed here: {allowed}",
    ),
    "validate.missing_key": (
        "kunci wajib {key} belum ditulis; tambahkan di sini",
        "missing required key {key}",
    ),
    "validate.expected_mapping": (
        "di sini seharusnya {what} (pasangan kunci: nilai), tetapi tertulis {got}",
        "expected {what} (a mapping of keys), got {got}",
    ),
    "validate.missing_colon": (
        "; apakah titik dua sesudah kunci terlupa? tulis {key}: {value}",
        "; is the colon after the key missing? write {key}: {value}",
    ),
    "validate.expected_text": (
        "di sini seharusnya teks, tetapi tertulis {got}",
        "expected text, got {got}",
    ),
    "validate.not_finite": (
        "di sini seharusnya angka yang terhingga, tetapi tertulis {got}",
        "expected a finite number, got {got}",
    ),
    "validate.expected_number": (
        "di sini seharusnya angka, tetapi tertulis {got}",
        "expected a number, got {got}",
    ),
    "validate.below_minimum": (
        "nilai harus {rel} {minimum}, tetapi tertulis {got}",
        "must be {rel} {minimum}, got {got}",
    ),
    "validate.expected_whole": (
        "di sini seharusnya bilangan bulat, tetapi tertulis {got}",
        "expected a whole number, got {got}",
    ),
    "validate.at_least": (
        "nilai harus >= {minimum}, tetapi tertulis {got}",
        "must be >= {minimum}, got {got}",
    ),
    "validate.at_most": (
        "nilai harus <= {maximum}, tetapi tertulis {got}",
        "must be <= {maximum}, got {got}",
    ),
    "validate.bad_identifier": (
        "id {what} {name} hanya boleh berisi huruf kecil, angka dan _, diawali huruf "
        "(misalnya {example})",
        "{what} id {name} must be lowercase letters, digits and _, starting with a letter "
        "(e.g. {example})",
    ),
    "validate.bad_slug": (
        "id {what} {name} hanya boleh berisi huruf kecil, angka, - dan _ (misalnya {example})",
        "{what} id {name} must be lowercase letters, digits, - and _ (e.g. {example})",
    ),
    "validate.scorer_broken": (
        "penskor {name} terpasang tetapi gagal dimuat: {error}",
        "scorer {name} is installed but failed to load: {error}",
    ),
    "validate.unknown_scorer": (
        "penskor {name} tidak dikenal; penskor yang tersedia: {known}",
        "unknown scorer {name}; known scorers: {known}",
    ),
    "validate.reserved_threshold": (
        "{name} tidak dapat menjadi nama ambang: nama itu adalah variabel atau kata kunci "
        "bahasa aturan; pilih nama lain (misalnya {key}_min)",
        "{name} cannot name a threshold: it is a variable or keyword of the rule language; "
        "choose another name (e.g. {key}_min)",
    ),
    "validate.threshold_typo": (
        "ambang {typo} tidak dibaca oleh aturan atau peringatan mana pun, sedangkan {reader} "
        "membaca {name}, yang tidak didefinisikan oleh ambang mana pun: salah ketik pada nama "
        "ini?",
        "threshold {typo} is read by no rule or warning, while {reader} reads {name}, which no "
        "threshold defines: a typo in this name?",
    ),
    "validate.or_rename": (
        "; atau, jika nama ambang itulah yang salah ketik, ganti nama {path} (baris {line}), "
        "yang tidak dibaca apa pun",
        "; or, if the threshold's name is the misspelt one, rename {path} (line {line}), "
        "which nothing reads",
    ),
    "validate.unused_threshold": (
        "ambang {name} tidak dibaca oleh aturan, min_competence, maupun peringatan monitoring "
        "mana pun; gunakan dalam 'when' sebuah aturan atau hapus ambang ini",
        "threshold {name} is read by no rule, no min_competence and no monitoring warning; "
        "use it in a rule's 'when' or remove it",
    ),
    "validate.duplicate_id": (
        "id {what} {name} ganda (pertama kali di baris {line}); beri setiap {what} id "
        "tersendiri",
        "duplicate {what} id {name} (first at line {line}); give each {what} its own id",
    ),
    "validate.scope_not_list": (
        "di sini seharusnya daftar id {what}, misalnya [{raw}]",
        "expected a list of {what} ids, e.g. [{raw}]",
    ),
    "validate.scope_wrong_type": (
        "di sini seharusnya daftar id {what}, tetapi tertulis {got}",
        "expected a list of {what} ids, got {got}",
    ),
    "validate.unknown_in_scope": (
        "{what} {name} tidak dikenal; {what} yang ada: {known}",
        "unknown {what} {name}; {what}s: {known}",
    ),
    "validate.scope_empty": (
        "daftar {what} yang kosong tidak mencakup apa pun; hapus kunci ini agar aturan "
        "berlaku untuk setiap {what}",
        "an empty {what} list matches nothing; remove the key to apply the rule to every "
        "{what}",
    ),
    "validate.when_wrong_type": (
        "'when' harus berupa kondisi di antara tanda kutip, atau true/false, tetapi tertulis "
        "{got}",
        "'when' must be a condition in quotes or true/false, got {got}",
    ),
    # what a value is (policy/validate.py describe)
    "describe.mapping": ("pasangan kunci: nilai (mapping)", "a mapping"),
    "describe.list": ("sebuah daftar (list)", "a list"),
    "describe.text": ("teks {raw}", "text {raw}"),
    "describe.null": ("nilai kosong (null)", "nothing (null)"),
    "describe.boolean": ("nilai benar/salah ({raw})", "a boolean ({raw})"),
    # the kinds of ids (policy/validate.py noun)
    "noun.threshold": ("ambang", "threshold"),
    "noun.indicator": ("indikator", "indicator"),
    "noun.field": ("bidang", "field"),
    "noun.unit": ("unit", "unit"),
    "noun.component": ("komponen", "component"),
    "noun.policy": ("kebijakan", "policy"),
    "noun.rule": ("aturan", "rule"),
    "noun.warning": ("peringatan", "warning"),
    "noun.requirement": ("syarat", "requirement"),
    # what to write instead of an almost-number (policy/validate.py number_hint)
    "hint.percent_fraction": (
        "; tulis {value}: angka ini pecahan dari 1, ditulis tanpa '%'",
        "; write {value}: this number is a fraction of 1, without '%'",
    ),
    "hint.percent": (
        "; tulis {value}: angka dalam kebijakan ditulis tanpa '%'",
        "; write {value}: numbers in a policy are written without '%'",
    ),
    "hint.decimal_comma": (
        "; tulis {value}: angka desimal dalam kebijakan ditulis dengan titik, bukan koma",
        "; write {value}: decimals in a policy are written with a point, not a comma",
    ),
    # what a mapping is, in "expected ... (a mapping of keys)" (Validator.mapping)
    "what.thresholds": ("kumpulan ambang", "thresholds"),
    "what.defaults": ("bagian defaults", "the defaults"),
    "what.common_indicators": ("kumpulan indikator umum", "the common indicators"),
    "what.indicator": ("sebuah indikator", "an indicator"),
    "what.fields": ("kumpulan bidang", "the fields"),
    "what.field": ("sebuah bidang", "a field"),
    "what.indicators": ("kumpulan indikator", "the indicators"),
    "what.units": ("kumpulan unit", "the units"),
    "what.unit": ("sebuah unit", "a unit"),
    "what.seats": ("jumlah formasi per bidang", "seats per field"),
    "what.rule": ("sebuah aturan", "a rule"),
    "what.monitoring": ("bagian monitoring", "the monitoring section"),
    "what.warning": ("sebuah peringatan", "a warning"),
    "what.documents": ("bagian documents", "the documents section"),
    "what.signatory": ("seorang penanda tangan", "a signatory"),
    "what.selection": ("bagian selection", "the selection section"),
    "what.requirement": ("sebuah syarat", "a requirement"),
    "what.components": ("kumpulan komponen tes", "the test components"),
    "what.component": ("sebuah komponen", "a component"),
    "what.field_overrides": ("penggantian per bidang", "per-field overrides"),
    "what.overrides_of_field": ("penggantian untuk sebuah bidang", "the overrides of a field"),
    "what.component_overrides": ("penggantian komponen", "component overrides"),
    "what.component_override": ("penggantian sebuah komponen", "a component override"),
    # fields, indicators and units (policy/fields_units.py)
    "fields.bad_direction": (
        "direction harus 'higher' (makin tinggi makin baik) atau 'lower' (makin rendah makin "
        "baik), tetapi tertulis {got}",
        "direction must be 'higher' or 'lower', got {got}",
    ),
    "fields.none": (
        "paling sedikit satu bidang harus ditulis di bawah fields",
        "at least one field is required",
    ),
    "fields.no_scorer": (
        "tidak ada penskor: tulis 'scoring' di sini atau di defaults "
        "(misalnya scoring: weighted_ratio)",
        "no scorer: set 'scoring' here or in defaults (e.g. scoring: weighted_ratio)",
    ),
    "fields.no_indicator": (
        "sebuah bidang memerlukan paling sedikit satu indikator miliknya sendiri",
        "a field needs at least one indicator of its own",
    ),
    "fields.duplicate_indicator": (
        "{name} sudah menjadi indikator umum (defaults.indicators); ganti nama salah satunya",
        "{name} is already a common indicator (defaults.indicators); rename one of them",
    ),
    "fields.weight_required": (
        "'weight' (bobot) wajib ditulis untuk setiap indikator dengan penskor {scoring}",
        "'weight' is required for every indicator under scoring {scoring}",
    ),
    "fields.uses_common": (
        " (bidang {name} memakai indikator umum ini)",
        " (field {name} uses this common indicator)",
    ),
    "fields.weights_sum": (
        "jumlah bobot bidang {name} harus 1 dengan penskor {scoring}, tetapi jumlahnya: "
        "{parts} = {total}; sesuaikan bobotnya agar berjumlah 1",
        "the weights of field {name} must sum to 1 under {scoring}, but {parts} = {total}; "
        "adjust them so they add up to 1",
    ),
    "units.none": (
        "paling sedikit satu unit harus ditulis di bawah units",
        "at least one unit is required",
    ),
    # rules (policy/rules.py, policy/variables.py)
    "rules.not_list": (
        "di sini seharusnya daftar aturan yang berurutan (masing-masing diawali '- id:'), "
        "tetapi tertulis {got}",
        "expected the ordered list of rules (each starting with '- id:'), got {got}",
    ),
    "rules.none": (
        "paling sedikit satu aturan harus ditulis di bawah rules",
        "at least one rule is required",
    ),
    "rules.bad_then": (
        "'then' harus keep, replace atau reassign, tetapi tertulis {got}",
        "'then' must be keep, replace or reassign, got {got}",
    ),
    "rules.min_competence_not_reassign": (
        "min_competence hanya berlaku untuk aturan dengan 'then: reassign'; hapus kunci ini",
        "min_competence applies only to rules with 'then: reassign'; remove it",
    ),
    "rules.unknown_threshold": (
        "ambang {name} tidak didefinisikan untuk bidang {fields}; definisikan di "
        "defaults.thresholds atau tulis sebuah angka",
        "threshold {name} is not defined for field(s) {fields}; define it in "
        "defaults.thresholds or write a number",
    ),
    "rules.no_catch_all": (
        "tidak ada aturan dengan 'when: true' yang mencakup bidang {field} di unit {unit}, "
        "sehingga konsultan di sana bisa saja tidak mendapat keputusan; akhiri daftar aturan "
        "dengan aturan penampung (when: true)",
        "no rule with 'when: true' covers field {field} in unit {unit}, so a consultant there "
        "might be left undecided; end the rules with a catch-all rule (when: true)",
    ),
    "variables.no_indicator": (
        "{name} tidak tersedia: bidang {lacking} dalam cakupan aturan ini tidak memiliki "
        "indikator {indicator}; batasi cakupan aturan dengan fields: [{having}]",
        "{name} is not available: field(s) {lacking} in this rule's scope have no indicator "
        "{indicator}; scope the rule with fields: [{having}]",
    ),
    "variables.no_threshold": (
        "ambang {name} tidak didefinisikan untuk bidang {lacking} dalam cakupan aturan ini; "
        "definisikan di defaults.thresholds atau batasi cakupan aturan",
        "threshold {name} is not defined for field(s) {lacking} in this rule's scope; define "
        "it in defaults.thresholds or scope the rule",
    ),
    # policy files and their extends chain (policy/load.py)
    "load.null_removes_many": (
        "kosong di sini, sehingga menghapus seluruh {n} kunci yang diwarisinya ({names}); "
        "jika baris-baris di bawahnya termasuk di dalamnya, beri indentasi pada baris-baris "
        "itu; untuk menghapusnya dengan sengaja, tulis {key}: null",
        "empty here, which removes all {n} keys it inherits ({names}); if the lines below "
        "belong under it, indent them; to remove them on purpose, write {key}: null",
    ),
    "load.removed_with": (
        "{name} ikut terhapus bersama isi {path} lainnya, yang dibiarkan kosong di {where} "
        "(kunci-kunci di bawahnya perlu indentasi?)",
        "{name} was removed with the rest of {path}, left empty at {where} "
        "(indent the keys below it?)",
    ),
    "load.extends_cycle": (
        "extends berputar: {cycle}; hapus salah satu extends",
        "extends cycle: {cycle}; remove one of the extends",
    ),
    "load.extends_outside": (
        "kebijakan induk {parent} berada di luar folder {child} ({folder}); salin berkas itu "
        "ke folder tersebut, atau izinkan secara tegas (--allow-outside-extends, atau "
        "allow_outside=True)",
        "the parent policy {parent} is outside the folder of {child} ({folder}); copy it "
        "into that folder, or allow it explicitly (--allow-outside-extends, or "
        "allow_outside=True)",
    ),
    "load.extends_missing": (
        "kebijakan induk {parent} tidak dapat dibaca: {reason}; periksa nama berkas pada "
        "extends",
        "cannot read the parent policy {parent}: {reason}",
    ),
    "load.file_unreadable": (
        "berkas kebijakan tidak dapat dibaca: {reason}",
        "cannot read the policy file: {reason}",
    ),
    # why a file cannot be read: English is the system's text; these are its usual words
    "load.reason_missing": ("berkas tidak ditemukan", "No such file or directory"),
    "load.reason_denied": ("tidak ada izin untuk membacanya", "Permission denied"),
    "load.reason_not_a_file": (
        "bukan berkas biasa (sebuah folder, pipa atau perangkat)",
        "not a regular file (a folder, pipe or device)",
    ),
    "load.not_a_mapping": (
        "berkas kebijakan harus berisi pasangan kunci: nilai (policy:, year:, units:, ...)",
        "a policy file must be a mapping of keys (policy:, year:, units:, ...)",
    ),
    "load.year_required": (
        "'year' wajib ditulis di setiap berkas kebijakan, termasuk berkas induknya",
        "'year' is required in every policy file, a parent's too",
    ),
    "load.extends_not_name": (
        "'extends' harus berupa nama berkas, misalnya extends: 2018.yaml",
        "'extends' must be a file name, e.g. extends: 2018.yaml",
    ),
    "load.null_without_extends": (
        "null (nilai kosong) menghapus nilai yang diwarisi, padahal berkas ini tidak "
        "meng-extends berkas apa pun; tulis sebuah nilai atau hapus kuncinya",
        "null (an empty value) removes an inherited value, and this file extends nothing; "
        "write a value or delete the key",
    ),
    # the monitoring: section (policy/sections/monitoring.py)
    "monitoring.field_threshold_reserved": (
        "ambang {name} pada bidang {field} memakai nama variabel monitoring; ganti nama "
        "ambang itu (misalnya {key}_min)",
        "threshold {name} of field {field} has the name of a monitoring variable; rename the "
        "threshold (e.g. {key}_min)",
    ),
    "monitoring.threshold_reserved": (
        "{name} tidak dapat menjadi nama ambang: nama itu adalah variabel monitoring; pilih "
        "nama lain (misalnya {key}_min)",
        "{name} cannot name a threshold: it is a monitoring variable; choose another name "
        "(e.g. {key}_min)",
    ),
    "monitoring.threshold_of_fields": (
        "{name} sudah menjadi ambang pada bidang; ambang monitoring memerlukan nama "
        "tersendiri",
        "{name} is already a threshold of the fields; a monitoring threshold needs a name of "
        "its own",
    ),
    "monitoring.not_list": (
        "di sini seharusnya daftar peringatan yang berurutan (masing-masing diawali "
        "'- id:'), tetapi tertulis {got}",
        "expected the ordered list of warnings (each starting with '- id:'), got {got}",
    ),
    "monitoring.none": (
        "paling sedikit satu peringatan harus ditulis (atau hapus bagian monitoring)",
        "at least one warning is required (or remove the monitoring section)",
    ),
    "monitoring.bad_per": (
        "'per' harus consultant atau indicator, tetapi tertulis {got}",
        "'per' must be consultant or indicator, got {got}",
    ),
    "monitoring.bad_severity": (
        "'severity' harus low, medium atau high, tetapi tertulis {got}",
        "'severity' must be low, medium or high, got {got}",
    ),
    "monitoring.per_indicator_variable": (
        "{name} adalah variabel untuk satu indikator: tambahkan 'per: indicator' pada "
        "peringatan ini, atau gunakan {key}_<indikator>",
        "{name} is a variable of one indicator: add 'per: indicator' to this warning, or use "
        "{key}_<indicator>",
    ),
    "monitoring.no_indicator": (
        "{name} tidak tersedia: bidang {lacking} dalam cakupan peringatan ini tidak memiliki "
        "indikator {indicator}; batasi cakupan peringatan dengan fields: [{having}]",
        "{name} is not available: field(s) {lacking} in this warning's scope have no "
        "indicator {indicator}; scope the warning with fields: [{having}]",
    ),
    # the documents: section (policy/sections/documents.py)
    "documents.bad_time_zone": (
        "{got} bukan zona waktu; tulis salah satu seperti Asia/Jakarta (WIB), Asia/Makassar "
        "(WITA) atau Asia/Jayapura (WIT)",
        "{got} is not a time zone; write one such as Asia/Jakarta (WIB), Asia/Makassar (WITA) "
        "or Asia/Jayapura (WIT)",
    ),
    "documents.signatories_not_list": (
        "di sini seharusnya daftar penanda tangan (masing-masing diawali '- role:'), tetapi "
        "tertulis {got}",
        "expected the list of signatories (each starting with '- role:'), got {got}",
    ),
    # the selection: section (policy/sections/selection.py)
    "selection.score_range": (
        "nilai harus di antara 0..100 (skor bernilai 0..100), tetapi tertulis {got}",
        "must be within 0..100 (scores are 0..100), got {got}",
    ),
    "selection.requirements_not_list": (
        "di sini seharusnya daftar syarat yang berurutan (masing-masing diawali '- id:'), "
        "tetapi tertulis {got}",
        "expected the ordered list of requirements (each starting with '- id:'), got {got}",
    ),
    "selection.no_requirement": (
        "paling sedikit satu syarat harus ditulis (atau hapus 'requirements')",
        "at least one requirement is required (or remove 'requirements')",
    ),
    "selection.the_pass_score": ("nilai kelulusan (pass_score)", "the pass score"),
    "selection.component_named": ("komponen {name}", "component {name}"),
    "selection.id_clash": (
        "id syarat {name} sama dengan {what}; keduanya dicantumkan dalam alasan seorang "
        "kandidat, jadi beri syarat itu id lain (misalnya syarat-{example})",
        "requirement id {name} is also {what}; both are listed in a candidate's reasons, so "
        "give the requirement another id (e.g. syarat-{example})",
    ),
    "selection.no_component": (
        "paling sedikit satu komponen harus ditulis (misalnya {example})",
        "at least one component is required (e.g. {example})",
    ),
    "selection.component_reserved": (
        "{name} tidak dapat menjadi nama komponen: nama itu adalah kolom berkas kandidat atau "
        "nama dalam seleksi; pilih nama lain (misalnya tes_{key})",
        "{name} cannot name a component: it is a column of the candidates file or a name of "
        "the selection; choose another name (e.g. tes_{key})",
    ),
    "selection.tie_break_not_list": (
        "di sini seharusnya daftar id komponen dan/atau experience_years, misalnya "
        "[tertulis, experience_years], tetapi tertulis {got}",
        "expected a list of component ids and/or experience_years, e.g. "
        "[tertulis, experience_years], got {got}",
    ),
    "selection.tie_break_unknown": (
        "{name} bukan komponen dan bukan experience_years; nilai seri diputus oleh salah "
        "satu dari: {allowed}",
        "{name} is neither a component nor experience_years; a tie is broken by one of: "
        "{allowed}",
    ),
    "selection.tie_break_twice": (
        "{name} sudah tercantum dalam tie_break; tulis setiap isian sekali saja",
        "{name} is already listed in tie_break; name each entry once",
    ),
    "selection.field_weights_sum": (
        "jumlah bobot komponen bidang {name} (dengan penggantiannya) harus 1, tetapi "
        "jumlahnya: {parts} = {total}; sesuaikan bobotnya agar berjumlah 1",
        "the component weights of field {name} (with its overrides) must sum to 1, but "
        "{parts} = {total}; adjust them so they add up to 1",
    ),
    "selection.every_field": ("setiap bidang", "every field"),
    "selection.fields_without_override": (
        "bidang {fields}, yang tidak mengganti bobot apa pun",
        "field(s) {fields}, which override no weight",
    ),
    "selection.weights_sum": (
        "jumlah bobot komponen harus 1 (untuk {which}), tetapi jumlahnya: {parts} = {total}; "
        "sesuaikan bobotnya agar berjumlah 1",
        "the component weights must sum to 1 (for {which}), but {parts} = {total}; adjust "
        "them so they add up to 1",
    ),
    # policy new-year (cli/yearly.py)
    "newyear.output_exists": (
        "berkas itu sudah ada; new-year tidak pernah menimpa berkas: tulis --output yang "
        "lain, atau hapus dulu berkas itu",
        "the file exists already; new-year never overwrites a file: give another --output, "
        "or delete the file first",
    ),
}
