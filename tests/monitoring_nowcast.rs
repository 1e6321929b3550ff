//! From the departments' monthly reports to the scenario: an indicator's months nowcast its
//! sector's next quarter, which enters the scenario as a provisional actual (issue 11).

use grdpsim::datasets::{cao_bang_2025, cao_bang_monitoring_2025};
use grdpsim::disaggregation::nowcast::{nowcast, NowcastOptions};
use grdpsim::lang::Lang;
use grdpsim::levels::PriceBasis;
use grdpsim::period::Period;
use grdpsim::scenario::Actual;
use grdpsim::GrdpsimError;
use ndarray::{Array1, Array2};

fn options() -> NowcastOptions {
    NowcastOptions::default()
}

#[test]
fn the_july_industry_value_nowcasts_industry_in_q3() {
    let monitor = cao_bang_monitoring_2025().unwrap();
    let scenario = cao_bang_2025().unwrap();
    let n = monitor.nowcast(&scenario, "CN_GTSX", &options()).unwrap();
    assert_eq!(n.sector, "CN");
    assert_eq!((n.period.as_str(), n.year), ("Q3", 2025));
    // The monthly reports start in January 2024, so the quarters do too.
    assert_eq!(n.quarters, ("2024Q1".to_owned(), "2025Q2".to_owned()));
    assert_eq!(n.months, ("2024-01".to_owned(), "2025-07".to_owned()));
    assert_eq!((n.quarterly.len(), n.monthly.len()), (6, 19));
    assert_eq!(n.nowcast.observed, 1);
    assert!(n.months_beyond.is_empty());
    // Industry's own Q1 was not published (only CNXD's): the series says so.
    assert_eq!(n.estimated, vec!["Q1".to_owned()]);
    assert!(n.provisional.is_empty());
    assert!(n.nowcast.provisional);

    // The same figures by hand: base accounts for 2024, the published Q2 growth on 2024 Q2,
    // and the scenario's estimate for Q1; the monthly values as reported.
    let base = scenario.base();
    let cn_2024: Vec<f64> = (1..=4)
        .map(|q| {
            base.level(Period::new(2024, q, q).unwrap(), "CN", PriceBasis::Constant)
                .unwrap()
        })
        .collect();
    let q1 = scenario.level("Q1", "CN").unwrap();
    let q2 = cn_2024[1] * (1.0 + scenario.actual_growth("Q2", "CN").unwrap().unwrap() / 100.0);
    assert!(
        (q2 - cn_2024[1] * 1.0187).abs() < 1e-6 * q2,
        "Q2 is the published +1.87%"
    );
    let y: Array1<f64> = cn_2024.iter().copied().chain([q1, q2]).collect();
    for (a, b) in y.iter().zip(&n.quarterly) {
        assert!((a - b).abs() <= 1e-9 * a.abs(), "{a} vs {b}");
    }
    let (_, months) = monitor.monthly_series("CN_GTSX").unwrap();
    assert_eq!(months.len(), 19);
    assert!(
        (months[18] - (3583.0 - 3010.0)).abs() < 1e-9,
        "July = cumulative − June's"
    );
    let x = Array2::from_shape_vec((19, 1), months).unwrap();
    let direct = nowcast(y.view(), x.view(), &options()).unwrap();
    assert!((direct.level - n.nowcast.level).abs() <= 1e-9 * direct.level);
    let g = n.nowcast.growth_on_year_pct.unwrap();
    assert!((g - direct.growth_on_year_pct.unwrap()).abs() < 1e-9);
    // Growth on the year before is the level over 2024 Q3 (the base), finite and plausible.
    assert!((g - 100.0 * (n.nowcast.level / cn_2024[2] - 1.0)).abs() < 1e-9);
    let (lo, hi) = n.nowcast.growth_on_year_interval_pct.unwrap();
    assert!(lo < g && g < hi);
}

