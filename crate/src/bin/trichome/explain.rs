//! `explain`: one account's whole evidence: each signal's weight, sentence and evidence, its clusters, what is
//! not known, and the hour-of-week grid of its posts.

use std::io::Write;

use trichome::engine::Engine;
use trichome::history::account_key;
use trichome::observation::Site;
use trichome::time;
use trichome::verdict::{Signal, SIGN_WEIGHT, STRONG_WEIGHT};

use crate::display::{plural, printable, shorten};
use crate::score::kind_name;
use crate::Failure;

/// The key of the account `name` names: a key (`x:123`), an id, or a handle with or without `@`.
fn find_account(engine: &Engine, name: &str) -> Option<String> {
    if let Some(h) = engine.history(name) {
        return Some(h.key());
    }
    let bare = name.trim_start_matches('@');
    for site in [Site::X, Site::Youtube, Site::Other] {
        for id in [bare.to_string(), format!("@{bare}")] {
            if let Some(h) = engine.history(&account_key(site, &id)) {
                return Some(h.key());
            }
        }
    }
    engine
        .histories()
        .into_iter()
        .find(|h| h.handles.iter().any(|s| s.value.eq_ignore_ascii_case(bare)))
        .map(|h| h.key())
}

pub fn explain(engine: &Engine, name: &str, out: &mut impl Write) -> Result<(), Failure> {
    let key = find_account(engine, name).ok_or_else(|| {
        Failure::Input(format!(
            "account '{name}' is not in the input ({} accounts read; give an id, a handle or site:id)",
            engine.account_count()
        ))
    })?;
    let (Some(v), Some(history)) = (engine.verdict(&key), engine.history(&key)) else {
        return Err(Failure::Input(format!("account '{name}' has no verdict")));
    };
    let handle = v.account.handle.as_deref().map(|h| format!("  @{h}")).unwrap_or_default();
    let display = v.account.name.as_deref().map(|n| format!("  \"{n}\"")).unwrap_or_default();
    writeln!(out, "{}", printable(&format!("{key}{handle}{display}")))?;
    writeln!(out, "level: {} (score {}), {} posts held", v.level.as_str(), v.score, v.posts_seen)?;
    for (what, seen) in [("names", &history.names), ("handles", &history.handles)] {
        if seen.len() > 1 {
            let list: Vec<&str> = seen.iter().map(|s| s.value.as_str()).collect();
            writeln!(out, "{what} seen: {}", printable(&list.join(", ")))?;
        }
    }
    if v.signals.is_empty() {
        writeln!(out, "\nNo signal had anything to say about this account.")?;
    }
    let mut signals: Vec<&Signal> = v.signals.iter().collect();
    signals.sort_by(|a, b| b.weight().total_cmp(&a.weight()));
    for s in signals {
        let rank = if s.weight() >= STRONG_WEIGHT {
            "a strong sign"
        } else if s.weight() >= SIGN_WEIGHT {
            "a sign"
        } else {
            "below the threshold of a sign"
        };
        writeln!(
            out,
            "\n{}: strength {:.2} × confidence {:.2} = {:.2}, {rank}",
            kind_name(s),
            s.strength,
            s.confidence,
            s.weight()
        )?;
        writeln!(out, "  {}", printable(&s.summary))?;
        let mut lines = Vec::new();
        evidence_lines(&s.evidence.to_value(), "", 4, &mut lines);
        if !lines.is_empty() {
            writeln!(out, "  evidence:")?;
            for l in lines {
                writeln!(out, "{l}")?;
            }
        }
    }
    let clusters = &engine.cross_account().clusters;
    let mine: Vec<_> = clusters.iter().filter(|c| v.clusters.contains(&c.id)).collect();
    if !mine.is_empty() {
        writeln!(out, "\nclusters:")?;
        for c in mine {
            let members: Vec<String> = c.members.iter().take(12).cloned().collect();
            let more = c.members.len().saturating_sub(members.len());
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            writeln!(out, "  {}: {}", c.id, printable(&c.summary))?;
            writeln!(out, "    members: {}{more}", printable(&members.join(", ")))?;
        }
    }
    if !v.unknowns.is_empty() {
        writeln!(out, "\nnot known:")?;
        for u in &v.unknowns {
            writeln!(out, "  - {}", printable(u))?;
        }
    }
    writeln!(out)?;
    hour_of_week_grid(&history.precise_times(), history.posts.len(), out)
}

