"""Monitoring (peringatan dini): the monitoring: section, Monitor, and plut-rules monitor."""

from __future__ import annotations

import functools
import json
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, errors_of, write
from conftest import run_cli as run
from plut_rules import (
    Consultant,
    DataError,
    EvaluationError,
    Policy,
    PolicyError,
    load_policy,
)
from plut_rules.canonical import canonical_json, sha256_hex
from plut_rules.monitor import (
    Backend,
    EarlyWarning,
    Monitor,
    MonthlyReport,
    read_monthly_reports,
)
from plut_rules.policy import parse_policy, policy_from_document
from plut_rules.readers import read_consultants
from plut_rules.shipped import policy_path, sample_path

MONITORING = """\
monitoring:
  thresholds: {margin: 0.25}
  warnings:
    - id: di-bawah-prorata
      per: indicator
      when: indicator != 'kehadiran' and month >= 2 and cumulative < prorata * (1 - margin)
      message: Tertinggal dari pro-rata
    - id: gate-terancam
      per: indicator
      when: minimum > 0 and projected_ratio < minimum
      severity: high
    - id: bulan-hilang
      when: months_missing > 0
      severity: low
    - id: campuran
      fields: [pemasaran]
      when: not (cumulative_akses_pasar >= 10 or months_reported * 2 > month) and unit in ['pkp']
    - id: rasio
      when: months_reported > 0 and cumulative_kehadiran / months_reported < 90
"""

POLICY_TEXT = MINIMAL + MONITORING


@functools.cache
def policy_m() -> Policy:
    """The MINIMAL policy with a monitoring section, loaded once (one durable Host)."""
    return parse_policy(POLICY_TEXT, "monitoring.yaml")


PEOPLE = (
    Consultant(id="A", name="A", unit="pkp", field="pemasaran", appointed=2016),
    Consultant(id="B", name="B", unit="pkp", field="produksi", appointed=2016),
)


def report(c: str, m: int, ind: str, value: int | str) -> MonthlyReport:
    return MonthlyReport(c, m, ind, value)


def on_track(c: str, ind: str, months: range, per_month: int) -> list[MonthlyReport]:
    return [report(c, m, ind, per_month) for m in months]


def kinds(warnings: tuple[EarlyWarning, ...]) -> set[tuple[str, str, str | None]]:
    return {(w.consultant, w.warning, w.indicator) for w in warnings}


# --------------------------------------------------------------------------- the section


def test_hash_unchanged_without_monitoring(tmp_path: Path) -> None:
    """A policy without monitoring: has no such key; adding one changes only that key."""
    plain = load_policy(write(tmp_path, MINIMAL))
    assert "monitoring" not in plain.document
    with_section = load_policy(write(tmp_path, POLICY_TEXT, "m.yaml"))
    assert with_section.sha256 != plain.sha256
    stripped = {k: v for k, v in with_section.document.items() if k != "monitoring"}
    assert sha256_hex(canonical_json(stripped)) == plain.sha256
    assert [r.id for r in with_section.rules] == [r.id for r in plain.rules]


def test_resolved_document_round_trips(tmp_path: Path) -> None:
    """policy_from_document (audit replay) rebuilds the same monitoring section and hash."""
    policy = load_policy(write(tmp_path, POLICY_TEXT))
    again = policy_from_document(policy.document)
    assert again.sha256 == policy.sha256
    assert again.document["monitoring"] == policy.document["monitoring"]
    assert policy.document["monitoring"]["warnings"][2] == {
        "id": "bulan-hilang", "when": "months_missing > 0", "per": "consultant",
        "severity": "low"}


def test_shipped_2019_inherits_monitoring() -> None:
    """The 2019 policy extends 2018 and keeps its monitoring section."""
    p2018 = load_policy(policy_path("2018"))
    p2019 = load_policy(policy_path("2019"))
    assert p2019.document["monitoring"] == p2018.document["monitoring"]


def _monitoring_errors(tmp_path: Path, section: str) -> list[str]:
    prefix = str(tmp_path) + "/"
    return [str(p).removeprefix(prefix)
            for p in errors_of(tmp_path, MINIMAL + textwrap.dedent(section))]