#[test]
fn applying_the_nowcast_makes_a_provisional_q3_and_changes_what_q4_needs() {
    let monitor = cao_bang_monitoring_2025().unwrap();
    let scenario = cao_bang_2025().unwrap();
    let n = monitor.nowcast(&scenario, "CN_GTSX", &options()).unwrap();
    let with = n.apply(&scenario).unwrap();
    assert!(with.is_provisional("Q3", "CN").unwrap());
    assert!(!scenario.is_provisional("Q3", "CN").unwrap());
    let g = with.actual_growth("Q3", "CN").unwrap().unwrap();
    assert!((g - n.nowcast.growth_on_year_pct.unwrap()).abs() < 1e-9);
    assert!(with.actuals().contains(&n.actual()));
    let note = with.notes().last().unwrap();
    assert_eq!(note.text(Lang::En), n.note(Lang::En));
    assert_eq!(note.text(Lang::Vi), n.note(Lang::Vi));
    // Published quarters are untouched.
    for p in ["Q2", "H1"] {
        assert_eq!(
            with.actual_growth(p, "CN").unwrap(),
            scenario.actual_growth(p, "CN").unwrap()
        );
    }
    // The remaining quarters now hold industry's Q3 at the nowcast, so what the target asks
    // of Q4 moves.
    let opts = grdpsim::scenario::RequiredOptions::new(grdpsim::scenario::Policy::Proportional);
    let (before, after) = (
        scenario.required_growth(&opts).unwrap(),
        with.required_growth(&opts).unwrap(),
    );
    let q3 = |r: &grdpsim::scenario::RequiredGrowth| {
        r.sector("CN")
            .unwrap()
            .by_quarter
            .iter()
            .find(|q| q.period == "Q3")
            .map(|q| q.growth_pct)
    };
    assert!((q3(&after).unwrap() - g).abs() < 1e-9, "{:?}", q3(&after));
    assert!((q3(&before).unwrap() - g).abs() > 0.01);
    // GRDP still needs the same over H2; industry below its plan in Q3 leaves more to the
    // free sectors.
    assert!((after.grdp_pct - before.grdp_pct).abs() < 1e-9);
    let dv = |r: &grdpsim::scenario::RequiredGrowth| r.sector("DV").unwrap().required_pct;
    assert!(
        dv(&after) > dv(&before) + 1e-6,
        "{} vs {}",
        dv(&after),
        dv(&before)
    );
    // A nowcast never replaces an actual figure: once Q3 is known, it is refused.
    let published = scenario
        .with_actuals(&[Actual::growth("Q3", "CN", 3.0)])
        .unwrap();
    let err = n.apply(&published).unwrap_err();
    assert!(
        matches!(&err, GrdpsimError::InvalidArgument { name, message }
            if name == "period" && message.contains("CN Q3 2025")),
        "{err}"
    );
    // And with Q3 known the next quarter is Q4, which July does not reach.
    let err = monitor
        .nowcast(&published, "CN_GTSX", &options())
        .unwrap_err();
    assert!(err.to_string().contains("2025Q4"), "{err}");
}

#[test]
fn the_note_says_where_the_figure_came_from_in_both_languages() {
    let monitor = cao_bang_monitoring_2025().unwrap();
    let n = monitor
        .nowcast(&cao_bang_2025().unwrap(), "CN_GTSX", &options())
        .unwrap();
    let g = n.nowcast.growth_on_year_pct.unwrap();
    let en = n.note(Lang::En);
    let vi = n.note(Lang::Vi);
    // The figure as each language writes it: `+4.12%`, `+4,12%`.
    for (text, g) in [
        (&en, format!("{g:+.2}%")),
        (&vi, format!("{g:+.2}%").replace('.', ",")),
    ] {
        assert!(text.contains(&g) && text.contains("CN_GTSX"), "{text}");
        assert!(
            text.contains("2024-01") && text.contains("2025-07"),
            "{text}"
        );
    }
    assert!(
        en.contains("provisional")
            && en.contains("2025Q3: provisional")
            && en.contains("2025Q1 estimated"),
        "{en}"
    );
    assert!(
        vi.contains("Quý III/2025: sơ bộ") && vi.contains("Quý I/2025 là ước tính"),
        "{vi}"
    );
}

