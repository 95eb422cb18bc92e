//! The extension's sensitivity presets, read from where they are written (`extension/src/settings.js`), so that
//! the report measures what each preset shows against chance with the same cut-offs the extension uses.

use std::path::Path;

use trichome::verdict::Level;
use trichome_bench::sets::Scored;

/// One preset: its name and the lowest score at which it shows a *watch* (every *likely* is shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    /// As the options page names it.
    pub name: String,
    /// The lowest verdict score (0..100) at which a *watch* is shown.
    pub watch_from: u8,
}

impl Preset {
    /// Whether this preset shows the account's badge (the rule of `settings.js`'s `shows`, all signals on).
    pub fn shows(&self, a: &Scored) -> bool {
        a.level == Level::Likely
            || (a.level == Level::Watch && (a.score * 100.0).round() >= f64::from(self.watch_from))
    }
}

/// The presets of `settings.js` (at `root`/extension/src/settings.js), in the order written there.
pub fn read(root: &Path) -> Result<Vec<Preset>, String> {
    let path = root.join("extension/src/settings.js");
    let js = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&js).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads the `const PRESETS = { name: { watchFrom: N }, ... };` line.
pub fn parse(js: &str) -> Result<Vec<Preset>, String> {
    let line = js
        .lines()
        .find(|l| l.trim_start().starts_with("const PRESETS = {"))
        .ok_or("no `const PRESETS = {` line")?;
    let body = line.split_once('{').map(|x| x.1).ok_or("no presets")?;
    let mut presets = Vec::new();
    for part in body.split('}') {
        let Some((name, rest)) = part.split_once(':') else { continue };
        let name = name.trim_matches(|c: char| c == ',' || c == '{' || c.is_whitespace());
        let Some(value) = rest.split_once("watchFrom:").map(|x| x.1.trim()) else { continue };
        let watch_from = value
            .parse::<u8>()
            .map_err(|_| format!("preset `{name}`: watchFrom `{value}` is not a score"))?;
        presets.push(Preset { name: name.to_string(), watch_from });
    }
    if presets.is_empty() {
        return Err("the PRESETS line names no preset".into());
    }
    Ok(presets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_presets_line_and_refuses_a_bad_one() {
        let js = "  const PRESETS = { cautious: { watchFrom: 50 }, balanced: { watchFrom: 42 }, aggressive: { watchFrom: 35 } };";
        let p = parse(js).unwrap();
        assert_eq!(
            p.iter().map(|p| (p.name.as_str(), p.watch_from)).collect::<Vec<_>>(),
            [("cautious", 50), ("balanced", 42), ("aggressive", 35)]
        );
        assert!(parse("const PRESETS = { cautious: { watchFrom: high } };")
            .unwrap_err()
            .contains("cautious"));
        assert!(parse("nothing here").is_err());
    }

    #[test]
    fn the_extension_presets_are_read() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let p = read(&root).unwrap();
        assert_eq!(
            p.first().map(|p| p.name.as_str()),
            Some("cautious"),
            "the default preset is written first"
        );
        assert!(
            p.windows(2).all(|w| w[0].watch_from > w[1].watch_from),
            "each preset shows more than the one before"
        );
    }

    #[test]
    fn a_preset_shows_likely_always_and_a_watch_from_its_score() {
        let p = Preset { name: "x".into(), watch_from: 50 };
        let a = |score: f64, level| Scored { positive: false, score, level, weights: [0.0; 4] };
        assert!(p.shows(&a(0.61, Level::Likely)));
        assert!(p.shows(&a(0.50, Level::Watch)));
        assert!(!p.shows(&a(0.49, Level::Watch)));
        assert!(!p.shows(&a(0.90, Level::None)));
    }
}
