//! Findings with an honest history (issue 21): only an evaluation that passes resolves a
//! finding; a missing report is a finding from the day after its deadline; the digest's
//! headline and its findings come from one evaluation; every finding is listed, and one that
//! rests on an estimate says so. On the Cao Bằng July 2025 example and on small stores.

use std::fmt::Write as _;

#[path = "disbursement_support/mod.rs"]
mod disbursement_support;

use grdpsim::datasets::{cao_bang_2025, cao_bang_monitoring_2025, cao_bang_monitoring_policy};
use grdpsim::lang::Lang;
use grdpsim::monitoring::{
    Context, Digest, DigestFormat, Finding, History, Monitor, Rule, Severity, WarningPolicy,
};
use grdpsim::scenario::Target;
use grdpsim::Scenario;

/// The Cao Bằng July 2025 example: its monitoring, scenario and policy.
fn example() -> (Monitor, Scenario, WarningPolicy) {
    (
        cao_bang_monitoring_2025().unwrap(),
        cao_bang_2025().unwrap(),
        cao_bang_monitoring_policy().unwrap(),
    )
}

fn with(sc: &Scenario) -> Context<'_> {
    Context {
        scenario: Some(sc),
        as_of: None,
    }
}

fn find<'a>(findings: &'a [Finding], rule: Rule, subject: &str) -> Option<&'a Finding> {
    findings
        .iter()
        .find(|f| f.rule == rule && f.subject == subject)
}

fn in_digest<'a>(d: &'a Digest, rule: Rule, subject: &str) -> Option<&'a Finding> {
    d.findings()
        .find(|f| f.rule == rule && f.subject == subject)
}

/// Issue 21, observed 1: July's digest of the example, then August's with no August values
/// for `CN_GTSX` and `CN_IIP`. Their pace findings were printed as resolved; they are not
/// evaluated, with the reason, still red, and never under "resolved".
#[test]
fn an_indicator_that_stops_reporting_is_not_evaluated_not_resolved() {
    let (mut m, sc, p) = example();
    let cx = with(&sc);
    let july = m.digest(ym("2025-07"), &p, &cx).unwrap();
    for code in ["indicator:CN_GTSX", "indicator:CN_IIP"] {
        let f = in_digest(&july, Rule::BehindPace, code).unwrap();
        assert_eq!((f.severity, f.history), (Severity::Red, History::New));
    }
    let august = m.digest(ym("2025-08"), &p, &cx).unwrap();
    for code in [
        "indicator:CN_GTSX",
        "indicator:CN_IIP",
        "indicator:CN_GTSX:Q3",
        // The H2 target the scenario implies (derived by the example's link).
        "indicator:CN_GTSX:H2",
    ] {
        assert!(
            !august.resolved.iter().any(|f| f.subject == code),
            "{code} resolved without an August report"
        );
        let f = in_digest(&august, Rule::BehindPace, code).unwrap();
        assert_eq!(f.history, History::NotEvaluated, "{code}");
        assert_eq!(f.found_in, "2025-07");
        assert_ne!(f.severity, Severity::Green);
        let why = f.statement(Lang::En);
        assert!(
            why.contains("the report for 2025-08 is not in yet (due 2025-09-10)"),
            "{why}"
        );
        assert!(
            f.statement(Lang::Vi)
                .contains("chưa có báo cáo tháng 2025-08"),
            "{}",
            f.statement(Lang::Vi)
        );
    }
    // Not counted as August's findings, but counted and printed as not evaluated.
    assert_eq!(august.not_evaluated(), 4);
    let text = august.render(Lang::En, DigestFormat::Text);
    let resolved_section = text
        .split("Resolved since")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    assert!(
        !resolved_section.contains("Industrial production"),
        "{text}"
    );
    assert!(
        text.contains("[red, not evaluated] Not evaluated: the report for 2025-08 is not in yet"),
        "{text}"
    );
    // The month's reports not in are named, whatever their history.
    let line = text
        .lines()
        .find(|l| l.contains("Not reported for 2025-08"))
        .unwrap_or_default();
    assert!(line.contains("(due 2025-09-10, not late yet)"), "{text}");
    assert!(
        line.contains("(CN_GTSX)") && line.contains("(CN_IIP)"),
        "{line}"
    );
    // Read back from the store as recorded (the web page), the same.
    let back = m.recorded_digest(ym("2025-08"), &p, &cx).unwrap();
    assert_eq!(back.not_evaluated(), 4);
    assert!(back
        .resolved
        .iter()
        .all(|f| !f.subject.starts_with("indicator:CN")));
    // September without August's nor September's reports: still carried, still from July.
    let september = m.digest(ym("2025-09"), &p, &cx).unwrap();
    let f = in_digest(&september, Rule::BehindPace, "indicator:CN_IIP").unwrap();
    assert_eq!(
        (f.history, f.found_in.as_str()),
        (History::NotEvaluated, "2025-07")
    );
}

