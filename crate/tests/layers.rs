//! The crate's layers point down only (ARCHITECTURE.md, "Layers"): every `crate::<module>` path in
//! `src/**/*.rs` (use statements and paths in code; comments are not read) names a module of the file's own
//! layer or a lower one.

use std::fs;
use std::path::{Path, PathBuf};

/// The top-level modules by layer, lowest first. A module may refer to its own layer and those below.
const LAYERS: &[&[&str]] = &[
    // The crate trichome-text, re-exported (it cannot name the modules above it: they are not its own).
    &["text", "lang", "features", "sort", "decimal"],
    &["observation", "time", "pages"],
    &["verdict"],
    &["history"],
    &["signals"],
    &["engine"],
    &["sites"],
    &["wasm", "import", "archive"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// One `crate::<module>` reference: the module named and the 1-based line it is on.
#[derive(Debug, PartialEq)]
struct Reference {
    module: String,
    line: usize,
}

/// The source without comments (`//…` to the end of the line, nested `/* … */`) and with the contents of
/// string and char literals blanked (raw strings too), so that a `"crate::x"` in a string is not read as a
/// path. Line breaks are kept, so that positions still give line numbers.
fn code_only(source: &str) -> String {
    let s: Vec<char> = source.chars().collect();
    let at = |i: usize| s.get(i).copied().unwrap_or(' ');
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(source.len());
    let keep_lines = |out: &mut String, from: usize, to: usize| {
        out.extend(s[from..to.min(s.len())].iter().filter(|&&c| c == '\n'));
    };
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c == '/' && at(i + 1) == '/' {
            let end = (i..s.len()).find(|&j| s[j] == '\n').unwrap_or(s.len());
            i = end;
        } else if c == '/' && at(i + 1) == '*' {
            let (mut depth, mut j) = (1, i + 2);
            while j < s.len() && depth > 0 {
                if s[j] == '/' && at(j + 1) == '*' {
                    depth += 1;
                    j += 1;
                } else if s[j] == '*' && at(j + 1) == '/' {
                    depth -= 1;
                    j += 1;
                }
                j += 1;
            }
            keep_lines(&mut out, i, j);
            i = j;
        } else if c == 'r'
            && (at(i + 1) == '"' || at(i + 1) == '#')
            && !(i > 0 && is_ident(s[i - 1]) && s[i - 1] != 'b')
        {
            // A raw string: r"…", r#"…"#, br#"…"#.
            let hashes = (i + 1..s.len()).take_while(|&j| s[j] == '#').count();
            if at(i + 1 + hashes) != '"' {
                out.push(c);
                i += 1;
                continue;
            }
            let body = i + 2 + hashes;
            let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let end = (body..s.len())
                .find(|&j| s[j..].iter().take(close.len()).copied().eq(close.chars()))
                .map_or(s.len(), |j| j + close.len());
            out.push_str("\"\"");
            keep_lines(&mut out, body, end);
            i = end;
        } else if c == '"' {
            let mut j = i + 1;
            while j < s.len() && s[j] != '"' {
                j += if s[j] == '\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            keep_lines(&mut out, i + 1, j);
            i = j + 1;
        } else if c == '\'' && at(i + 1) == '\\' {
            // An escaped char literal: '\'', '\"', '\\', '\u{…}'.
            let end = (i + 3..s.len()).find(|&j| s[j] == '\'').unwrap_or(s.len());
            out.push_str("' '");
            i = end + 1;
        } else if c == '\'' && at(i + 2) == '\'' {
            // A plain char literal ('"', '/'); a lifetime ('a) has no closing quote there.
            out.push_str("' '");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The top-level modules a source file names through `crate::`, with their lines: `crate::a::b`,
/// `crate::{a, b::c}` (a group may span lines) and `crate::a` alone.
fn references(source: &str) -> Vec<Reference> {
    let code = code_only(source);
    let line_at = |pos: usize| code[..pos].matches('\n').count() + 1;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("crate::") {
        let at = from + found;
        from = at + "crate::".len();
        // `$crate::` and `mycrate::` are other paths.
        if code[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first segment of each item at the group's own depth.
            let (mut depth, mut item_start) = (0usize, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphabetic() || c == '_') && depth == 0 => {
                        item_start = false;
                        let name: String =
                            group[i..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        if name != "self" {
                            out.push(Reference { module: name, line: line_at(from + 1 + i) });
                        }
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push(Reference { module: name, line: line_at(at) });
            }
        }
    }
    out
}

/// The top-level module a file under `src/` belongs to: `signals/timing/mod.rs` → `signals`, `engine.rs` →
/// `engine`; `None` for `lib.rs`.
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_string())
}

/// The references of one file that point up: `file:line: module (layer n) refers to crate::other (layer m)`.
/// A module that is in no layer is reported too, so that a new one must be placed.
fn violations(file: &str, module: &str, source: &str) -> Vec<String> {
    let Some(own) = layer_of(module) else {
        return vec![format!("{file}: module `{module}` is in no layer of tests/layers.rs")];
    };
    references(source)
        .into_iter()
        .filter_map(|r| {
            let target = layer_of(&r.module)?;
            (target > own).then(|| {
                format!(
                    "{file}:{}: `{module}` (layer {own}) refers to `crate::{}` (layer {target})",
                    r.line, r.module
                )
            })
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn lower_layers_never_refer_to_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut found = Vec::new();
    let mut checked = 0;
    for path in &files {
        let relative = path.strip_prefix(&src).expect("under src");
        // `crate` in the command-line tool's files is the binary, not the library.
        if relative.starts_with("bin") {
            continue;
        }
        let Some(module) = module_of(relative) else { continue };
        let source = fs::read_to_string(path).expect("source is UTF-8");
        found.extend(violations(&format!("crate/src/{}", relative.display()), &module, &source));
        checked += 1;
    }
    assert!(checked > 40, "only {checked} files read under {}", src.display());
    assert!(found.is_empty(), "references against the layers:\n{}", found.join("\n"));
}

#[test]
fn every_module_of_the_library_has_a_layer() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).expect("lib.rs");
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod ").or_else(|| l.trim().strip_prefix("mod ")))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert!(modules.len() >= 10, "{modules:?}");
    for m in modules {
        assert!(layer_of(m).is_some(), "`{m}` is declared in lib.rs but is in no layer");
    }
}

#[test]
fn the_check_catches_a_planted_upward_reference() {
    let planted = "//! A signal.\n\
                   use crate::history::AccountHistory;\n\
                   // crate::engine in a comment is no reference\n\
                   const S: &str = \"crate::sites in a string is none either\";\n\
                   use crate::{\n    time,\n    engine::Engine,\n};\n\
                   fn f() { let _ = crate::sites::read_capture; }\n";
    assert_eq!(
        violations("crate/src/signals/planted.rs", "signals", planted),
        [
            "crate/src/signals/planted.rs:7: `signals` (layer 4) refers to `crate::engine` (layer 5)",
            "crate/src/signals/planted.rs:9: `signals` (layer 4) refers to `crate::sites` (layer 6)",
        ]
    );
    assert_eq!(
        references(planted).iter().map(|r| (r.module.as_str(), r.line)).collect::<Vec<_>>(),
        [("history", 2), ("time", 6), ("engine", 7), ("sites", 9)]
    );
    // The same references from a higher layer are fine; an unplaced module is named.
    assert!(violations("crate/src/wasm.rs", "wasm", planted).is_empty());
    assert_eq!(
        violations("crate/src/newmod.rs", "newmod", ""),
        ["crate/src/newmod.rs: module `newmod` is in no layer of tests/layers.rs"]
    );
    // Literals and comments of every kind hide what they hold, and keep the line count.
    let hidden = "let a = '\"'; let b = r#\"crate::engine \"quoted\"\"#;\n/* crate::sites /* nested */ */ let c = '\\'';\n\
                  fn g<'a>(x: &'a str) { crate::engine::f(x) }";
    assert_eq!(
        references(hidden).iter().map(|r| (r.module.as_str(), r.line)).collect::<Vec<_>>(),
        [("engine", 3)]
    );
}

#[test]
fn module_of_a_file_is_its_first_folder_or_name() {
    assert_eq!(module_of(Path::new("signals/timing/mod.rs")).as_deref(), Some("signals"));
    assert_eq!(module_of(Path::new("engine.rs")).as_deref(), Some("engine"));
    assert_eq!(module_of(Path::new("lib.rs")), None);
}
