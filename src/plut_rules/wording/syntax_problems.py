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

    # the rule language (lang/)
    # ... tokens.py
    "expr.unclosed_string": (
        "teks tidak ditutup: tambahkan tanda kutip penutup {quote} di akhir teks",
        "unclosed string: add the closing {quote} at the end of the text",
    ),
    "expr.dot_after_number": ("'.' tidak semestinya ada setelah angka",
                              "unexpected '.' after a number"),
    "expr.point_without_digits": (
        "titik desimal harus diikuti angka: tulis {number} atau {number}.0",
        "a decimal point must be followed by digits: write {number} or {number}.0",
    ),
    "expr.not_a_number": (
        "{whole} bukan angka: tulis angka sebagai desimal biasa (misalnya 1000 atau 0.5) dan "
        "beri spasi antara angka dan nama",
        "{whole} is not a number: write numbers as plain decimals (such as 1000 or 0.5) and "
        "put a space between a number and a name",
    ),
    "expr.attribute_of_name": (
        "akses atribut ({word}.…) tidak diizinkan: hanya nama variabel biasa yang dapat "
        "dipakai",
        "attribute access ({word}.…) is not allowed: only plain variable names can be used",
    ),
    "expr.attribute_after_bracket": ("akses atribut (….x) tidak diizinkan",
                                     "attribute access (….x) is not allowed"),
    "expr.leading_point": (
        "angka harus diawali digit: tulis 0.{digits}, bukan .{digits}",
        "a number must start with a digit: write 0.{digits}, not .{digits}",
    ),
    "expr.unexpected_dot": ("'.' tidak semestinya ada di sini", "unexpected '.'"),
    "expr.unexpected_hint": ("{what} tidak semestinya ada di sini: {hint}",
                             "unexpected {what}: {hint}"),
    "expr.unexpected_character": ("karakter {char} tidak dapat dipakai dalam syarat",
                                  "unexpected character {char}"),
    "expr.use_not_equal": ("gunakan != untuk 'tidak sama dengan'",
                           "use != for 'not equal'"),
    "expr.use_at_most": ("gunakan <= untuk 'paling banyak'", "use <= for 'at most'"),
    "expr.use_at_least": ("gunakan >= untuk 'paling sedikit'", "use >= for 'at least'"),
    "expr.use_and": ("gunakan and untuk menggabungkan syarat",
                     "use and to combine conditions"),
    "expr.use_or": ("gunakan or untuk menggabungkan syarat", "use or to combine conditions"),
    "expr.no_power": ("pangkat tidak diizinkan; gunakan perkalian (x * x)",
                      "powers are not allowed; multiply instead (x * x)"),
    "expr.no_integer_division": (
        "gunakan / (pembagian itu eksak; tidak ada pembagian bilangan bulat)",
        "use / (division is exact; there is no integer division)",
    ),
    "expr.use_double_equals": (
        "gunakan == untuk membandingkan (= saja tidak diizinkan)",
        "use == to compare (= alone is not allowed)",
    ),
    "expr.use_not": (
        "gunakan not untuk menyangkal syarat, dan != untuk 'tidak sama dengan'",
        "use not to negate a condition, and != for 'not equal'",
    ),
    "expr.no_percent": (
        "'%' tidak diizinkan; tulis persentase sebagai angka biasa (95, bukan 95%)",
        "'%' is not allowed; write percentages as plain numbers (95, not 95%)",
    ),
    "expr.use_instead": ("gunakan {ascii} sebagai ganti {symbol}",
                         "use {ascii} instead of {symbol}"),
    "expr.plain_quotes": (
        "gunakan tanda kutip biasa ' atau \" untuk mengapit teks",
        "use plain quotes ' or \" around text",
    ),
    "expr.no_comments": ("komentar tidak diizinkan di dalam syarat",
                         "comments are not allowed inside a condition"),
    # ... parser.py
    "expr.the_end": ("akhir syarat", "end of the condition"),
    "expr.a_number": ("angka {number}", "number {number}"),
    "expr.a_string": ("teks {string}", "string {string}"),
    "expr.a_name": ("nama {name}", "name {name}"),
    "expr.too_deep": (
        "syarat ini bersarang lebih dari {limit} tingkat (tanda kurung, daftar, not dan "
        "minus tunggal); sederhanakan syarat ini",
        "the condition nests more than {limit} levels deep (parentheses, lists, not and "
        "unary minus); simplify it",
    ),
    "expr.keyword_case": ("kata kunci ditulis dengan huruf kecil: tulis {word}",
                          "keywords are written in lower case: write {word}"),
    "expr.no_is": ("gunakan == atau != untuk membandingkan", "use == or != to compare"),
    "expr.no_conditional": (
        "ungkapan bersyarat (if/else) tidak diizinkan; tulis satu aturan untuk setiap kasus",
        "conditional expressions are not allowed; write one rule per case",
    ),
    "expr.operator_before_paren": ("ada operator yang kurang sebelum '('",
                                   "an operator is missing before '('"),
    "expr.no_indexing_here": (
        "pengindeksan ([...]) tidak diizinkan; daftar hanya boleh ditulis setelah in",
        "indexing ([...]) is not allowed; a list may only follow in",
    ),
    "expr.no_opener": ("tidak ada {opener} pembuka yang berpasangan dengannya",
                       "there is no matching opening {opener}"),
    "expr.decimal_comma": ("tulis desimal dengan titik: {number}",
                           "write decimals with a point: {number}"),
    "expr.stray_comma": (
        "',' hanya boleh memisahkan nilai-nilai daftar setelah in",
        "',' may only separate the values of a list after in",
    ),
    "expr.indonesian_word": (
        "syarat ditulis dengan kata kunci bahasa Inggris: tulis {keyword}, bukan {word}",
        "conditions use English keywords: write {keyword}, not {word}",
    ),
    "expr.operator_missing": (
        "ada operator (misalnya and, or, ==, >=, +) yang kurang sebelumnya",
        "an operator (such as and, or, ==, >=, +) is missing before it",
    ),
    "expr.unexpected_expected": ("{what} tidak semestinya ada di sini; seharusnya {expected}",
                                 "unexpected {what}; expected {expected}"),
    "expr.expected_end": ("akhir syarat", "the end of the condition"),
    "expr.expected_comma_or_bracket": ("',' atau ']'", "',' or ']'"),
    "expr.expected_paren": ("')'", "')'"),
    "expr.empty": (
        "syarat kosong: tulis sebuah syarat, misalnya score >= keep (atau true)",
        "empty condition: write one such as score >= keep (or true)",
    ),
    "expr.empty_plain": ("syarat kosong", "empty condition"),
    "expr.not_in": ("'not in' tidak diizinkan: tulis not {item} in [...]",
                    "'not in' is not allowed: write not {item} in [...]"),
    "expr.chained": ("perbandingan tidak boleh dirangkai: tulis {written}",
                     "comparisons cannot be chained: write {written}"),
    "expr.chained_plain": (
        "perbandingan tidak boleh dirangkai: tulis setiap perbandingan tersendiri dan "
        "gabungkan dengan and",
        "comparisons cannot be chained: write each one separately and join them with and",
    ),
    "expr.ends_after": (
        "syarat berakhir setelah '{op}': sebuah nilai harus menyusul sesudahnya",
        "the condition ends after '{op}': a value must follow it",
    ),
    "expr.in_needs_list": (
        "in harus diikuti daftar dalam kurung siku, misalnya {item} in [a, b]; yang "
        "ditemukan: {found}",
        "in must be followed by a list in square brackets, such as {item} in [a, b]; "
        "found {found}",
    ),
    "expr.empty_list": ("daftar setelah in kosong: sebutkan paling sedikit satu nilai",
                        "the list after in is empty: name at least one value"),
    "expr.unclosed_bracket": (
        "'[' tidak ditutup: tambahkan ']' setelah nilai terakhir daftar",
        "unclosed '[': add ']' after the last value of the list",
    ),
    "expr.unary_plus": ("+ tunggal tidak diizinkan: hapus tanda itu",
                        "unary + is not allowed: remove it"),
    "expr.no_calls": (
        "pemanggilan fungsi tidak diizinkan: {name}(...) tidak dapat dipakai; tulis syarat "
        "dengan + - * / dan perbandingan",
        "function calls are not allowed: {name}(...) cannot be used; write the condition "
        "with + - * / and comparisons",
    ),
    "expr.no_indexing": (
        "pengindeksan tidak diizinkan: {name}[...] tidak dapat dipakai; gunakan nama "
        "variabel biasa",
        "indexing is not allowed: {name}[...] cannot be used; use a plain variable name",
    ),
    "expr.empty_parentheses": (
        "tanda kurung kosong: isi dengan sebuah syarat atau nilai",
        "empty parentheses: put a condition or a value inside",
    ),
    "expr.unclosed_paren": ("'(' tidak ditutup: tambahkan ')'", "unclosed '(': add ')'"),
    "expr.not_after_operator": (
        "not tidak dapat ditulis setelah operator di sini; apit dengan tanda kurung: (not ...)",
        "not cannot follow an operator here; put it in parentheses: (not ...)",
    ),
    "expr.list_only_after_in": (
        "daftar [...] hanya boleh ditulis setelah in (x in [a, b])",
        "a list [...] may only follow in (x in [a, b])",
    ),
    "expr.value_expected": ("seharusnya ada nilai {where}, tetapi ditemukan {found}",
                            "expected a value {where}, found {found}"),
    "expr.at_start": ("di awal", "at the start"),
    "expr.after": ("setelah '{token}'", "after '{token}'"),
    "expr.too_long": (
        "syarat ini panjangnya {length} karakter; batasnya {limit}: pecah menjadi beberapa "
        "aturan",
        "the condition is {length} characters long; the limit is {limit}: split it over "
        "several rules",
    ),
    "expr.too_deep_plain": ("syarat ini bersarang terlalu dalam",
                            "the condition nests too deeply"),
    "expr.too_complex": (
        "syarat ini terlalu rumit: operatornya bersarang lebih dari {limit} tingkat "
        "(rangkaian seperti a + b + c dihitung satu tingkat per operator); pecah menjadi "
        "beberapa aturan",
        "the condition is too complex: its operators nest more than {limit} levels deep "
        "(a chain such as a + b + c counts one level per operator); split it over several "
        "rules",
    ),
    # ... typecheck.py
    "expr.type_number": ("sebuah angka", "a number"),
    "expr.type_string": ("sebuah teks", "a string"),
    "expr.type_boolean": ("nilai benar/salah (true/false)", "true/false"),
    "expr.without_quotes": ("; tulis {number} tanpa tanda kutip",
                            "; write {number} without quotes"),
    "expr.compare_number": ("; tulis sebuah perbandingan, misalnya {operand} > 0",
                            "; write a comparison such as {operand} > 0"),
    "expr.compare_string": ("; tulis sebuah perbandingan, misalnya {operand} == '...'",
                            "; write a comparison such as {operand} == '...'"),
    "expr.minus_needs_number": ("- tunggal memerlukan angka, tetapi {operand} adalah {found}",
                                "unary - needs a number, but {operand} is {found}"),
    "expr.arith_needs_numbers": (
        "'{op}' memerlukan angka di kedua sisinya, tetapi {operand} adalah {found}{hint}",
        "'{op}' needs numbers on both sides, but {operand} is {found}{hint}",
    ),
    "expr.not_needs_condition": (
        "not memerlukan syarat (true atau false), tetapi {operand} adalah {found}{hint}",
        "not needs a condition (true or false), but {operand} is {found}{hint}",
    ),
    "expr.join_needs_conditions": (
        "{word} memerlukan syarat (true atau false) di kedua sisinya, tetapi {operand} "
        "adalah {found}{hint}",
        "{word} needs conditions (true or false) on both sides, but {operand} is "
        "{found}{hint}",
    ),
    "expr.unknown_variable": ("variabel {name} tidak dikenal", "unknown variable {name}"),
    "expr.lower_case_boolean": (": true dan false ditulis dengan huruf kecil",
                                ": true and false are written in lower case"),
    "expr.quote_the_text": (": untuk menyebut teks {name}, apit dengan tanda kutip",
                            ": to mean the text {name}, put it in quotes"),
    "expr.known_variables": ("; variabel yang dikenal: {listed}",
                             "; known variables: {listed}"),
    "expr.unknown_value": (
        "{value} bukan nilai yang mungkin untuk {name} (salah satu dari: {choices})",
        "{value} is not a possible value of {name} (one of: {choices})",
    ),
    "expr.no_choices": ("tidak ada", "none"),
    "expr.ordering_strings": (
        "teks hanya dapat dibandingkan dengan == atau !=, bukan {op} ({written})",
        "strings can only be compared with == or !=, not {op} ({written})",
    ),
    "expr.ordering_booleans": (
        "nilai true/false hanya dapat dibandingkan dengan == atau !=, bukan {op} ({written})",
        "true/false values can only be compared with == or !=, not {op} ({written})",
    ),
    "expr.like_with_like": (
        "; bandingkan angka dengan angka dan teks dengan teks",
        "; compare numbers with numbers and strings with strings",
    ),
    "expr.cannot_compare": (
        "tidak dapat membandingkan {left_type} dengan {right_type}: {left} adalah "
        "{left_type}, sedangkan {right} adalah {right_type}{hint}",
        "cannot compare {left_type} with {right_type}: {left} is {left_type} but {right} "
        "is {right_type}{hint}",
    ),
    "expr.list_value_type": (
        "setiap nilai dalam daftar harus {item_type} seperti {item}, tetapi {option} adalah "
        "{option_type}{hint}",
        "every value in the list must be {item_type} like {item}, but {option} is "
        "{option_type}{hint}",
    ),
    "expr.not_boolean": (
        "syarat harus bernilai true atau false, tetapi syarat ini berupa {found}{hint}",
        "a condition must be true or false, but this one is {found}{hint}",
    ),
}
