//! The persona's time zone: a rough UTC offset range from what an account claims or shows (its free-text
//! location, X's "account based in" country, the language of its posts).
//!
//! The table is deliberately compact: countries, US states, and the major cities people write. Ranges cover
//! daylight saving time and, for large countries, every zone (the United States is −10..−4). An unknown or
//! joke location ("Earth", "she/her") gives nothing rather than a guess.

use crate::features::Letters;
/// Defined with the evidence that shows it.
pub use crate::verdict::evidence::PersonaZone;

impl PersonaZone {
    /// Minutes between an offset and this range (0 inside it).
    pub fn distance_minutes(&self, offset_minutes: i32) -> i32 {
        if offset_minutes < self.min_minutes {
            self.min_minutes - offset_minutes
        } else if offset_minutes > self.max_minutes {
            offset_minutes - self.max_minutes
        } else {
            0
        }
    }
}

/// Places by name, lower case, with their offset range in hours (min, max). Multi-word names are matched as
/// phrases; single words as whole words.
const PLACES: &[(&str, f32, f32)] = &[
    // East and South-East Asia, where a Beijing-shaped week is ordinary life.
    ("china", 8.0, 8.0),
    ("prc", 8.0, 8.0),
    ("beijing", 8.0, 8.0),
    ("peking", 8.0, 8.0),
    ("shanghai", 8.0, 8.0),
    ("guangzhou", 8.0, 8.0),
    ("shenzhen", 8.0, 8.0),
    ("chengdu", 8.0, 8.0),
    ("wuhan", 8.0, 8.0),
    ("hangzhou", 8.0, 8.0),
    ("中国", 8.0, 8.0),
    ("北京", 8.0, 8.0),
    ("上海", 8.0, 8.0),
    ("taiwan", 8.0, 8.0),
    ("taipei", 8.0, 8.0),
    ("kaohsiung", 8.0, 8.0),
    ("taichung", 8.0, 8.0),
    ("台灣", 8.0, 8.0),
    ("台湾", 8.0, 8.0),
    ("台北", 8.0, 8.0),
    ("臺北", 8.0, 8.0),
    ("hong kong", 8.0, 8.0),
    ("hongkong", 8.0, 8.0),
    ("香港", 8.0, 8.0),
    ("macau", 8.0, 8.0),
    ("macao", 8.0, 8.0),
    ("singapore", 8.0, 8.0),
    ("新加坡", 8.0, 8.0),
    ("malaysia", 8.0, 8.0),
    ("kuala lumpur", 8.0, 8.0),
    ("philippines", 8.0, 8.0),
    ("manila", 8.0, 8.0),
    ("mongolia", 7.0, 8.0),
    ("japan", 9.0, 9.0),
    ("tokyo", 9.0, 9.0),
    ("osaka", 9.0, 9.0),
    ("日本", 9.0, 9.0),
    ("korea", 9.0, 9.0),
    ("seoul", 9.0, 9.0),
    ("indonesia", 7.0, 9.0),
    ("jakarta", 7.0, 7.0),
    ("thailand", 7.0, 7.0),
    ("bangkok", 7.0, 7.0),
    ("vietnam", 7.0, 7.0),
    ("viet nam", 7.0, 7.0),
    ("hanoi", 7.0, 7.0),
    ("myanmar", 6.5, 6.5),
    ("cambodia", 7.0, 7.0),
    // South Asia, Middle East, Africa.
    ("india", 5.5, 5.5),
    ("mumbai", 5.5, 5.5),
    ("delhi", 5.5, 5.5),
    ("bangalore", 5.5, 5.5),
    ("bengaluru", 5.5, 5.5),
    ("pakistan", 5.0, 5.0),
    ("bangladesh", 6.0, 6.0),
    ("dhaka", 6.0, 6.0),
    ("nepal", 5.75, 5.75),
    ("sri lanka", 5.5, 5.5),
    ("iran", 3.5, 3.5),
    ("tehran", 3.5, 3.5),
    ("dubai", 4.0, 4.0),
    ("uae", 4.0, 4.0),
    ("saudi", 3.0, 3.0),
    ("qatar", 3.0, 3.0),
    ("israel", 2.0, 3.0),
    ("turkey", 3.0, 3.0),
    ("istanbul", 3.0, 3.0),
    ("egypt", 2.0, 3.0),
    ("cairo", 2.0, 3.0),
    ("nigeria", 1.0, 1.0),
    ("lagos", 1.0, 1.0),
    ("kenya", 3.0, 3.0),
    ("nairobi", 3.0, 3.0),
    ("south africa", 2.0, 2.0),
    ("johannesburg", 2.0, 2.0),
    ("ghana", 0.0, 0.0),
    // Europe.
    ("uk", 0.0, 1.0),
    ("united kingdom", 0.0, 1.0),
    ("england", 0.0, 1.0),
    ("scotland", 0.0, 1.0),
    ("wales", 0.0, 1.0),
    ("london", 0.0, 1.0),
    ("manchester", 0.0, 1.0),
    ("ireland", 0.0, 1.0),
    ("dublin", 0.0, 1.0),
    ("portugal", 0.0, 1.0),
    ("lisbon", 0.0, 1.0),
    ("spain", 1.0, 2.0),
    ("madrid", 1.0, 2.0),
    ("barcelona", 1.0, 2.0),
    ("france", 1.0, 2.0),
    ("paris", 1.0, 2.0),
    ("germany", 1.0, 2.0),
    ("deutschland", 1.0, 2.0),
    ("berlin", 1.0, 2.0),
    ("italy", 1.0, 2.0),
    ("italia", 1.0, 2.0),
    ("rome", 1.0, 2.0),
    ("roma", 1.0, 2.0),
    ("milan", 1.0, 2.0),
    ("netherlands", 1.0, 2.0),
    ("amsterdam", 1.0, 2.0),
    ("belgium", 1.0, 2.0),
    ("brussels", 1.0, 2.0),
    ("switzerland", 1.0, 2.0),
    ("austria", 1.0, 2.0),
    ("vienna", 1.0, 2.0),
    ("sweden", 1.0, 2.0),
    ("stockholm", 1.0, 2.0),
    ("norway", 1.0, 2.0),
    ("denmark", 1.0, 2.0),
    ("poland", 1.0, 2.0),
    ("warsaw", 1.0, 2.0),
    ("czech", 1.0, 2.0),
    ("prague", 1.0, 2.0),
    ("hungary", 1.0, 2.0),
    ("finland", 2.0, 3.0),
    ("greece", 2.0, 3.0),
    ("athens", 2.0, 3.0),
    ("romania", 2.0, 3.0),
    ("ukraine", 2.0, 3.0),
    ("kyiv", 2.0, 3.0),
    ("kiev", 2.0, 3.0),
    ("moscow", 3.0, 3.0),
    ("st petersburg", 3.0, 3.0),
    ("saint petersburg", 3.0, 3.0),
    ("russia", 2.0, 12.0),
    ("россия", 2.0, 12.0),
    ("москва", 3.0, 3.0),
    // Oceania.
    ("australia", 8.0, 11.0),
    ("sydney", 10.0, 11.0),
    ("melbourne", 10.0, 11.0),
    ("brisbane", 10.0, 10.0),
    ("perth", 8.0, 8.0),
    ("new zealand", 12.0, 13.0),
    ("auckland", 12.0, 13.0),
    // The Americas.
    ("usa", -10.0, -4.0),
    ("u.s.a", -10.0, -4.0),
    ("u.s.", -10.0, -4.0),
    ("united states", -10.0, -4.0),
    ("canada", -8.0, -2.5),
    ("toronto", -5.0, -4.0),
    ("montreal", -5.0, -4.0),
    ("vancouver", -8.0, -7.0),
    ("mexico", -8.0, -5.0),
    ("brazil", -5.0, -2.0),
    ("brasil", -5.0, -2.0),
    ("são paulo", -3.0, -3.0),
    ("sao paulo", -3.0, -3.0),
    ("rio de janeiro", -3.0, -3.0),
    ("argentina", -3.0, -3.0),
    ("buenos aires", -3.0, -3.0),
    ("chile", -4.0, -3.0),
    ("colombia", -5.0, -5.0),
    ("bogota", -5.0, -5.0),
    ("peru", -5.0, -5.0),
    ("venezuela", -4.0, -4.0),
    // US cities and states (ranges include daylight saving time).
    ("new york", -5.0, -4.0),
    ("nyc", -5.0, -4.0),
    ("brooklyn", -5.0, -4.0),
    ("manhattan", -5.0, -4.0),
    ("boston", -5.0, -4.0),
    ("philadelphia", -5.0, -4.0),
    ("washington dc", -5.0, -4.0),
    ("washington, dc", -5.0, -4.0),
    ("washington d.c.", -5.0, -4.0),
    ("d.c.", -5.0, -4.0),
    ("atlanta", -5.0, -4.0),
    ("miami", -5.0, -4.0),
    ("detroit", -5.0, -4.0),
    ("chicago", -6.0, -5.0),
    ("houston", -6.0, -5.0),
    ("dallas", -6.0, -5.0),
    ("austin", -6.0, -5.0),
    ("san antonio", -6.0, -5.0),
    ("new orleans", -6.0, -5.0),
    ("denver", -7.0, -6.0),
    ("phoenix", -7.0, -7.0),
    ("los angeles", -8.0, -7.0),
    ("san francisco", -8.0, -7.0),
    ("seattle", -8.0, -7.0),
    ("portland", -8.0, -7.0),
    ("las vegas", -8.0, -7.0),
    ("san diego", -8.0, -7.0),
    ("silicon valley", -8.0, -7.0),
    ("bay area", -8.0, -7.0),
    ("alabama", -6.0, -5.0),
    ("alaska", -9.0, -8.0),
    ("arizona", -7.0, -7.0),
    ("arkansas", -6.0, -5.0),
    ("california", -8.0, -7.0),
    ("colorado", -7.0, -6.0),
    ("connecticut", -5.0, -4.0),
    ("delaware", -5.0, -4.0),
    ("florida", -6.0, -4.0),
    ("georgia", -5.0, -4.0),
    ("hawaii", -10.0, -10.0),
    ("idaho", -7.0, -6.0),
    ("illinois", -6.0, -5.0),
    ("indiana", -6.0, -4.0),
    ("iowa", -6.0, -5.0),
    ("kansas", -7.0, -5.0),
    ("kentucky", -6.0, -4.0),
    ("louisiana", -6.0, -5.0),
    ("maine", -5.0, -4.0),
    ("maryland", -5.0, -4.0),
    ("massachusetts", -5.0, -4.0),
    ("michigan", -6.0, -4.0),
    ("minnesota", -6.0, -5.0),
    ("mississippi", -6.0, -5.0),
    ("missouri", -6.0, -5.0),
    ("montana", -7.0, -6.0),
    ("nebraska", -7.0, -5.0),
    ("nevada", -8.0, -7.0),
    ("new hampshire", -5.0, -4.0),
    ("new jersey", -5.0, -4.0),
    ("new mexico", -7.0, -6.0),
    ("north carolina", -5.0, -4.0),
    ("north dakota", -7.0, -5.0),
    ("ohio", -5.0, -4.0),
    ("oklahoma", -6.0, -5.0),
    ("oregon", -8.0, -6.0),
    ("pennsylvania", -5.0, -4.0),
    ("rhode island", -5.0, -4.0),
    ("south carolina", -5.0, -4.0),
    ("south dakota", -7.0, -5.0),
    ("tennessee", -6.0, -4.0),
    ("texas", -7.0, -5.0),
    ("utah", -7.0, -6.0),
    ("vermont", -5.0, -4.0),
    ("virginia", -5.0, -4.0),
    ("washington", -8.0, -4.0),
    ("west virginia", -5.0, -4.0),
    ("wisconsin", -6.0, -5.0),
    ("wyoming", -7.0, -6.0),
];

