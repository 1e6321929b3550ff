//! Writing a file so that a reader never sees half of it: the bytes go to a temporary file
//! beside the target, are flushed to disk, and the temporary file is renamed over the target.
//! A write that fails half-way (full disk, file-size limit) leaves the old file byte-identical
//! and no temporary file behind.
//!
//! The temporary file has a name of its own for every save (`tempfile` draws a random one and
//! creates it exclusively), so two threads, or two processes, saving one path never write into
//! each other's temporary file: the last rename wins with a whole file. The target keeps what
//! it was: its permissions (a 0600 file stays 0600), and a symbolic link stays a link, the save
//! going to the file it points to.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{GrdpsimError, Result};

/// Links followed before a path is refused as a loop (as the kernel's own limit).
const MAX_LINKS: usize = 40;

/// Writes `bytes` to a unique temporary file beside `path` (beside the file a symbolic link
/// points to), flushes it to disk, gives it the permissions of the file it replaces and renames
/// it over that file.
///
/// # Errors
/// [`GrdpsimError::Io`] naming `path` if any step fails; the temporary file is then removed.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |e: std::io::Error| GrdpsimError::io(path.display(), e);
    let target = resolve_links(path).map_err(io)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "grdpsim".into(), |n| n.to_string_lossy().into_owned());
    let existing = std::fs::metadata(&target).ok();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    let default_mode = {
        use std::os::unix::fs::PermissionsExt;
        // As `File::create` makes a new file: 0666 less the umask (tempfile's own is 0600).
        std::fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(default_mode);
    let mut tmp = builder.tempfile_in(&dir).map_err(io)?;
    (|| {
        tmp.write_all(bytes)?;
        if let Some(meta) = &existing {
            // Set, not masked by the umask: the file keeps exactly the mode it had.
            tmp.as_file().set_permissions(meta.permissions())?;
        }
        tmp.as_file().sync_all()
    })()
    .map_err(io)?;
    // On failure the temporary file comes back inside the error and is removed when dropped.
    tmp.persist(&target).map_err(|e| io(e.error))?;
    sync_dir(&dir);
    Ok(())
}

/// The file `path` names after following its symbolic links (the path itself when it is not a
/// link or does not exist yet; a dangling link resolves to the file it would create).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links: a loop"
    )))
}

/// Flushes the directory entry of the rename, so that a crash after the save keeps it. Best
/// effort: not every platform lets a directory be opened for that.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
