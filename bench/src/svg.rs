//! The report's figures, written as plain SVG: ROC curves, a reliability diagram, and the AUCs beside the
//! peers' published ones. No plotting library: axes, ticks, a legend and text, each figure self-contained.

use std::fmt::Write as _;

use crate::metrics::Bin;

/// Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito).
pub const COLOURS: [&str; 7] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

const W: f64 = 900.0;
const H: f64 = 560.0;
/// The plot area: left, top, size.
const X0: f64 = 70.0;
const Y0: f64 = 50.0;
const SIDE: f64 = 420.0;

/// Escapes text for SVG.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn px(x: f64) -> f64 {
    X0 + x.clamp(0.0, 1.0) * SIDE
}

fn py(y: f64) -> f64 {
    Y0 + (1.0 - y.clamp(0.0, 1.0)) * SIDE
}

fn open(title: &str, x_label: &str, y_label: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">
<rect width="{W}" height="{H}" fill="#ffffff"/>
<text x="{}" y="28" font-size="16" font-weight="bold">{}</text>
"##,
        X0,
        escape(title)
    );
    // Grid, ticks and tick labels.
    for i in 0..=5 {
        let v = f64::from(i) / 5.0;
        let _ = writeln!(
            s,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#e4e4e4"/><line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#e4e4e4"/>"##,
            Y0,
            Y0 + SIDE,
            X0,
            X0 + SIDE,
            x = px(v),
            y = py(v)
        );
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" text-anchor="middle">{v:.1}</text><text x="{}" y="{}" text-anchor="end">{v:.1}</text>"##,
            px(v),
            Y0 + SIDE + 18.0,
            X0 - 6.0,
            py(v) + 4.0
        );
    }
    let _ = writeln!(
        s,
        r##"<rect x="{X0}" y="{Y0}" width="{SIDE}" height="{SIDE}" fill="none" stroke="#333"/>
<text x="{}" y="{}" text-anchor="middle">{}</text>
<text x="18" y="{}" text-anchor="middle" transform="rotate(-90 18 {})">{}</text>"##,
        X0 + SIDE / 2.0,
        Y0 + SIDE + 40.0,
        escape(x_label),
        Y0 + SIDE / 2.0,
        Y0 + SIDE / 2.0,
        escape(y_label)
    );
    s
}

fn diagonal(s: &mut String, label: &str) {
    let _ = writeln!(
        s,
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#888" stroke-dasharray="5,4"/>"##,
        px(0.0),
        py(0.0),
        px(1.0),
        py(1.0)
    );
    legend_line(s, 0, "#888", true, label);
}

/// Legend entries sit right of the plot, one per row.
fn legend_y(row: usize) -> f64 {
    Y0 + 10.0 + row as f64 * 20.0
}