/// US state postal codes, matched only in upper case after a comma ("Austin, TX"), with their ranges.
const STATE_CODES: &[(&str, f32, f32)] = &[
    ("AL", -6.0, -5.0),
    ("AK", -9.0, -8.0),
    ("AZ", -7.0, -7.0),
    ("AR", -6.0, -5.0),
    ("CA", -8.0, -7.0),
    ("CO", -7.0, -6.0),
    ("CT", -5.0, -4.0),
    ("DC", -5.0, -4.0),
    ("DE", -5.0, -4.0),
    ("FL", -6.0, -4.0),
    ("GA", -5.0, -4.0),
    ("HI", -10.0, -10.0),
    ("IA", -6.0, -5.0),
    ("ID", -7.0, -6.0),
    ("IL", -6.0, -5.0),
    ("IN", -6.0, -4.0),
    ("KS", -7.0, -5.0),
    ("KY", -6.0, -4.0),
    ("LA", -6.0, -5.0),
    ("MA", -5.0, -4.0),
    ("MD", -5.0, -4.0),
    ("ME", -5.0, -4.0),
    ("MI", -6.0, -4.0),
    ("MN", -6.0, -5.0),
    ("MO", -6.0, -5.0),
    ("MS", -6.0, -5.0),
    ("MT", -7.0, -6.0),
    ("NC", -5.0, -4.0),
    ("ND", -7.0, -5.0),
    ("NE", -7.0, -5.0),
    ("NH", -5.0, -4.0),
    ("NJ", -5.0, -4.0),
    ("NM", -7.0, -6.0),
    ("NV", -8.0, -7.0),
    ("NY", -5.0, -4.0),
    ("OH", -5.0, -4.0),
    ("OK", -6.0, -5.0),
    ("OR", -8.0, -6.0),
    ("PA", -5.0, -4.0),
    ("RI", -5.0, -4.0),
    ("SC", -5.0, -4.0),
    ("SD", -7.0, -5.0),
    ("TN", -6.0, -4.0),
    ("TX", -7.0, -5.0),
    ("UT", -7.0, -6.0),
    ("VA", -5.0, -4.0),
    ("VT", -5.0, -4.0),
    ("WA", -8.0, -7.0),
    ("WI", -6.0, -5.0),
    ("WV", -5.0, -4.0),
    ("WY", -7.0, -6.0),
];

