"""Every problem code plut-rules can report, declared once.

A :class:`ProblemCode` names a stable machine-readable kind of problem
(``"unknown-key"``), its usual severity, the section of ``docs/errors.md`` that
explains it (an anchor, as GitHub writes the section's heading) and its meaning
in one line.  :class:`plut_rules.errors.Problem` refuses a code that is not
here, so a new code cannot reach a user undocumented: ``tests/test_errors_doc.py``
checks that every code here is in its section of ``docs/errors.md`` and that the
page documents no other code.  Imports nothing of plut_rules (base layer).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

__all__ = ["CODES", "CodeSeverity", "ProblemCode", "problem_code"]

CodeSeverity = Literal["error", "warning", "info"]


@attrs.frozen
class ProblemCode:
    """One kind of problem: ``code`` as a program sees it, its ``severity`` unless a
    maker says otherwise, the ``anchor`` of its section in docs/errors.md, its ``meaning``."""

    code: str
    severity: CodeSeverity
    anchor: str
    meaning: str

    @property
    def doc(self) -> str:
        """Where the code is explained, relative to the repository root."""
        return f"docs/errors.md#{self.anchor}"


# The sections of docs/errors.md, by their anchors.
_YAML = "reading-a-policy-file-yaml"
_EXTENDS = "extends-yearly-inheritance"
_POLICY = "policy-contents"
_WHEN = "rule-conditions-when"
_DATA = "data-files-consultants-and-achievements-csv-xlsx-json"
_CHECK = "checking-the-data-against-the-policy"
_EVALUATION = "during-evaluation"
_DETERMINE = "determination-plut-rules-determine"
_AUDIT = "the-audit-log"
_OUTPUT = "output-files-and-the-screen---output---junit-standard-output"
_WHATIF = "what-if-and-new-policy-files-plut-rules-whatif-policy-new-year"
_DURABLE = "the-durable_rules-backend---backend-durable"
_QUALITY = "policy-tests-and-lint-plut-rules-test-plut-rules-lint-validate---strict"
_MONITOR = "monitoring-monitoring-and-plut-rules-monitor"
_SELECTION = "selection-selection-and-the-candidates-file"

_TABLE: tuple[tuple[str, CodeSeverity, str, str], ...] = (
    # reading a policy file (YAML), and any file as a whole
    ("yaml-syntax", "error", _YAML, "the file is not valid YAML"),
    ("not-utf8", "error", _YAML, "the file is not saved as UTF-8"),
    ("empty-file", "error", _YAML, "the file has nothing in it, or only comments"),
    ("file-too-large", "error", _YAML, "a policy over 5 MB or a data file over 50 MB"),
    ("file-unreadable", "error", _YAML, "the file cannot be opened"),
    ("file-not-found", "error", _YAML, "the file does not exist"),
    ("duplicate-key", "error", _YAML, "the same key twice in one mapping or JSON object"),
    ("bad-key", "error", _YAML, "a key that is not a plain name"),
    ("tag-not-allowed", "error", _YAML, "a YAML tag; policies hold plain values only"),
    ("too-large", "error", _YAML, "anchors and aliases expand to a huge document"),
    ("too-deep", "error", _YAML, "values nested too deeply"),
    ("not-a-mapping", "error", _YAML, "the policy is not a mapping of key: value lines"),
    # extends
    ("extends-missing", "error", _EXTENDS, "the parent named by extends cannot be read"),
    ("extends-cycle", "error", _EXTENDS, "files extend each other in a circle"),
    ("extends-outside", "error", _EXTENDS, "the parent is outside the policy's folder"),
    ("null-without-extends", "error", _EXTENDS, "an empty value in a file that extends nothing"),
    ("null-removes-many", "warning", _EXTENDS,
     "an empty key in a child file removes several inherited keys"),
    # policy contents
    ("unknown-key", "error", _POLICY, "a key the format does not know"),
    ("missing-key", "error", _POLICY, "a required key is missing"),
    ("wrong-type", "error", _POLICY, "a value of the wrong kind"),
    ("bad-value", "error", _POLICY, "a value outside its choices"),
    ("not-finite", "error", _POLICY, "infinity or NaN as a number"),
    ("out-of-range", "error", _POLICY, "a number outside its range"),
    ("output-unwritable", "error", _OUTPUT, "an output or standard output cannot be written"),
    ("empty", "error", _POLICY, "a section that needs at least one entry is empty"),
    ("bad-identifier", "error", _POLICY, "an id with capitals, spaces or other characters"),
    ("reserved-name", "error", _POLICY, "a threshold named like a rule variable or keyword"),
    ("duplicate-indicator", "error", _POLICY, "a common indicator shares a field indicator's id"),
    ("duplicate-rule", "error", _POLICY, "two rules with the same id"),
    ("weights-sum", "error", _POLICY, "a field's weights do not add up to 1"),
    ("unknown-scorer", "error", _POLICY, "scoring names a scorer that is not installed"),
    ("scorer-broken", "error", _POLICY, "a plug-in scorer fails to load"),
    ("unknown-field", "error", _POLICY, "a field id the policy does not have"),
    ("unknown-threshold", "error", _POLICY, "min_competence names an undefined threshold"),
    ("threshold-typo", "error", _POLICY,
     "a threshold read by nothing is likely a typo of a name a rule reads"),
    ("unused-threshold", "warning", _POLICY, "a threshold that no rule or warning reads"),
    ("not-applicable", "error", _POLICY, "min_competence on a rule that is not reassign"),
    ("no-catch-all", "warning", _POLICY, "for some field and unit no rule has when: true"),
    # rule conditions
    ("expr-syntax", "error", _WHEN, "the condition cannot be read"),
    ("expr-chained", "error", _WHEN, "comparisons chained like 50 <= score < 70"),
    ("expr-too-long", "error", _WHEN, "a condition longer than the limit"),
    ("expr-too-deep", "error", _WHEN, "a condition nested too deeply"),
    ("unknown-variable", "error", _WHEN, "a name that is no variable or threshold in scope"),
    ("unknown-value", "error", _WHEN, "field or unit compared with an id the policy lacks"),
    ("expr-type", "error", _WHEN, "mismatched types in a condition"),
    ("not-boolean", "error", _WHEN, "the condition yields no true/false"),
    # data files
    ("unknown-format", "error", _DATA, "the file is not .csv, .xlsx or .json"),
    ("not-xlsx", "error", _DATA, "a .xlsx file that is not an Excel workbook"),
    ("csv-syntax", "error", _DATA, "a CSV quoting problem"),
    ("tab-separated", "error", _DATA, "the file is separated by tabs"),
    ("ragged-row", "error", _DATA, "a row with more or fewer cells than the header"),
    ("json-syntax", "error", _DATA, "the file is not valid JSON"),
    ("bad-structure", "error", _DATA, "the JSON holds something other than a list of rows"),
    ("missing-column", "error", _DATA, "a required column is not in the header"),
    ("unknown-column", "error", _DATA, "a column the tool does not know"),
    ("bad-column-name", "error", _DATA, "a competence_ column without a valid field id"),
    ("duplicate-column", "error", _DATA, "two columns with the same name"),
    ("unnamed-column", "error", _DATA, "values under a column with an empty header"),
    ("wrong-file", "error", _DATA, "the consultants and achievements files swapped"),
    ("missing-value", "error", _DATA, "a required cell is empty"),
    ("not-a-number", "error", _DATA, "a cell that is not a number"),
    ("ambiguous-number", "error", _DATA, "a number that could be read two ways"),
    ("quoted-number", "error", _DATA, "a JSON number written in quotes"),
    ("not-a-year", "error", _DATA, "appointed is not a four-digit year"),
    ("formula-error", "error", _DATA, "a spreadsheet cell shows an error"),
    ("formula-not-calculated", "error", _DATA, "a formula cell with no saved result"),
    ("hidden-sheet", "error", _DATA, "the data is on a hidden sheet"),
    ("merged-cells", "error", _DATA, "merged cells in the data rows"),
    ("sheet-not-found", "error", _DATA, "no sheet named for the table"),
    ("sheet-ambiguous", "error", _DATA, "two sheets for the same table"),
    ("duplicate-id", "error", _DATA, "two consultants with the same id in one file"),
    ("duplicate-row", "error", _DATA, "two rows for one consultant and indicator"),
    # data against the policy
    ("unknown-consultant", "error", _CHECK, "a consultant id not in the consultants"),
    ("unknown-unit", "error", _CHECK, "a unit the policy does not have"),
    ("unknown-indicator", "error", _CHECK, "an indicator the consultant's field does not have"),
    ("missing-achievement", "error", _CHECK, "no achievement for one of the field's indicators"),
    ("duplicate-consultant", "error", _CHECK, "a consultant given twice"),
    ("duplicate-achievement", "error", _CHECK, "a consultant and indicator given twice"),
    ("no-consultants", "warning", _CHECK, "the input has no consultants"),
    ("appointed-after-year", "error", _CHECK, "appointed after the policy's year"),
    # evaluation
    ("division-by-zero", "error", _EVALUATION, "a condition divides by zero for a consultant"),
    ("undecided", "error", _EVALUATION, "no rule decided a consultant"),
    # determination
    ("bad-outcome", "error", _DETERMINE, "an override names an unknown outcome"),
    ("missing-field", "error", _DETERMINE, "an override to reassign names no field"),
    ("bad-field", "error", _DETERMINE, "an override's field is not allowed"),
    ("not-an-override", "error", _DETERMINE, "the override equals the recommendation"),
    ("duplicate-override", "error", _DETERMINE, "a consultant overridden twice"),
    ("missing-reason", "error", _DETERMINE, "an override has an empty reason"),
    ("already-determined", "error", _DETERMINE, "the evaluation record is determined already"),
    # the audit log
    ("audit-by", "error", _AUDIT, "nobody is named as having run it"),
    ("audit-damaged", "error", _AUDIT, "the audit log fails verification"),
    ("audit-unreadable", "error", _AUDIT, "the audit log cannot be read"),
    ("audit-empty", "error", _AUDIT, "the audit log holds no evaluation record"),
    ("audit-record", "error", _AUDIT, "no such evaluation record in the log"),
    ("policy-changed", "error", _AUDIT, "a policy file changed before it was recorded"),
    # what-if and new-year (unknown-rule is also explained under policy tests)
    ("set-path", "error", _WHATIF, "a --set or --add path that does not lead to a value"),
    ("unknown-rule", "error", _WHATIF, "a rule id the policy does not have"),
    ("output-exists", "error", _WHATIF, "new-year would overwrite a file"),
    # durable_rules backend
    ("durable-too-large", "error", _DURABLE, "rules too large for durable_rules"),
    ("durable-failure", "error", _DURABLE, "durable_rules misbehaved"),
    # policy tests and lint
    ("tests-not-found", "error", _QUALITY, "no test file for the policy"),
    ("duplicate-case", "error", _QUALITY, "two test cases with the same name"),
    ("lint-unavailable", "error", _QUALITY, "the linter needs z3, which is not installed"),
    ("lint-gap", "error", _QUALITY, "some consultants are decided by no rule"),
    ("lint-shadowed", "warning", _QUALITY, "a rule can never decide"),
    ("lint-partly-shadowed", "warning", _QUALITY, "a rule never decides in some of its scope"),
    ("lint-never-holds", "warning", _QUALITY, "a rule's condition can hold for no consultant"),
    ("lint-unreachable-threshold", "warning", _QUALITY, "a score threshold beyond the scorer"),
    ("lint-unknown", "info", _QUALITY, "the analysis cannot decide something"),
    # monitoring
    ("duplicate-warning", "error", _MONITOR, "two monitoring warnings with the same id"),
    ("bad-month", "error", _MONITOR, "a month that is not a whole number from 1 to 12"),
    ("duplicate-report", "error", _MONITOR, "a monthly achievement reported twice"),
    ("no-monitoring", "error", _MONITOR, "the policy has no monitoring section"),
    # declared at the merges of issue 14-17 branches
    ("scorer-failed", "error", _EVALUATION, "a plug-in scorer raised or returned the wrong type"),
    # added at merge
    ("control-character", "error", _DATA, "an id, --by or --reason holds a control character"),
    ("output-is-input", "error", _OUTPUT, "the output is a file the command reads or writes"),
    ("output-not-a-file", "error", _OUTPUT, "the output path exists and is not a regular file"),
    ("audit-not-repairable", "error", _AUDIT, "audit repair on damage other than a torn tail"),
    ("audit-unwritable", "error", _AUDIT, "an append failed and was cut back"),
    ("audit-record-too-large", "error", _AUDIT, "a record over the largest size a log may hold"),
    # added at merge
    ("number-out-of-range", "error", _POLICY, "beyond 10^15 or with over 9 decimal places"),
    ("csv-separator", "error", _DATA, "a first line sep=X names a separator other than , or ;"),
    ("formula-external", "error", _DATA, "a formula reads another workbook or a web service"),
    ("bad-cell", "error", _DATA, "a stored cell value not of its type (NaN)"),
    ("lookalike-id", "error", _DATA, "ids differing only by case, normalisation, hyphen"),
    ("computed-out-of-range", "error", _EVALUATION, "a condition computes a value beyond 10^30"),
    # added at merge
    ("seat-taken", "error", _DETERMINE, "an override keeps or moves someone into a held seat"),
    ("bad-supersedes", "error", _DETERMINE, "--supersedes names no determination in force"),
    ("missing-why", "error", _DETERMINE, "--supersedes without --why"),
    ("policy-differs", "error", _DETERMINE, "records determined together have other policies"),
    ("unit-twice", "error", _DETERMINE, "two records determined together cover one unit"),
    ("unit-missing", "error", _DETERMINE, "no record covers a unit (without --partial)"),
    ("consultant-twice", "error", _DETERMINE, "a consultant in two records determined together"),
    ("duplicate-reference", "error", _DETERMINE, "the same record is named twice"),
    ("bad-override", "error", _DETERMINE, "an --override that is not ID=OUTCOME"),
    ("sha-mismatch", "error", _DETERMINE, "a LOG:SEQ:SHA256 reference names another sha256"),
    ("no-determination", "error", _DETERMINE, "the log holds no determination record"),
    ("duplicate-candidate", "error", _QUALITY, "a selection case names a candidate twice"),
    ("unknown-certificate", "error", _QUALITY, "a selection case gives an unknown certificate"),
    ("lint-requirement-never-holds", "error", _QUALITY, "a selection requirement holds for nobody"),
    ("lint-requirement-implied", "warning", _QUALITY, "a requirement holds whenever another does"),
    ("duplicate-requirement", "error", _SELECTION, "two selection requirements with one id"),
    ("id-clash", "error", _SELECTION, "a requirement id that is a component id or pass_score"),
    ("bad-tie-break", "error", _SELECTION, "a tie_break entry that is not a component"),
    ("unknown-component", "error", _SELECTION, "a per-field override names an unknown component"),
    ("bad-education", "error", _SELECTION, "an education cell that is not SMA, D3, D4, S1, S2, S3"),
    ("bad-boolean", "error", _SELECTION, "a cert_<x> cell that is not ya/tidak"),
    ("missing-score", "error", _SELECTION, "an eligible candidate lacks a component score"),
    ("no-selection", "error", _SELECTION, "the policy has no selection: section"),
    ("policy-mismatch", "error", _SELECTION, "the policy differs from the determined one"),
    ("superseded", "error", _SELECTION, "the determination was corrected by a later one"),
    ("bad-reference", "error", _SELECTION, "a referenced record of another log is missing"),
    ("no-selection-record", "error", _SELECTION, "the log holds no selection record"),
    ("unknown-candidate", "error", _SELECTION, "select --explain names no candidate"),
    ("selection-basis", "error", _SELECTION, "the selection was not made on this determination"),
    ("not-next-year", "error", _SELECTION, "the policy's year is not after the determined one"),
    ("over-seats", "warning", _SELECTION, "more consultants than seats in a (unit, field)"),
)

#: Every problem code, by its name.
CODES: Mapping[str, ProblemCode] = MappingProxyType(
    {row[0]: ProblemCode(*row) for row in _TABLE})


def problem_code(code: str) -> ProblemCode:
    """The declaration of ``code``; an unknown code is a programming error (ValueError)."""
    found = CODES.get(code)
    if found is None:
        import difflib

        near = difflib.get_close_matches(code, CODES, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise ValueError(f"unknown problem code {code!r}{hint}: declare it in "
                         f"plut_rules/problem_codes.py and explain it in docs/errors.md")
    return found