#[test]
fn months_after_the_quarter_are_listed_not_used() {
    let mut monitor = cao_bang_monitoring_2025().unwrap();
    monitor
        .import_csv_str(
            "late.csv",
            "indicator,month,value,cumulative,yoy_pct\n\
             CN_GTSX,2025-08,600,,\nCN_GTSX,2025-09,640,,\nCN_GTSX,2025-10,690,,\n",
            "t",
        )
        .unwrap();
    let n = monitor
        .nowcast(&cao_bang_2025().unwrap(), "CN_GTSX", &options())
        .unwrap();
    assert_eq!(n.nowcast.observed, 3);
    assert_eq!(n.months.1, "2025-09");
    assert_eq!(n.months_beyond, vec!["2025-10".to_owned()]);
    // With the quarter's three months observed, the nowcast is their sum's disaggregation:
    // the months of Q3 are exactly the reported ones.
    let hf = &n.nowcast.high_frequency;
    assert_eq!(hf.len(), 3);
    let last3: Vec<f64> = n
        .monthly
        .iter()
        .skip(n.monthly.len() - 3)
        .copied()
        .collect();
    assert_eq!(last3, vec![3583.0 - 3010.0, 600.0, 640.0]);
}

#[test]
fn indicators_that_cannot_nowcast_say_why() {
    let monitor = cao_bang_monitoring_2025().unwrap();
    let scenario = cao_bang_2025().unwrap();
    let invalid = |code: &str| match monitor.nowcast(&scenario, code, &options()) {
        Err(GrdpsimError::InvalidArgument { name, message }) => (name, message),
        other => panic!("{code}: {other:?}"),
    };
    let (name, message) = invalid("CN_IIP");
    assert_eq!(name, "indicator");
    assert!(
        message.contains("index") && message.contains("2025-01"),
        "{message}"
    );
    let (_, message) = invalid("XNK");
    assert!(message.contains("informs no sector"), "{message}");
    let (_, message) = invalid("NOPE");
    assert!(message.contains("NOPE"), "{message}");

    // A month missing in the middle: named.
    let mut holed = grdpsim::monitoring::Monitor::in_memory("Test", 2025).unwrap();
    holed
        .import_csv_str(
            "ind.csv",
            "indicator,name_vi,name_en,unit,department,sector,kind\nV,Giá trị,Value,bn,D,CN,flow\n",
            "t",
        )
        .unwrap();
    holed
        .import_csv_str(
            "v.csv",
            "indicator,month,value,cumulative,yoy_pct\nV,2025-01,1,,\nV,2025-03,1,,\n",
            "t",
        )
        .unwrap();
    let err = holed.nowcast(&scenario, "V", &options()).unwrap_err();
    assert!(err.to_string().contains("2025-02"), "{err}");

    // A store of another year.
    let other = grdpsim::monitoring::Monitor::in_memory("Test", 2026).unwrap();
    let err = other.nowcast(&scenario, "V", &options()).unwrap_err();
    assert!(err.to_string().contains("not an indicator"), "{err}");
}

#[test]
fn a_store_of_another_year_is_refused() {
    let mut m = grdpsim::monitoring::Monitor::in_memory("Test", 2026).unwrap();
    m.import_csv_str(
        "ind.csv",
        "indicator,name_vi,name_en,unit,department,sector,kind\nV,Giá trị,Value,bn,D,CN,flow\n",
        "t",
    )
    .unwrap();
    match m.nowcast(&cao_bang_2025().unwrap(), "V", &options()) {
        Err(GrdpsimError::InvalidArgument { name, message }) => {
            assert_eq!(name, "year");
            assert!(
                message.contains("2026") && message.contains("2025"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_history_too_short_names_the_indicator_and_its_months() {
    // Tourism revenue is reported from January 2025 only: no year before to complete August.
    let err = cao_bang_monitoring_2025()
        .unwrap()
        .nowcast(&cao_bang_2025().unwrap(), "DL_DT", &options())
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("DL_DT") && text.contains("2025-01 to 2025-07") && text.contains("DV 2025Q3"),
        "{text}"
    );
    assert!(text.contains("12"), "{text}");
}