/// Flag emoji (two regional indicators, as their ISO letters) with offset ranges.
const FLAGS: &[(&str, f32, f32)] = &[
    ("US", -10.0, -4.0),
    ("CN", 8.0, 8.0),
    ("TW", 8.0, 8.0),
    ("HK", 8.0, 8.0),
    ("SG", 8.0, 8.0),
    ("JP", 9.0, 9.0),
    ("KR", 9.0, 9.0),
    ("GB", 0.0, 1.0),
    ("CA", -8.0, -2.5),
    ("AU", 8.0, 11.0),
    ("DE", 1.0, 2.0),
    ("FR", 1.0, 2.0),
    ("RU", 2.0, 12.0),
    ("UA", 2.0, 3.0),
    ("IN", 5.5, 5.5),
];

/// Languages whose speakers live in a narrow band of zones. English, Spanish, French, Portuguese and Arabic
/// span too much of the world to say anything.
const LANGUAGES: &[(&str, f32, f32)] = &[
    ("zh", 7.0, 9.0),
    ("ja", 9.0, 9.0),
    ("ko", 9.0, 9.0),
    ("th", 7.0, 7.0),
    ("vi", 7.0, 7.0),
    ("tl", 8.0, 8.0),
    ("id", 7.0, 9.0),
    ("ms", 7.0, 8.0),
    ("fa", 3.5, 4.5),
    ("tr", 3.0, 3.0),
    ("uk", 2.0, 3.0),
    ("pl", 1.0, 2.0),
    ("de", 1.0, 2.0),
    ("it", 1.0, 2.0),
    ("nl", 1.0, 2.0),
    ("el", 2.0, 3.0),
    ("he", 2.0, 3.0),
    ("hi", 5.5, 5.5),
    ("bn", 5.5, 6.0),
];

