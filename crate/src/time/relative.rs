//! Relative times as YouTube shows them ("3 days ago", "منذ يومين", "3 天前"), turned into honest intervals.
//!
//! YouTube gives comment times only relative to the moment it answered, floored to the largest whole unit:
//! "3 days ago" means at least 3 and less than 4 days before. [`parse`] returns that interval against the
//! observation time, widened where a unit's length varies (a month is 28 to 31 days, a year 365 or 366), so
//! that the true time always lies inside it. It reads the 20 interface languages most used on YouTube, and
//! ignores what surrounds the phrase ("Streamed", "(edited)").

use std::sync::OnceLock;

use crate::observation::{PostTime, Precision};

/// A unit of relative time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months (28 to 31 days).
    Month,
    /// Years (365 or 366 days).
    Year,
}

const DAY: i64 = 86_400;

impl Unit {
    /// The shortest and the longest this unit can be, in seconds.
    pub fn length_bounds(self) -> (i64, i64) {
        match self {
            Unit::Second => (1, 1),
            Unit::Minute => (60, 60),
            Unit::Hour => (3_600, 3_600),
            Unit::Day => (DAY, DAY),
            Unit::Week => (7 * DAY, 7 * DAY),
            Unit::Month => (28 * DAY, 31 * DAY),
            Unit::Year => (365 * DAY, 366 * DAY),
        }
    }
}

/// A relative time read from text: how many of which unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelativeTime {
    /// How many units ago.
    pub count: i64,
    /// The unit.
    pub unit: Unit,
}

impl RelativeTime {
    /// The interval the event lies in, seen at `observed_at`, assuming the count was floored.
    pub fn interval(self, observed_at: i64) -> PostTime {
        let (shortest, longest) = self.unit.length_bounds();
        let latest = observed_at - self.count * shortest;
        let earliest = observed_at - (self.count + 1) * longest;
        let precision = match self.unit {
            Unit::Second | Unit::Minute => Precision::Minute,
            _ => Precision::Range,
        };
        PostTime { earliest, latest, precision }
    }
}

/// The longest span read as a relative time: a century. A larger "count" is a date's year ("2021年").
const MAX_SPAN: i64 = 100 * 365 * DAY;