fn legend_line(s: &mut String, row: usize, colour: &str, dashed: bool, label: &str) {
    let y = legend_y(row);
    let x = X0 + SIDE + 16.0;
    let dash = if dashed { r#" stroke-dasharray="5,4""# } else { "" };
    let _ = writeln!(
        s,
        r##"<line x1="{x}" y1="{y}" x2="{}" y2="{y}" stroke="{colour}" stroke-width="2.5"{dash}/><text x="{}" y="{}" font-size="11.5">{}</text>"##,
        x + 22.0,
        x + 28.0,
        y + 4.0,
        escape(label)
    );
}

fn legend_text(s: &mut String, row: usize, text: &str) {
    let _ = writeln!(
        s,
        r##"<text x="{}" y="{}" font-size="11" fill="#444">{}</text>"##,
        X0 + SIDE + 16.0,
        legend_y(row) + 4.0,
        escape(text)
    );
}

/// One ROC curve.
pub struct Curve {
    /// Legend text (the set and its AUC).
    pub label: String,
    /// `(false-positive rate, true-positive rate)` points.
    pub points: Vec<(f64, f64)>,
    /// The operating points of the levels, `(false-positive rate, recall)` at *watch* and at *likely*.
    pub levels: Option<[(f64, f64); 2]>,
}

/// ROC curves with the chance diagonal; `notes` are extra legend lines (where the peers' figures are).
pub fn roc(title: &str, curves: &[Curve], notes: &[String]) -> String {
    let mut s = open(title, "false-positive rate (ordinary accounts flagged)", "true-positive rate (recall)");
    diagonal(&mut s, "chance (AUC 0.5)");
    for (i, c) in curves.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let path: Vec<String> = c.points.iter().map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y))).collect();
        let _ = writeln!(
            s,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2.5" stroke-linejoin="round"/>"##,
            path.join(" ")
        );
        if let Some([watch, likely]) = c.levels {
            let _ = writeln!(
                s,
                r##"<circle cx="{:.1}" cy="{:.1}" r="5.5" fill="#fff" stroke="{colour}" stroke-width="2"/><rect x="{:.1}" y="{:.1}" width="10" height="10" fill="{colour}"/>"##,
                px(watch.0),
                py(watch.1),
                px(likely.0) - 5.0,
                py(likely.1) - 5.0
            );
        }
        legend_line(&mut s, i + 1, colour, false, &c.label);
    }
    if curves.iter().any(|c| c.levels.is_some()) {
        let y = legend_y(curves.len() + 1);
        let x = X0 + SIDE + 16.0;
        let _ = writeln!(
            s,
            r##"<circle cx="{}" cy="{y}" r="5.5" fill="#fff" stroke="#333" stroke-width="2"/><text x="{}" y="{}" font-size="11.5">watch or above</text><rect x="{}" y="{}" width="10" height="10" fill="#333"/><text x="{}" y="{}" font-size="11.5">likely</text>"##,
            x + 11.0,
            x + 28.0,
            y + 4.0,
            x + 130.0,
            y - 5.0,
            x + 146.0,
            y + 4.0
        );
    }
    for (j, n) in notes.iter().enumerate() {
        legend_text(&mut s, curves.len() + 3 + j, n);
    }
    s.push_str("</svg>\n");
    s
}

/// A reliability diagram: for each series, the share of positives against the mean score in each bin
/// (circles sized by the accounts in the bin), with the diagonal a calibrated score would follow.
pub fn reliability(title: &str, series: &[(String, Vec<Bin>)], notes: &[String]) -> String {
    let mut s = open(title, "combined score / 100 (bin mean)", "share of positives in the bin");
    diagonal(&mut s, "perfectly calibrated");
    let largest = series.iter().flat_map(|(_, b)| b.iter().map(|b| b.n)).max().unwrap_or(1).max(1) as f64;
    for (i, (label, bins)) in series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let used: Vec<&Bin> = bins.iter().filter(|b| b.n > 0).collect();
        let path: Vec<String> = used
            .iter()
            .map(|b| format!("{:.1},{:.1}", px(b.mean_score), py(b.positives as f64 / b.n as f64)))
            .collect();
        let _ = writeln!(
            s,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.5" opacity="0.8"/>"##,
            path.join(" ")
        );
        for b in used {
            let r = 3.0 + 9.0 * (b.n as f64 / largest).sqrt();
            let _ = writeln!(
                s,
                r##"<circle cx="{:.1}" cy="{:.1}" r="{r:.1}" fill="{colour}" fill-opacity="0.35" stroke="{colour}"><title>{} accounts, {} positive</title></circle>"##,
                px(b.mean_score),
                py(b.positives as f64 / b.n as f64),
                b.n,
                b.positives
            );
        }
        legend_line(&mut s, i + 1, colour, false, label);
    }
    for (j, n) in notes.iter().enumerate() {
        legend_text(&mut s, series.len() + 2 + j, n);
    }
    s.push_str("</svg>\n");
    s
}

/// One row of the AUC comparison.
pub struct AucRow {
    /// What was measured, on what.
    pub label: String,
    /// The AUC.
    pub auc: f64,
    /// Its 95 % interval, when known.
    pub interval: Option<(f64, f64)>,
    /// A peer's published figure (drawn as a diamond) rather than one of this run (a dot).
    pub peer: bool,
}

