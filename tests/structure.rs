//! The top-level modules of src/ form layers: `domain` and `text` at the bottom, the store,
//! the reports and the referral sheet above them, `app` and `ui` above those, and the shell
//! (`session`, `tui`, `main`) on top. A module that reaches up (the report's table writer
//! borrowing `ui`'s width helpers, which need `app`) makes a loop in which no part can be
//! built, tested or read without the others. This test draws the module graph from the
//! paths in src/ (`use crate::…`, `crate::…` written inline, `super::…` that climbs to the
//! crate root, `soudan::…` in the binary) and fails naming any loop.
//!
//! Test code (`#[cfg(test)]` items and the files they name) is left out: a store test may
//! use `demo` to fill a database without `store` depending on it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Where in src/ one top-level module names another.
#[derive(Debug, Clone)]
struct Reference {
    file: PathBuf,
    line: usize,
}

/// `from` → `to` → the places where `from` names `to`.
type Graph = BTreeMap<String, BTreeMap<String, Vec<Reference>>>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level modules `lib.rs` declares.
fn top_modules() -> BTreeSet<String> {
    let lib = fs::read_to_string(src().join("lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub ").unwrap_or(l);
            Some(l.strip_prefix("mod ")?.strip_suffix(';')?.to_string())
        })
        .collect()
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The module path of a file: src/a/b.rs and src/a/b/mod.rs are `[a, b]`; lib.rs and
/// main.rs are the root.
fn module_path(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src()).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    parts
}

/// The node a file belongs to: its top-level module, or `main` for the binary.
fn node_of(file: &Path) -> Option<String> {
    if file == src().join("main.rs") {
        return Some("main".into());
    }
    module_path(file).first().cloned()
}

/// The file's text with comments and `#[cfg(test)]` items blanked (lines kept, so line
/// numbers still point into the file), and the files its test-only `mod x;` lines name.
fn non_test_code(file: &Path, text: &str) -> (String, Vec<PathBuf>) {
    let mut kept = Vec::new();
    let mut test_files = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "#[cfg(test)]" {
            let code = line.find("//").map_or(line, |at| &line[..at]);
            kept.push(code.to_string());
            continue;
        }
        kept.push(String::new());
        let Some(item) = lines.next() else { break };
        kept.push(String::new());
        let trimmed = item.trim();
        if let Some(name) = trimmed
            .strip_prefix("mod ")
            .and_then(|rest| rest.strip_suffix(';'))
        {
            let dir = if file.ends_with("mod.rs") || file.ends_with("lib.rs") {
                file.parent().unwrap().to_path_buf()
            } else {
                file.with_extension("")
            };
            test_files.push(dir.join(format!("{name}.rs")));
            test_files.push(dir.join(name).join("mod.rs"));
            continue;
        }
        if trimmed.ends_with(';') {
            continue;
        }
        // The item ends at the closing brace indented as the item is.
        let indent = &item[..item.len() - item.trim_start().len()];
        let end = format!("{indent}}}");
        for inner in lines.by_ref() {
            kept.push(String::new());
            if inner.trim_end() == end {
                break;
            }
        }
    }
    (kept.join("\n"), test_files)
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifiers a path names right after `rest`: `x` for `x::…`, and each first
/// identifier of `{x::…, y, …}`.
fn first_names(rest: &str) -> Vec<String> {
    let rest = rest.trim_start();
    if let Some(group) = rest.strip_prefix('{') {
        let mut names = Vec::new();
        let (mut depth, mut start_of_item) = (0, true);
        let mut chars = group.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => start_of_item = true,
                c if is_ident(c) && start_of_item && depth == 0 => {
                    let name: String = group[at..].chars().take_while(|c| is_ident(*c)).collect();
                    for _ in 1..name.chars().count() {
                        chars.next();
                    }
                    names.push(name);
                    start_of_item = false;
                }
                _ => {}
            }
        }
        return names;
    }
    let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
    vec![name]
}

/// The top-level modules `code` (of the module at `path`) names, with the line of each.
fn references(code: &str, path: &[String], in_binary: bool) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let roots: &[&str] = if in_binary {
        &["soudan::"]
    } else {
        &["crate::"]
    };
    for root in roots {
        for (at, _) in code.match_indices(root) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| is_ident(c) || c == '$' || c == ':') {
                continue;
            }
            for name in first_names(&code[at + root.len()..]) {
                found.push((name, line_of(at)));
            }
        }
    }
    // `super::super::x` from src/a/b.rs is the crate root's `x`.
    for (at, _) in code.match_indices("super::") {
        if code[..at].ends_with("::") || code[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let mut rest = &code[at..];
        let mut depth = 0;
        while let Some(after) = rest.strip_prefix("super::") {
            depth += 1;
            rest = after;
        }
        if depth == path.len() {
            for name in first_names(rest) {
                found.push((name, line_of(at)));
            }
        }
    }
    found
}