def test_unknown_keys_and_values_with_did_you_mean(tmp_path: Path) -> None:
    """Typos in keys, per and severity are reported at their line and column, with a hint."""
    errors = _monitoring_errors(tmp_path, """\
        monitoring:
          treshold: {margin: 1}
          warnings:
            - id: w
              when: month > 1
              severty: high
              per: indikator
              severity: hihg
        """)
    n = MINIMAL.count("\n")
    assert errors == [
        f"policy.yaml:{n + 2}:3: monitoring.treshold: unknown key 'treshold'; allowed here: "
        "thresholds, warnings (did you mean 'thresholds'?)",
        f"policy.yaml:{n + 6}:7: monitoring.warnings.w.severty: unknown key 'severty'; "
        "allowed here: id, when, per, severity, message, fields, units "
        "(did you mean 'severity'?)",
        f"policy.yaml:{n + 7}:12: monitoring.warnings.w.per: 'per' must be consultant or "
        "indicator, got 'indikator' (did you mean 'indicator'?)",
        f"policy.yaml:{n + 8}:17: monitoring.warnings.w.severity: 'severity' must be low, "
        "medium or high, got 'hihg' (did you mean 'high'?)",
    ]


def test_unknown_variables_for_the_scope(tmp_path: Path) -> None:
    """Variables are checked for the warning's scope and kind, with a did-you-mean."""
    errors = _monitoring_errors(tmp_path, """\
        monitoring:
          warnings:
            - id: a
              when: mounth > 1
            - id: b
              when: cumulative < prorata
            - id: c
              when: cumulative_akses_pasar > 1
            - id: d
              fields: [pemasaran]
              when: cumulative_akses_pasar > 1 and projected_ratio_kehadiran < 1
            - id: e
              per: indicator
              when: indicator == 'akses_pasr'
        """)
    text = "\n".join(errors)
    assert "unknown variable 'mounth' (did you mean 'month'?)" in text
    assert "monitoring.warnings.b.when: 'cumulative' is a variable of one indicator: add " \
           "'per: indicator'" in text
    assert "monitoring.warnings.b.when: 'prorata' is a variable of one indicator" in text
    assert "monitoring.warnings.c.when: 'cumulative_akses_pasar' is not available: field(s) " \
           "produksi in this warning's scope have no indicator 'akses_pasar'; scope the " \
           "warning with fields: [pemasaran]" in text
    assert "monitoring.warnings.d" not in text
    assert "monitoring.warnings.e.when: 'akses_pasr' is not a possible value of indicator" \
           in text
    assert len(errors) == 5


def test_types_scopes_ids_and_thresholds(tmp_path: Path) -> None:
    """Wrong types, unknown scope ids, duplicate ids and clashing threshold names."""
    errors = _monitoring_errors(tmp_path, """\
        monitoring:
          thresholds: {keep: 1, month: 2, margin: abc}
          warnings:
            - id: w
              when: month + 1
              fields: [pemasarn]
            - id: w
              when: 3
            - id: Bad Id
              when: true
        """)
    codes = sorted(e.split(": ", 1)[0].rsplit(":", 2)[0] + " " + e.split(": ")[1]
                   for e in errors)
    text = "\n".join(errors)
    assert len(errors) == 8, text
    assert "monitoring.thresholds.keep: 'keep' is already a threshold of the fields" in text
    assert "monitoring.thresholds.month: 'month' cannot name a threshold" in text
    assert "monitoring.thresholds.margin: expected a number" in text
    assert "monitoring.warnings.w.when: a condition must be true or false" in text
    assert "unknown field 'pemasarn'" in text and "did you mean 'pemasaran'" in text
    assert "duplicate warning id 'w'" in text
    assert "'when' must be a condition in quotes or true/false, got 3" in text
    assert "warning id 'Bad Id' must be lowercase" in text
    del codes


def test_empty_or_wrong_section(tmp_path: Path) -> None:
    """monitoring needs a warnings list with at least one warning."""
    assert "missing required key 'warnings'" in "\n".join(
        _monitoring_errors(tmp_path, "monitoring: {thresholds: {margin: 1}}\n"))
    assert "at least one warning is required" in "\n".join(
        _monitoring_errors(tmp_path, "monitoring: {warnings: []}\n"))
    assert "expected the ordered list of warnings" in "\n".join(
        _monitoring_errors(tmp_path, "monitoring: {warnings: {id: x}}\n"))
    assert "expected the monitoring section (a mapping of keys)" in "\n".join(
        _monitoring_errors(tmp_path, "monitoring: [1]\n"))


# --------------------------------------------------------------------------- the monitor


