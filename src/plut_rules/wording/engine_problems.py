"""The problems of evaluation (engine/: the roster checked against the policy, rules that
decide nothing, scorers), of monthly reports (monitor/), of policy test files
(quality/cases.py) and the command line's own problems and usage errors (cli/), in
Indonesian and English. Part of :data:`plut_rules.wording.CATALOGUE`; filled by
:func:`plut_rules.wording.say`.

Groups: ``engine.`` (the roster and the rules), ``monthly.`` (monthly reports and early
warnings), ``cases.`` (policy test files), ``cmd.`` (problems the commands find) and
``usage.`` (a command line that cannot run: ``plut-rules: error: ...``, exit 2)."""

from __future__ import annotations

__all__ = ["ENGINE_PROBLEMS"]

#: key -> (Indonesian, English).
ENGINE_PROBLEMS: dict[str, tuple[str, str]] = {
    # the roster checked against the policy (engine/inputs.py)
    "engine.first_at": (" (pertama kali di {where})", " (first at {where})"),
    "engine.duplicate_consultant": (
        "id konsultan {id} muncul dua kali{first}; setiap id harus unik",
        "consultant id {id} appears twice{first}; ids must be unique",
    ),
    "engine.unknown_unit": (
        "konsultan {id}: unit {unit} tidak dikenal; unit yang ada: {units}",
        "consultant {id}: unknown unit {unit}; units: {units}",
    ),
    "engine.unknown_field": (
        "konsultan {id}: bidang {field} tidak dikenal; bidang yang ada: {fields}",
        "consultant {id}: unknown field {field}; fields: {fields}",
    ),
    "engine.appointed_after_year": (
        "konsultan {id}: diangkat tahun {appointed}, setelah tahun kebijakan {year}; tulis "
        "tahun pengangkatan pertamanya",
        "consultant {id}: appointed {appointed}, after the policy year {year}; write the year "
        "of first appointment",
    ),
    "engine.unknown_competence": (
        "konsultan {id}: kompetensi untuk bidang {field} yang tidak dikenal",
        "consultant {id}: competence for unknown field {field}",
    ),
    "engine.duplicate_achievement": (
        "konsultan {id}: indikator {indicator} diberikan dua kali{first}; sisakan satu baris",
        "consultant {id}: indicator {indicator} is given twice{first}; keep one row",
    ),
    "engine.unknown_consultant": (
        "capaian untuk konsultan {id} yang tidak dikenal; tambahkan konsultan itu ke berkas "
        "konsultan atau perbaiki id-nya",
        "achievement for unknown consultant {id}; add them to the consultants file or "
        "correct the id",
    ),
    "engine.unknown_indicator": (
        "konsultan {id}: bidang {field} tidak memiliki indikator {indicator}; indikatornya: "
        "{indicators}",
        "consultant {id}: field {field} has no indicator {indicator}; its indicators: "
        "{indicators}",
    ),
    "engine.target_not_positive": (
        "konsultan {id}: target harus > 0, tertulis {value}; kosongkan sel itu agar target "
        "kebijakan yang dipakai",
        "consultant {id}: target must be > 0, got {value}; leave it empty to use the "
        "policy's target",
    ),
    "engine.lower_never_zero": (
        " (indikator 'lower' tidak pernah dihitung 0: nilai 0 berarti nilai penuh)",
        " (a 'lower' indicator is never counted as 0: 0 would be full credit)",
    ),
    "engine.missing_achievement": (
        "konsultan {id}: tidak ada capaian untuk indikator {indicator} bidang {field}{extra}; "
        "tambahkan satu baris untuknya",
        "consultant {id}: no achievement for indicator {indicator} of field {field}{extra}; "
        "add a row for it",
    ),
    # the rules (engine/rules.py)
    "engine.too_large": (
        "konsultan {id}: aturan {rule} menghitung nilai yang lebih besar dari 10^30 dalam "
        "{when}; tulis ulang kondisinya tanpa perkalian seperti itu (bandingkan dengan ambang, "
        "jangan mengalikannya dengan ambang)",
        "consultant {id}: rule {rule} computes a value larger than 10^30 in {when}; rewrite "
        "the condition without such products (compare with a threshold instead of "
        "multiplying by it)",
    ),
    "engine.division_by_zero": (
        "konsultan {id}: aturan {rule} membagi dengan nol dalam {when}; lindungi pembagiannya "
        "(mis. x > 0 and ...)",
        "consultant {id}: rule {rule} divides by zero in {when}; guard the division (e.g. "
        "x > 0 and ...)",
    ),
    "engine.undecided": (
        "konsultan {id} ({field}, {unit}) tidak diputuskan oleh aturan mana pun; tambahkan "
        "aturan terakhir yang menampung semuanya dengan 'when: true'",
        "consultant {id} ({field}, {unit}) is decided by no rule; add a final catch-all rule "
        "with 'when: true'",
    ),
    # scorer plug-ins (engine/scoring.py)
    "engine.scorer_failed": (
        "scorer {scorer} bidang {field} ({plugin}) {what}; score()-nya harus mengembalikan "
        "plut_rules.scorers.Score(value=<Fraction>, contributions=<satu Fraction per "
        "indikator>): perbaiki plug-in itu atau pilih scorer lain",
        "the scorer {scorer} of field {field} ({plugin}) {what}; its score() must return "
        "plut_rules.scorers.Score(value=<Fraction>, contributions=<one Fraction per "
        "indicator>): fix the plug-in or choose another scorer",
    ),
    "engine.scorer_raised": ("memunculkan {error}", "raised {error}"),
    "engine.scorer_not_score": (
        "mengembalikan {kind} ({value}), bukan plut_rules.scorers.Score",
        "returned {kind} ({value}), not a plut_rules.scorers.Score",
    ),
    "engine.scorer_inexact_value": (
        "mengembalikan Score yang value-nya {kind} ({value}), bukan fractions.Fraction yang "
        "eksak",
        "returned a Score whose value is {kind} ({value}), not an exact fractions.Fraction",
    ),
    "engine.scorer_contributions": (
        "mengembalikan Score dengan {count} contributions untuk {indicators} indikator",
        "returned a Score with {count} contributions for {indicators} indicators",
    ),
    "engine.scorer_inexact_contributions": (
        "mengembalikan Score yang contributions-nya tidak semuanya fractions.Fraction yang "
        "eksak",
        "returned a Score whose contributions are not all exact fractions.Fraction values",
    ),
    # the durable_rules backend (engine/durable.py)
    "engine.durable_fired_twice": (
        "durable_rules menjalankan aksi dua kali untuk pesan {message}",
        "durable_rules fired twice for message {message}",
    ),
    "engine.durable_ran": (
        "durable_rules menjalankan {ran} dari {total} aksi",
        "durable_rules ran {ran} of {total} actions",
    ),
    "engine.durable_failed": ("durable_rules gagal: {error}", "durable_rules failed: {error}"),
    "engine.durable_action_failed": (
        "sebuah aksi durable_rules gagal: {error}",
        "a durable_rules action failed: {error}",
    ),
    "engine.durable_too_large": (
        "aturan memuat {leaves} perbandingan: backend durable mengirim {properties} nilai per "
        "konsultan, sedangkan durable_rules menerima paling banyak {most}; pakai backend "
        "bawaan (--backend builtin) atau sederhanakan aturannya",
        "the rules have {leaves} comparisons: the durable backend posts {properties} values "
        "per consultant and durable_rules accepts at most {most}; use the built-in backend "
        "or simplify the rules",
    ),
    # monthly reports and early warnings (monitor/)
    "monthly.no_monitoring": (
        "kebijakan tidak memiliki bagian 'monitoring:'; tambahkan bagian itu berisi "
        "peringatan yang hendak dimunculkan (lihat docs/policy-format.md)",
        "the policy has no 'monitoring:' section; add one with the warnings to raise (see "
        "docs/policy-format.md)",
    ),
    "monthly.duplicate_consultant": (
        "konsultan {id} diberikan dua kali; sisakan satu",
        "consultant {id} is given twice; keep one",
    ),
    "monthly.unknown_field": (
        "konsultan {id}: bidang {field} tidak dikenal",
        "consultant {id}: unknown field {field}",
    ),
    "monthly.unknown_unit": (
        "konsultan {id}: unit {unit} tidak dikenal",
        "consultant {id}: unknown unit {unit}",
    ),
    "monthly.unknown_consultant": (
        "laporan untuk konsultan {id} yang tidak dikenal; tambahkan konsultan itu ke berkas "
        "konsultan atau perbaiki id-nya",
        "report for unknown consultant {id}; add them to the consultants file or correct "
        "the id",
    ),
    "monthly.bad_month": (
        "bulan {month} bukan bulan yang sah; tulis 1 sampai 12",
        "month {month} is not a month; write 1 to 12",
    ),
    "monthly.negative": (
        "capaian {value} harus >= 0 (tulis 0 jika tidak ada yang dicapai)",
        "achievement {value} must be >= 0 (write 0 if nothing was achieved)",
    ),
    "monthly.duplicate_report": (
        "konsultan {id}: bulan {month}, indikator {indicator} sudah dilaporkan{first}; "
        "sisakan satu laporan",
        "consultant {id}: month {month}, indicator {indicator} is already reported{first}; "
        "keep one report",
    ),
    "monthly.duplicate_row": (
        "konsultan {id}: bulan {month}, indikator {indicator} sudah dilaporkan (pertama kali "
        "di {where}); sisakan satu baris",
        "consultant {id}: month {month}, indicator {indicator} is already reported (first "
        "at {where}); keep one row",
    ),
    "monthly.too_large": (
        "konsultan {id}: peringatan {warning} menghitung nilai yang lebih besar dari 10^30 "
        "dalam {when}; tulis ulang kondisinya tanpa perkalian seperti itu",
        "consultant {id}: warning {warning} computes a value larger than 10^30 in {when}; "
        "rewrite the condition without such products",
    ),
    "monthly.division_by_zero": (
        "konsultan {id}: peringatan {warning} membagi dengan nol dalam {when}; lindungi "
        "pembagiannya (mis. x > 0 and ...)",
        "consultant {id}: warning {warning} divides by zero in {when}; guard the division "
        "(e.g. x > 0 and ...)",
    ),
    # policy test files (quality/cases.py)
    "cases.expected_mapping": (
        "harus berupa {what} (pemetaan kunci)",
        "expected {what} (a mapping of keys)",
    ),
    "cases.a_test_file": ("berkas uji dengan 'cases:'", "a test file with 'cases:'"),
    "cases.a_case": ("sebuah kasus", "a case"),
    "cases.a_member": ("seorang konsultan dalam roster", "a consultant of the roster"),
    "cases.competences": (
        "kompetensi per bidang, mis. {example}",
        "competences by field, e.g. {example}",
    ),
    "cases.achievements": (
        "capaian per indikator, mis. {example}",
        "achievements by indicator, e.g. {example}",
    ),
    "cases.expectation": (
        "hasil yang diharapkan, mis. {example}",
        "the expected result, e.g. {example}",
    ),
    "cases.expected_text": ("harus berupa teks", "expected text"),
    "cases.expected_number": ("harus berupa angka", "expected a number"),
    "cases.at_least": ("harus {op} {low}, tertulis {raw}", "must be {op} {low}, got {raw}"),
    "cases.at_most": ("harus <= {high}, tertulis {raw}", "must be <= {high}, got {raw}"),
    "cases.unknown_choice": (
        "{what} {name} tidak dikenal; {what} yang ada: {known}",
        "unknown {what} {name}; {what}s: {known}",
    ),
    "cases.noun_unit": ("unit", "unit"),
    "cases.noun_field": ("bidang", "field"),
    "cases.noun_rule": ("aturan", "rule"),
    "cases.missing_cases": (
        "kunci wajib 'cases' (atau 'selection_cases') belum ditulis; tambahkan di sini",
        "missing required key 'cases' (or 'selection_cases')",
    ),
    "cases.expected_cases": (
        "harus berupa daftar kasus, masing-masing diawali '- name:'",
        "expected a list of cases, each starting with '- name:'",
    ),
    "cases.duplicate_case": (
        "nama kasus {name} sudah dipakai (pertama kali di baris {line}); beri setiap kasus "
        "namanya sendiri",
        "duplicate case name {name} (first at line {line}); give each case its own name",
    ),
    "cases.roster_key": (
        "kasus yang memakai 'roster' menulis {key} untuk setiap konsultan dalam roster, "
        "bukan untuk kasusnya",
        "a case with 'roster' gives {key} for each consultant of the roster, not for the case",
    ),
    "cases.expected_roster": (
        "harus berupa daftar konsultan, masing-masing diawali '- id:'",
        "expected a list of consultants, each starting with '- id:'",
    ),
    "cases.duplicate_member": (
        "id konsultan {id} muncul dua kali dalam roster ini",
        "consultant id {id} appears twice in this roster",
    ),
    "cases.no_expect": (
        "tulis 'expect' untuk sedikitnya satu konsultan dalam roster",
        "give 'expect' for at least one consultant of the roster",
    ),
    "cases.expected_year": (
        "harus berupa tahun (bilangan bulat)",
        "expected a year (a whole number)",
    ),
    "cases.unknown_field": (
        "bidang {field} tidak dikenal; bidang yang ada: {fields}",
        "unknown field {field}; fields: {fields}",
    ),
    "cases.unknown_indicator": (
        "bidang {field} tidak memiliki indikator {indicator}; indikatornya: {indicators}",
        "field {field} has no indicator {indicator}; its indicators: {indicators}",
    ),
    "cases.missing_achievement": (
        "tidak ada capaian untuk indikator {indicator} bidang {field}; tambahkan "
        "'{id}: <angka>'",
        "no achievement for indicator {indicator} of field {field}; add '{id}: <number>'",
    ),
    "cases.bad_outcome": (
        "'outcome' harus keep, replace atau reassign, tertulis {outcome}",
        "'outcome' must be keep, replace or reassign, got {outcome}",
    ),
    "cases.not_found": (
        "tidak ada berkas uji {name}; tulis satu (lihat docs/policy-testing.md) atau "
        "berikan dengan --tests FILE",
        "no test file {name}; write one (see docs/policy-testing.md) or give it with "
        "--tests FILE",
    ),
    "cases.unreadable": (
        "berkas uji tidak dapat dibaca: {reason}",
        "cannot read the test file: {reason}",
    ),
    # problems the commands find (cli/)
    "cmd.unknown_unit": (
        "kebijakan tidak memiliki unit {unit}; unit yang ada: {units}",
        "the policy has no unit {unit}; units: {units}",
    ),
    "cmd.no_consultants": (
        "tidak ada konsultan dalam masukan; {check} (tanpa konsultan, setiap formasi "
        "dicantumkan sebagai formasi kosong)",
        "no consultants in the input; {check} (without them every seat is listed as vacant)",
    ),
    "cmd.check_workbook": (
        "periksa bahwa konsultan diisi di bawah baris judul pada lembar 'consultants' (atau "
        "'konsultan'), dan bahwa ini buku kerja yang sudah diisi, bukan templat kosong",
        "check that they are filled in below the header row of the sheet 'consultants' (or "
        "'konsultan'), and that this is the filled-in workbook, not an empty template",
    ),
    "cmd.check_json": (
        "periksa bahwa daftar konsultan dalam berkas tidak kosong dan bahwa berkasnya benar",
        "check that the file's list of consultants is not empty and that it is the right file",
    ),
    "cmd.check_rows": (
        "periksa bahwa berkas memiliki satu baris untuk setiap konsultan di bawah baris "
        "judulnya dan bahwa berkasnya benar",
        "check that the file has a row for each consultant below its header and that it is "
        "the right file",
    ),
    "cmd.unknown_consultant": (
        "tidak ada konsultan {id} dalam masukan; id yang ada: {ids}",
        "no consultant {id} in the input; ids: {ids}",
    ),
    "cmd.unknown_candidate": (
        "tidak ada calon {id} dalam berkas calon; id yang ada: {ids}",
        "no candidate {id} in the candidates file; ids: {ids}",
    ),
    "cmd.no_selection_record": (
        "log audit tidak memuat catatan seleksi; catat satu dengan plut-rules select ... "
        "--audit LOG",
        "the audit log holds no selection record; record one with plut-rules select ... "
        "--audit LOG",
    ),
    "cmd.policy_mismatch": (
        "ini bukan kebijakan catatan penetapan {seq} (kebijakan {policy} {year}): keduanya "
        "berbeda di luar 'selection' pada {paths}; berikan kebijakan yang ditetapkan beserta "
        "bagian selection:-nya (mis. berkas yang meng-extends kebijakan itu dan hanya "
        "menambahkan selection:)",
        "this is not the policy of determination record {seq} (policy {policy} {year}): they "
        "differ outside 'selection' at {paths}; give the determined policy with its "
        "selection: section (e.g. a file that extends it and adds only selection:)",
    ),
    "cmd.superseded": (
        "catatan penetapan {seq} sudah digantikan: catatan {later} yang berlaku; berikan "
        "--determination {log}:{later}",
        "determination record {seq} was superseded: record {later} is in force; give "
        "--determination {log}:{later}",
    ),
    "cmd.audit_by": (
        "kebijakan tidak menyebut pejabat yang berwenang (determined_by); sebutkan siapa yang "
        "menjalankan seleksi dengan --by",
        "the policy names no authority (determined_by); say who runs the selection with --by",
    ),
    "cmd.log_unwritable": (
        "plut-rules: log audit {log} tidak dapat ditulis: {reason}",
        "plut-rules: cannot write the audit log {log}: {reason}",
    ),
    "cmd.interrupted": ("dihentikan", "interrupted"),
    "cmd.internal_error": (
        "plut-rules: kesalahan internal ({error}).\nIni cacat pada plut-rules, bukan pada "
        "berkas Anda. Mohon laporkan beserta perintah yang Anda jalankan; jalankan lagi "
        "dengan --debug untuk melihat traceback-nya.",
        "plut-rules: internal error ({error}).\nThis is a bug in plut-rules, not in your "
        "files. Please report it with the command you ran; run again with --debug to see "
        "the traceback.",
    ),
    # a command line that cannot run (cli/: UsageError)
    "usage.and": (" dan ", " and "),
    "usage.sample_with_data": (
        "--sample memakai data contoh bawaan: hilangkan {options}, atau hilangkan --sample",
        "--sample uses the shipped sample data: leave out {options}, or leave out --sample",
    ),
    "usage.data_together": (
        "berikan {options} bersama-sama: {missing} belum diberikan (atau tidak satu pun, "
        "dengan --sample, untuk data contoh bawaan)",
        "give {options} together: {missing} missing (or none of them, with --sample, for the "
        "shipped sample)",
    ),
    "usage.policy_without_data": (
        "--policy {policy} diberikan tanpa data: berikan {files}, atau --sample untuk "
        "sengaja memakai data contoh bawaan (konsultan rekaan)",
        "--policy {policy} is given without data: give {files}, or --sample to use the "
        "shipped sample data (fictional consultants) on purpose",
    ),
    "usage.workbook_not_text": (
        "--output -: buku kerja bukan teks; alihkan keluaran ke sebuah berkas, atau berikan "
        "--output FILE.xlsx",
        "--output -: a workbook is not text; redirect the output to a file, or give "
        "--output FILE.xlsx",
    ),
    "usage.xlsx_needs_output": (
        "--format xlsx menulis buku kerja: berikan --output FILE.xlsx",
        "--format xlsx writes a workbook: give --output FILE.xlsx",
    ),
    "usage.output_is_workbook": (
        "--output {output} adalah buku kerja, tetapi --format bernilai {format}: tambahkan "
        "--format xlsx untuk menulis buku kerja",
        "--output {output} is a workbook, but --format is {format}: add --format xlsx to "
        "write a workbook",
    ),
    "usage.reason_per_override": (
        "berikan satu --reason untuk setiap --override ({overrides} override, {reasons} "
        "alasan)",
        "give one --reason for each --override ({overrides} overrides, {reasons} reasons)",
    ),
    "usage.supersedes_why": (
        "--supersedes SEQ dan --why TEXT harus diberikan bersama",
        "--supersedes SEQ and --why TEXT go together",
    ),
    "usage.several_logs": (
        "catatan-catatan itu berasal dari beberapa log: sebutkan log yang menerima penetapan "
        "dengan --audit LOG",
        "the records come from several logs: name the log that receives the determination "
        "with --audit LOG",
    ),
    "usage.record_single_log": (
        "--record hanya untuk satu LOG; tulis LOG:SEQ sebagai gantinya",
        "--record goes with a single LOG; write LOG:SEQ instead",
    ),
    "usage.template_consultants": (
        "--consultants mengisi templat evaluasi; hilangkan bila memakai --for selection",
        "--consultants fills the evaluation template; leave it out with --for selection",
    ),
    "usage.report_candidates": (
        "--candidates memilih calon untuk evaluasi atas masukan; dengan --audit laporan "
        "menampilkan seleksi yang tercatat dalam log (plut-rules select ... --audit LOG)",
        "--candidates selects for an evaluation of the inputs; with --audit the report shows "
        "the selection recorded in the log (plut-rules select ... --audit LOG)",
    ),
    "usage.signatory": (
        "--signatory {spec}: tulis ROLE=NAME (jabatan=nama), mis. \"Kepala Dinas=Budi\"",
        "--signatory {spec}: write ROLE=NAME, e.g. \"Kepala Dinas=Budi\"",
    ),
    "usage.determination_roster": (
        "--determination mengambil formasi kosong dari catatannya: hilangkan --consultants "
        "dan --achievements",
        "--determination takes the open seats from the record: leave out --consultants and "
        "--achievements",
    ),
    "usage.determination_policy": (
        "dengan --determination, berikan --policy: kebijakan yang memuat bagian selection: "
        "(kebijakan catatan itu, ditambah bagian tersebut)",
        "with --determination, give --policy: the policy with the selection: section (the "
        "record's policy, plus that section)",
    ),
    "usage.determination_log": (
        "--audit {audit}: seleksi atas suatu penetapan dicatat dalam log yang sama ({log}), "
        "yang memuat catatan yang dirujuknya",
        "--audit {audit}: a selection made on a determination is recorded in the same log "
        "({log}), which holds the record it refers to",
    ),
    "usage.explain_audit": (
        "--explain mencetak satu calon; hilangkan --audit (catat seleksi tanpa --explain)",
        "--explain prints one candidate; leave out --audit (record the selection without "
        "--explain)",
    ),
    "usage.roster_policy": (
        "berikan --policy: kebijakan tahun berikutnya, yang harus dipenuhi daftar konsultan "
        "yang baru",
        "give --policy: next year's policy, which the new roster must fit",
    ),
    # usage errors of plut-rules diff, whatif and policy new-year (cli/yearly.py)
    "usage.impact_both": (
        "berikan --consultants dan --achievements sekaligus untuk menghitung dampak, atau "
        "tidak keduanya",
        "give both --consultants and --achievements for an impact replay, or neither",
    ),
    "usage.whatif_nothing": (
        "berikan sedikitnya satu --set PATH=NILAI, atau --sweep PATH=DARI:SAMPAI:LANGKAH",
        "give at least one --set PATH=VALUE, or --sweep PATH=FROM:TO:STEP",
    ),
    "usage.year_range": (
        "YEAR harus tahun dari {first} sampai {last}, misalnya 2020, tertulis {year}",
        "YEAR must be a year from {first} to {last}, such as 2020, got {year}",
    ),
    "usage.year_after": (
        "YEAR harus sesudah tahun {file} ({year}): new-year memulai tahun berikutnya, "
        "misalnya {example}",
        "YEAR must come after the year of {file} ({year}): new-year starts a later year, "
        "e.g. {example}",
    ),
}