fn graph() -> Graph {
    let modules = top_modules();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut test_only = Vec::new();
    let mut code = BTreeMap::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let (kept, tests) = non_test_code(file, &text);
        test_only.extend(tests);
        code.insert(file.clone(), kept);
    }
    let mut graph = Graph::new();
    for (file, code) in &code {
        let Some(from) = node_of(file) else { continue };
        if test_only.contains(file) {
            continue;
        }
        let in_binary = from == "main";
        for (to, line) in references(code, &module_path(file), in_binary) {
            if to != from && modules.contains(&to) {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_default()
                    .push(Reference {
                        file: file.strip_prefix(src().parent().unwrap()).unwrap().into(),
                        line,
                    });
            }
        }
    }
    graph
}

/// Every loop depth-first search meets, each as the modules along it.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_string());
            found.push(cycle);
            return;
        }
        if done.contains(node) {
            return;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|edges| edges.keys()) {
            visit(next, graph, stack, done, found);
        }
        stack.pop();
        done.insert(node.to_string());
    }
    let (mut done, mut found) = (BTreeSet::new(), Vec::new());
    for node in graph.keys() {
        visit(node, graph, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

fn describe(cycle: &[String], graph: &Graph) -> String {
    let mut text = format!("import loop: {}", cycle.join(" → "));
    for pair in cycle.windows(2) {
        let places: Vec<String> = graph[&pair[0]][&pair[1]]
            .iter()
            .map(|r| format!("{}:{}", r.file.display(), r.line))
            .collect();
        text += &format!("\n  {} → {}: {}", pair[0], pair[1], places.join(", "));
    }
    text
}

#[test]
fn no_module_reaches_up_into_a_module_that_uses_it() {
    let graph = graph();
    // The graph is drawn at all: the shell uses the app, the app the domain.
    assert!(graph["session"].contains_key("app"), "{graph:#?}");
    assert!(graph["app"].contains_key("domain"), "{graph:#?}");
    let loops: Vec<String> = cycles(&graph).iter().map(|c| describe(c, &graph)).collect();
    assert!(loops.is_empty(), "{}", loops.join("\n"));
}

#[test]
fn only_the_shell_uses_the_screens_and_only_they_use_the_app_state() {
    let graph = graph();
    let users_of = |module: &str| -> BTreeSet<&str> {
        graph
            .iter()
            .filter(|(_, edges)| edges.contains_key(module))
            .map(|(from, _)| from.as_str())
            .collect()
    };
    let shell = ["main", "session", "tui"];
    let ui_users = users_of("ui");
    assert!(
        ui_users.iter().all(|m| shell.contains(m)),
        "ui is used from {ui_users:?}"
    );
    let app_users = users_of("app");
    assert!(
        app_users.iter().all(|m| shell.contains(m) || *m == "ui"),
        "app is used from {app_users:?}"
    );
}

#[test]
fn a_loop_is_named_with_the_lines_that_make_it() {
    // The detector on a graph with a known loop, so a pass above means something.
    let place = |line| Reference {
        file: "src/x.rs".into(),
        line,
    };
    let mut graph = Graph::new();
    graph
        .entry("report".into())
        .or_default()
        .insert("ui".into(), vec![place(8)]);
    graph
        .entry("ui".into())
        .or_default()
        .insert("app".into(), vec![place(12)]);
    graph
        .entry("app".into())
        .or_default()
        .insert("report".into(), vec![place(3)]);
    let found = cycles(&graph);
    assert_eq!(found.len(), 1, "{found:?}");
    let text = describe(&found[0], &graph);
    assert!(
        text.starts_with("import loop: app → report → ui → app"),
        "{text}"
    );
    assert!(text.contains("report → ui: src/x.rs:8"), "{text}");
}

#[test]
fn grouped_and_climbing_paths_are_read() {
    let code = "use crate::{domain::Lang, text::{fit, width}};\nuse super::super::store::Store;";
    let found = references(code, &["report".into(), "format".into()], false);
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["domain", "text", "store"]);
    assert_eq!(found[2].1, 2);
}