@pytest.mark.parametrize("backend", ["durable", "builtin"])
def test_each_warning_kind(backend: Backend) -> None:
    """Below pro-rata, a gate projected to fail, and a missing month, with values read."""
    mon = Monitor(policy_m(), PEOPLE, backend=backend)
    # A: on track on akses_pasar (40/year: 4 a month), kehadiran 95; B misses month 2 and
    # is far behind on sertifikasi (30/year), a gate with minimum 0.5.
    reports = [*on_track("A", "akses_pasar", range(1, 4), 4),
               *on_track("A", "kehadiran", range(1, 4), 95),
               report("B", 1, "sertifikasi", 1), report("B", 1, "kehadiran", 95),
               report("B", 3, "sertifikasi", 0), report("B", 3, "kehadiran", 95)]
    for r in reports:
        mon.feed(r)
    assert mon.month == 3
    found = mon.warnings()
    assert kinds(found) == {("B", "di-bawah-prorata", "sertifikasi"),
                            ("B", "gate-terancam", "sertifikasi"),
                            ("B", "bulan-hilang", None)}
    first = found[0]
    assert (first.warning, first.consultant, first.month, first.field) == (
        "di-bawah-prorata", "B", 3, "produksi")
    assert dict(first.values) == {"cumulative": 1, "indicator": "sertifikasi",
                                  "margin": Fraction(1, 4), "month": 3,
                                  "prorata": Fraction(15, 2)}
    assert first.source is not None and first.source.file == "monitoring.yaml"
    assert POLICY_TEXT.splitlines()[first.source.line - 1].strip() == "- id: di-bawah-prorata"
    gate = found[1]
    assert gate.severity == "high" and dict(gate.values)["projected_ratio"] == Fraction(2, 15)
    missing = found[2]
    assert dict(missing.values) == {"months_missing": 1} and missing.severity == "low"
    assert first.message == "Tertinggal dari pro-rata"
    assert "B / sertifikasi" in first.text() and "monitoring.yaml:" in first.text()


def test_latest_month_is_not_missing_yet() -> None:
    """Only months before the latest month seen count as missing."""
    mon = Monitor(policy_m(), PEOPLE, backend="builtin")
    mon.feed(report("A", 1, "kehadiran", 95))
    mon.feed(report("B", 1, "kehadiran", 95))
    raised = mon.feed(report("A", 2, "kehadiran", 95))
    assert ("B", "bulan-hilang", None) not in kinds(raised)
    raised = mon.feed(report("A", 3, "kehadiran", 95))
    assert ("B", "bulan-hilang", None) in kinds(raised)
    # a late report for month 2 retracts B's warning
    mon.feed(report("B", 2, "kehadiran", 95))
    assert ("B", "bulan-hilang", None) not in kinds(mon.warnings())


def test_feed_returns_only_newly_raised() -> None:
    """feed() returns the warnings the report newly raised; warnings() all that hold."""
    mon = Monitor(policy_m(), PEOPLE, backend="durable")
    assert mon.warnings() == () and mon.month == 0
    first = mon.feed(report("A", 2, "kehadiran", 95))
    assert ("A", "bulan-hilang", None) in kinds(first)
    again = mon.feed(report("A", 2, "akses_pasar", 1))
    assert ("A", "bulan-hilang", None) not in kinds(again)
    assert ("A", "bulan-hilang", None) in kinds(mon.warnings())


def test_bad_reports_are_refused_and_not_kept() -> None:
    """Unknown consultant or indicator, a month out of range, a duplicate: DataError."""
    mon = Monitor(policy_m(), PEOPLE, backend="builtin")
    mon.feed(report("A", 1, "kehadiran", 95))
    for bad, code in [(report("Z", 1, "kehadiran", 1), "unknown-consultant"),
                      (report("A", 1, "sertifikasi", 1), "unknown-indicator"),
                      (report("A", 13, "kehadiran", 1), "bad-month"),
                      (report("A", 2, "kehadiran", -1), "out-of-range"),
                      (report("A", 1, "kehadiran", 95), "duplicate-report")]:
        with pytest.raises(DataError) as info:
            mon.feed(bad)
        assert [p.code for p in info.value.problems] == [code]
    assert mon.month == 1


def test_monitor_config_is_checked() -> None:
    """No monitoring section, an unknown field, or an unknown backend are refused."""
    with pytest.raises(PolicyError, match="no 'monitoring:' section"):
        Monitor(parse_policy(MINIMAL, "plain.yaml"), PEOPLE)
    with pytest.raises(DataError, match="unknown field 'pemasarn'"):
        Monitor(policy_m(), [Consultant(id="X", name="X", unit="pkp", field="pemasarn",
                                        appointed=2016)])
    with pytest.raises(ValueError, match="unknown backend"):
        Monitor(policy_m(), PEOPLE, backend="drools")  # type: ignore[arg-type]
    mon = Monitor(policy_m(), PEOPLE)
    with pytest.raises(AttributeError):
        mon.backend = "builtin"  # type: ignore[misc]


