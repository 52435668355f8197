"""The problems of data files and values (readers/: CSV, XLSX, JSON, headers, numbers; the
domain constructors of model.py and exact.py's number range), in Indonesian and English.
Part of :data:`plut_rules.wording.CATALOGUE`; filled by :func:`plut_rules.wording.say`."""

from __future__ import annotations

from plut_rules.wording.value_problems import VALUE_PROBLEMS

__all__ = ["DATA_PROBLEMS"]

#: key -> (Indonesian, English).
DATA_PROBLEMS: dict[str, tuple[str, str]] = {
    # readers/rows.py: places, kinds of file, headers
    "rows.row": ("baris {n}", "row {n}"),
    "rows.line": ("baris {n}", "line {n}"),
    "rows.cell": ("sel {cell}", "cell {cell}"),
    "rows.line_column": ("baris {line}, kolom {column}", "line {line}, column {column}"),
    "rows.consultants": ("konsultan", "consultants"),
    "rows.achievements": ("capaian", "achievements"),
    "rows.candidates": ("kandidat", "candidates"),
    "rows.monthly": ("laporan bulanan", "monthly reports"),
    "rows.a_consultants": ("konsultan", "a consultants"),
    "rows.an_achievements": ("capaian", "an achievements"),
    "rows.a_candidates": ("kandidat", "a candidates"),
    "rows.a_monthly": ("laporan bulanan", "a monthly reports"),
    "rows.column": ("kolom", "column"),
    "rows.key": ("kunci", "key"),
    "rows.the_column": ("kolom", "the column"),
    "rows.the_key": ("kunci", "the key"),
    "rows.wrong_file": (
        "berkas ini tampaknya berkas {a_other}, padahal yang diharapkan berkas {kind}; "
        "berikan berkas {kind} di sini (kolom: {columns})",
        "this looks like {a_other} file, but {kind} were expected; give the {kind} file here "
        "(columns: {columns})",
    ),
    "rows.duplicate_column": (
        "kolom {column} muncul dua kali di judul kolom (pertama di {first}); pertahankan "
        "salah satunya",
        "the column {column} appears twice in the header (first at {first}); keep one of them",
    ),
    "rows.bad_field_column": (
        "{what} {column} tidak menyebut bidang: setelah '{prefix}' tulis id bidang dari "
        "kebijakan dengan huruf kecil, angka dan '_', misalnya competence_produksi",
        "{what} {column} does not name a field: after '{prefix}' write a field id from the "
        "policy in lower case letters, digits and '_', e.g. competence_produksi",
    ),
    "rows.missing_column": (
        "kolom wajib {column} tidak ada di judul kolom; tambahkan kolom bernama {column} "
        "(berkas {kind} memerlukan: {required})",
        "the required column {column} is missing from the header; add a column named "
        "{column} ({kind} need: {required})",
    ),
    "rows.wide_target": (
        "dalam tabel capaian lebar (satu kolom per indikator) target diberikan per "
        "indikator: beri nama kolom {prefix}<indikator>, misalnya {prefix}kehadiran",
        "in a wide achievements table (one column per indicator) a target is given "
        "per indicator: name the column {prefix}<indicator>, e.g. {prefix}kehadiran",
    ),
    "rows.wide_bad_column": (
        "kolom {column} tidak menyebut indikator: dalam tabel capaian lebar setiap kolom "
        "sesudah konsultan adalah id indikator dari kebijakan (huruf kecil, angka dan '_', "
        "misalnya kehadiran) atau {prefix}<indikator>",
        "the column {column} does not name an indicator: in a wide achievements table each "
        "column after the consultant is an indicator id from the policy (lower case "
        "letters, digits and '_', e.g. kehadiran) or {prefix}<indicator>",
    ),
    "rows.wide_lone_target": (
        "kolom {column} adalah target untuk indikator {indicator}, tetapi tabel tidak punya "
        "kolom untuk indikator itu; tambahkan kolom itu atau hapus kolom target",
        "the column {column} is a target for the indicator {indicator}, but the table has "
        "no column for that indicator; add it or remove the target column",
    ),
    "rows.in_indonesian": ("; dalam bahasa Indonesia: ", "; in Indonesian: "),
    "rows.unknown_column": (
        "{what} {shown} tidak dikenal{hint}; ganti namanya atau hapus (nama {what} berkas "
        "{kind}: {allowed})",
        "unknown {what} {shown}{hint}; rename or remove it ({kind} {what}s are: {allowed})",
    ),
    "rows.unnamed_column": (
        "kolom {n} tidak punya nama di judul kolom tetapi berisi nilai (pertama di {first}); "
        "tulis nama kolom di judul kolom atau hapus nilai-nilai itu",
        "column {n} has no name in the header but holds values (first at {first}); "
        "write a column name in the header or remove the values",
    ),
    "rows.no_header": (
        "tidak ada baris judul kolom; baris pertama harus menyebut kolom-kolom: {columns}",
        "there is no header row; the first row must name the columns: {columns}",
    ),
    # readers/rows.py: the values of a row
    "rows.missing_value": (
        "{what} {column} tidak ada; tambahkan, isinya {hint}",
        "{what} {column} is missing; add it with {hint}",
    ),
    "rows.empty_value": ("{column} kosong; tulis {hint}", "{column} is empty; write {hint}"),
    "rows.control_character": (
        "{column} berisi karakter kendali {shown}; id adalah teks biasa: ketik ulang tanpa "
        "karakter itu",
        "{column} holds the control character(s) {shown}; an id is plain text: retype it "
        "without them",
    ),
    "rows.quoted_number": (
        '{column} berupa teks "{text}", bukan angka; hapus tanda kutipnya: {text}',
        '{column} is the text "{text}", not a number; remove the quotes: {text}',
    ),
    "rows.text_not_number": (
        '{column} berupa teks "{text}", bukan angka; tulis {hint}',
        '{column} is the text "{text}", not a number; write {hint}',
    ),
    "rows.not_a_year": ("{text} bukan tahun; tulis {hint}", "{text} is not a year; write {hint}"),
    "rows.holds": (
        "{column} berisi {description}; tulis {hint}",
        "{column} holds {description}; write {hint}",
    ),
    # readers/schemas.py: what to write in each column
    "hint.id": ("id konsultan, misalnya PKP-01", "the consultant's id, e.g. PKP-01"),
    "hint.name": ("nama lengkap konsultan", "the consultant's full name"),
    "hint.unit": (
        "id unit dari kebijakan, misalnya pangkalpinang",
        "the unit id from the policy, e.g. pangkalpinang",
    ),
    "hint.field": (
        "id bidang dari kebijakan, misalnya pemasaran",
        "the field id from the policy, e.g. pemasaran",
    ),
    "hint.appointed": (
        "tahun pengangkatan pertama, misalnya 2016",
        "the year of first appointment, e.g. 2016",
    ),
    "hint.consultant": (
        "id konsultan seperti di berkas konsultan, misalnya PKP-01",
        "the consultant's id as in the consultants file, e.g. PKP-01",
    ),
    "hint.indicator": (
        "id indikator dari kebijakan, misalnya umkm_akses_pasar",
        "the indicator id from the policy, e.g. umkm_akses_pasar",
    ),
    "hint.achievement": (
        "capaian sebagai angka; tulis 0 bila tidak ada yang tercapai",
        "the achievement (capaian) as a number; write 0 if nothing was achieved",
    ),
    "hint.target": (
        "target lebih besar dari 0, atau kosongkan untuk memakai target kebijakan",
        "a target greater than 0, or leave it empty to use the policy's target",
    ),
    # readers/lookalike.py: text that looks the same but is not
    "lookalike.nfd": (
        "hurufnya sama, tetapi yang satu ditulis dengan aksen gabungan (Unicode NFD, seperti "
        "disimpan sebagian program Mac), yang lain dengan huruf beraksen (NFC)",
        "the same letters, one written with combining accents (Unicode NFD, as "
        "some Mac programs save), the other with accented letters (NFC)",
    ),
    "lookalike.hyphen": (
        "karakter mirip tanda hubung ({names}) di tempat yang lain memakai '-'",
        "a hyphen-like character ({names}) where the other has '-'",
    ),
    "lookalike.case": ("hanya pada huruf besar dan kecil", "only in upper and lower case"),
    "lookalike.compatibility": (
        "pada karakter yang tercetak sama (bentuk kompatibilitas Unicode)",
        "in characters that print alike (Unicode compatibility forms)",
    ),
    "lookalike.letter": (
        "nama ini ditulis dengan {named}, yang tampak seperti huruf Latin tetapi bukan; "
        "ketik ulang nama itu dengan tata letak papan ketik Latin",
        "it is written with {named}, which looks like a Latin letter but is not; "
        "retype the name with a Latin keyboard layout",
    ),
    # readers/consultants.py
    "consultants.not_a_year": (
        "{column} bernilai {value}, yang bukan tahun; tulis tahun pengangkatan pertama "
        "dengan empat angka, misalnya 2016",
        "{column} is {value}, which is not a year; write the year of first appointment as "
        "four digits, e.g. 2016",
    ),
    "consultants.level_hint": (
        "tingkat dari 0 sampai 100 seperti {example}, atau kosongkan untuk 0",
        "a level from 0 to 100 such as {example}, or leave it empty for 0",
    ),
    "consultants.level_range": (
        "{column} bernilai {value}; kompetensi adalah tingkat dari 0 sampai 100 "
        "(kosongkan untuk 0)",
        "{column} is {value}; a competence is a level from 0 to 100 (leave it empty for 0)",
    ),
    "consultants.duplicate_id": (
        "id konsultan {id} sudah dipakai di {first}; beri setiap konsultan satu baris dengan "
        "id yang unik",
        "the consultant id {id} is already used at {first}; give each consultant one row "
        "with a unique id",
    ),
    "consultants.lookalike_id": (
        "id konsultan {id} mirip {other} di {first} tetapi berbeda: {how}; dua orang tidak "
        "boleh memiliki id yang tampak sama: bila orangnya sama, pertahankan satu baris, "
        "bila tidak, beri id yang jelas berbeda",
        "the consultant id {id} looks like {other} at {first} but differs: {how}; two people "
        "must not have ids that look alike: if it is the same person keep one row, "
        "otherwise give a clearly different id",
    ),
    # readers/achievements.py
    "achievements.value_hint": (
        "capaian sebagai angka seperti {example} (0 bila tidak ada)",
        "the achievement as a number such as {example} (0 if none)",
    ),
    "achievements.target_hint": (
        "target lebih besar dari 0 seperti {example}, atau kosongkan",
        "a target greater than 0 such as {example}, or leave it empty",
    ),
    "achievements.negative": (
        "{column} bernilai {value}; capaian harus >= 0 (tulis 0 bila tidak ada yang tercapai)",
        "{column} is {value}; an achievement must be >= 0 (write 0 if nothing was achieved)",
    ),
    "achievements.target_range": (
        "{column} bernilai {value}; target harus lebih besar dari 0 (kosongkan untuk memakai "
        "target kebijakan)",
        "{column} is {value}; a target must be greater than 0 (leave it empty to use the "
        "policy's target)",
    ),
    "achievements.duplicate_row": (
        "konsultan {consultant} sudah memiliki capaian untuk indikator {indicator} di "
        "{first}; pertahankan satu baris per konsultan dan indikator",
        "consultant {consultant} already has an achievement for indicator {indicator} at "
        "{first}; keep one row per consultant and indicator",
    ),
    "achievements.duplicate_cell": (
        "konsultan {consultant} sudah memiliki capaian untuk indikator {indicator} di "
        "{first}; pertahankan satu per konsultan dan indikator",
        "consultant {consultant} already has an achievement for indicator {indicator} at "
        "{first}; keep one per consultant and indicator",
    ),
    "achievements.lone_target": (
        "{column} memberi target tetapi {indicator} kosong; tulis capaiannya atau hapus "
        "targetnya",
        "{column} gives a target but {indicator} is empty; write the achievement or remove "
        "the target",
    ),
    # readers/csv_files.py
    "csv.a_tab": ("tab", "a tab"),
    "csv.nothing": ("kosong", "nothing"),
    "csv.separator": (
        "baris pertama {line} menyatakan bahwa sel dipisahkan oleh {shown}; simpan tabel "
        "sebagai CSV yang dipisahkan ',' atau ';' (misalnya 'CSV UTF-8' di Excel)",
        "the first line {line} says that cells are separated by {shown}; save the table as "
        "CSV separated by ',' or ';' (e.g. 'CSV UTF-8' in Excel)",
    ),
    "csv.tabs": (
        "judul kolom dipisahkan oleh tab; simpan tabel sebagai CSV (dipisahkan ',' atau ';'), "
        "misalnya 'CSV UTF-8' di Excel",
        "the header is separated by tabs; save the table as CSV (separated by ',' or ';'), "
        "e.g. 'CSV UTF-8' in Excel",
    ),
    "csv.lines": ("baris {start}-{end}", "lines {start}-{end}"),
    "csv.unclosed_hint": (
        '; mungkin sebuah sel bertanda kutip kehilangan tanda kutip penutupnya (")',
        '; a quoted cell may be missing its closing quote (")',
    ),
    "csv.stray_hint": (
        "; periksa apakah ada '{delimiter}' yang tersesat di dalam nilai (beri tanda kutip "
        "pada nilai seperti itu) atau sel yang hilang",
        "; check for a stray '{delimiter}' in a value (quote such values) or a missing cell",
    ),
    "csv.split_number": (
        "; '{whole},{part}' tampak seperti satu angka, tetapi berkas ini memisahkan sel "
        "dengan ',': tulis {write}",
        "; '{whole},{part}' looks like one number, but this file separates cells with ',': "
        "write {write}",
    ),
    "csv.write_grouped": (
        "{plain} (tanpa pemisah ribuan) atau {decimal}",
        "{plain} (no thousands separator) or {decimal}",
    ),
    "csv.write_decimal": ("{decimal} (titik desimal)", "{decimal} (a decimal point)"),
    "csv.ragged": (
        "{lines} memiliki {n} sel, padahal judul kolom memiliki {width}{hint}",
        "the row at {lines} has {n} cells but the header has {width}{hint}",
    ),
    "csv.after_quote": (
        'sel bertanda kutip diikuti karakter lain; sel yang diawali " harus diakhiri " tepat '
        "sebelum '{delimiter}' berikutnya (tulis tanda kutip di dalam sel bertanda kutip "
        'sebagai "")',
        'a quoted cell is followed by other characters; a cell that starts with " must end '
        "with \" just before the next '{delimiter}' (write a quote inside a quoted cell as "
        '"")',
    ),
    "csv.never_closed": (
        'sel bertanda kutip tidak pernah ditutup; tambahkan tanda kutip penutup (")',
        'a quoted cell is never closed; add the closing quote (")',
    ),
    "csv.cell_too_long": (
        "sebuah sel lebih panjang dari 131.072 karakter yang diizinkan; periksa apakah ada "
        'tanda kutip penutup (") yang hilang',
        "a cell is longer than the 131,072 characters allowed; check for a missing "
        'closing quote (")',
    ),
    "csv.unreadable": (
        "CSV tidak dapat dibaca di sini ({reason}); simpan tabel lagi sebagai CSV UTF-8",
        "the CSV cannot be read here ({reason}); save the table again as CSV UTF-8",
    ),
    # readers/files.py and formats.py
    "file.not_found": (
        "berkas tidak ada; periksa nama dan foldernya",
        "the file does not exist; check the name and folder",
    ),
    "file.a_folder": ("sebuah folder", "a folder"),
    "file.not_regular": (
        "bukan berkas biasa (pipe, device atau socket)",
        "not a regular file (a pipe, device or socket)",
    ),
    "file.not_a_file": (
        "berkas tidak dapat dibaca (itu {what}); berikan path berkas data yang tersimpan di "
        "disk",
        "the file cannot be read (it is {what}); give the path of a data file saved on disk",
    ),
    "file.no_extension": ("(tidak ada)", "(none)"),
    "file.extension": (
        "ekstensi berkas {ext} bukan format data yang dibaca alat ini; simpan tabel sebagai "
        ".csv (CSV UTF-8), .xlsx atau .json",
        "the file extension {ext} is not a data format this tool reads; save the table as "
        ".csv (CSV UTF-8), .xlsx or .json",
    ),
    "file.is_folder": ("itu sebuah folder, bukan berkas", "it is a folder, not a file"),
    "file.permission": ("izin ditolak", "permission denied"),
    "file.unreadable": (
        "berkas tidak dapat dibaca ({reason}); berikan path berkas data yang dapat Anda buka",
        "the file cannot be read ({reason}); give the path of a data file you can open",
    ),
    "file.changed": (
        "berkas berubah saat dibaca (mungkin sedang disimpan atau disalin); tunggu sampai "
        "selesai disimpan, lalu jalankan lagi",
        "the file changed while it was being read (perhaps it is being saved or copied); "
        "wait until it is saved, then run again",
    ),
    "file.too_large": (
        "berkas berukuran {size} byte atau lebih; berkas data dibatasi {limit} byte (50 MB); "
        "pecah berkas itu atau hapus lembar dan kolom yang tidak terkait",
        "the file is {size} bytes or more; data files are limited to {limit} bytes (50 MB); "
        "split it or remove unrelated sheets and columns",
    ),
    "file.utf16": (
        " (berkas ini UTF-16, yang oleh Excel disebut 'Unicode Text')",
        " (it is UTF-16, which Excel calls 'Unicode Text')",
    ),
    "file.not_utf8": (
        "berkas bukan UTF-8{hint}: byte {byte} di baris {line} tidak dapat dibaca; simpan "
        "berkas sebagai UTF-8 (di Excel: Save As, 'CSV UTF-8 (Comma delimited)')",
        "the file is not UTF-8{hint}: byte {byte} on line {line} cannot be read; save the "
        "file as UTF-8 (in Excel: Save As, 'CSV UTF-8 (Comma delimited)')",
    ),
    "file.nul": (
        "berkas berisi karakter NUL (pertama di baris {line}), jadi bukan berkas teks UTF-8 "
        "(mungkin UTF-16 atau workbook yang diganti namanya); simpan sebagai UTF-8 "
        "(di Excel: Save As, 'CSV UTF-8 (Comma delimited)')",
        "the file holds NUL characters (first on line {line}), so it is not a UTF-8 text "
        "file (perhaps UTF-16 or a workbook renamed); save it as UTF-8 "
        "(in Excel: Save As, 'CSV UTF-8 (Comma delimited)')",
    ),
    "file.unknown_format": (
        "format data {fmt} tidak dikenal; pakai csv, xlsx atau json",
        "unknown data format {fmt}; use csv, xlsx or json",
    ),
    # what a cell holds that is not a value (readers/json_files, xlsx_cells, frames)
    "cell.json_non_finite": ("{value}, yang bukan angka terhingga",
                             "{value}, which is not a finite number"),
    "cell.boolean": ("nilai boolean {value}", "the boolean {value}"),
    "cell.object": ("sebuah objek {{...}}", "an object {{...}}"),
    "cell.list": ("sebuah daftar [...]", "a list [...]"),
    "cell.logical": ("nilai logika {value}", "the logical value {value}"),
    "cell.non_finite": ("angka tak terhingga {value}", "the non-finite number {value}"),
    "cell.date": (
        "tanggal atau waktu (format sel sebagai General, bukan Date)",
        "a date or time (format the cell as General, not Date)",
    ),
    "cell.date_value": ("tanggal atau waktu ({value})", "a date or time ({value})"),
    "cell.other_type": ("nilai bertipe {type} ({value})", "a {type} value ({value})"),
    # readers/json_files.py
    "json.duplicate_key": (
        "kunci {key} ditulis dua kali dalam objek ini (pertama di {first}); hapus salah "
        "satunya",
        "the key {key} is given twice in this object (first at {first}); remove one of them",
    ),
    "json.empty": (
        'berkas kosong; tulis daftar objek JSON, misalnya [{{"id": "PKP-01", ...}}]',
        'the file is empty; write a JSON list of objects, e.g. [{{"id": "PKP-01", ...}}]',
    ),
    "json.syntax": (
        "JSON tidak dapat dibaca: {reason} (baris {line}, kolom {column}); perbaiki berkas "
        "di situ (penyebab yang sering adalah koma yang hilang atau berlebih)",
        "the JSON cannot be read: {reason} (line {line}, column {column}); correct the file "
        "there (a common cause is a missing or extra comma)",
    ),
    "json.too_deep": (
        "JSON bersarang terlalu dalam; berkas data adalah daftar objek datar",
        "the JSON is nested too deeply; a data file is a list of flat objects",
    ),
    "json.wrong_file": (
        "ini berkas {a_other}, padahal yang diharapkan berkas {kind}; berikan berkas {kind} "
        "di sini",
        "this is {a_other} file, but {kind} were expected; give the {kind} file here",
    ),
    "json.shape": (
        'berkas harus berisi daftar objek, [{{...}}, {{...}}], atau '
        '{{"{kind}": [{{...}}, ...]}}',
        'the file must hold a list of objects, [{{...}}, {{...}}], or '
        '{{"{kind}": [{{...}}, ...]}}',
    ),
    "json.noun_consultant": ("konsultan", "consultant"),
    "json.noun_achievement": ("capaian", "achievement"),
    "json.noun_candidate": ("kandidat", "candidate"),
    "json.noun_monthly": ("laporan bulanan", "monthly report"),
    "json.not_object": (
        "setiap isi daftar harus berupa objek {{...}} yang menggambarkan satu {row}; isi "
        "yang ini bukan objek",
        "each entry of the list must be an object {{...}} describing one {row}; this one is "
        "not",
    ),
    "json.looks_wrong": (
        "berkas ini tampaknya berkas {a_other}, padahal yang diharapkan berkas {kind}; "
        "berikan berkas {kind} di sini (kunci: {keys})",
        "this looks like {a_other} file, but {kind} were expected; give the {kind} file here "
        "(keys: {keys})",
    ),
    "json.also_one": (" (juga di 1 objek lain)", " (also in 1 more object)"),
    "json.also_more": (" (juga di {n} objek lain)", " (also in {n} more objects)"),
    "json.repeats": (
        "{path} mengulang {first_path} (pertama di {first}); pertahankan salah satunya",
        "{path} repeats {first_path} (first at {first}); keep one of them",
    ),
    "json.competences": (
        'competences harus berupa objek berisi id bidang dan tingkatnya, misalnya '
        '{{"produksi": 80, "pemasaran": 65}}',
        'competences must be an object of field ids and levels, e.g. '
        '{{"produksi": 80, "pemasaran": 65}}',
    ),
    "json.not_field_id": (
        "{field} bukan id bidang; tulis id bidang dari kebijakan dengan huruf kecil, angka "
        "dan '_', misalnya produksi",
        "{field} is not a field id; write a field id from the policy in lower case letters, "
        "digits and '_', e.g. produksi",
    ),
    # readers/xlsx_files.py and xlsx_cells.py
    "xlsx.not_xlsx": (
        "berkas tidak dapat dibuka sebagai workbook Excel; simpan dari aplikasi spreadsheet "
        "sebagai 'Excel Workbook (.xlsx)' (berkas .xls lama harus disimpan lagi sebagai .xlsx)",
        "the file cannot be opened as an Excel workbook; save it from the spreadsheet app "
        "as 'Excel Workbook (.xlsx)' (an old .xls file must be saved again as .xlsx)",
    ),
    "xlsx.expands": (
        "workbook mengembang menjadi {n} byte; simpan hanya lembar data dan hapus lembar, "
        "gambar dan format yang tidak terkait",
        "the workbook expands to {n} bytes; keep only the data sheet and remove unrelated "
        "sheets, images and formatting",
    ),
    "xlsx.hidden_sheet": (
        "lembar {sheet} tersembunyi; tampilkan lembar itu (klik kanan tab lembar, Unhide) "
        "agar yang dibaca sama dengan yang Anda lihat",
        "the sheet {sheet} is hidden; unhide it (right-click a sheet tab, Unhide) so that "
        "what is read is what you see",
    ),
    "xlsx.merged": (
        "sel {cells} digabung; pisahkan sel-sel itu (unmerge) dan tulis nilainya di setiap "
        "sel (baris data tidak boleh berbagi sel)",
        "the cells {cells} are merged; unmerge them and write the value in every cell (data "
        "rows cannot share a cell)",
    ),
    "xlsx.header_cell": (
        "sel judul kolom berisi {description}; tulis nama kolom sebagai teks",
        "the header cell holds {description}; write the column name as text",
    ),
    "xlsx.sheet_ambiguous": (
        "workbook memiliki lebih dari satu lembar {kind} ({sheets}); pertahankan salah satunya",
        "the workbook has more than one {kind} sheet ({sheets}); keep one of them",
    ),
    "xlsx.or": (" atau ", " or "),
    "xlsx.sheet_not_found": (
        "tidak ada lembar bernama {wanted} di workbook (lembarnya: {sheets}); ganti nama "
        "lembar yang berisi data {kind} menjadi {name}",
        "no sheet named {wanted} in the workbook (its sheets: {sheets}); rename the sheet "
        "that holds the {kind} to {name}",
    ),
    "xlsx.too_wide": (
        "lembar berisi nilai jauh di kanan tabelnya (baris {row} sampai kolom {column}): "
        "lebih dari {n} sel untuk dibaca; hapus nilai-nilai yang tersesat di kanan dan di "
        "bawah tabel",
        "the sheet holds values far right of its table (row {row} reaches column {column}): "
        "more than {n} cells to read; delete the stray values right of and below the table",
    ),
    "xlsx.external": (
        "rumus {formula} mengambil nilainya dari luar workbook ini (berkas lain, layanan web "
        "atau tautan), sehingga yang dibaca dapat berubah tanpa berkasnya berubah; ganti "
        "rumus itu dengan nilainya (salin, lalu Paste Special, Values)",
        "the formula {formula} takes its value from outside this workbook (another file, a "
        "web service or a link), so what is read could change without the file changing; "
        "replace it by its value (copy, then Paste Special, Values)",
    ),
    "xlsx.not_calculated": (
        "rumus {formula} di sel ini tidak memiliki hasil tersimpan (berkas ditulis oleh "
        "program yang tidak menghitung rumus); buka berkas di aplikasi spreadsheet dan "
        "simpan lagi",
        "the formula {formula} in this cell has no saved result (the file was written by a "
        "program that does not calculate formulas); open the file in the spreadsheet app "
        "and save it again",
    ),
    "xlsx.bad_cell_after": (
        "sebuah sel sesudah baris {row} berisi nilai yang tidak dapat dibaca; ketik ulang "
        "nilai-nilai baris berikutnya di aplikasi spreadsheet dan simpan berkas lagi",
        "a cell after row {row} holds a value that cannot be read; retype the values of the "
        "next row in the spreadsheet app and save the file again",
    ),
    "xlsx.bad_cell": (
        "sel berisi {shown}, yang bukan nilai {kind} yang sah dalam berkas Excel (berkas "
        "ditulis oleh program lain); ketik ulang nilainya di aplikasi spreadsheet dan "
        "simpan berkas lagi",
        "the cell holds {shown}, which is not a valid {kind} value in an Excel file (the "
        "file was written by another program); retype the value in the spreadsheet app "
        "and save the file again",
    ),
    "xlsx.kind_number": ("angka", "number"),
    "xlsx.kind_logical": ("logika", "logical"),
    "xlsx.kind_text": ("teks", "text"),
    "xlsx.error_value": (
        "sel menunjukkan galat {value}; perbaiki rumus atau nilainya di spreadsheet dan "
        "simpan lagi",
        "the cell shows the error {value}; correct the formula or value in the spreadsheet "
        "and save it again",
    ),
    # numbers, domain values and outputs: in value_problems.py
    **VALUE_PROBLEMS,
}