/// Issue 21, observed 1 (second part): rules skipped for want of a scenario marked their
/// findings resolved.
#[test]
fn a_rule_skipped_for_want_of_a_scenario_resolves_nothing() {
    let (mut m, sc, p) = example();
    let with = with(&sc);
    let july = m.record(ym("2025-07"), &p, &with).unwrap();
    let scenario_rules = [Rule::RequiredAboveHistory, Rule::GapPp, Rule::Probability];
    let july_scenario: Vec<&Finding> = july
        .findings
        .iter()
        .filter(|f| scenario_rules.contains(&f.rule))
        .collect();
    assert!(july_scenario.len() >= 5);
    let august = m.record(ym("2025-08"), &p, &Context::default()).unwrap();
    assert!(
        august
            .resolved
            .iter()
            .all(|f| !scenario_rules.contains(&f.rule)),
        "{:?}",
        august.resolved
    );
    for f in july_scenario {
        let g = find(&august.findings, f.rule, &f.subject).unwrap();
        assert_eq!(g.history, History::NotEvaluated);
        assert!(
            g.reason
                .as_ref()
                .unwrap()
                .text(Lang::En)
                .contains("no scenario was given"),
            "{g:?}"
        );
    }
    // With the scenario again in September, they are evaluated: found again, persisting.
    let september = m.record(ym("2025-09"), &p, &with).unwrap();
    let f = find(&september.findings, Rule::Probability, "sector:GRDP").unwrap();
    assert_eq!(f.history, History::Persisting);
}

const INDICATORS: &str = "indicator,name_vi,name_en,unit,department,sector,kind
V,Giá trị,Value,bn VND,Dept A,CN,flow
";

fn store_with(months: &[(u32, f64)]) -> Monitor {
    fill(Monitor::in_memory("Test", 2025).unwrap(), months)
}

/// A flow `V` (target 1200 for the year) with the months given.
fn fill(mut m: Monitor, months: &[(u32, f64)]) -> Monitor {
    m.import_csv_str("ind.csv", INDICATORS, "t").unwrap();
    m.import_csv_str(
        "targets.csv",
        "indicator,period,basis,target\nV,year,plan,1200\n",
        "t",
    )
    .unwrap();
    add_months(&mut m, months);
    m
}

fn add_months(m: &mut Monitor, months: &[(u32, f64)]) {
    let mut csv = String::from("indicator,month,value,cumulative,yoy_pct\n");
    for (k, v) in months {
        let _ = writeln!(csv, "V,2025-{k:02},{v},,");
    }
    m.import_csv_str("values.csv", &csv, "t").unwrap();
}

fn at(d: &str) -> Context<'static> {
    Context {
        scenario: None,
        as_of: Some(d.parse().unwrap()),
    }
}