/// Unit words, by language. A word matches when the text after the number starts with it (so one stem covers
/// the plural and case forms); the longest match wins, which keeps Ukrainian "годин" (hours) apart from
/// Russian "год" (year). The third field is the count the word implies when no number is written (Arabic
/// singular and dual forms: "منذ سنة" is one year, "منذ يومين" two days), a byte rather than an `i64`: the
/// table is then half the size in the wasm module.
const UNIT_WORDS: &[(&str, Unit, u8)] = &[
    // English, German, French, Italian, Dutch, Spanish, Portuguese, Polish.
    ("second", Unit::Second, 1),
    ("sec", Unit::Second, 1),
    ("segund", Unit::Second, 1),
    ("sekund", Unit::Second, 1),
    ("minut", Unit::Minute, 1),
    ("minuut", Unit::Minute, 1),
    ("min", Unit::Minute, 1),
    ("hour", Unit::Hour, 1),
    ("hora", Unit::Hour, 1),
    ("heure", Unit::Hour, 1),
    ("ora", Unit::Hour, 1),
    ("ore", Unit::Hour, 1),
    ("stund", Unit::Hour, 1),
    ("uur", Unit::Hour, 1),
    ("godzin", Unit::Hour, 1),
    ("day", Unit::Day, 1),
    ("día", Unit::Day, 1),
    ("dia", Unit::Day, 1),
    ("jour", Unit::Day, 1),
    ("giorn", Unit::Day, 1),
    ("tag", Unit::Day, 1),
    ("dag", Unit::Day, 1),
    ("dni", Unit::Day, 1),
    ("dzień", Unit::Day, 1),
    ("week", Unit::Week, 1),
    ("weken", Unit::Week, 1),
    ("semana", Unit::Week, 1),
    ("semaine", Unit::Week, 1),
    ("settiman", Unit::Week, 1),
    ("woche", Unit::Week, 1),
    ("tydzień", Unit::Week, 1),
    ("tygod", Unit::Week, 1),
    ("month", Unit::Month, 1),
    ("mes", Unit::Month, 1),
    ("mês", Unit::Month, 1),
    ("mois", Unit::Month, 1),
    ("monat", Unit::Month, 1),
    ("maand", Unit::Month, 1),
    ("miesi", Unit::Month, 1),
    ("year", Unit::Year, 1),
    ("año", Unit::Year, 1),
    ("ano", Unit::Year, 1),
    ("an", Unit::Year, 1),
    ("jahr", Unit::Year, 1),
    ("jaar", Unit::Year, 1),
    ("rok", Unit::Year, 1),
    ("lat", Unit::Year, 1),
    // Russian and Ukrainian.
    ("секунд", Unit::Second, 1),
    ("минут", Unit::Minute, 1),
    ("хвилин", Unit::Minute, 1),
    ("час", Unit::Hour, 1),
    ("годин", Unit::Hour, 1),
    ("дн", Unit::Day, 1),
    ("день", Unit::Day, 1),
    ("недел", Unit::Week, 1),
    ("тиж", Unit::Week, 1),
    ("месяц", Unit::Month, 1),
    ("місяц", Unit::Month, 1),
    ("год", Unit::Year, 1),
    ("лет", Unit::Year, 1),
    ("рік", Unit::Year, 1),
    ("рок", Unit::Year, 1),
    // Japanese, Korean, Chinese (Simplified and Traditional, Hong Kong forms).
    ("秒", Unit::Second, 1),
    ("초", Unit::Second, 1),
    ("分", Unit::Minute, 1),
    ("분", Unit::Minute, 1),
    ("時間", Unit::Hour, 1),
    ("시간", Unit::Hour, 1),
    ("小时", Unit::Hour, 1),
    ("小時", Unit::Hour, 1),
    ("个小时", Unit::Hour, 1),
    ("個小時", Unit::Hour, 1),
    ("钟头", Unit::Hour, 1),
    ("鐘頭", Unit::Hour, 1),
    ("日", Unit::Day, 1),
    ("일", Unit::Day, 1),
    ("天", Unit::Day, 1),
    ("週", Unit::Week, 1),
    ("周", Unit::Week, 1),
    ("주", Unit::Week, 1),
    ("星期", Unit::Week, 1),
    ("个星期", Unit::Week, 1),
    ("個星期", Unit::Week, 1),
    ("か月", Unit::Month, 1),
    ("ヶ月", Unit::Month, 1),
    ("カ月", Unit::Month, 1),
    ("ヵ月", Unit::Month, 1),
    ("ケ月", Unit::Month, 1),
    ("箇月", Unit::Month, 1),
    ("개월", Unit::Month, 1),
    ("달", Unit::Month, 1),
    ("个月", Unit::Month, 1),
    ("個月", Unit::Month, 1),
    ("月", Unit::Month, 1),
    ("年", Unit::Year, 1),
    ("년", Unit::Year, 1),
    // Arabic, with and without hamza, and the dual forms.
    ("ثانية", Unit::Second, 1),
    ("ثوان", Unit::Second, 1),
    ("ثانيتين", Unit::Second, 2),
    ("دقيقة", Unit::Minute, 1),
    ("دقائق", Unit::Minute, 1),
    ("دقيقتين", Unit::Minute, 2),
    ("ساعة", Unit::Hour, 1),
    ("ساعات", Unit::Hour, 1),
    ("ساعتين", Unit::Hour, 2),
    ("يوم", Unit::Day, 1),
    ("أيام", Unit::Day, 1),
    ("ايام", Unit::Day, 1),
    ("يومين", Unit::Day, 2),
    ("أسبوع", Unit::Week, 1),
    ("اسبوع", Unit::Week, 1),
    ("أسابيع", Unit::Week, 1),
    ("اسابيع", Unit::Week, 1),
    ("أسبوعين", Unit::Week, 2),
    ("اسبوعين", Unit::Week, 2),
    ("شهر", Unit::Month, 1),
    ("أشهر", Unit::Month, 1),
    ("اشهر", Unit::Month, 1),
    ("شهور", Unit::Month, 1),
    ("شهرين", Unit::Month, 2),
    ("سنة", Unit::Year, 1),
    ("سنوات", Unit::Year, 1),
    ("سنين", Unit::Year, 1),
    ("سنتين", Unit::Year, 2),
    ("عام", Unit::Year, 1),
    ("أعوام", Unit::Year, 1),
    ("اعوام", Unit::Year, 1),
    ("عامين", Unit::Year, 2),
    // Hindi.
    ("सेकंड", Unit::Second, 1),
    ("मिनट", Unit::Minute, 1),
    ("घंटे", Unit::Hour, 1),
    ("घंटा", Unit::Hour, 1),
    ("दिन", Unit::Day, 1),
    ("हफ़्त", Unit::Week, 1),
    ("हफ्त", Unit::Week, 1),
    ("सप्ताह", Unit::Week, 1),
    ("महीन", Unit::Month, 1),
    ("माह", Unit::Month, 1),
    ("साल", Unit::Year, 1),
    ("वर्ष", Unit::Year, 1),
    // Turkish.
    ("saniye", Unit::Second, 1),
    ("dakika", Unit::Minute, 1),
    ("saat", Unit::Hour, 1),
    ("gün", Unit::Day, 1),
    ("hafta", Unit::Week, 1),
    ("ay", Unit::Month, 1),
    ("yıl", Unit::Year, 1),
    // Indonesian.
    ("detik", Unit::Second, 1),
    ("menit", Unit::Minute, 1),
    ("jam", Unit::Hour, 1),
    ("hari", Unit::Day, 1),
    ("minggu", Unit::Week, 1),
    ("bulan", Unit::Month, 1),
    ("tahun", Unit::Year, 1),
    // Vietnamese.
    ("giây", Unit::Second, 1),
    ("phút", Unit::Minute, 1),
    ("giờ", Unit::Hour, 1),
    ("ngày", Unit::Day, 1),
    ("tuần", Unit::Week, 1),
    ("tháng", Unit::Month, 1),
    ("năm", Unit::Year, 1),
    // Thai.
    ("วินาที", Unit::Second, 1),
    ("นาที", Unit::Minute, 1),
    ("ชั่วโมง", Unit::Hour, 1),
    ("วัน", Unit::Day, 1),
    ("สัปดาห์", Unit::Week, 1),
    ("เดือน", Unit::Month, 1),
    ("ปี", Unit::Year, 1),
];

