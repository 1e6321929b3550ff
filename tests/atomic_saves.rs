//! Saves atomic across threads and faithful to the file (issue 22). The temporary name was
//! `.{name}.{pid}.tmp`, one per process: two threads saving one path wrote into each other's
//! temporary file, so 1,809 of 6,000 saves failed and a reader saw 435 empty and 439 mixed
//! files; overwriting made a 0600 file 0644, and saving through a symbolic link replaced the
//! link with a file.

#[path = "disbursement_support/mod.rs"]
mod support;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use grdpsim::document::{Block, Document, TextFormat};
use grdpsim::lang::Lang;
use support::TempDir;

/// A report whose text is `i` repeated over some 64 KiB: two of them differ everywhere, so a
/// file mixing two saves, or cut short, is none of them.
fn report(i: usize) -> Document {
    let mut doc = Document::new(format!("Report {i}"), Lang::En);
    doc.push(Block::Paragraph(format!("{i:04} ").repeat(13_000)));
    doc
}

#[test]
fn threads_saving_one_path_never_fail_nor_show_a_partial_file() {
    const WRITERS: usize = 4;
    const SAVES: usize = 150;
    let dir = TempDir::new("atomic-threads");
    let path = dir.0.join("report.md");
    let docs: Vec<Document> = (0..WRITERS).map(report).collect();
    let whole: HashSet<String> = docs
        .iter()
        .map(|d| d.render(TextFormat::Markdown))
        .collect();
    assert_eq!(whole.len(), WRITERS);
    docs[0].write(&path, TextFormat::Markdown).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (path, done, whole) = (path.clone(), done.clone(), whole.clone());
        std::thread::spawn(move || {
            let (mut reads, mut partial) = (0usize, 0usize);
            while !done.load(Ordering::Relaxed) {
                let text = std::fs::read_to_string(&path).unwrap();
                reads += 1;
                if !whole.contains(&text) {
                    partial += 1;
                }
            }
            (reads, partial)
        })
    };
    let writers: Vec<_> = docs
        .into_iter()
        .map(|doc| {
            let path = path.clone();
            std::thread::spawn(move || {
                (0..SAVES)
                    .filter(|_| doc.write(&path, TextFormat::Markdown).is_err())
                    .count()
            })
        })
        .collect();
    let failed: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    done.store(true, Ordering::Relaxed);
    let (reads, partial) = reader.join().unwrap();
    assert_eq!(failed, 0, "of {} saves", WRITERS * SAVES);
    assert!(reads > 0);
    assert_eq!(partial, 0, "partial files in {reads} reads");
    assert!(whole.contains(&std::fs::read_to_string(&path).unwrap()));
    let left: Vec<_> = std::fs::read_dir(&dir.0).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("atomic-mode");
    let path = dir.0.join("private.md");
    std::fs::write(&path, "old").unwrap();
    for mode in [0o600, 0o640, 0o604] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        report(1).write(&path, TextFormat::Markdown).unwrap();
        let now = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(now, mode, "{now:o} for {mode:o}");
    }
    // A new file is made as File::create makes one (0666 less the umask), not 0600.
    let new = dir.0.join("new.md");
    report(1).write(&new, TextFormat::Markdown).unwrap();
    let plain = dir.0.join("plain");
    std::fs::write(&plain, "x").unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&new), mode(&plain));
}

#[cfg(unix)]
#[test]
fn a_save_through_a_symbolic_link_writes_the_file_it_points_to() {
    let dir = TempDir::new("atomic-link");
    std::fs::create_dir(dir.0.join("shared")).unwrap();
    let target = dir.0.join("shared").join("report.md");
    std::fs::write(&target, "old").unwrap();
    let link = dir.0.join("latest.md");
    std::os::unix::fs::symlink("shared/report.md", &link).unwrap();
    // A link to a link, and a dangling link, are followed too.
    let link2 = dir.0.join("latest2.md");
    std::os::unix::fs::symlink("latest.md", &link2).unwrap();
    let dangling = dir.0.join("next.md");
    std::os::unix::fs::symlink("shared/next.md", &dangling).unwrap();
    let doc = report(7);
    doc.write(&link2, TextFormat::Markdown).unwrap();
    doc.write(&dangling, TextFormat::Markdown).unwrap();
    for l in [&link, &link2, &dangling] {
        assert!(std::fs::symlink_metadata(l)
            .unwrap()
            .file_type()
            .is_symlink());
    }
    let text = doc.render(TextFormat::Markdown);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), text);
    assert_eq!(
        std::fs::read_to_string(dir.0.join("shared").join("next.md")).unwrap(),
        text
    );
    // Nothing left beside the link nor beside the target.
    assert_eq!(std::fs::read_dir(&dir.0).unwrap().count(), 4);
    assert_eq!(std::fs::read_dir(dir.0.join("shared")).unwrap().count(), 2);
    // A loop of links is a typed error, not a hang.
    let a = dir.0.join("a.md");
    std::os::unix::fs::symlink("b.md", &a).unwrap();
    std::os::unix::fs::symlink("a.md", dir.0.join("b.md")).unwrap();
    let e = doc.write(&a, TextFormat::Markdown).unwrap_err();
    assert!(matches!(e, grdpsim::GrdpsimError::Io { .. }), "{e:?}");
}