/// A late report: a finding from the day after the deadline (the 10th of the next month by
/// default), resolved once the values come.
#[test]
fn a_late_report_is_a_finding_then_resolved_when_it_comes() {
    let mut m = store_with(&[(1, 100.0), (2, 100.0)]);
    let p = WarningPolicy::default();
    let subject = "report:V:2025-03";
    // On the deadline, March's report is not late yet: its rule has not evaluated it.
    let on = m.record(ym("2025-03"), &p, &at("2025-04-10")).unwrap();
    assert!(find(&on.findings, Rule::ReportMissing, subject).is_none());
    assert!(!on.coverage.evaluated(Rule::ReportMissing, subject));
    // The day after, it is a red finding.
    let after = m.record(ym("2025-03"), &p, &at("2025-04-11")).unwrap();
    let f = find(&after.findings, Rule::ReportMissing, subject).unwrap();
    assert_eq!((f.severity, f.history), (Severity::Red, History::New));
    // A month on, still missing: persisting.
    let april = m.record(ym("2025-04"), &p, &at("2025-05-11")).unwrap();
    let f = find(&april.findings, Rule::ReportMissing, subject).unwrap();
    assert_eq!(f.history, History::Persisting);
    // March's values come: evaluated and passed, resolved.
    add_months(&mut m, &[(3, 100.0), (4, 100.0)]);
    let may = m.record(ym("2025-05"), &p, &at("2025-06-10")).unwrap();
    assert!(find(&may.findings, Rule::ReportMissing, subject).is_none());
    let r = find(&may.resolved, Rule::ReportMissing, subject).unwrap();
    assert_eq!(
        (r.history, r.found_in.as_str()),
        (History::Resolved, "2025-04")
    );
    // Each month compares with the last one recorded before it, and a later deadline in the
    // policy moves the as-of and the finding alike.
    let later = WarningPolicy::from_toml_str("[reports]\ndue_days = 20\n").unwrap();
    let late = m
        .evaluate(ym("2025-06"), &later, &Context::default())
        .unwrap();
    assert_eq!(late.as_of.to_string(), "2025-07-20");
    assert!(late.as_of_default);
    assert!(WarningPolicy::from_toml_str("[reports]\ndue_days = 4000\n").is_err());
}

/// The digest states its as-of in its first line, and that it is the report deadline when
/// it was not given.
#[test]
fn the_digest_states_its_as_of_in_its_first_line() {
    let mut m = store_with(&[(1, 100.0)]);
    let p = WarningPolicy::default();
    let d = m.digest(ym("2025-01"), &p, &Context::default()).unwrap();
    let en = d.render(Lang::En, DigestFormat::Text);
    assert_eq!(
        en.lines().next().unwrap(),
        "Monthly monitoring digest 2025-01 — Test, as of 2025-02-10 (the report deadline)"
    );
    let vi = d.render(Lang::Vi, DigestFormat::Text);
    assert!(vi
        .lines()
        .next()
        .unwrap()
        .ends_with("số liệu đến 2025-02-10 (hạn báo cáo)"));
    let d = m.digest(ym("2025-01"), &p, &at("2025-01-31")).unwrap();
    assert!(d
        .render(Lang::En, DigestFormat::Markdown)
        .lines()
        .next()
        .unwrap()
        .ends_with("as of 2025-01-31"));
}

