//! The crate's module graph, read from the sources: no cycle between top-level modules (the
//! README's Layout section says each module imports only those above it), disbursement and
//! monitoring siblings (neither imports the other), and SQL (`rusqlite`) only in the store and
//! the domain modules on it.
//!
//! Every `crate::x` path outside comments counts (`use crate::x::...`, `use crate::{x, y}`,
//! `crate::x::f(...)` in code), feature-gated code included: a cycle behind a feature is a
//! cycle. A file's unit tests (from its `#[cfg(test)] mod`) are left out: they may take their
//! fixtures from a module above (a scenario test from `datasets`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod source_support;
use source_support::{library_part, sources};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file belongs to (`None` for the crate root and the binary).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
    (name != "lib" && name != "main").then_some(name)
}

/// The code of a file without its comments (line comments, doc comments and `/* */` blocks),
/// so that an intra-doc link is not an import.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut in_block = false;
    for line in text.lines() {
        let mut rest = line;
        if in_block {
            match rest.find("*/") {
                Some(i) => {
                    rest = &rest[i + 2..];
                    in_block = false;
                }
                None => continue,
            }
        }
        if let Some(i) = rest.find("/*") {
            in_block = !rest[i..].contains("*/");
            rest = &rest[..i];
        }
        let code = rest.find("//").map_or(rest, |i| &rest[..i]);
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The top-level modules `text` names through `crate::`, from `known`.
fn imports(text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let code = code(text);
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::`, `mycrate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::{c, d}, e}`: the names at depth 0.
            let (mut depth, mut name, mut names) = (0, String::new(), Vec::new());
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => names.push(std::mem::take(&mut name)),
                    _ if depth == 0 => name.push(c),
                    _ => {}
                }
            }
            names.push(name);
            for n in names {
                let head = n.trim().split("::").next().unwrap_or("").trim().to_owned();
                if known.contains(&head) {
                    found.insert(head);
                }
            }
        } else {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if known.contains(&head) {
                found.insert(head);
            }
        }
    }
    found
}

/// Every file's top-level module and text.
fn files() -> Vec<(PathBuf, Option<String>, String)> {
    let mut paths = Vec::new();
    sources(&src(), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.clone(), module_of(&p), text)
        })
        .collect()
}

/// Top-level module → the top-level modules it imports, with a file that does.
fn graph() -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let files = files();
    let known: BTreeSet<String> = files.iter().filter_map(|(_, m, _)| m.clone()).collect();
    let mut g: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for (path, module, text) in &files {
        let Some(module) = module else { continue };
        let edges = g.entry(module.clone()).or_default();
        for target in imports(library_part(text), &known) {
            if &target != module {
                edges.entry(target).or_insert_with(|| path.clone());
            }
        }
    }
    g
}

/// A cycle of `g`, if it has one (depth-first search, grey and black).
fn cycle(g: &BTreeMap<String, BTreeMap<String, PathBuf>>) -> Option<Vec<String>> {
    fn visit(
        g: &BTreeMap<String, BTreeMap<String, PathBuf>>,
        node: &str,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|n| n == node) {
            let mut c = stack[i..].to_vec();
            c.push(node.to_owned());
            return Some(c);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in g.get(node).into_iter().flat_map(BTreeMap::keys) {
            if let Some(c) = visit(g, next, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for node in g.keys() {
        if let Some(c) = visit(g, node, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn no_cycle_between_top_level_modules() {
    let g = graph();
    assert!(
        g.contains_key("store") && g.contains_key("monitoring"),
        "{g:?}"
    );
    if let Some(c) = cycle(&g) {
        let why: Vec<String> = c
            .windows(2)
            .map(|w| format!("{} -> {} ({})", w[0], w[1], g[&w[0]][&w[1]].display()))
            .collect();
        panic!("a cycle between top-level modules: {}", why.join("; "));
    }
}

#[test]
fn disbursement_and_monitoring_are_siblings_on_the_store() {
    let g = graph();
    for (a, b) in [
        ("disbursement", "monitoring"),
        ("monitoring", "disbursement"),
    ] {
        assert!(
            !g[a].contains_key(b),
            "{a} imports {b} ({}): what one needs of the other goes through `province`",
            g[a][b].display()
        );
    }
    for m in ["disbursement", "monitoring"] {
        assert!(g[m].contains_key("store"), "{m} sits on the store");
    }
    assert!(!g["store"].contains_key("disbursement") && !g["store"].contains_key("monitoring"));
}

#[test]
fn only_the_store_and_the_domain_modules_speak_sql() {
    let allowed = ["store", "disbursement", "monitoring"];
    let offenders: Vec<String> = files()
        .into_iter()
        .filter(|(_, m, text)| {
            !m.as_deref().is_some_and(|m| allowed.contains(&m)) && code(text).contains("rusqlite")
        })
        .map(|(p, _, _)| p.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "rusqlite outside src/store/ and the domain modules: {offenders:?}"
    );
}

/// The reader itself: a cycle, a grouped import, a doc link and `$crate` are told apart.
#[test]
fn the_reader_finds_imports_and_cycles() {
    let known: BTreeSet<String> = ["a", "b", "c"].iter().map(|s| (*s).to_owned()).collect();
    let text = "//! see [`crate::c::X`]\nuse crate::{a::{x, y}, b};\nfn f() { $crate::c::g(); }\n\
                #[cfg(test)]\nmod tests { use crate::c; }";
    assert_eq!(
        imports(library_part(text), &known),
        ["a", "b"].iter().map(|s| (*s).to_owned()).collect()
    );
    let edge = |to: &str| (to.to_owned(), PathBuf::new());
    let mut g: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    g.insert("a".into(), [edge("b")].into_iter().collect());
    g.insert("b".into(), [edge("c")].into_iter().collect());
    g.insert("c".into(), BTreeMap::new());
    assert_eq!(cycle(&g), None);
    g.get_mut("c").unwrap().insert("a".into(), PathBuf::new());
    assert_eq!(
        cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
