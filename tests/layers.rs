//! The map in DEVELOPERS.md, checked: each folder of `src/` uses only the
//! layers it may, and no modules import each other in a circle. The check
//! reads `crate::` and `super::` paths in the source (tests left out), so
//! a new import that breaks the map fails here, not in a reviewer's eye.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Which top-level folders each layer may use.
const MAY_USE: &[(&str, &[&str])] = &[
    ("story", &[]),
    ("query", &["story"]),
    ("config", &[]),
    ("library", &["story", "query"]),
    ("fetch", &["story"]),
    ("tui", &["story", "query", "library", "config"]),
    (
        "cli",
        &["story", "query", "library", "fetch", "config", "tui"],
    ),
];

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/tui/app/mod.rs` → ["tui", "app"]; `src/story/fold.rs` → ["story", "fold"].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The module paths a file names, resolved from the crate root.
fn imports(module: &[String], text: &str) -> Vec<Vec<String>> {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
    // Comments may name any module; only code imports.
    let code: String = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let code = code.as_str();
    let mut found = Vec::new();
    for start in code.match_indices("crate::").map(|(i, _)| i) {
        let path = path_at(&code[start + "crate::".len()..]);
        found.push(path);
    }
    for start in code.match_indices("super::").map(|(i, _)| i) {
        if code[..start].ends_with("::") {
            continue; // the second `super::` of `super::super::`, counted below
        }
        let mut rest = &code[start..];
        // Each `super` is one step up from the module (`module_of` has
        // already made `app/mod.rs` the module `app`).
        let mut base = module.to_vec();
        while let Some(after) = rest.strip_prefix("super::") {
            rest = after;
            base.pop();
        }
        base.extend(path_at(rest));
        found.push(base);
    }
    found
}

fn path_at(text: &str) -> Vec<String> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    text[..end]
        .split("::")
        .take_while(|part| part.starts_with(|c: char| c.is_ascii_lowercase()))
        .map(str::to_string)
        .collect()
}

/// Module → modules it imports, at `depth` path segments.
fn graph(depth: usize) -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in files.iter().filter(|f| !is_test_only(f)) {
        let module = module_of(&src, file);
        let text = fs::read_to_string(file).unwrap();
        let from = key(&module, depth);
        for target in imports(&module, &text) {
            let to = key(&target, depth);
            let nested =
                to.starts_with(&format!("{from}::")) || from.starts_with(&format!("{to}::"));
            if !from.is_empty() && !to.is_empty() && from != to && !nested {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    graph
}

/// Whether `file` is a module its parent declares under `#[cfg(test)]`.
fn is_test_only(file: &Path) -> bool {
    let (Some(folder), Some(name)) = (file.parent(), file.file_stem()) else {
        return false;
    };
    let declaration = format!("#[cfg(test)]\nmod {};", name.to_string_lossy());
    ["mod.rs", "lib.rs"].iter().any(|parent| {
        let text = fs::read_to_string(folder.join(parent)).unwrap_or_default();
        text.contains(&declaration)
    })
}

fn key(path: &[String], depth: usize) -> String {
    path.iter()
        .take(depth)
        .cloned()
        .collect::<Vec<_>>()
        .join("::")
}

/// A circle of imports in `graph`, if there is one.
fn circle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_string());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn each_layer_uses_only_the_layers_it_may() {
    let graph = graph(1);
    for (from, targets) in &graph {
        let allowed = MAY_USE.iter().find(|(layer, _)| layer == from);
        let Some((_, allowed)) = allowed else {
            continue; // lib.rs's re-exports and main.rs
        };
        for to in targets {
            assert!(
                allowed.contains(&to.as_str()),
                "src/{from} uses {to}, which DEVELOPERS.md does not allow"
            );
        }
    }
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    for depth in 1..=4 {
        let graph = graph(depth);
        assert!(
            circle(&graph).is_none(),
            "an import circle: {:?}",
            circle(&graph).unwrap()
        );
    }
}

#[test]
fn the_check_sees_a_circle_and_an_import() {
    let mut graph = Graph::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    assert!(circle(&graph).is_none());
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(circle(&graph).unwrap(), ["a", "b", "c", "a"]);
    let module = ["tui".to_string(), "app".to_string(), "list".to_string()];
    let found = imports(
        &module,
        "use super::scroll::ScrollList;\nuse crate::story::Story;",
    );
    assert_eq!(found, [vec!["story"], vec!["tui", "app", "scroll"]]);
}