fn zone(range: (f32, f32), source: &'static str, matched: &str) -> PersonaZone {
    PersonaZone {
        min_minutes: (range.0 * 60.0).round() as i32,
        max_minutes: (range.1 * 60.0).round() as i32,
        source,
        matched: matched.to_string(),
    }
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    // Han and kana names have no spaces around them; any neighbour will do.
    let cjk = text[start..end].chars().any(crate::text::is_unspaced_script);
    cjk || (!before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric))
}

/// The offset range a free-text location (or a country name) points at; the first-mentioned known place
/// wins, so "Taipei, Taiwan" and "Houston, TX" both work.
pub fn from_place(text: &str, source: &'static str) -> Option<PersonaZone> {
    let text: String = text.chars().take(200).collect();
    let lower = crate::text::lowercase(&text);
    let mut best: Option<(usize, usize, (f32, f32), &str)> = None;
    for &(name, lo, hi) in PLACES {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(name) {
            let start = from + pos;
            let end = start + name.len();
            if is_word_boundary(&lower, start, end) {
                // Earliest mention first; at the same place the longer name ("new mexico" over "mexico").
                let better = best.is_none_or(|(s, len, _, _)| start < s || (start == s && name.len() > len));
                if better {
                    best = Some((start, name.len(), (lo, hi), name));
                }
                break;
            }
            from = end;
        }
    }
    // A state code counts only where no place name was found ("Austin, TX" is already Austin).
    if best.is_none() {
        for &(code, lo, hi) in STATE_CODES {
            if let Some(pos) = text.find(&format!(",{code}")).or_else(|| text.find(&format!(", {code}"))) {
                let start = text[pos..].find(code).map_or(pos, |p| pos + p);
                if is_word_boundary(&text, start, start + code.len()) {
                    best = Some((start, code.len(), (lo, hi), code));
                    break;
                }
            }
        }
    }
    if best.is_none() {
        let indicators: Vec<char> = text
            .chars()
            .filter(|c| ('\u{1F1E6}'..='\u{1F1FF}').contains(c))
            .map(|c| char::from(b'A' + (c as u32 - 0x1F1E6) as u8))
            .collect();
        for pair in indicators.chunks(2) {
            let code: String = pair.iter().collect();
            if let Some(&(c, lo, hi)) = FLAGS.iter().find(|f| f.0 == code) {
                return Some(zone((lo, hi), source, c));
            }
        }
    }
    best.map(|(_, _, range, name)| zone(range, source, name))
}

