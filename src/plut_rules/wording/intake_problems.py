"""The problems of the files read for monitoring and selection: monthly reports
(``monitor/reports.py``) and candidates (``selection/candidates.py``), in Indonesian and
English.  Part of :data:`plut_rules.wording.CATALOGUE`; filled by
:func:`plut_rules.wording.say`."""

from __future__ import annotations

__all__ = ["INTAKE_PROBLEMS"]

#: key -> (Indonesian, English).
INTAKE_PROBLEMS: dict[str, tuple[str, str]] = {
    # monthly reports
    "reports.month_hint": ("bulan sebagai bilangan bulat 1 sampai 12",
                           "the month as a whole number from 1 to 12"),
    "reports.month_empty": (
        "'month' kosong; tulis bulan sebagai bilangan bulat 1 sampai 12",
        "'month' is empty; write the month as a whole number from 1 to 12",
    ),
    "reports.bad_month": (
        "'month' bernilai {month}; tulis bulan sebagai bilangan bulat 1 sampai 12",
        "'month' is {month}; write the month as a whole number from 1 to 12",
    ),
    "reports.achievement_hint": (
        "capaian bulan itu sebagai angka, misalnya {example} (0 jika tidak ada)",
        "that month's achievement as a number such as {example} (0 if none)",
    ),
    "reports.negative": (
        "'achievement' bernilai {value}; capaian harus >= 0 (tulis 0 jika tidak ada yang "
        "dicapai)",
        "'achievement' is {value}; an achievement must be >= 0 (write 0 if nothing was "
        "achieved)",
    ),
    # candidates
    "candidates.hint_id": ("id kandidat, misalnya CK-01", "the candidate's id, e.g. CK-01"),
    "candidates.hint_name": ("nama lengkap kandidat", "the candidate's full name"),
    "candidates.hint_field": ("id bidang yang dilamar, dari kebijakan, misalnya pemasaran",
                              "the field id applied for, from the policy, e.g. pemasaran"),
    "candidates.hint_education": ("pendidikan, salah satu dari {levels}",
                                  "the education, one of {levels}"),
    "candidates.hint_experience_years": (
        "lama pengalaman kerja dalam tahun sebagai angka >= 0, misalnya 3",
        "the years of experience as a number >= 0, e.g. 3",
    ),
    "candidates.hint_birth_year": ("tahun lahir dengan empat angka, misalnya 1990",
                                   "the year of birth as four digits, e.g. 1990"),
    "candidates.hint_domicile": ("domisili, misalnya id kabupaten pangkalpinang",
                                 "the domicile, e.g. the regency id pangkalpinang"),
    "candidates.hint_flag": ("ya atau tidak (yes/no, true/false, 1/0)",
                             "ya or tidak (yes/no, true/false, 1/0)"),
    "candidates.column": ("kolom", "column"),
    "candidates.key": ("kunci", "key"),
    "candidates.missing": (
        "{what} {column} tidak ada; tambahkan dengan {hint}",
        "the {what} {column} is missing; add it with {hint}",
    ),
    "candidates.bad_boolean": ("{column} bernilai {value}; tulis {hint}",
                               "{column} is {value}; write {hint}"),
    "candidates.experience_hint": (
        "lama pengalaman kerja sebagai angka, misalnya {example}",
        "the years of experience as a number such as {example}",
    ),
    "candidates.negative_experience": (
        "'experience_years' bernilai {value}; lama pengalaman kerja harus >= 0",
        "'experience_years' is {value}; years of experience are >= 0",
    ),
    "candidates.missing_score": (
        "{component} kosong, padahal kandidat {candidate} memenuhi semua persyaratan, jadi "
        "nilainya diperlukan; tulis nilainya (0..100)",
        "{component} is empty, but candidate {candidate} meets every requirement, so the "
        "score is needed; write the score (0..100)",
    ),
    "candidates.unknown_unit": ("unit {unit} tidak dikenal; unit yang ada: {units}",
                                "unknown unit {unit}; units: {units}"),
    "candidates.bad_education": ("'education' bernilai {value}; tulis salah satu dari {levels}",
                                 "'education' is {value}; write one of {levels}"),
    "candidates.not_a_year": (
        "'birth_year' bernilai {value}, bukan sebuah tahun; tulis tahun lahir dengan empat "
        "angka, misalnya 1990",
        "'birth_year' is {value}, which is not a year; write the year of birth as four "
        "digits, e.g. 1990",
    ),
    "candidates.born_after": (
        "'birth_year' bernilai {value}, sesudah tahun kebijakan {year}; periksa tahun lahirnya",
        "'birth_year' is {value}, after the policy's year {year}; check the year of birth",
    ),
    "candidates.score_hint": (
        "nilai 0 sampai 100, misalnya {example}, atau kosongkan untuk kandidat yang tidak "
        "memenuhi persyaratan",
        "a score from 0 to 100 such as {example}, or leave it empty for a candidate who "
        "fails a requirement",
    ),
    "candidates.score_range": ("{component} bernilai {value}; nilai berkisar 0 sampai 100",
                               "{component} is {value}; a score is from 0 to 100"),
    "candidates.row": ("baris {n}", "row {n}"),
    "candidates.line": ("baris {n}", "line {n}"),
    "candidates.duplicate_id": (
        "id kandidat {candidate} sudah dipakai di {where}; seorang kandidat melamar satu "
        "(unit, bidang), dalam satu baris",
        "the candidate id {candidate} is already used at {where}; a candidate applies for "
        "one (unit, field), in one row",
    ),
    "candidates.bad_cert_column": (
        "kolom {column} tidak menamai sertifikat: sesudah '{prefix}' tulis id sertifikat "
        "dengan huruf kecil, angka dan '_', misalnya cert_bnsp",
        "the column {column} does not name a certificate: after '{prefix}' write the "
        "certificate id in lower case letters, digits and '_', e.g. cert_bnsp",
    ),
    # selection cases in a policy's test file (quality/selection_cases.py)
    "selcases.no_selection": (
        "kebijakan ini tidak memiliki bagian selection:, jadi tidak ada seleksi yang dapat "
        "diuji; tambahkan bagian itu atau hapus selection_cases",
        "the policy has no selection: section, so it has no selection to test; add the "
        "section or remove selection_cases",
    ),
    "selcases.not_a_list": (
        "di sini seharusnya daftar kasus seleksi, masing-masing diawali '- name:'",
        "expected a list of selection cases, each starting with '- name:'",
    ),
    "selcases.open_seats": ("di sini seharusnya jumlah formasi kosong sebagai bilangan bulat",
                            "expected a whole number of open seats"),
    "selcases.per_candidate": (
        "kasus yang memakai 'candidates' menuliskan {key} untuk setiap kandidat, bukan untuk "
        "kasusnya",
        "a case with 'candidates' gives {key} for each candidate, not for the case",
    ),
    "selcases.candidates_list": (
        "di sini seharusnya daftar kandidat, masing-masing diawali '- id:'",
        "expected a list of candidates, each starting with '- id:'",
    ),
    "selcases.duplicate_candidate": ("id kandidat {candidate} muncul dua kali dalam kasus ini",
                                     "candidate id {candidate} appears twice in this case"),
    "selcases.no_expect": ("tulis 'expect' untuk sedikitnya satu kandidat dalam kasus ini",
                           "give 'expect' for at least one candidate of the case"),
    "selcases.unknown_certificate": (
        "tidak ada persyaratan yang membaca sertifikat {certificate}; sertifikat: "
        "{certificates}",
        "no requirement reads certificate {certificate}; certificates: {certificates}",
    ),
    "selcases.boolean": ("di sini seharusnya true atau false", "expected true or false"),
    "selcases.unknown_component": (
        "komponen {component} tidak dikenal; komponen yang ada: {components}",
        "unknown component {component}; components: {components}",
    ),
    "selcases.rank": ("di sini seharusnya bilangan bulat (1 adalah peringkat pertama)",
                      "expected a whole number (1 is the first)"),
    "selcases.reasons": (
        "di sini seharusnya daftar alasan, misalnya [pendidikan, pass_score]",
        "expected a list of reasons, e.g. [pendidikan, pass_score]",
    ),
    "selcases.a_case": ("sebuah kasus seleksi", "a selection case"),
    "selcases.a_candidate": ("seorang kandidat", "a candidate"),
    "selcases.certificates": ("sertifikat yang dimiliki, misalnya {{keuangan: true}}",
                              "certificates held, e.g. {{keuangan: true}}"),
    "selcases.scores": ("nilai komponen, misalnya {{tertulis: 80}}",
                        "component scores, e.g. {{tertulis: 80}}"),
    "selcases.expected_result": ("hasil yang diharapkan, misalnya {{outcome: selected}}",
                                 "the expected result, e.g. {{outcome: selected}}"),
    "selcases.noun_education": ("pendidikan", "education"),
    "selcases.noun_outcome": ("hasil", "outcome"),
    "selcases.noun_reason": ("alasan", "reason"),
    "selcases.none": ("tidak ada", "none"),
}
