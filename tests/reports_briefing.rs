//! The weekly disbursement briefing as a document (issues 24 and 26): its first paragraph
//! states the province's rate and the change split into payments and plan revisions, in
//! Vietnamese and English, and its workbook has the reader's sheet names.

mod disbursement_support;

use calamine::{open_workbook_auto, Data, Reader};
use disbursement_support::TempDir;
use grdpsim::disbursement::{Level, ProposalOptions, Tracker};
use grdpsim::document::{Block, Document};
use grdpsim::lang::Lang;
use grdpsim::monitoring::Date;
use grdpsim::reports::briefing::briefing;
use grdpsim::GrdpsimError;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn example() -> Tracker {
    grdpsim::datasets::cao_bang_disbursement_2025().unwrap()
}

fn first_paragraph(doc: &Document) -> &str {
    doc.blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph(p) => Some(p.as_str()),
            _ => None,
        })
        .unwrap()
}

/// 31 July 2025 against 30 June: 41.8% → 26.8%, +5.3 pp from payments and −20.3 pp from 66
/// plan revisions, the figures written as each language writes them.
#[test]
fn the_first_paragraph_states_the_rate_and_its_change_split_in_both_languages() {
    let t = example();
    let s = t
        .status_between(d("2025-06-30"), d("2025-07-31"), Level::Province)
        .unwrap();
    let p = &s.total;
    for lang in Lang::ALL {
        let doc = briefing(&t, d("2025-07-31"), d("2025-06-30"), lang).unwrap();
        let first = first_paragraph(&doc);
        let pp = lang.pick("pp", "điểm %");
        let arrow = format!(
            "{}% → {}%",
            lang.number(p.rate_before_pct, 1),
            lang.number(p.rate_pct, 1)
        );
        let payments = format!("{} {pp}", lang.signed(p.from_payments_pp, 1));
        let plan = format!("{} {pp}", lang.signed(p.from_plan_pp, 1));
        let revisions = format!(
            "{} {}",
            s.revisions.len(),
            lang.pick("plan revisions", "lượt điều chỉnh kế hoạch vốn")
        );
        let paid = lang.grouped(p.paid, 1);
        for part in [&arrow, &payments, &plan, &revisions, &paid] {
            assert!(first.contains(part.as_str()), "{part:?} not in {first:?}");
        }
        assert_eq!(doc.lang, lang);
        assert!(doc.to_text().contains(first));
    }
    // The published figures, in Vietnamese notation.
    let vi = briefing(&t, d("2025-07-31"), d("2025-06-30"), Lang::Vi).unwrap();
    let first = first_paragraph(&vi);
    for part in [
        "41,8% → 26,8%",
        "+5,3 điểm % do thanh toán",
        "-20,3 điểm % do 66 lượt điều chỉnh",
    ] {
        assert!(first.contains(part), "{part:?} not in {first:?}");
    }
    // Amounts are grouped as Vietnamese writes them: the paid figure has its thousands dotted.
    let paid = Lang::Vi.grouped(p.paid, 1);
    assert!(paid.contains('.') && first.contains(&paid), "{paid}");
    let en = briefing(&t, d("2025-07-31"), d("2025-06-30"), Lang::En).unwrap();
    assert!(first_paragraph(&en).contains("41.8% → 26.8%"));
}

/// Each investor's change in the ranking is its own status's change since `since`.
#[test]
fn the_ranking_gives_each_investor_its_change_since_the_date_asked() {
    let t = example();
    let doc = briefing(&t, d("2025-07-31"), d("2025-06-30"), Lang::En).unwrap();
    let ranking = doc
        .tables()
        .find(|t| t.caption() == "Investors by disbursement rate")
        .unwrap();
    let header: Vec<&str> = ranking
        .columns()
        .iter()
        .map(|c| c.header.as_str())
        .collect();
    let col = header
        .iter()
        .position(|h| *h == "Change since 2025-06-30 (pp)")
        .unwrap();
    let investors = t
        .status_between(d("2025-06-30"), d("2025-07-31"), Level::Investor)
        .unwrap();
    assert_eq!(ranking.rows().len(), investors.rows.len());
    for row in ranking.rows() {
        let grdpsim::document::Cell::Text(code) = &row[1] else {
            panic!("{row:?}")
        };
        let expected = investors.rows.iter().find(|r| &r.key == code).unwrap();
        match &row[col] {
            grdpsim::document::Cell::Number(x) => {
                assert!((x - expected.change_pp).abs() < 1e-12, "{code}");
            }
            other => assert!(!expected.change_pp.is_finite(), "{code}: {other:?}"),
        }
    }
}