@functools.cache
def division_policy() -> Policy:
    """A policy whose warning divides by months_missing, loaded once."""
    return parse_policy(MINIMAL + "monitoring:\n  warnings:\n    - id: bagi\n"
                        "      when: month > 0 and cumulative_kehadiran / months_missing > 1\n",
                        "bagi.yaml")


@pytest.mark.parametrize("backend", ["durable", "builtin"])
def test_division_by_zero_is_an_error(backend: Backend) -> None:
    """An unguarded division by zero names the consultant and the warning on both backends."""
    mon = Monitor(division_policy(), PEOPLE[:1], backend=backend)
    with pytest.raises(EvaluationError) as info:
        mon.feed(report("A", 1, "kehadiran", 95))
    assert "consultant A: warning 'bagi' divides by zero" in str(info.value)


# --------------------------------------------------------------------------- properties

INDICATORS = {"A": ("akses_pasar", "kehadiran"), "B": ("sertifikasi", "kehadiran")}


@st.composite
def report_sets(draw: st.DrawFn) -> list[MonthlyReport]:
    keys = draw(st.lists(
        st.tuples(st.sampled_from(["A", "B"]), st.integers(1, 12), st.integers(0, 1)),
        unique=True, max_size=30))
    return [report(c, m, INDICATORS[c][i], draw(st.sampled_from(
        [0, 1, 2, 3, 4, 5, 10, 80, 95, 100, "2.5", "0.01"]))) for c, m, i in keys]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_sets(), st.randoms(use_true_random=False))
def test_feeding_order_does_not_change_the_final_warnings(
        reports: list[MonthlyReport], rnd: object) -> None:
    """Any order of the same reports gives the same final warnings."""
    shuffled = list(reports)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    one = Monitor(policy_m(), PEOPLE, backend="durable")
    two = Monitor(policy_m(), PEOPLE, backend="durable")
    for r in reports:
        one.feed(r)
    for r in shuffled:
        two.feed(r)
    assert one.warnings() == two.warnings()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_sets())
def test_durable_and_reference_agree(reports: list[MonthlyReport]) -> None:
    """durable_rules and the plain-Python reference raise the same warnings at every step."""
    durable = Monitor(policy_m(), PEOPLE, backend="durable")
    reference = Monitor(policy_m(), PEOPLE, backend="builtin")
    for r in reports:
        assert durable.feed(r) == reference.feed(r)
        assert durable.warnings() == reference.warnings()


def test_many_consultants_through_durable() -> None:
    """More events than one chunk: every session is deleted, every event answered."""
    people = [Consultant(id=f"K{i:04d}", name="x", unit="pkp", field="pemasaran",
                         appointed=2016) for i in range(300)]
    durable = Monitor(policy_m(), people, backend="durable")
    reference = Monitor(policy_m(), people, backend="builtin")
    reports = [report(c.id, 3, "akses_pasar", i % 7) for i, c in enumerate(people)]
    for mon in (durable, reference):
        mon.feed_all(reports)
    assert durable.warnings() == reference.warnings()
    assert len(durable.warnings()) > 300


# --------------------------------------------------------------------------- files & sample


def test_read_monthly_reports_number_rules(tmp_path: Path) -> None:
    """The achievements number rules and FILE:LINE problems apply to monthly reports."""
    good = tmp_path / "ok.csv"
    good.write_text("consultant;month;indicator;achievement\nA;1;kehadiran;82,5\n",
                    encoding="utf-8")
    reports, problems = read_monthly_reports(good)
    assert problems == [] and reports[0].achievement == Fraction(165, 2)
    bad = tmp_path / "bad.csv"
    bad.write_text("consultant,month,indicator,achievement\nA,1,kehadiran,\"1,250\"\n"
                   "A,13,kehadiran,1\nA,,kehadiran,1\nA,2.5,kehadiran,1\n", encoding="utf-8")
    reports, problems = read_monthly_reports(bad, display="bad.csv")
    assert reports == []
    assert [(str(p.location), p.code) for p in problems] == [
        ("bad.csv:2", "ambiguous-number"), ("bad.csv:3", "bad-month"),
        ("bad.csv:4", "missing-value"), ("bad.csv:5", "bad-month")]
    header = tmp_path / "header.csv"
    header.write_text("consultant,bulan,indicator,achievement\nA,1,kehadiran,1\n",
                      encoding="utf-8")
    _, problems = read_monthly_reports(header)
    assert {p.code for p in problems} == {"unknown-column", "missing-column"}