/// Phrases for "just now", by language. Only consulted when no number and unit were found.
const JUST_NOW: &[&str] = &[
    "just now",
    "justo ahora",
    "hace un momento",
    "agora mesmo",
    "há pouco",
    "gerade eben",
    "soeben",
    "à l'instant",
    "a l'instant",
    "proprio ora",
    "poco fa",
    "только что",
    "たった今",
    "방금",
    "刚刚",
    "剛剛",
    "الآن",
    "للتو",
    "अभी",
    "az önce",
    "şimdi",
    "baru saja",
    "vừa xong",
    "vừa mới",
    "przed chwilą",
    "zojuist",
    "zo-even",
    "เมื่อสักครู่",
    "щойно",
];

/// "(edited)" as YouTube writes it in each language.
const EDITED_MARKERS: &[&str] = &[
    "(edited)",
    "(editado)",
    "(bearbeitet)",
    "(modifié)",
    "(modificato)",
    "(изменено)",
    "(編集済み)",
    "(수정됨)",
    "(已编辑)",
    "(已編輯)",
    "(已修改)",
    "(تم التعديل)",
    "(संपादित)",
    "(बदलाव किया गया)",
    "(düzenlendi)",
    "(diedit)",
    "(đã chỉnh sửa)",
    "(edytowany)",
    "(edytowane)",
    "(bewerkt)",
    "(แก้ไขแล้ว)",
    "(змінено)",
];

/// Articles that stand for "one" before a unit ("an hour ago"); skipped so that French "an" (year) does not
/// swallow English "an".
const ARTICLES: &[&str] = &["a", "an", "one"];

/// Case- and form-folded text: NFKC (full-width digits and compatibility forms), then lower case.
fn fold(text: &str) -> String {
    crate::text::nfkc(text).chars().flat_map(crate::text::lower_chars).collect()
}

/// The unit words, folded like the input and longest first, so the first match is the longest.
fn unit_words() -> &'static [(String, Unit, i64)] {
    static WORDS: OnceLock<Vec<(String, Unit, i64)>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<(String, Unit, i64)> =
            UNIT_WORDS.iter().map(|&(w, unit, implied)| (fold(w), unit, i64::from(implied))).collect();
        crate::sort::sort_by_key(&mut words, |(w, _, _)| std::cmp::Reverse(w.chars().count()));
        words
    })
}

