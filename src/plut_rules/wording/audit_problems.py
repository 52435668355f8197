"""The problems of the audit log's requests (determinations, selections recorded on
them, a consultant's history, ``audit show``), of selecting candidates, of next year's
roster, of an unwritable output, of durable warnings and of the policy linter, in
Indonesian and English.  Part of :data:`plut_rules.wording.CATALOGUE`; filled by
:func:`plut_rules.wording.say`."""

from __future__ import annotations

__all__ = ["AUDIT_PROBLEMS"]

#: key -> (Indonesian, English).
AUDIT_PROBLEMS: dict[str, tuple[str, str]] = {
    # determine: overrides (audit/determination.py)
    "determine.bad_override": (
        "perubahan {spec}: tulis ID=HASIL, misalnya PKP-04=keep, PKP-04=diganti atau "
        "PKP-04=dipindahkan:produksi",
        "override {spec}: write ID=OUTCOME, e.g. PKP-04=keep, PKP-04=diganti or "
        "PKP-04=dipindahkan:produksi",
    ),
    "determine.unknown_consultant": (
        "tidak ada konsultan {consultant} dalam {where_from}; id yang ada: {ids}",
        "no consultant {consultant} in {where_from}; ids: {ids}",
    ),
    "determine.duplicate_override": (
        "rekomendasi {consultant} diubah dua kali; berikan satu perubahan saja",
        "{consultant} is overridden twice; give one override",
    ),
    "determine.bad_outcome": (
        "hasil {outcome} bukan salah satu dari keep (dipertahankan), replace (diganti), "
        "reassign (dipindahkan); tulis salah satunya",
        "outcome {outcome} is not one of keep (dipertahankan), replace (diganti), reassign "
        "(dipindahkan)",
    ),
    "determine.missing_reason": (
        "setiap perubahan rekomendasi memerlukan alasan; tuliskan dengan --reason \"...\"",
        "every override needs a reason (--reason \"...\")",
    ),
    "determine.control_character": (
        "alasan memuat karakter kendali {shown}; tulis alasan sebagai teks biasa dalam satu "
        "baris",
        "the reason holds the control character(s) {shown}; write it as plain text on one "
        "line",
    ),
    "determine.missing_field": (
        "perubahan ke reassign (dipindahkan) harus menyebut bidangnya: tulis "
        "{consultant}=reassign:BIDANG; bidang yang ada: {fields}",
        "an override to reassign names the field: {consultant}=reassign:FIELD; fields: "
        "{fields}",
    ),
    "determine.own_field": (
        "{field} adalah bidang {consultant} sendiri, bukan bidang lain dalam kebijakan "
        "untuk pindah bidang; bidang lain yang ada: {fields}",
        "{field} is {consultant}'s own field, not another field of the policy to reassign "
        "to; fields: {fields}",
    ),
    "determine.not_a_field": (
        "{field} bukan bidang lain dalam kebijakan; bidang lain yang ada: {fields}",
        "{field} is not another field of the policy; fields: {fields}",
    ),
    "determine.field_without_reassign": (
        "hanya reassign (dipindahkan) yang menyebut bidang, bukan {outcome}; hapus "
        "\":BIDANG\" dari perubahan ini",
        "only reassign takes a field, not {outcome}",
    ),
    "determine.not_an_override": (
        "{consultant} memang sudah direkomendasikan {outcome}; perubahan harus berbeda dari "
        "rekomendasi",
        "{consultant} was already recommended {outcome}; an override must differ from the "
        "recommendation",
    ),
    # determine: the records named (audit/determination.py)
    "determine.record_of": ("catatan {seq} dari {log}", "record {seq} of {log}"),
    "determine.this_log": ("log ini", "this log"),
    "determine.policy_sha": (
        "catatan {seq} dari {log}: sha256 kebijakan {sha256}",
        "record {seq} of {log}: policy sha256 {sha256}",
    ),
    "determine.policy_differs": (
        "catatan-catatan itu dievaluasi dengan kebijakan yang berbeda: {each}; tentukan "
        "catatan yang dievaluasi dengan kebijakan yang sama",
        "the records were evaluated under different policies: {each}",
    ),
    "determine.duplicate_reference": ("{name} disebut dua kali; sebutkan sekali saja",
                                      "{name} is named twice"),
    "determine.unit_twice": (
        "unit {unit} dicakup oleh {first} dan oleh {name}; tetapkan setiap unit dari satu "
        "catatan",
        "unit {unit} is covered by {first} and by {name}; determine each unit from one "
        "record",
    ),
    "determine.consultant_twice": (
        "konsultan {consultant} ada dalam {first} dan dalam {name}; sebutkan satu catatan "
        "saja untuk konsultan itu",
        "consultant {consultant} is in {first} and in {name}",
    ),
    "determine.unit_missing": (
        "tidak ada catatan yang mencakup unit {units}; sebutkan catatan yang mencakupnya, "
        "atau tetapkan sebagian dengan --partial",
        "no record covers unit {units}; name the records that do, or determine in part "
        "with --partial",
    ),
    "determine.units_missing": (
        "tidak ada catatan yang mencakup unit {units}; sebutkan catatan yang mencakupnya, "
        "atau tetapkan sebagian dengan --partial",
        "no record covers units {units}; name the records that do, or determine in part "
        "with --partial",
    ),
    "determine.none": ("tidak ada", "none"),
    "determine.bad_supersedes": (
        "catatan {seq} bukan penetapan yang berlaku dalam log ini; yang berlaku: {in_force}",
        "record {seq} is not a determination in force in this log; in force: {in_force}",
    ),
    "determine.missing_why": (
        "sebutkan mengapa penetapan dikoreksi dengan --why \"...\"",
        "say why the determination is corrected (--why \"...\")",
    ),
    "determine.already_determined": (
        "catatan evaluasi {seq} dari {log} sudah ditetapkan dalam catatan {done} oleh {by} "
        "pada {time}; untuk mengoreksinya, tetapkan lagi dengan menggantikan catatan {done} "
        "(--supersedes {done} --why \"...\")",
        "evaluation record {seq} of {log} was already determined in record {done} by {by} "
        "at {time}; to correct it, determine again superseding record {done} "
        "(--supersedes {done} --why \"...\")",
    ),
    "determine.evaluation_record": ("catatan evaluasi {seq}", "evaluation record {seq}"),
    "determine.evaluation_record_of": ("catatan evaluasi {seq} dari {log}",
                                       "evaluation record {seq} of {log}"),
    "determine.no_authority": (
        "kebijakan tidak menyebut pihak yang menetapkan (determined_by); sebutkan siapa yang "
        "menetapkan dengan --by",
        "the policy names no authority (determined_by); say who determines with --by",
    ),
    "determine.no_determination": (
        "log audit tidak memuat catatan penetapan; catat satu dengan plut-rules determine",
        "the audit log holds no determination record; record one with plut-rules determine",
    ),
    "determine.not_a_determination": (
        "catatan {seq} adalah catatan {kind}, bukan penetapan; catatan penetapan: {seqs}",
        "record {seq} is an {kind}, not a determination; determination records: {seqs}",
    ),
    "audit.no_record": (
        "tidak ada catatan {seq} dalam log (log memuat {count} catatan); sebutkan nomor "
        "catatan yang ada",
        "no record {seq} in the log (it has {count} records)",
    ),
    # seats of a determination (audit/seats.py)
    "seats.kept": ("{consultant} (dipertahankan{overridden})", "{consultant} (kept{overridden})"),
    "seats.moved": ("{consultant} (dipindahkan dari {field}{overridden})",
                    "{consultant} (reassigned from {field}{overridden})"),
    "seats.as_overridden": (", sesuai perubahan", ", as overridden"),
    "seats.overfull_one": (
        "{unit} / {field} memiliki {have} formasi, ditempati oleh {who}",
        "{unit} / {field} has {have} seat, held by {who}",
    ),
    "seats.overfull": (
        "{unit} / {field} memiliki {have} formasi, ditempati oleh {who}",
        "{unit} / {field} has {have} seats, held by {who}",
    ),
    "seats.overfull_fix": (
        "; {movers} tidak dapat menempatinya kecuali rekomendasi {fix} juga diubah "
        "(diganti atau dipindahkan)",
        "; {movers} cannot take it unless {fix} is also overridden (replaced or reassigned)",
    ),
    # selections recorded on a determination (audit/selections.py)
    "audit.kind_evaluation": ("evaluasi", "evaluation"),
    "audit.kind_determination": ("penetapan", "determination"),
    "audit.kind_selection": ("seleksi", "selection"),
    "audit.other_kind": (
        "catatan {seq} adalah catatan {kind}, bukan {wanted}; catatan {wanted}: {listed}",
        "record {seq} is a {kind}, not a {wanted}; {wanted} records: {listed}",
    ),
    "audit.unreadable_reference": (
        "catatan penetapan {seq} merujuk ke catatan {ref_seq} dari {log} dengan sha256 "
        "{sha256}, yang tidak dapat dibaca di sana; kembalikan log itu di samping log ini",
        "determination record {seq} refers to record {ref_seq} of {log} with sha256 "
        "{sha256}, which cannot be read there; put that log back beside this one",
    ),
    "audit.other_log": (
        "catatan penetapan {seq} memiliki sha256 {sha256}, bukan {expected}: seleksi dibuat "
        "pada log lain; sebutkan log tempat seleksi itu dibuat",
        "determination record {seq} has sha256 {sha256}, not {expected}: the selection was "
        "made on another log",
    ),
    "audit.selection_basis": (
        "catatan seleksi {seq} dibuat atas {made_on}, tidak atas catatan penetapan "
        "{determination}; berikan seleksi yang dibuat atas penetapan itu (plut-rules select "
        "... --determination LOG:SEQ --audit LOG)",
        "selection record {seq} was made on {made_on}, not on determination record "
        "{determination}; give the selection made on it (plut-rules select ... "
        "--determination LOG:SEQ --audit LOG)",
    ),
    "audit.not_next_year": (
        "tahun kebijakan {year} tidak sesudah tahun yang ditetapkan {determined}; berikan "
        "kebijakan tahun berikutnya",
        "the policy's year {year} is not after the determined year {determined}; give next "
        "year's policy",
    ),
    "audit.lookalike_id": (
        "kandidat terpilih {new} {same} id konsultan {old}, yang tetap bertugas; beri "
        "kandidat itu id lain dalam berkas kandidat lalu lakukan seleksi lagi",
        "selected candidate {new} {same} the id of consultant {old}, who stays; give the "
        "candidate another id in the candidates file and select again",
    ),
    "audit.made_on_determination": ("catatan penetapan {seq}", "determination record {seq}"),
    "audit.made_on_roster": ("evaluasi daftar konsultan (bukan penetapan)",
                             "an evaluation of the roster, not a determination"),
    "audit.same_id": ("sama dengan", "is"),
    "audit.lookalike": ("mirip dengan", "looks like"),
    # a consultant's history and audit show (audit/history.py, audit/showing.py)
    "history.unknown_consultant": (
        "tidak ada catatan evaluasi dalam log-log ini yang memuat {consultant}",
        "no evaluation record of these logs holds {consultant}",
    ),
    "audit.unknown_consultant": (
        "tidak ada konsultan {consultant} dalam catatan evaluasi {seq}; id yang ada: {ids}",
        "no consultant {consultant} in evaluation record {seq}; ids: {ids}",
    ),
    # appending a record (audit/records.py)
    "audit.empty_by": (
        "sebutkan siapa yang menjalankannya (--by): nama tidak boleh kosong",
        "say who ran it (--by): the name must not be empty",
    ),
    "audit.by_control_character": (
        "nama yang menjalankannya (--by) memuat karakter kendali {shown}; tulis nama tanpa "
        "karakter itu",
        "the name of who ran it (--by) holds the control character(s) {shown}; write the "
        "name without them",
    ),
    "audit.cannot_open": (
        "{name}: log audit tidak dapat dibuka: {reason}; tidak ada yang ditambahkan",
        "{name}: cannot open the audit log: {reason}; nothing was appended",
    ),
    "audit.too_large": (
        "{name}: catatan itu akan berukuran {size} byte, melebihi {most} byte yang boleh "
        "dimuat satu catatan; evaluasi lebih sedikit konsultan per catatan (satu unit "
        "sekali jalan); tidak ada yang ditambahkan",
        "{name}: the record would be {size} bytes, more than the {most} bytes a record may "
        "hold; evaluate fewer consultants per record (one unit at a time); nothing was "
        "appended",
    ),
    "audit.cannot_cut": (
        "{name}: tidak dapat menambahkan ke log audit ({reason}), dan catatan yang baru "
        "sebagian tertulis tidak dapat dipotong lagi ({cut}): jalankan 'plut-rules audit "
        "repair {name}' setelah disk diperbaiki",
        "{name}: cannot append to the audit log ({reason}), and cannot cut the partial "
        "record off again ({cut}): run 'plut-rules audit repair {name}' once the disk is "
        "fixed",
    ),
    "audit.cannot_append": (
        "{name}: tidak dapat menambahkan ke log audit: {reason}; catatan yang baru sebagian "
        "tertulis sudah dipotong lagi, log kembali seperti semula ({size} byte); tidak ada "
        "yang ditambahkan",
        "{name}: cannot append to the audit log: {reason}; the partial record was cut off "
        "again, the log is as it was ({size} bytes); nothing was appended",
    ),
    "audit.policy_changed": (
        "berkas berubah sejak kebijakan dimuat; evaluasi lagi",
        "the file changed since the policy was loaded; evaluate again",
    ),
    "audit.no_evaluator": (
        "kebijakan tidak menyebut evaluator untuk unit-unit ini; sebutkan siapa yang "
        "menjalankan evaluasi dengan --by",
        "the policy names no evaluator for these units; say who ran the evaluation with --by",
    ),
    # references to records of other logs (audit/references.py)
    "audit.empty_reference": (
        "rujukan kosong; tulis LOG, LOG:SEQ atau LOG:SEQ:SHA256",
        "an empty reference; write LOG, LOG:SEQ or LOG:SEQ:SHA256",
    ),
    "audit.sha_mismatch": (
        "catatan {seq} dari {log} memiliki sha256 {sha256}, bukan {named} yang disebut "
        "rujukan itu",
        "record {seq} of {log} has sha256 {sha256}, not the {named} the reference names",
    ),
    # evaluation records (audit/replay.py)
    "audit.no_evaluation": (
        "log audit tidak memuat catatan evaluasi; catat satu dengan plut-rules evaluate "
        "--audit",
        "the audit log holds no evaluation record",
    ),
    "audit.not_an_evaluation": (
        "catatan {seq} adalah catatan {kind}, bukan evaluasi; catatan evaluasi: {seqs}",
        "record {seq} is a {kind}, not an evaluation; evaluation records: {seqs}",
    ),
    # reading the log (audit/chain.py, audit/repair.py)
    "audit.cannot_open_log": ("{name}: log audit tidak dapat dibuka: {reason}",
                              "{name}: cannot open the audit log: {reason}"),
    "audit.unreadable": ("{name}: log audit tidak dapat dibaca: {reason}",
                         "{name}: cannot read the audit log: {reason}"),
    # selecting candidates (selection/semantics.py)
    "select.no_section": (
        "kebijakan tidak memiliki bagian 'selection:'; tambahkan satu (requirements, "
        "components, pass_score) untuk menyeleksi kandidat dengannya",
        "the policy has no 'selection:' section; add one (requirements, components, "
        "pass_score) to select candidates with it",
    ),
    "select.division_by_zero": (
        "kandidat {candidate}: persyaratan {requirement} membagi dengan nol ({when}); "
        "lindungi pembagiannya (misalnya age > 0 and ...)",
        "candidate {candidate}: requirement {requirement} divides by zero ({when}); guard "
        "the division (e.g. age > 0 and ...)",
    ),
    "select.duplicate_id": (
        "id kandidat {candidate} tertulis dua kali (seorang kandidat melamar untuk satu "
        "(unit, bidang)); pertahankan satu baris",
        "the candidate id {candidate} is given twice (a candidate applies for one (unit, "
        "field)); keep one row",
    ),
    "select.unknown_unit": ("kandidat {candidate}: unit {unit} tidak dikenal; unit yang ada: "
                            "{units}",
                            "candidate {candidate}: unknown unit {unit}; units: {units}"),
    "select.unknown_field": (
        "kandidat {candidate}: bidang {field} tidak dikenal; bidang yang ada: {fields}",
        "candidate {candidate}: unknown field {field}; fields: {fields}",
    ),
    "select.seats_unknown_unit": (
        "formasi kosong untuk unit {unit} yang tidak dikenal; tulis id unit dari kebijakan",
        "open seats for unknown unit {unit}",
    ),
    "select.seats_unknown_field": (
        "formasi kosong untuk bidang {field} yang tidak dikenal; tulis id bidang dari "
        "kebijakan",
        "open seats for unknown field {field}",
    ),
    "select.seats_count": (
        "jumlah formasi kosong ({unit}, {field}) harus bilangan bulat >= 0, tertulis "
        "{count}; tulis misalnya 1",
        "the open seats of ({unit}, {field}) must be a whole number >= 0, got {count}",
    ),
    "select.missing_score": (
        "kandidat {candidate} memenuhi semua persyaratan tetapi tidak memiliki nilai untuk "
        "komponen {component}; tulis nilainya (0..100)",
        "candidate {candidate} meets every requirement but has no score for component "
        "{component}; write the score (0..100)",
    ),
    # next year's roster (selection/roster.py)
    "select.over_seats": (
        "{unit} / {field}: {count} konsultan untuk {seats} formasi dalam kebijakan {policy} "
        "{year}; periksa penetapannya, atau tambahkan formasi unit itu dalam kebijakan "
        "tersebut",
        "{unit} / {field}: {count} consultants for {seats} seat(s) in policy {policy} "
        "{year}; check the determination, or give the unit more seats there",
    ),
    # output (cli/streams.py)
    "stream.standard_output": ("keluaran standar (standard output)", "standard output"),
    "stream.standard_error": ("keluaran pesan (standard error)", "standard error"),
    "stream.unwritable": (
        "tidak dapat menulis ke {name}: {reason}; kosongkan sebagian ruang penyimpanan atau "
        "naikkan batas ukuran berkas di tempat penulisannya, atau tulis ke berkas di tempat "
        "lain dengan --output",
        "cannot write to {name}: {reason}; free some space or raise the file size limit "
        "where it is written, or write to a file elsewhere with --output",
    ),
    # durable warnings (monitor/durable_warnings.py)
    "durable.too_large": (
        "peringatan {warning} memiliki {count} perbandingan: durable_rules menerima paling "
        "banyak {most} nilai per kejadian; sederhanakan peringatan itu",
        "warning {warning} has {count} comparisons: durable_rules accepts at most {most} "
        "values per event; simplify the warning",
    ),
    # the policy linter (quality/linter.py)
    "lint.unavailable": (
        "pemeriksa kebijakan (linter) memerlukan pemecah SMT z3, yang belum terpasang; "
        "pasang dengan: pip install 'plut-rules[lint]' (atau: pip install z3-solver)",
        "the policy linter needs the SMT solver z3, which is not installed; install it "
        "with: pip install 'plut-rules[lint]' (or: pip install z3-solver)",
    ),
}
