//! The PDF rendering: the HTML page ([`Document::to_html`]) printed by a headless Chromium
//! (`chromium --headless --print-to-pdf`), so the PDF is the page a reader prints, with the
//! system's fonts for Vietnamese and nothing to keep in step with the HTML renderer.
//!
//! The browser is the program named by [`CHROMIUM_ENV`] when it is set, else the first of
//! [`CHROMIUM_NAMES`] on `PATH`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::Document;
use crate::atomic::write_atomically;
use crate::error::{GrdpsimError, Result};

/// The environment variable naming the Chromium (or Chrome) program that prints PDFs.
pub const CHROMIUM_ENV: &str = "GRDPSIM_CHROMIUM";
/// The programs looked for on `PATH`, in order, when [`CHROMIUM_ENV`] is not set.
pub const CHROMIUM_NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];
/// How long the browser may take to print before it is stopped.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

/// The browser that prints PDFs: [`CHROMIUM_ENV`]'s program, else the first of
/// [`CHROMIUM_NAMES`] on `PATH`.
///
/// # Errors
/// [`GrdpsimError::MissingProgram`] naming the program looked for and how to provide it: the
/// variable names no file, or none of the names is on `PATH`.
pub fn chromium() -> Result<PathBuf> {
    if let Some(named) = std::env::var_os(CHROMIUM_ENV).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(&named);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(GrdpsimError::MissingProgram {
                program: path.display().to_string(),
                hint: format!("{CHROMIUM_ENV} names it but there is no such file"),
            })
        };
    }
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    CHROMIUM_NAMES
        .iter()
        .flat_map(|name| dirs.iter().map(move |d| d.join(name)))
        .find(|p| p.is_file())
        .ok_or_else(|| GrdpsimError::MissingProgram {
            program: "chromium".into(),
            hint: format!(
                "printing a PDF needs Chromium or Chrome: install it (Debian: apt install \
                 chromium) or set {CHROMIUM_ENV} to its path; none of {} is on PATH",
                CHROMIUM_NAMES.join(", ")
            ),
        })
}

impl Document {
    /// The document as PDF bytes: [`Document::to_html`] printed by the headless browser
    /// ([`chromium`]) on A4 pages, without the browser's header and footer.
    ///
    /// # Errors
    /// [`GrdpsimError::MissingProgram`] when no browser is found; [`GrdpsimError::Io`] when
    /// the browser fails, takes longer than two minutes or writes no PDF (its message names
    /// the program and what it said).
    pub fn to_pdf_bytes(&self) -> Result<Vec<u8>> {
        let browser = chromium()?;
        let dir = tempfile::tempdir().map_err(|e| GrdpsimError::io("temporary folder", e))?;
        let page = dir.path().join("document.html");
        std::fs::write(&page, self.to_html()).map_err(|e| GrdpsimError::io(page.display(), e))?;
        let out = dir.path().join("document.pdf");
        print(&browser, &page, &out, dir.path())?;
        let bytes = std::fs::read(&out).map_err(|e| {
            GrdpsimError::io_message(browser.display(), format!("printed no PDF ({e})"))
        })?;
        if bytes.starts_with(b"%PDF-") {
            Ok(bytes)
        } else {
            Err(GrdpsimError::io_message(
                browser.display(),
                "printed a file that is not a PDF",
            ))
        }
    }

    /// Writes the document as PDF ([`Document::to_pdf_bytes`]), atomically: a temporary file
    /// beside `path` renamed over it, so a failed write leaves an existing file byte-identical.
    ///
    /// # Errors
    /// As [`Document::to_pdf_bytes`]; [`GrdpsimError::Io`] naming the path if it cannot be
    /// written.
    pub fn write_pdf(&self, path: impl AsRef<Path>) -> Result<()> {
        let bytes = self.to_pdf_bytes()?;
        write_atomically(path.as_ref(), &bytes)
    }
}

/// Runs `browser` to print `page` into `out`, its profile in `work`, stopping it after
/// [`PRINT_TIMEOUT`].
fn print(browser: &Path, page: &Path, out: &Path, work: &Path) -> Result<()> {
    let failed = |message: String| GrdpsimError::io_message(browser.display(), message);
    // What the browser says goes to a file, so a talkative browser never fills a pipe.
    let said_path = work.join("stderr.txt");
    let said_file =
        std::fs::File::create(&said_path).map_err(|e| GrdpsimError::io(said_path.display(), e))?;
    let mut child = Command::new(browser)
        .arg("--headless")
        .arg("--disable-gpu")
        // The page is the crate's own (no script, nothing fetched); the sandbox cannot start
        // as root in containers, where reports are often printed.
        .arg("--no-sandbox")
        .arg("--no-first-run")
        .arg("--disable-extensions")
        .arg("--disable-background-networking")
        .arg("--no-pdf-header-footer")
        .arg(format!(
            "--user-data-dir={}",
            work.join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(file_url(page))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(said_file))
        .spawn()
        .map_err(|e| failed(format!("cannot be started: {e}")))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PRINT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "did not print within {} s and was stopped",
                    PRINT_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(failed(format!("cannot be waited for: {e}"))),
        }
    };
    if status.success() {
        return Ok(());
    }
    let said = std::fs::read_to_string(&said_path).unwrap_or_default();
    let said = said.lines().last().unwrap_or("").trim().to_owned();
    Err(failed(format!("failed ({status}): {said}")))
}

/// `path` as a `file://` URL, the characters a URL reads otherwise escaped (a temporary folder
/// may have spaces or `#` in it).
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for c in path.display().to_string().chars() {
        match c {
            ' ' => url.push_str("%20"),
            '#' => url.push_str("%23"),
            '%' => url.push_str("%25"),
            '?' => url.push_str("%3F"),
            c => url.push(c),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_path_is_a_file_url_with_its_special_characters_escaped() {
        let url = super::file_url(std::path::Path::new("/tmp/a b#1%?/document.html"));
        assert_eq!(url, "file:///tmp/a%20b%231%25%3F/document.html");
    }
}