/// The value of a decimal digit in any script YouTube writes numbers in.
fn digit_value(c: char) -> Option<i64> {
    if let Some(d) = c.to_digit(10) {
        return Some(i64::from(d));
    }
    // Zeros of Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali and Thai digits.
    [0x0660u32, 0x06F0, 0x0966, 0x09E6, 0x0E50]
        .iter()
        .find_map(|&zero| (c as u32).checked_sub(zero).filter(|d| *d < 10).map(i64::from))
}

fn unit_at_start(text: &str) -> Option<(Unit, i64)> {
    unit_words()
        .iter()
        .find(|(w, _, _)| text.starts_with(w.as_str()))
        .map(|(_, unit, implied)| (*unit, *implied))
}

/// Reads the count and unit of a relative time, in any supported language. `None` when there is none.
pub fn read(text: &str) -> Option<RelativeTime> {
    let folded = fold(text);
    // A number followed by a unit word; a number followed by something else (a date's day) is skipped.
    let mut chars = folded.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let Some(first) = digit_value(c) else { continue };
        let mut count = first;
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            let Some(d) = digit_value(next) else { break };
            count = count.saturating_mul(10).saturating_add(d);
            end = i + next.len_utf8();
            chars.next();
        }
        let rest = folded[end..].trim_start();
        if let Some((unit, _)) = unit_at_start(rest) {
            let (shortest, _) = unit.length_bounds();
            return (count <= MAX_SPAN / shortest).then_some(RelativeTime { count, unit });
        }
    }
    if JUST_NOW.iter().any(|p| folded.contains(&fold(p))) {
        return Some(RelativeTime { count: 0, unit: Unit::Second });
    }
    // No number written: "منذ سنة", "منذ يومين", "an hour ago".
    folded
        .split_whitespace()
        .filter(|token| !ARTICLES.contains(token))
        .find_map(unit_at_start)
        .map(|(unit, implied)| RelativeTime { count: implied, unit })
}

/// The interval a relative time such as "4 years ago (edited)" or "منذ 3 أيام" stands for, seen at
/// `observed_at` (Unix seconds). `None` when the text holds no relative time.
///
/// "Just now" is the last minute. Seconds and minutes give [`Precision::Minute`], larger units
/// [`Precision::Range`].
pub fn parse(text: &str, observed_at: i64) -> Option<PostTime> {
    let relative = read(text)?;
    if relative.count == 0 && relative.unit == Unit::Second {
        // "Just now" (and "0 seconds ago"): YouTube says so for anything under a minute.
        return Some(PostTime {
            earliest: observed_at - 60,
            latest: observed_at,
            precision: Precision::Minute,
        });
    }
    Some(relative.interval(observed_at))
}

