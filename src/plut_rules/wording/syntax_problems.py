"""The problems of the syntax of YAML files and of rule expressions (policy/yaml_tree.py,
policy/yaml_syntax.py, lang/), in Indonesian and English. Part of
:data:`plut_rules.wording.CATALOGUE`; filled by :func:`plut_rules.wording.say`."""

from __future__ import annotations

__all__ = ["SYNTAX_PROBLEMS"]

#: key -> (Indonesian, English).
SYNTAX_PROBLEMS: dict[str, tuple[str, str]] = {
    # reading a YAML file (policy/yaml_tree.py)
    "yaml.not_utf8": (
        "berkas ini bukan UTF-8 (bita 0x{byte} tidak dapat dibaca); simpan ulang sebagai UTF-8",
        "the file is not UTF-8 (byte 0x{byte} cannot be read); save it as UTF-8",
    ),
    "yaml.file_too_large": (
        "berkas ini lebih besar dari {limit} bita (5 MB), batas untuk berkas kebijakan; "
        "sebuah kebijakan hanya perlu beberapa kilobita: benarkah ini berkasnya?",
        "the file is larger than {limit} bytes (5 MB), the limit for a policy file; a policy "
        "needs a few kilobytes: is this the right file?",
    ),
    "yaml.control_char": (
        "berkas ini memuat {char}, karakter kendali yang tidak diizinkan YAML; hapus karakter "
        "itu (apakah berkas disimpan sebagai teks?)",
        "the file holds {char}, a control character YAML does not allow; remove it (was the "
        "file saved as text?)",
    ),
    "yaml.a_character": ("sebuah karakter", "a character"),
    "yaml.too_deep_plain": ("YAML ini bersarang terlalu dalam",
                            "the YAML is nested too deeply"),
    "yaml.empty_file": ("berkas ini kosong", "the file is empty"),
    "yaml.too_deep": (
        "dokumen ini bersarang lebih dari {limit} tingkat; sebuah kebijakan hanya perlu "
        "beberapa tingkat",
        "the document nests more than {limit} levels deep; a policy needs only a few",
    ),
    "yaml.too_many": ("dokumen ini memuat terlalu banyak {what} bersarang",
                      "the document has too many nested {what}"),
    "yaml.too_many_values": ("nilai (alias yang mengembang terlalu jauh?)",
                             "values (aliases expand too far?)"),
    "yaml.too_many_levels": ("tingkat", "levels"),
    "yaml.tag_not_allowed": (
        "tag {tag} tidak diizinkan; berkas kebijakan dan data hanya memuat nilai biasa",
        "the tag {tag} is not allowed; policy and data files hold plain values only",
    ),
    "yaml.bad_key": ("kunci harus berupa nama biasa", "a key must be a plain name"),
    "yaml.duplicate_key": (
        "kunci {key} ditulis dua kali (pertama kali pada baris {line}); hapus salah satunya",
        "duplicate key {key} (first given at line {line}); remove one of them",
    ),
    # a YAML syntax error in plain words (policy/yaml_syntax.py)
    "yaml.unrecognised": ("YAML tidak dapat dibaca di sini: {detail}",
                          "YAML cannot be read here: {detail}"),
    "yaml.this_line": ("baris ini", "this line"),
    "yaml.that_line": ("baris itu", "that line"),
    "yaml.tab_indent": (
        "baris ini diberi indentasi dengan karakter tab; YAML hanya menerima spasi untuk "
        "indentasi: ganti tab itu dengan spasi (sebanyak spasi pada baris sejenis di atasnya)",
        "this line is indented with a tab; YAML allows only spaces for indentation: replace "
        "the tab with spaces (as many as the lines like it above use)",
    ),
    "yaml.tab_inside": (
        "ada karakter tab di sini; YAML tidak menerima tab di antara nilai: tulis spasi "
        "sebagai gantinya",
        "a tab character stands here; YAML does not allow a tab between values: write a "
        "space instead",
    ),
    "yaml.key_too_long": (
        "sebuah kunci YAML paling panjang {limit} karakter, sedangkan baris ini panjangnya "
        "{length} karakter tanpa titik dua ':' yang mengakhiri kunci: pendekkan kuncinya, yang "
        "diawali {key}",
        "a key may be at most {limit} characters long in YAML; this line is {length} "
        "characters long with no ':' ending a key: shorten the key, which starts {key}",
    ),
    "yaml.no_space_after_colon": (
        "tidak ada spasi setelah titik dua, sehingga YAML membaca seluruh baris sebagai satu "
        "teks di tempat yang seharusnya kunci: tulis {fix}",
        "a space is missing after the colon, so YAML reads the whole line as one text where "
        "a key is expected: write {fix}",
    ),
    "yaml.equals_for_colon": (
        "dalam YAML kunci diikuti titik dua ':', bukan '=': tulis {fix}",
        "in YAML a key is followed by ':', not '=': write {fix}",
    ),
    "yaml.missing_colon_alone": (
        "kunci {key} tidak diikuti titik dua ':': tulis {fix}",
        "the key {key} has no colon ':' after it: write {fix}",
    ),
    "yaml.missing_colon": (
        "titik dua ':' setelah kunci {key} tidak ada: tulis {fix} (jika baris ini catatan, "
        "awali dengan # sebagai gantinya)",
        "the colon ':' after the key {key} is missing: write {fix} (if the line is a note, "
        "start it with # instead)",
    ),
    "yaml.text_without_key": (
        "baris ini berisi teks di tempat yang seharusnya kunci (setiap baris di sini ditulis "
        "kunci: nilai): tambahkan kunci dan titik dua sebelum teks itu, pindahkan teks itu ke "
        "nilai pada baris di atasnya, atau awali baris dengan # jika itu catatan",
        "this line is text where a key is expected (every line here is written key: value): "
        "add the key and a colon before the text, move the text to the value on the line "
        "above, or start the line with # if it is a note",
    ),
    "yaml.unclosed_quote_end": (
        "tanda kutip {quote} yang dibuka di sini tidak pernah ditutup: tambahkan {quote} "
        "penutup di akhir nilai",
        "the quote {quote} opened here is never closed: add the closing {quote} at the end "
        "of the value",
    ),
    "yaml.unclosed_quote": (
        "tanda kutip {quote} yang dibuka di sini tidak ditutup pada baris ini, sehingga YAML "
        "membaca baris-baris berikutnya sampai baris {end} sebagai bagian dari teks ini: "
        "tambahkan {quote} penutup di akhir nilai",
        "the quote {quote} opened here is not closed on this line, so YAML reads the lines "
        "after it up to line {end} as part of this text: add the closing {quote} at the end "
        "of the value",
    ),
    "yaml.bad_escape": (
        "di dalam tanda kutip ganda, garis miring terbalik \\ mengawali karakter khusus dan "
        "yang ini tidak dikenal: tulis garis miring terbalik dua kali (\\\\) atau apit nilai "
        "dengan tanda kutip tunggal '...'",
        "inside double quotes a backslash \\ starts a special character and this one is "
        "unknown: write the backslash twice (\\\\) or put the value in single quotes '...'",
    ),
    "yaml.reserved_start": (
        "dalam YAML sebuah nilai tidak boleh diawali {char} (karakter itu punya arti khusus "
        "di awal nilai): apit nilainya dengan tanda kutip ganda: {fix}",
        "in YAML a value cannot start with {char} (the character has a special meaning "
        "there): put the value in double quotes: {fix}",
    ),
    "yaml.colon_in_value": (
        "nilai {key} memuat ': ', yang dibaca YAML sebagai awal kunci lain: apit seluruh "
        "nilai dengan tanda kutip ganda: {fix}",
        "the value of {key} contains ': ', which YAML reads as the start of another key: put "
        "the whole value in double quotes: {fix}",
    ),
    "yaml.over_indented": (
        "{key} menjorok lebih dalam daripada {above_key} pada baris {above}, sehingga YAML "
        "membacanya sebagai bagian dari nilai baris itu: mulai {key} pada kolom {column}, "
        "sejajar dengan {above_key}",
        "{key} is indented further than {above_key} on line {above}, so YAML reads it as "
        "part of that line's value: start {key} at column {column}, like {above_key}",
    ),
    "yaml.over_indented_plain": (
        "{key} menjorok lebih dalam daripada baris-baris di atasnya: mulai pada kolom yang "
        "sama dengan kunci lain dalam kelompoknya",
        "{key} is indented further than the lines above it: start it at the same column as "
        "the other keys of its group",
    ),
    "yaml.under_indented": (
        "{key} kurang menjorok dibandingkan {above_key} pada baris {above}, tetapi juga tidak "
        "sejajar dengan kunci mana pun di atasnya: mulai {key} pada kolom {column}, sejajar "
        "dengan {above_key} (atau sejajar dengan kunci kelompok tempatnya berada)",
        "{key} is indented less than {above_key} on line {above}, but matches no key further "
        "up: start {key} at column {column}, like {above_key} (or at the column of the keys "
        "of the group it belongs to)",
    ),
    "yaml.at_dash_column": (
        "{key} dimulai pada kolom tanda '-' di baris {above}, tempat yang hanya untuk butir "
        "daftar baru: geser {key} ke kolom {column}, sejajar dengan {above_key}",
        "{key} starts at the column of the '-' on line {above}, where only a new list item "
        "may start: indent {key} to column {column}, like {above_key}",
    ),
    "yaml.at_dash_column_item": (
        "{key} dimulai pada kolom tanda '-' di baris {above}, tempat yang hanya untuk butir "
        "daftar baru: jadikan butir daftar (awali dengan '- ') atau pindahkan ke luar daftar",
        "{key} starts at the column of the '-' on line {above}, where only a new list item "
        "may start: make it an item (start it with '- ') or move it out of the list",
    ),
    "yaml.item_misaligned": (
        "tanda '-' butir daftar ini tidak sejajar dengan butir di atasnya: tulis '-' pada "
        "kolom {column}, sejajar dengan butir pada baris {above}",
        "the '-' of this list item is not aligned with the items above it: write the '-' at "
        "column {column}, like the item on line {above}",
    ),
    "yaml.dash_without_space": (
        "tanda '-' sebuah butir daftar harus diikuti spasi: tulis {fix}",
        "a list item's '-' must be followed by a space: write {fix}",
    ),
    "yaml.dash_in_mapping": (
        "ada butir daftar '-' di antara kunci-kunci: hapus '- ' dan tulis {fix} (sebuah daftar "
        "ditulis di bawah kuncinya sendiri, setiap butir diawali '- ')",
        "a list item '-' stands among keys: remove the '- ' and write {fix} (a list goes "
        "under a key of its own, every item starting with '- ')",
    ),
    "yaml.dash_in_mapping_or_item": (
        "ada butir daftar '-' di antara kunci-kunci: jika ini butir baru dari daftar pada "
        "baris {above}, tulis '-' pada kolom {column}, sejajar dengan butir itu; jika ini "
        "kunci, hapus '- ' dan tulis {fix}",
        "a list item '-' stands among keys: if it starts a new item of the list on line "
        "{above}, write the '-' at column {column}, like that item; if it is a key, remove "
        "the '- ' and write {fix}",
    ),
    "yaml.dash_after_key": (
        "butir daftar '-' tidak boleh ditulis pada baris yang sama dengan kunci {key}: tulis "
        "{fix_key} saja pada baris ini, lalu butir {item} pada baris berikutnya, lebih menjorok",
        "a list item '-' cannot follow the key {key} on the same line: write {fix_key} alone "
        "on this line and the item {item} on the next line, indented further",
    ),
    "yaml.dash_here": (
        "butir daftar '-' tidak boleh dimulai di sini: tulis setiap butir pada barisnya "
        "sendiri, diawali '- '",
        "a list item '-' cannot start here: write each item on a line of its own, starting "
        "with '- '",
    ),
    "yaml.second_document": (
        "dokumen kedua dimulai di sini ('---'), padahal satu berkas hanya memuat satu dokumen: "
        "hapus baris ini beserta isi sesudahnya, atau pindahkan ke berkas tersendiri",
        "a second document starts here ('---'), but a file holds one document: remove this "
        "line and what follows it, or move them to a file of their own",
    ),
    "yaml.flow_missing_comma": (
        "di dalam {pair} yang dimulai di sini, setiap isian dipisahkan koma: ada "
        "koma ',' (atau {closer} penutup) yang kurang sebelum kolom {column}",
        "inside the {pair} that starts here, entries are separated by commas: a "
        "comma ',' (or the closing {closer}) is missing before column {column}",
    ),
    "yaml.unclosed_flow": (
        "{opener} yang dibuka di sini tidak ditutup: tambahkan {closer} setelah isian "
        "terakhirnya",
        "the {opener} opened here is not closed: add {closer} after its last entry",
    ),
    "yaml.text_after_quote": (
        "nilai ini diawali tanda kutip {quote}, sehingga nilainya berakhir pada {quote} "
        "berikutnya, padahal masih ada teks sesudahnya pada baris ini: apit seluruh nilai "
        "dengan tanda kutip, misalnya {fix}",
        "the value starts with a quote {quote}, so it ends at the next {quote}, and more "
        "text follows on this line: put the whole value in quotes, for example {fix}",
    ),
    "yaml.text_after_bracket": (
        "nilai ini diawali {opener}, yang dibaca YAML sebagai daftar atau pemetaan, padahal "
        "masih ada teks sesudahnya: apit seluruh nilai dengan tanda kutip ganda: {fix}",
        "the value starts with {opener}, which YAML reads as a list or mapping, and more "
        "text follows it: put the whole value in double quotes: {fix}",
    ),
}