/// AUCs as dots with their bootstrap intervals, and the peers' published AUCs as diamonds, on one axis from
/// 0.4 to 1.0 with chance marked.
pub fn auc_chart(title: &str, rows: &[AucRow], notes: &[String]) -> String {
    let row_h = 26.0;
    let left = 450.0;
    let width = 330.0;
    let top = 60.0;
    let height = top + rows.len() as f64 * row_h + 100.0 + notes.len() as f64 * 16.0;
    let ax = |v: f64| left + (v.clamp(0.4, 1.0) - 0.4) / 0.6 * width;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" viewBox="0 0 {W} {height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">
<rect width="{W}" height="{height}" fill="#ffffff"/>
<text x="20" y="28" font-size="16" font-weight="bold">{}</text>"##,
        escape(title)
    );
    let bottom = top + rows.len() as f64 * row_h;
    for i in 0..=6 {
        let v = 0.4 + f64::from(i) * 0.1;
        let _ = writeln!(
            s,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{bottom}" stroke="{}"{}/><text x="{x}" y="{}" text-anchor="middle">{v:.1}</text>"##,
            top - 8.0,
            if i == 1 { "#888" } else { "#e4e4e4" },
            if i == 1 { r#" stroke-dasharray="5,4""# } else { "" },
            bottom + 18.0,
            x = ax(v)
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{}" y="{}" text-anchor="middle">ROC AUC (dashed: chance, 0.5)</text>"##,
        left + width / 2.0,
        bottom + 38.0
    );
    for (i, r) in rows.iter().enumerate() {
        let y = top + i as f64 * row_h + row_h / 2.0;
        let colour = if r.peer { COLOURS[1] } else { COLOURS[0] };
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" text-anchor="end">{}</text>"##,
            left - 10.0,
            y + 4.0,
            escape(&r.label)
        );
        if let Some((lo, hi)) = r.interval {
            let _ = writeln!(
                s,
                r##"<line x1="{:.1}" y1="{y}" x2="{:.1}" y2="{y}" stroke="{colour}" stroke-width="2"/>"##,
                ax(lo),
                ax(hi)
            );
        }
        let x = ax(r.auc);
        if r.peer {
            let _ = writeln!(
                s,
                r##"<path d="M {x:.1} {} L {} {y} L {x:.1} {} L {} {y} Z" fill="{colour}"/>"##,
                y - 6.0,
                x + 6.0,
                y + 6.0,
                x - 6.0
            );
        } else {
            let _ = writeln!(s, r##"<circle cx="{x:.1}" cy="{y}" r="5" fill="{colour}"/>"##);
        }
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" font-size="11">{:.2}</text>"##,
            ax(1.0) + 8.0,
            y + 4.0,
            r.auc
        );
    }
    let legend = bottom + 58.0;
    let _ = writeln!(
        s,
        r##"<circle cx="30" cy="{}" r="5" fill="{}"/><text x="42" y="{}">Trichome, this run (bar: bootstrap 95 % interval)</text>
<path d="M 440 {} L 446 {} L 440 {} L 434 {} Z" fill="{}"/><text x="452" y="{}">peer: published figure, or its features refit here earlier (not rerun)</text>"##,
        legend - 4.0,
        COLOURS[0],
        legend,
        legend - 10.0,
        legend - 4.0,
        legend + 2.0,
        legend - 4.0,
        COLOURS[1],
        legend
    );
    for (j, n) in notes.iter().enumerate() {
        let _ = writeln!(
            s,
            r##"<text x="20" y="{}" font-size="11" fill="#444">{}</text>"##,
            legend + 20.0 + j as f64 * 16.0,
            escape(n)
        );
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape(r#"a < b & "c""#), "a &lt; b &amp; &quot;c&quot;");
        let svg = roc(
            "t",
            &[Curve { label: "x<y".into(), points: vec![(0.0, 0.0), (1.0, 1.0)], levels: None }],
            &[],
        );
        assert!(svg.contains("x&lt;y") && !svg.contains("x<y"));
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn points_map_into_the_plot_area() {
        assert_eq!((px(0.0), py(0.0)), (X0, Y0 + SIDE));
        assert_eq!((px(1.0), py(1.0)), (X0 + SIDE, Y0));
        assert_eq!(px(7.0), X0 + SIDE);
    }
}