/// Whether the text carries YouTube's "(edited)" marker, in any supported language.
pub fn is_edited(text: &str) -> bool {
    let folded = fold(text);
    EDITED_MARKERS.iter().any(|m| folded.contains(&fold(m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNITS: [Unit; 7] =
        [Unit::Second, Unit::Minute, Unit::Hour, Unit::Day, Unit::Week, Unit::Month, Unit::Year];

    fn check(text: &str, count: i64, unit: Unit) {
        assert_eq!(read(text), Some(RelativeTime { count, unit }), "{text:?}");
    }

    #[test]
    fn reads_each_language_as_youtube_writes_it() {
        use Unit::*;
        let cases: &[(&str, i64, Unit)] = &[
            ("4 years ago (edited)", 4, Year),
            ("3 days ago", 3, Day),
            ("1 hour ago", 1, Hour),
            ("Streamed 2 weeks ago", 2, Week),
            ("Premiered 11 months ago", 11, Month),
            ("an hour ago", 1, Hour),
            ("hace 3 días (editado)", 3, Day),
            ("hace 1 año", 1, Year),
            ("há 3 dias (editado)", 3, Day),
            ("há 2 meses", 2, Month),
            ("vor 3 Tagen (bearbeitet)", 3, Day),
            ("vor 1 Jahr", 1, Year),
            ("il y a 3 jours (modifié)", 3, Day),
            ("il y a 5 ans", 5, Year),
            ("il y a 2 mois", 2, Month),
            ("3 giorni fa (modificato)", 3, Day),
            ("2 ore fa", 2, Hour),
            ("3 дня назад (изменено)", 3, Day),
            ("5 лет назад", 5, Year),
            ("1 год назад", 1, Year),
            ("3 日前（編集済み）", 3, Day),
            ("2 か月前", 2, Month),
            ("5 時間前", 5, Hour),
            ("3일 전(수정됨)", 3, Day),
            ("2개월 전", 2, Month),
            ("3 天前（已编辑）", 3, Day),
            ("1 年前", 1, Year),
            ("3 小时前", 3, Hour),
            ("3 小時前（已編輯）", 3, Hour),
            ("4 個月前", 4, Month),
            ("2 週前", 2, Week),
            ("منذ 3 أيام", 3, Day),
            ("منذ سنة", 1, Year),
            ("منذ يومين", 2, Day),
            ("منذ 11 يومًا (تم التعديل)", 11, Day),
            ("منذ ٣ أيام", 3, Day),
            ("منذ أسبوعين", 2, Week),
            ("3 दिन पहले", 3, Day),
            ("1 साल पहले (संपादित)", 1, Year),
            ("3 gün önce (düzenlendi)", 3, Day),
            ("2 yıl önce", 2, Year),
            ("3 hari yang lalu (diedit)", 3, Day),
            ("1 minggu yang lalu", 1, Week),
            ("3 ngày trước (đã chỉnh sửa)", 3, Day),
            ("2 năm trước", 2, Year),
            ("3 dni temu (edytowany)", 3, Day),
            ("5 lat temu", 5, Year),
            ("1 miesiąc temu", 1, Month),
            ("3 dagen geleden (bewerkt)", 3, Day),
            ("1 jaar geleden", 1, Year),
            ("3 วันที่ผ่านมา (แก้ไขแล้ว)", 3, Day),
            ("5 วินาทีที่ผ่านมา", 5, Second),
            ("3 дні тому (змінено)", 3, Day),
            ("2 години тому", 2, Hour),
            ("5 років тому", 5, Year),
        ];
        for &(text, count, unit) in cases {
            check(text, count, unit);
        }
    }

    #[test]
    fn just_now_is_the_last_minute() {
        for text in
            ["just now", "justo ahora", "только что", "たった今", "刚刚", "剛剛", "baru saja", "щойно"]
        {
            let t = parse(text, 1_000_000).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((t.earliest, t.latest, t.precision), (1_000_000 - 60, 1_000_000, Precision::Minute));
        }
    }

    #[test]
    fn three_days_ago_is_between_four_and_three_days_before() {
        let t = parse("3 days ago", 10 * DAY).unwrap();
        assert_eq!((t.earliest, t.latest, t.precision), (6 * DAY, 7 * DAY, Precision::Range));
        let t = parse("5 minutes ago", 10_000).unwrap();
        assert_eq!((t.earliest, t.latest, t.precision), (10_000 - 360, 10_000 - 300, Precision::Minute));
        assert_eq!(t.to_the_minute(), Some(10_000 - 360));
    }

    #[test]
    fn text_without_a_relative_time_reads_as_none() {
        for text in [
            "",
            "garbage",
            "12 Oct 2021",
            "Aug 2, 2018",
            "2021年10月12日",
            "Streamed live",
            "9999999999999999999 days",
        ] {
            assert_eq!(read(text), None, "{text:?}");
        }
    }

    #[test]
    fn edited_markers_are_recognised() {
        assert!(is_edited("4 years ago (edited)"));
        assert!(is_edited("منذ سنة (تم التعديل)"));
        assert!(is_edited("3 日前（編集済み）"));
        assert!(!is_edited("4 years ago"));
    }

    /// Renders a relative time the way YouTube's interface does in one language.
    fn render(lang: &str, n: i64, unit: Unit) -> String {
        let i = UNITS.iter().position(|u| *u == unit).unwrap_or(0);
        let pick = |words: [&str; 7]| words[i].to_string();
        let one_few_many = |forms: [[&str; 3]; 7]| {
            let (m10, m100) = (n % 10, n % 100);
            let form = if m10 == 1 && m100 != 11 {
                0
            } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
                1
            } else {
                2
            };
            forms[i][form].to_string()
        };
        let plural = |forms: [[&str; 2]; 7]| forms[i][usize::from(n != 1)].to_string();
        match lang {
            "en" => format!(
                "{n} {} ago",
                plural([
                    ["second", "seconds"],
                    ["minute", "minutes"],
                    ["hour", "hours"],
                    ["day", "days"],
                    ["week", "weeks"],
                    ["month", "months"],
                    ["year", "years"]
                ])
            ),
            "es" => format!(
                "hace {n} {}",
                plural([
                    ["segundo", "segundos"],
                    ["minuto", "minutos"],
                    ["hora", "horas"],
                    ["día", "días"],
                    ["semana", "semanas"],
                    ["mes", "meses"],
                    ["año", "años"]
                ])
            ),
            "pt" => format!(
                "há {n} {}",
                plural([
                    ["segundo", "segundos"],
                    ["minuto", "minutos"],
                    ["hora", "horas"],
                    ["dia", "dias"],
                    ["semana", "semanas"],
                    ["mês", "meses"],
                    ["ano", "anos"]
                ])
            ),
            "de" => format!(
                "vor {n} {}",
                plural([
                    ["Sekunde", "Sekunden"],
                    ["Minute", "Minuten"],
                    ["Stunde", "Stunden"],
                    ["Tag", "Tagen"],
                    ["Woche", "Wochen"],
                    ["Monat", "Monaten"],
                    ["Jahr", "Jahren"]
                ])
            ),
            "fr" => format!(
                "il y a {n} {}",
                plural([
                    ["seconde", "secondes"],
                    ["minute", "minutes"],
                    ["heure", "heures"],
                    ["jour", "jours"],
                    ["semaine", "semaines"],
                    ["mois", "mois"],
                    ["an", "ans"]
                ])
            ),
            "it" => format!(
                "{n} {} fa",
                plural([
                    ["secondo", "secondi"],
                    ["minuto", "minuti"],
                    ["ora", "ore"],
                    ["giorno", "giorni"],
                    ["settimana", "settimane"],
                    ["mese", "mesi"],
                    ["anno", "anni"]
                ])
            ),
            "ru" => format!(
                "{n} {} назад",
                one_few_many([
                    ["секунду", "секунды", "секунд"],
                    ["минуту", "минуты", "минут"],
                    ["час", "часа", "часов"],
                    ["день", "дня", "дней"],
                    ["неделю", "недели", "недель"],
                    ["месяц", "месяца", "месяцев"],
                    ["год", "года", "лет"]
                ])
            ),
            "uk" => format!(
                "{n} {} тому",
                one_few_many([
                    ["секунду", "секунди", "секунд"],
                    ["хвилину", "хвилини", "хвилин"],
                    ["годину", "години", "годин"],
                    ["день", "дні", "днів"],
                    ["тиждень", "тижні", "тижнів"],
                    ["місяць", "місяці", "місяців"],
                    ["рік", "роки", "років"]
                ])
            ),
            "pl" => {
                let forms = [
                    ["sekundę", "sekundy", "sekund"],
                    ["minutę", "minuty", "minut"],
                    ["godzinę", "godziny", "godzin"],
                    ["dzień", "dni", "dni"],
                    ["tydzień", "tygodnie", "tygodni"],
                    ["miesiąc", "miesiące", "miesięcy"],
                    ["rok", "lata", "lat"],
                ];
                // Polish uses the "one" form only for exactly 1 (21 is "21 lat").
                let word = if n == 1 { forms[i][0].to_string() } else { one_few_many(forms) };
                let word = if n != 1 && word == forms[i][0] { forms[i][2].to_string() } else { word };
                format!("{n} {word} temu")
            }
            "ja" => format!("{n} {}前", pick(["秒", "分", "時間", "日", "週間", "か月", "年"])),
            "ko" => format!("{n}{} 전", pick(["초", "분", "시간", "일", "주", "개월", "년"])),
            "zh-CN" => format!("{n} {}前", pick(["秒", "分钟", "小时", "天", "周", "个月", "年"])),
            "zh-TW" => format!("{n} {}前", pick(["秒", "分鐘", "小時", "天", "週", "個月", "年"])),
            "ar" => {
                let [one, two, few, many] = [
                    ["ثانية", "ثانيتين", "ثوانٍ", "ثانية"],
                    ["دقيقة", "دقيقتين", "دقائق", "دقيقة"],
                    ["ساعة", "ساعتين", "ساعات", "ساعة"],
                    ["يوم", "يومين", "أيام", "يومًا"],
                    ["أسبوع", "أسبوعين", "أسابيع", "أسبوعًا"],
                    ["شهر", "شهرين", "أشهر", "شهرًا"],
                    ["سنة", "سنتين", "سنوات", "سنة"],
                ][i];
                match n {
                    1 => format!("منذ {one}"),
                    2 => format!("منذ {two}"),
                    3..=10 => format!("منذ {n} {few}"),
                    _ => format!("منذ {n} {many}"),
                }
            }
            "hi" => format!("{n} {} पहले", pick(["सेकंड", "मिनट", "घंटे", "दिन", "हफ़्ते", "महीने", "साल"])),
            "tr" => format!("{n} {} önce", pick(["saniye", "dakika", "saat", "gün", "hafta", "ay", "yıl"])),
            "id" => format!(
                "{n} {} yang lalu",
                pick(["detik", "menit", "jam", "hari", "minggu", "bulan", "tahun"])
            ),
            "vi" => format!("{n} {} trước", pick(["giây", "phút", "giờ", "ngày", "tuần", "tháng", "năm"])),
            "nl" => format!(
                "{n} {} geleden",
                plural([
                    ["seconde", "seconden"],
                    ["minuut", "minuten"],
                    ["uur", "uur"],
                    ["dag", "dagen"],
                    ["week", "weken"],
                    ["maand", "maanden"],
                    ["jaar", "jaar"]
                ])
            ),
            "th" => format!("{n} {}ที่ผ่านมา", pick(["วินาที", "นาที", "ชั่วโมง", "วัน", "สัปดาห์", "เดือน", "ปี"])),
            _ => String::new(),
        }
    }

    const LANGUAGES: [&str; 20] = [
        "en", "es", "pt", "de", "fr", "it", "ru", "ja", "ko", "zh-CN", "zh-TW", "ar", "hi", "tr", "id", "vi",
        "pl", "nl", "th", "uk",
    ];

    #[test]
    fn every_rendered_count_and_unit_reads_back_in_every_language() {
        for lang in LANGUAGES {
            for unit in UNITS {
                for n in [1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 59] {
                    let text = render(lang, n, unit);
                    check(&text, n, unit);
                }
            }
        }
    }

    /// YouTube's floor to the largest unit, with fixed-length months (30 days) and years (365 days).
    fn floor_fixed(elapsed: i64) -> (i64, Unit) {
        match elapsed {
            e if e < 60 => (e, Unit::Second),
            e if e < 3_600 => (e / 60, Unit::Minute),
            e if e < DAY => (e / 3_600, Unit::Hour),
            e if e < 7 * DAY => (e / DAY, Unit::Day),
            e if e < 30 * DAY => (e / (7 * DAY), Unit::Week),
            e if e < 365 * DAY => (e / (30 * DAY), Unit::Month),
            e => (e / (365 * DAY), Unit::Year),
        }
    }

    /// The same floor with calendar months and years (the other way YouTube might count them).
    fn floor_calendar(at: i64, observed_at: i64) -> (i64, Unit) {
        let elapsed = observed_at - at;
        let month_index = |t: i64| {
            let (y, m, _) = crate::time::civil_from_days(t.div_euclid(DAY));
            y * 12 + i64::from(m) - 1
        };
        let within_month = |t: i64| {
            let (_, _, d) = crate::time::civil_from_days(t.div_euclid(DAY));
            i64::from(d) * DAY + t.rem_euclid(DAY)
        };
        let mut months = month_index(observed_at) - month_index(at);
        if within_month(observed_at) < within_month(at) {
            months -= 1;
        }
        match months {
            m if m >= 12 => (m / 12, Unit::Year),
            m if m >= 1 => (m, Unit::Month),
            _ => floor_fixed(elapsed.min(30 * DAY - 1)),
        }
    }

    #[test]
    fn the_interval_always_holds_the_true_time() {
        // A small deterministic generator (64-bit LCG), log-uniform elapsed times from seconds to 20 years.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            state >> 11
        };
        let mut checked = 0;
        for _ in 0..3_000 {
            let observed_at = 1_200_000_000 + (next() % 700_000_000) as i64;
            let exponent = (next() % 10_000) as f64 / 10_000.0 * (20.0 * 366.0 * 86_400.0f64).ln();
            let elapsed = exponent.exp() as i64 - 1;
            let at = observed_at - elapsed;
            for (n, unit) in [floor_fixed(elapsed), floor_calendar(at, observed_at)] {
                for lang in LANGUAGES {
                    let text = render(lang, n, unit);
                    let Some(t) = parse(&text, observed_at) else { panic!("{lang}: {text:?} not read") };
                    assert!(
                        t.earliest <= at && at <= t.latest,
                        "{lang}: {text:?} at {observed_at}: [{}, {}] misses {at}",
                        t.earliest,
                        t.latest
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 3_000 * 2 * LANGUAGES.len());
    }
}
