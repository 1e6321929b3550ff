//! The process's peak resident memory over a stretch of a test (Linux: `/proc/self`), to
//! assert that work stayed within a bound of bytes rather than of seconds.

/// A field of `/proc/self/status`, in kB.
fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with(field))
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The process's peak resident memory from now on: resets the high-water mark (Linux's
/// `clear_refs` 5) and returns the resident size it starts from, in bytes. The mark is the
/// process's: tests measuring it must not run at once.
pub fn start_peak_memory() -> u64 {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    status_kb("VmRSS:") * 1024
}

/// The peak resident memory since [`start_peak_memory`], in bytes.
pub fn peak_memory() -> u64 {
    status_kb("VmHWM:") * 1024
}
