"""Input files: consultants and achievements in CSV, XLSX and JSON, and their number rules.

Owns: turning a user's files into domain values (:class:`~plut_rules.model.Consultant`,
:class:`~plut_rules.model.Achievement`) or located problems.
May import: the base modules (``model``, ``errors``, ``exact``) only.

Nothing here raises on bad input or prints: every problem found in a file is
returned at once, with its place (line, or sheet and cell) and the column it
concerns, and says what to write instead.  Rows with a problem are left out of
the returned columns; a caller must not evaluate while any error exists.

Modules, each importing only those above it:

- ``files``: a data file's format, size limit, bytes and UTF-8 text; a CSV file read in
  two passes (checked as UTF-8 in chunks, then line by line), never held whole;
- ``number_rules``: how cell or field text becomes an exact number, per file style;
- ``schemas``: the columns of each data file, their English and Indonesian headers,
  and what to write in them;
- ``rows``: the table of rows of any format, header matching, :class:`RowReader`;
- ``xlsx_cells``: the stored cells of a workbook's sheet, streamed row by row;
- ``csv_files``, ``xlsx_files``, ``json_files``: one reader per format;
- ``formats``: which reader reads a format;
- ``frames``: a pandas DataFrame read as a table (pandas itself is never imported);
- ``roster_columns``: a roster kept as columns, a sequence of domain objects built when
  read, :class:`RowLocations` (where each row was read, a few bytes a row),
  :class:`CodedColumn` (a few distinct texts, two bytes a row) and
  :class:`SparseColumn` (a column that is None on most rows);
- ``consultants``, ``achievements``: the domain values of each file, filled straight
  into the columns (equal values shared, no object per row);
- ``roster``: both files of a year read at once.
"""

from plut_rules.readers.achievements import parse_achievements, read_achievements
from plut_rules.readers.consultants import parse_consultants, read_consultants
from plut_rules.readers.files import (
    MAX_FILE_BYTES,
    DataSource,
    Format,
    detect_format,
    open_data_file,
    read_data_file,
)
from plut_rules.readers.formats import parse_table
from plut_rules.readers.frames import DataFrameLike
from plut_rules.readers.number_rules import decimal_mark
from plut_rules.readers.roster import Roster, load_roster
from plut_rules.readers.roster_columns import (
    AchievementColumns,
    CodedColumn,
    ConsultantColumns,
    RowLocations,
    SparseColumn,
    row_getter,
)
from plut_rules.readers.rows import Cell, Row, RowReader, Table
from plut_rules.readers.schemas import (
    HEADERS,
    WIDE_TARGET_PREFIX,
    TableSchema,
    canonical_column,
    header_name,
)

__all__ = [
    "HEADERS",
    "MAX_FILE_BYTES",
    "WIDE_TARGET_PREFIX",
    "AchievementColumns",
    "Cell",
    "CodedColumn",
    "ConsultantColumns",
    "DataFrameLike",
    "DataSource",
    "Format",
    "Roster",
    "Row",
    "RowLocations",
    "RowReader",
    "SparseColumn",
    "Table",
    "TableSchema",
    "canonical_column",
    "decimal_mark",
    "detect_format",
    "header_name",
    "load_roster",
    "open_data_file",
    "parse_achievements",
    "parse_consultants",
    "parse_table",
    "read_achievements",
    "read_consultants",
    "read_data_file",
    "row_getter",
]
