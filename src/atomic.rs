//! Writing a file so that a reader never sees half of it: the bytes go to a temporary file
//! beside the target, are flushed to disk, and the temporary file is renamed over the target.
//! A write that fails half-way (full disk, file-size limit) leaves the old file byte-identical
//! and no temporary file behind.

use std::path::{Path, PathBuf};

use crate::error::{GrdpsimError, Result};

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`.
///
/// # Errors
/// [`GrdpsimError::Io`] naming `path` if any step fails; the temporary file is then removed.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "grdpsim".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(GrdpsimError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        });
    }
    Ok(())
}