/// Issue 21, observed 3: the digest page's headline said 50% and the finding on the same page
/// 4%. The headline is recorded with the findings, from the same probability; a page served
/// with another scenario shows the recorded figures and says that the scenario given differs.
#[test]
fn the_headline_and_the_probability_finding_are_one_figure() {
    let (mut m, sc, p) = example();
    let cx = with(&sc);
    let d = m.digest(ym("2025-07"), &p, &cx).unwrap();
    let finding = in_digest(&d, Rule::Probability, "sector:GRDP").unwrap();
    assert_eq!(d.headline.p_reach, Some(finding.figure));
    assert!((finding.figure - 0.037).abs() < 0.001);
    // The model is named alike in the headline and the finding, in both languages.
    for lang in [Lang::En, Lang::Vi] {
        let model = d.headline.p_model.as_ref().unwrap().text(lang).to_owned();
        let line = d
            .headline
            .lines(lang)
            .into_iter()
            .find(|l| l.contains(&model))
            .unwrap_or_default();
        assert!(line.contains("4%"), "{line}");
        assert!(
            finding.message(lang).contains(&model),
            "{}",
            finding.message(lang)
        );
    }
    // Another scenario (the annual target lowered to 7%): the recorded page keeps the
    // recorded figure, equal to its finding, and says the scenario given differs.
    let other = sc.with_targets(&[Target::new("Y", "GRDP", 7.0)]).unwrap();
    let served = with(&other);
    let page = m.recorded_digest(ym("2025-07"), &p, &served).unwrap();
    let finding = in_digest(&page, Rule::Probability, "sector:GRDP").unwrap();
    assert_eq!(page.headline.p_reach, Some(finding.figure));
    assert!(
        page.notes.iter().any(|n| n
            .text(Lang::En)
            .contains("The scenario given gives other figures")),
        "{:?}",
        page.notes
    );
    // With the scenario it was recorded with, no such note.
    let same = m.recorded_digest(ym("2025-07"), &p, &cx).unwrap();
    assert!(!same
        .notes
        .iter()
        .any(|n| n.text(Lang::En).contains("other figures")));
    assert_eq!(same.headline, d.headline);
}

/// Issue 21, observed 5: the printed digest cut each department to 5 findings ("… 3 more")
/// with no way to see them. Every format lists every finding; `top` shortens it and says how
/// many it left out.
#[test]
fn the_digest_lists_every_finding_unless_shortened_and_says_so() {
    let (mut m, sc, p) = example();
    let cx = with(&sc);
    let d = m.digest(ym("2025-07"), &p, &cx).unwrap();
    let n = d.findings().count();
    assert!(d.groups.iter().any(|g| g.findings.len() > 5));
    for format in [
        DigestFormat::Text,
        DigestFormat::Markdown,
        DigestFormat::Html,
    ] {
        for lang in [Lang::En, Lang::Vi] {
            let out = d.render(lang, format);
            for f in d.findings() {
                let text = f.statement(lang);
                // What no format escapes: the text up to its first special character.
                let head: String = text
                    .chars()
                    .take_while(|c| !"&<>\"'*_[]\\`#".contains(*c))
                    .take(40)
                    .collect();
                assert!(out.contains(&head), "{format:?} {lang:?}: {text}");
            }
            assert!(!out.contains("left out"), "{out}");
        }
    }
    let short = d.render_top(Lang::En, DigestFormat::Text, Some(2));
    let left: usize = d
        .groups
        .iter()
        .map(|g| g.findings.len().saturating_sub(2))
        .sum();
    assert!(left > 0);
    assert!(
        short.contains(&format!("Shortened: {left} findings left out")),
        "{short}"
    );
    let listed = short.lines().filter(|l| l.starts_with("- [")).count();
    assert_eq!(listed, n - left);
}

