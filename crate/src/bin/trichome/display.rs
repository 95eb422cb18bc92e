//! How the tool prints what it read: page text made safe for a terminal and shortened, numbers grouped by
//! thousands, plurals, and the borderless aligned tables of `score` and `eval`.

use comfy_table::{presets, CellAlignment, Table};

/// Page text is hostile: control characters (terminal escapes) never reach the terminal.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// At most `max` characters, the last an ellipsis when anything was cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The `s` of a plural.
pub fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A table without borders: columns two spaces apart, each aligned as `alignments` says (left where it says
/// nothing), lines without trailing spaces.
pub fn plain_table<const N: usize>(
    header: [&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
    alignments: [CellAlignment; N],
) -> Vec<String> {
    let mut table = Table::new();
    table.load_style(presets::NOTHING).set_header(header);
    for row in rows {
        table.add_row(row);
    }
    for (i, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, if i + 1 < N { 2 } else { 0 }));
        column.set_cell_alignment(alignments[i]);
    }
    table.lines().map(|l| l.trim_end().to_string()).collect()
}