/// The offset range a language code points at, when its speakers live in a narrow band of zones.
pub fn from_language(code: &str) -> Option<PersonaZone> {
    let base = code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase();
    let base = if base == "fil" { "tl".to_string() } else { base };
    LANGUAGES.iter().find(|l| l.0 == base).map(|&(c, lo, hi)| zone((lo, hi), "language", c))
}

/// The dominant writing system of some texts, as a language code where the script alone tells (Han → zh,
/// kana → ja, Hangul → ko, Thai → th), for posts the site gave no language label.
pub fn language_from_script(texts: &[&str]) -> Option<&'static str> {
    let mut total = Letters::default();
    for t in texts {
        total.add(&Letters::of(t));
    }
    total.language()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<(f32, f32)>) {
        let got = from_place(text, "location").map(|z| (z.min_minutes, z.max_minutes));
        let want = expected.map(|(a, b)| ((a * 60.0) as i32, (b * 60.0) as i32));
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn places() {
        check("Austin, TX", Some((-6.0, -5.0)));
        check("Somewhere, TX", Some((-7.0, -5.0)));
        check("Texas, USA", Some((-7.0, -5.0)));
        check("Taipei, Taiwan", Some((8.0, 8.0)));
        check("香港", Some((8.0, 8.0)));
        check("Kuala Lumpur", Some((8.0, 8.0)));
        check("New Mexico", Some((-7.0, -6.0)));
        check("Earth", None);
        check("she/her", None);
        check("Houston we have a problem", Some((-6.0, -5.0)));
        check("🇺🇸", Some((-10.0, -4.0)));
        check("campus", None);
        check("", None);
        assert_eq!(from_language("zh-Hant").map(|z| z.min_minutes), Some(420));
        assert_eq!(from_language("en"), None);
        assert_eq!(language_from_script(&["今天天气很好"]), Some("zh"));
        assert_eq!(language_from_script(&["hello world"]), None);
    }
}