/// Issue 21, observed 5: XD's H1 13.3% was a red finding that did not say it is an estimate
/// (the tracking report lists it as "Estimated, not published"). Findings resting on it say
/// so in both languages; one on a published figure does not.
#[test]
fn a_finding_on_an_estimated_figure_says_so_in_both_languages() {
    let (m, sc, p) = example();
    assert_eq!(
        sc.source("H1", "XD").unwrap(),
        grdpsim::scenario::Source::Estimated
    );
    let cx = with(&sc);
    let found = m.evaluate(ym("2025-07"), &p, &cx).unwrap().findings;
    let xd = find(&found, Rule::GapPp, "sector:XD").unwrap();
    assert!(xd.estimated);
    assert!(
        xd.message(Lang::En).contains("13.3%")
            && xd.message(Lang::En).contains("estimated, not published"),
        "{}",
        xd.message(Lang::En)
    );
    // In Vietnamese, the period as Vietnamese readers name it.
    assert!(
        xd.message(Lang::Vi)
            .contains("của XD là số ước tính, chưa công bố riêng")
            && !xd.message(Lang::Vi).contains("H1"),
        "{}",
        xd.message(Lang::Vi)
    );
    let xd_required = find(&found, Rule::RequiredAboveHistory, "sector:XD").unwrap();
    assert!(xd_required.estimated);
    for f in &found {
        if f.rule == Rule::GapPp && !f.estimated {
            assert!(!f.message(Lang::En).contains("estimated"), "{f:?}");
            let sector = f.subject.trim_start_matches("sector:");
            assert_eq!(
                sc.source("H1", sector).unwrap(),
                grdpsim::scenario::Source::Actual
            );
        }
    }
}

/// A store recorded by the grdpsim before findings kept their history (schema 3) opens, is
/// migrated, and reads back: its findings as found that month, the month before's not found
/// again shown as not evaluated (nothing recorded that they passed), the headline computed
/// from the scenario given, with a note that says so.
#[test]
fn a_store_recorded_before_the_history_was_kept_opens_and_reads_honestly() {
    // Removed when dropped, also when an assertion below fails.
    let dir = tempfile::Builder::new()
        .prefix("grdpsim-history-")
        .tempdir()
        .unwrap();
    let path = dir.path().join("old.sqlite");
    let p = WarningPolicy::default();
    {
        let mut m = fill(
            Monitor::create(&path, "Old", 2025).unwrap(),
            &[(1, 50.0), (2, 50.0)],
        );
        m.record(ym("2025-01"), &p, &Context::default()).unwrap();
        m.record(ym("2025-02"), &p, &Context::default()).unwrap();
        // Back to schema 3: the findings table as it was, no digests, tasks without the
        // columns of schema 5.
        let c = disbursement_support::downgrade(&path, 4);
        c.execute_batch(
            "CREATE TABLE f3 (month TEXT NOT NULL, rule TEXT NOT NULL, subject TEXT NOT NULL,
                     severity TEXT NOT NULL, responsible TEXT NOT NULL, figure REAL, threshold REAL,
                     message_en TEXT NOT NULL, message_vi TEXT NOT NULL,
                     PRIMARY KEY (month, rule, subject)) WITHOUT ROWID;
                 INSERT INTO f3 SELECT month, rule, subject, severity, responsible, figure,
                     threshold, message_en, message_vi FROM findings WHERE history <> 'resolved';
                 DROP TABLE findings; ALTER TABLE f3 RENAME TO findings; DROP TABLE digests;
                 DELETE FROM schema_version WHERE version > 3;",
        )
        .unwrap();
        assert_eq!(m.tracker().store().schema_version().unwrap(), 3);
    }
    let m = Monitor::open(&path).unwrap();
    assert_eq!(
        m.tracker().store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    let feb = m.recorded(ym("2025-02"), &p).unwrap();
    let v = find(&feb.findings, Rule::BehindPace, "indicator:V").unwrap();
    assert_eq!(
        (v.history, v.found_in.as_str()),
        (History::Persisting, "2025-02")
    );
    assert!(feb.resolved.is_empty());
    let sc = cao_bang_2025().unwrap();
    let d = m.recorded_digest(ym("2025-02"), &p, &with(&sc)).unwrap();
    assert!(d.headline.p_reach.is_some());
    assert!(d
        .notes
        .iter()
        .any(|n| n.text(Lang::En).contains("earlier grdpsim")));
    drop(m);
}

/// A month `YYYY-MM` of the tests (the library takes a typed month).
fn ym(text: &str) -> grdpsim::date::Month {
    text.parse().unwrap()
}
