//! Helpers shared by the tests that read the crate's sources (the module graph, the web's house
//! rules): the Rust files below a folder, and a file's library code without its unit tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The `.rs` files below `dir`, at any depth, in no particular order.
pub fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The library code of a file: up to its unit tests' module (the first `#[cfg(test)]` that
/// a `mod` follows).
pub fn library_part(text: &str) -> &str {
    let mut at = 0;
    while let Some(i) = text[at..].find("#[cfg(test)]") {
        let after = text[at + i + "#[cfg(test)]".len()..].trim_start();
        if after.starts_with("mod ") {
            return &text[..at + i];
        }
        at += i + 1;
    }
    text
}
