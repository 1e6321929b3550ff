//! Notes in both languages (issue 12): the Cao Bằng dataset explains its Q1 revision and its Q2
//! gap in English and in Vietnamese; a note written once (a user's own, or a plain string in an
//! older scenario file) reads the same in both; files, snapshots and workbooks keep both texts.

#[path = "disbursement_support/mod.rs"]
mod support;

use grdpsim::lang::{Lang, Note};
use grdpsim::{datasets, Scenario};
use support::TempDir;

#[test]
fn cao_bang_notes_are_written_in_both_languages() {
    let cb = datasets::cao_bang_2025().unwrap();
    let (en, vi) = (cb.notes_in(Lang::En), cb.notes_in(Lang::Vi));
    assert_eq!(en.len(), 2);
    assert_eq!(vi.len(), 2);
    for (e, v) in en.iter().zip(&vi) {
        assert_ne!(e, v);
        assert!(v.contains("điểm phần trăm"), "{v}");
        assert!(!v.contains(" pp"), "{v}");
        // The same figures in both (the English note's percentages all appear in the other,
        // with a decimal comma: 6.56 is 6,56).
        for figure in e.split_whitespace().filter(|w| w.contains('%')) {
            let number: String = figure
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let number = number.trim_end_matches('.').replace('.', ",");
            assert!(v.contains(&number), "{number} in {v}");
        }
    }
    assert!(
        vi[0].starts_with("Quý I/2025") && vi[0].contains("điều chỉnh"),
        "{}",
        vi[0]
    );
    assert!(vi[1].starts_with("Quý II/2025"), "{}", vi[1]);
    let revised = cb.growth("Q1", "GRDP").unwrap();
    assert!(
        vi[0].contains(&format!("{}%", Lang::Vi.number(revised, 2))),
        "{}",
        vi[0]
    );
}

#[test]
fn a_plain_string_note_in_an_older_file_still_loads_and_reads_the_same_in_both() {
    let cb = datasets::cao_bang_2025().unwrap();
    let plain = Scenario::builder(cb.base().clone(), 2025)
        .target("Y", "GRDP", 8.0)
        .build()
        .unwrap();
    // An older file: notes were plain strings.
    let text = format!(
        "notes = [\"Seen by the committee on 5 August.\"]\n{}",
        plain.to_toml_string().unwrap()
    );
    let sc = Scenario::from_toml_str(&text, None).unwrap();
    assert_eq!(
        sc.notes_in(Lang::En),
        ["Seen by the committee on 5 August."]
    );
    assert_eq!(
        sc.notes_in(Lang::Vi),
        ["Seen by the committee on 5 August."]
    );
    assert_eq!(sc, plain);
    // Written back as the plain string it was.
    let again = sc.to_toml_string().unwrap();
    assert!(
        again.contains("notes = [\"Seen by the committee on 5 August.\"]"),
        "{again}"
    );
}

#[test]
fn files_snapshots_and_workbooks_keep_both_texts() {
    let cb = datasets::cao_bang_2025()
        .unwrap()
        .with_note("Our own note.")
        .with_note(Note::new("Checked.", "Đã kiểm tra."));
    let both = cb.notes().to_vec();
    assert_eq!(both.len(), 4);
    let toml = cb.to_toml_string().unwrap();
    assert!(toml.contains("Quý I/2025"), "{toml}");
    let from_toml = Scenario::from_toml_str(&toml, None).unwrap();
    assert_eq!(from_toml.notes(), both.as_slice());
    let from_json = Scenario::from_json_str(&cb.to_json_string().unwrap(), None).unwrap();
    assert_eq!(from_json.notes(), both.as_slice());
    let from_snapshot = Scenario::from_snapshot(&cb.to_snapshot().unwrap()).unwrap();
    assert_eq!(from_snapshot.notes(), both.as_slice());
    let dir = TempDir::new("scenario-notes");
    for lang in Lang::ALL {
        let path = dir.0.join(format!("notes-{lang}.xlsx"));
        cb.write_xlsx(&path, lang).unwrap();
        let back = Scenario::from_xlsx(&path, None).unwrap();
        assert_eq!(back.notes(), both.as_slice(), "{lang}");
    }
}

#[test]
fn a_bilingual_note_is_a_table_in_toml_and_an_object_in_json() {
    let note = Note::new("Checked.", "Đã kiểm tra.");
    let json = serde_json::to_string(&[note.clone(), Note::same("Own.")]).unwrap();
    assert_eq!(json, r#"[{"en":"Checked.","vi":"Đã kiểm tra."},"Own."]"#);
    let back: Vec<Note> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, [note, Note::same("Own.")]);
    assert!(serde_json::from_str::<Note>(r#"{"en":"only English"}"#).is_err());
}