#[test]
fn the_workbook_opens_with_sheets_and_headers_in_the_reader_s_language() {
    let t = example();
    let dir = TempDir::new("briefing-xlsx");
    let as_of = d("2025-07-31");
    let since = d("2025-07-24");
    let path = dir.0.join("briefing.xlsx");
    briefing(&t, as_of, since, Lang::Vi)
        .unwrap()
        .write_xlsx(&path)
        .unwrap();
    let mut wb = open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Báo cáo",
            "Nguồn vốn",
            "Xếp hạng",
            "Kiến nghị",
            "Chậm kế hoạch",
            "Không giải ngân",
            "Vướng mắc quá hạn",
            "Vướng mắc báo cáo tỉnh",
            "Chênh lệch Kho bạc",
            "Điều chỉnh kế hoạch",
            "Tạm ứng",
            "Tạm ứng quá hạn",
        ]
    );
    // The front sheet says which week and how many projects reported it.
    let front = wb.worksheet_range("Báo cáo").unwrap();
    let coverage = t.coverage(as_of).unwrap();
    assert_eq!(
        front.rows().nth(1).unwrap()[0],
        Data::String(format!(
            "{}; số liệu Kho bạc Nhà nước; triệu đồng",
            coverage.describe(Lang::Vi)
        ))
    );
    // The province's row: the rate as a number, the headers in Vietnamese.
    let sources = wb.worksheet_range("Nguồn vốn").unwrap();
    let header = sources.rows().nth(1).unwrap();
    assert_eq!(header[0], Data::String("Nguồn vốn".into()));
    assert_eq!(header[3], Data::String("Tỷ lệ %".into()));
    let last = sources.rows().next_back().unwrap();
    assert_eq!(last[0], Data::String("Toàn tỉnh".into()));
    let Data::Float(rate) = last[3] else {
        panic!("{last:?}")
    };
    assert!((rate - 26.8).abs() < 0.01, "{rate}");
    // One row per proposal, in Vietnamese.
    let proposals = wb.worksheet_range("Kiến nghị").unwrap();
    let expected = t.proposals(as_of, &ProposalOptions::default()).unwrap();
    assert_eq!(proposals.rows().count(), expected.len() + 2);
    let first = proposals.rows().nth(2).unwrap();
    assert_eq!(first[6], Data::String(expected[0].message_vi.clone()));
    // In English: the English names.
    let en = dir.0.join("briefing-en.xlsx");
    briefing(&t, as_of, since, Lang::En)
        .unwrap()
        .write_xlsx(&en)
        .unwrap();
    let wb = open_workbook_auto(&en).unwrap();
    assert_eq!(wb.sheet_names()[..3], ["Report", "By source", "Ranking"]);
}

#[test]
fn the_workbook_is_written_atomically() {
    let t = example();
    let doc = briefing(&t, d("2025-07-31"), d("2025-07-24"), Lang::Vi).unwrap();
    disbursement_support::assert_writes_workbooks_atomically(
        "briefing-atomic",
        "briefing.xlsx",
        |p| doc.write_xlsx(p),
    );
}

#[test]
fn a_since_after_as_of_is_refused_naming_it() {
    let t = example();
    let err = briefing(&t, d("2025-07-31"), d("2025-08-07"), Lang::Vi).unwrap_err();
    assert!(
        matches!(&err, GrdpsimError::InvalidDate { argument, value, .. }
            if argument == "since" && value == "2025-08-07"),
        "{err}"
    );
}

/// Issue 26 §2.3b: the example's advances in the briefing for the Chair. By the example's rule
/// (30 projects, advances of 400 + 50·(n mod 9) and eight of 250, 40% of the even ones
/// recovered on 20 June, 100 more of every third on 20 August): 17,550 + 2,000 advanced,
/// 3,540 recovered by 31 July (August's not yet), 16,010 outstanding; the eight of 10 January
/// are past 180 days, 60% of 4,750 outstanding: 2,850.
#[test]
fn the_briefing_has_advances_and_recoveries_for_the_chair() {
    let t = example();
    let doc = briefing(&t, d("2025-07-31"), d("2025-07-24"), Lang::Vi).unwrap();
    let at = doc
        .blocks
        .iter()
        .position(
            |b| matches!(b, Block::Heading { text, .. } if text == "Tạm ứng và thu hồi tạm ứng"),
        )
        .expect("the section");
    let Block::Paragraph(p) = &doc.blocks[at + 1] else {
        panic!("{:?}", doc.blocks[at + 1])
    };
    assert!(
        p.starts_with(
            "Dư tạm ứng đến ngày 2025-07-31: 16.010,0 triệu đồng (đã tạm ứng 19.550,0, \
             đã thu hồi 3.540,0;"
        ),
        "{p}"
    );
    assert!(
        p.contains("Tạm ứng quá 180 ngày chưa thu hồi: 8 (2.850,0 triệu đồng)"),
        "{p}"
    );
    let Block::Table(by_investor) = &doc.blocks[at + 2] else {
        panic!("{:?}", doc.blocks[at + 2])
    };
    let investors = t
        .advance_balances(
            d("2025-07-31"),
            grdpsim::disbursement::AdvanceLevel::Investor,
        )
        .unwrap();
    assert_eq!(by_investor.rows().len(), investors.len());
    let Block::Table(aged) = &doc.blocks[at + 3] else {
        panic!("{:?}", doc.blocks[at + 3])
    };
    assert_eq!(aged.rows().len(), 8);
    // In English too; a store with no advance has no such section.
    let en = briefing(&t, d("2025-07-31"), d("2025-07-24"), Lang::En).unwrap();
    assert!(en
        .to_text()
        .contains("Advances outstanding on 2025-07-31: 16,010.0 million VND"));
    let empty = Tracker::in_memory("x", 2025).unwrap();
    let doc = briefing(&empty, d("2025-07-31"), d("2025-07-24"), Lang::Vi).unwrap();
    assert!(!doc.to_text().contains("Tạm ứng và thu hồi tạm ứng"));
}