def test_sample_story() -> None:
    """The shipped monthly sample raises the few warnings its story tells."""
    people, problems = read_consultants(sample_path("consultants.csv"))
    reports, more = read_monthly_reports(sample_path("monthly.csv"))
    assert problems == more == []
    mon = Monitor(load_policy(policy_path("2018")), people)
    mon.feed_all(reports)
    assert mon.month == 6
    assert kinds(mon.warnings()) == {
        ("PKP-03", "di-bawah-prorata", "produk_bersertifikat"),
        ("PKP-03", "indikator-wajib-terancam", "produk_bersertifikat"),
        ("PKP-07", "di-bawah-prorata", "mitra_baru"),
        ("TJP-04", "di-bawah-prorata", "promosi_pameran"),
        ("TJP-05", "di-bawah-prorata", "pelatihan"),
        ("TJP-05", "di-bawah-prorata", "peserta_pelatihan"),
        ("TJP-05", "di-bawah-prorata", "pendampingan_pascapelatihan"),
        ("TJP-05", "di-bawah-prorata", "ketaatan_pelaporan"),
        ("TJP-05", "laporan-bulan-hilang", None),
    }


# --------------------------------------------------------------------------- CLI


def test_cli_monitor_sample_table_and_json() -> None:
    """`plut-rules monitor` prints the sample's warnings; json agrees on both backends."""
    table = run("monitor")
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith(
        "CONTOH / SAMPLE — data contoh fiktif, bukan konsultan sungguhan\n"
        "Peringatan dini — kepbabel-plut 2018, sampai bulan 6 (338 laporan bulanan)\n")
    assert "[tinggi] indikator-wajib-terancam / produk_bersertifikat — policies/2018.yaml:" \
        in table.stdout
    assert "Jumlah: 9 peringatan (tinggi 1, sedang 8)" in table.stdout
    durable = run("monitor", "--format", "json")
    builtin = run("monitor", "--format", "json", "--backend", "builtin")
    assert durable.returncode == builtin.returncode == 0, durable.stderr + builtin.stderr
    assert durable.stdout == builtin.stdout
    doc = json.loads(durable.stdout)
    assert doc["month"] == 6 and len(doc["warnings"]) == 9 and doc["sample"] is True
    assert doc["policy"]["sha256"] == load_policy(policy_path("2018")).sha256
    missing = [w for w in doc["warnings"] if w["warning"] == "laporan-bulan-hilang"]
    assert missing == [{
        "warning": "laporan-bulan-hilang", "consultant": "TJP-05", "unit": "tanjung_pandan",
        "field": "sdm", "month": 6, "indicator": None, "severity": "medium",
        "message": "Ada laporan bulanan yang belum disampaikan", "when": "months_missing > 0",
        "values": {"months_missing": 2}, "source": missing[0]["source"]}]
    assert missing[0]["source"].startswith("policies/2018.yaml:")


def test_cli_monitor_reports_every_problem(tmp_path: Path) -> None:
    """Bad rows are listed with FILE:LINE, all at once, exit 1; no warnings printed."""
    bad = tmp_path / "bulanan.csv"
    bad.write_text("consultant,month,indicator,achievement\nPKP-01,1,kumkm_legalitas,x\n"
                   "PKP-99,1,kumkm_legalitas,1\nPKP-01,2,kumkm_legalitass,1\n"
                   "PKP-01,3,kehadiran,1\nPKP-01,3,kehadiran,2\n", encoding="utf-8")
    people = sample_path("consultants.csv")
    result = run("monitor", "--reports", bad, "--consultants", people, "--lang", "en")
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{bad}:2: achievement: 'x' is not a number")
    assert len(lines) == 2 and lines[1] == "1 error"
    fixed = tmp_path / "b2.csv"
    fixed.write_text("\n".join(bad.read_text().splitlines()[:1] + bad.read_text()
                               .splitlines()[2:]) + "\n", encoding="utf-8")
    result = run("monitor", "--reports", fixed, "--consultants", people, "--lang", "en")
    assert result.returncode == 1
    assert f"{fixed}:2: consultant: report for unknown consultant 'PKP-99'" in result.stderr
    assert "(did you mean 'kumkm_legalitas'?)" in result.stderr
    assert f"{fixed}:5: indicator: consultant PKP-01: month 3, indicator 'kehadiran' is " \
           "already reported" in result.stderr
    assert "3 errors" in result.stderr


def test_cli_monitor_without_section_is_exit_1(tmp_path: Path) -> None:
    """A policy without monitoring: is exit 1 with a message, no traceback."""
    result = run("monitor", "--policy", write(tmp_path, MINIMAL), "--sample", "--lang", "en")
    assert result.returncode == 1
    assert "no 'monitoring:' section" in result.stderr and "Traceback" not in result.stderr