/// The evidence as indented lines: objects as `key: value`, arrays as `- ` items (the first few), Unix
/// times also as dates.
fn evidence_lines(value: &serde_json::Value, key: &str, indent: usize, out: &mut Vec<String>) {
    use serde_json::Value;
    const ITEMS_SHOWN: usize = 8;
    let pad = " ".repeat(indent);
    let label = if key.is_empty() { String::new() } else { format!("{key}: ") };
    match value {
        Value::Null => {}
        Value::Object(map) => {
            if !key.is_empty() {
                out.push(format!("{pad}{key}:"));
            }
            let inner = if key.is_empty() { indent } else { indent + 2 };
            for (k, v) in map {
                evidence_lines(v, k, inner, out);
            }
        }
        Value::Array(items) => {
            if items.iter().all(|i| !i.is_object() && !i.is_array()) {
                let shown: Vec<String> = items.iter().take(ITEMS_SHOWN * 2).map(scalar).collect();
                let more = items.len().saturating_sub(shown.len());
                let more = if more > 0 { format!(" … and {more} more") } else { String::new() };
                out.push(format!("{pad}{label}[{}]{more}", shown.join(", ")));
                return;
            }
            out.push(format!("{pad}{key}:"));
            for item in items.iter().take(ITEMS_SHOWN) {
                let mut lines = Vec::new();
                evidence_lines(item, "", indent + 4, &mut lines);
                for (i, l) in lines.into_iter().enumerate() {
                    // The first line of each item carries its dash.
                    let l = if i == 0 { format!("{pad}  - {}", l.trim_start()) } else { l };
                    out.push(l);
                }
            }
            if items.len() > ITEMS_SHOWN {
                out.push(format!("{pad}  … and {} more", items.len() - ITEMS_SHOWN));
            }
        }
        scalar_value => {
            let is_time = key == "at" || key.ends_with("_at") || key == "first" || key == "last";
            let date = match scalar_value.as_i64() {
                Some(t) if is_time && t > 100_000_000 => format!(" ({})", time::format_iso(t)),
                _ => String::new(),
            };
            out.push(format!("{pad}{label}{}{date}", scalar(scalar_value)));
        }
    }
}

fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => format!("\"{}\"", printable(&shorten(s, 160))),
        serde_json::Value::Number(n) if n.is_f64() => format!("{:.3}", n.as_f64().unwrap_or(0.0)),
        other => printable(&other.to_string()),
    }
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The 7×24 grid of posting hours in UTC, one shaded cell per hour of the week.
fn hour_of_week_grid(times: &[i64], held: usize, out: &mut impl Write) -> Result<(), Failure> {
    let mut counts = [[0u32; 24]; 7];
    for &t in times {
        let day = time::weekday(t, 0) as usize;
        let hour = (time::minute_of_day(t, 0) / 60) as usize;
        counts[day.min(6)][hour.min(23)] += 1;
    }
    let max = counts.iter().flatten().copied().max().unwrap_or(0);
    writeln!(out, "posting hours, UTC ({} of {held} posts known to the minute)", times.len())?;
    if max == 0 {
        writeln!(out, "  no post time is known to the minute")?;
        return Ok(());
    }
    let mut header = [' '; 48];
    for hour in (0..24).step_by(3) {
        for (i, c) in hour.to_string().chars().enumerate() {
            header[hour * 2 + i] = c;
        }
    }
    writeln!(out, "       {}", header.iter().collect::<String>().trim_end())?;
    for (day, row) in counts.iter().enumerate() {
        let cells: String = row.iter().map(|&c| shade(c, max)).collect();
        writeln!(out, "  {}  {cells}  {}", DAYS[day], row.iter().sum::<u32>())?;
    }
    writeln!(
        out,
        "  · none  ░ up to ¼  ▒ up to ½  ▓ up to ¾  █ up to {max} post{} in one hour of the week",
        plural(u64::from(max))
    )?;
    Ok(())
}

fn shade(count: u32, max: u32) -> &'static str {
    if count == 0 {
        return "· ";
    }
    match f64::from(count) / f64::from(max.max(1)) {
        r if r <= 0.25 => "░░",
        r if r <= 0.5 => "▒▒",
        r if r <= 0.75 => "▓▓",
        _ => "██",
    }
}
