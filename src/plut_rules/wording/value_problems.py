"""The problems of values and outputs: numbers (exact.py's number range, number text in a
data file), the domain constructors of model.py and the files a command writes
(safe_output.py), in Indonesian and English.  Part of :data:`DATA_PROBLEMS
<plut_rules.wording.data_problems.DATA_PROBLEMS>`, hence of the catalogue."""

from __future__ import annotations

__all__ = ["VALUE_PROBLEMS"]

#: key -> (Indonesian, English).
VALUE_PROBLEMS: dict[str, tuple[str, str]] = {
    # exact.py: the number range and numbers that are not numbers (policies and data)
    "number.range": (
        "angka paling besar 1000000000000000 (10^15), dengan paling banyak 9 angka desimal",
        "numbers are at most 1000000000000000 (10^15) in size, with at most 9 decimal places",
    ),
    "number.too_large": ("lebih besar dari 10^15", "is larger than 10^15"),
    "number.too_many_decimals": (
        "memiliki lebih dari {n} angka desimal", "has more than {n} decimal places"),
    "number.too_long": (
        "ditulis dengan lebih dari {n} karakter", "is written with more than {n} characters"),
    "number.long_shown": ("{start}...{end} ({n} karakter)", "{start}...{end} ({n} characters)"),
    "number.out_of_range": (
        "{shown} {reason}; {range}: tulis angka dalam rentang ini",
        "{shown} {reason}; {range}: write a number in this range",
    ),
    "number.not_a_number": (
        "{shown} bukan angka; tulis angka, dengan {mark} desimal bila perlu, misalnya {example}",
        "{shown} is not a number; write digits with an optional decimal {mark}, e.g. {example}",
    ),
    "number.mark_point": ("titik", "point"),
    "number.mark_comma": ("koma", "comma"),
    "number.mark_either": ("titik atau koma", "point or comma"),
    # readers/number_rules.py: number text in a data file
    "number.not_finite": (
        "{shown} bukan angka terhingga; tulis angka seperti {example}",
        "{shown} is not a finite number; write a number such as {example}",
    ),
    "number.sheet_error": (
        "{shown} adalah nilai galat spreadsheet; perbaiki rumusnya di spreadsheet, lalu "
        "simpan atau ekspor berkas itu lagi",
        "{shown} is a spreadsheet error value; correct the formula in the spreadsheet "
        "and save or export the file again",
    ),
    "number.two_ways": (
        "{shown} dapat dibaca dua cara, sebagai {plain} atau {decimal}; tulis {plain} atau "
        "{decimal}, sesuai maksud Anda (tulis angka tanpa pemisah ribuan)",
        "{shown} could be read two ways, as {plain} or as {decimal}; write {plain} or "
        "{decimal}, whichever you mean (write numbers without thousands separators)",
    ),
    "number.thousands": (
        "{shown} memakai '{sep}' sebagai pemisah ribuan; tulis tanpa pemisah: {plain}",
        "{shown} uses '{sep}' as a thousands separator; write it without separators: {plain}",
    ),
    "number.decimal_comma": (
        "{shown} memakai koma desimal, padahal dalam berkas yang dipisahkan koma ini desimal "
        "ditulis dengan titik: tulis {fixed}",
        "{shown} has a decimal comma, but in this comma-separated file decimals are "
        "written with a point: write {fixed}",
    ),
    "number.decimal_point": (
        "{shown} memakai titik desimal, padahal dalam berkas yang dipisahkan titik koma ini "
        "desimal ditulis dengan koma: tulis {fixed}",
        "{shown} has a decimal point, but in this semicolon-separated file decimals are "
        "written with a comma: write {fixed}",
    ),
    "number.separator": (
        "{shown} memakai pemisah ribuan, yang tidak dipakai berkas ini; tulis {fixed}",
        "{shown} has a thousands separator, which this file does not use; write {fixed}",
    ),
    "number.not_plain": (
        "{shown} bukan angka polos; tulis angkanya saja, tanpa satuan, '%', 'Rp' atau "
        "spasi: {cleaned}",
        "{shown} is not a plain number; write the number only, without units, "
        "'%', 'Rp' or spaces: {cleaned}",
    ),
    # exact.py's to_exact and the domain constructors of model.py
    "exact.boolean": ("yang diharapkan angka, yang diberikan boolean ({value})",
                      "expected a number, got a boolean ({value})"),
    "exact.not_finite": ("yang diharapkan angka terhingga, yang diberikan {value}",
                         "expected a finite number, got {value}"),
    "exact.not_decimal": ("yang diharapkan angka desimal, yang diberikan {value}",
                          "expected a decimal number, got {value}"),
    "exact.not_number": ("yang diharapkan angka, yang diberikan {type} ({value})",
                         "expected a number, got {type} ({value})"),
    "model.not_a_number": (
        "{why}; berikan angka atau teks desimal seperti '67.5'",
        "{why}; give a number or decimal text such as '67.5'",
    ),
    "model.out_of_range": ("{shown} {reason}; {range}", "{shown} {reason}; {range}"),
    "model.not_mapping": (
        "yang diharapkan pemetaan id bidang ke tingkat, yang diberikan {type}",
        "expected a mapping of field ids to levels, got {type}",
    ),
    "model.competence_range": (
        "kompetensi adalah tingkat dalam 0..100, yang diberikan {value}",
        "a competence is a level within 0..100, got {value}",
    ),
    "model.not_text": ("yang diharapkan teks, yang diberikan {type} ({value})",
                       "expected text, got {type} ({value})"),
    "model.empty": ("tidak boleh kosong", "must not be empty"),
    "model.not_a_year": (
        "yang diharapkan tahun sebagai int, yang diberikan {type} ({value})",
        "expected the year as an int, got {type} ({value})",
    ),
    "model.negative": (
        "capaian harus >= 0, yang diberikan {value} (tulis 0 bila tidak ada yang tercapai)",
        "an achievement must be >= 0, got {value} (write 0 if nothing was achieved)",
    ),
    # safe_output.py: the files a command writes
    "output.kind_directory": ("sebuah direktori", "a directory"),
    "output.kind_character": ("sebuah character device", "a character device"),
    "output.kind_block": ("sebuah block device", "a block device"),
    "output.kind_fifo": ("sebuah FIFO (named pipe)", "a FIFO (named pipe)"),
    "output.kind_socket": ("sebuah socket", "a socket"),
    "output.kind_loop": (
        "tautan simbolik yang tidak menuju ke mana pun (berputar)",
        "a symbolic link that leads nowhere (a loop)",
    ),
    "output.kind_other": ("bukan berkas biasa", "not a regular file"),
    "output.reads": ("dibaca", "reads"),
    "output.appends": ("ditambahi", "appends to"),
    "output.writes": ("ditulis", "writes"),
    "output.that_is": ("{given}, yaitu {real}", "{given}, that is {real}"),
    "output.is_input": (
        "{out} adalah berkas yang sama dengan {other} ({path}), yang {uses} oleh perintah "
        "ini; menulisnya akan merusaknya: tulis keluaran ke berkas lain",
        "{out} is the same file as {other} ({path}), which this command {uses}; writing it "
        "would destroy it: write the output to another file",
    ),
    "output.cannot_stat": ("{what} tidak dapat ditulis: {reason}",
                           "{what} cannot be written: {reason}"),
    "output.use_dash": ("; pakai - untuk keluaran standar", "; use - for standard output"),
    "output.not_a_file": (
        "{what} adalah {kind}, bukan berkas biasa; plut-rules hanya menulis berkas biasa{hint}",
        "{what} is {kind}, not a regular file; plut-rules writes only regular files{hint}",
    ),
    "output.fix_space": (
        "kosongkan sebagian ruang di disk itu, atau tulis keluaran di tempat lain",
        "free some space on that disk, or write the output elsewhere",
    ),
    "output.fix_size": (
        "berkas akan melampaui batas ukuran sistem atau proses ini (ulimit -f)",
        "the file would exceed the size limit of this system or process (ulimit -f)",
    ),
    "output.fix_folder": (
        "periksa bahwa foldernya ada dan dapat ditulisi",
        "check that the folder exists and is writable",
    ),
    "output.exists": (
        "berkas sudah ada dan tidak pernah ditimpa: berikan berkas lain, atau hapus dulu "
        "berkas itu",
        "the file exists already and is never overwritten: give another file, or delete it "
        "first",
    ),
    "output.unwritable": (
        "keluaran ({what}) tidak dapat ditulis: {reason}; {fix}; tidak ada yang ditulis",
        "cannot write the output ({what}): {reason}; {fix}; nothing was written",
    ),
}
