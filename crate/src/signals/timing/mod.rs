//! Posting-time patterns: the shape of an account's week fitted against a human day and an office shift at
//! every UTC offset, set against the zone its persona claims; silence on Chinese public holidays; machine
//! regularity; and synchronised bursts across accounts.
//!
//! Only times known to the hour (for the weekly shape) or to the minute (for regularity and bursts) are used;
//! an hour is never invented from "2 years ago". The rule that turns a shape into a sign is in
//! `docs/timing.md`: an office shift in a zone that contradicts the persona is strong; the same shape where
//! the persona lives there (a Taipei news desk) is no sign at all; with no persona at all it stays weak.

pub mod bursts;
pub mod holidays;
pub mod persona;

use serde_json::{json, Value};

use crate::history::AccountHistory;
use crate::observation::{PostTime, Precision};
use crate::verdict::{Cluster, ClusterKind, Signal, SignalKind};

use persona::PersonaZone;

/// Posts with a known time needed before the weekly shape is judged.
pub const MIN_POSTS: usize = 20;
/// Distinct (UTC) days those posts must cover.
pub const MIN_DAYS: usize = 5;
/// Half-hour bins in a week.
const BINS: usize = 7 * 48;
/// Candidate offsets: −12:00 to +14:00 in half hours.
const OFFSETS: std::ops::RangeInclusive<i32> = -24..=28;
/// Log-likelihood below the best at which an offset still counts as plausible (a likelihood ratio of
/// e² ≈ 7.4).
const PLAUSIBLE_NATS: f64 = 2.0;
/// The templates are idealisations: real weeks differ from them by habit (early risers, night owls), not only
/// by chance, so the plausible range is judged as if at most this many posts had been seen. Without this the
/// range of an account with thousands of posts would shrink to one offset that habit alone can move by hours.
const EFFECTIVE_POSTS: f64 = 40.0;
/// Office-versus-human log-likelihood per post at which the week counts as office-shaped.
pub const OFFICE_LLR: f64 = 0.25;
/// Weekday posting rate over weekend rate below which a week is not office-shaped.
pub const OFFICE_WEEKEND_RATIO: f64 = 3.0;
/// Second-stamped times all on :00 from which an account's data is read as minute precision.
pub const MINUTE_DATA_STAMPS: usize = 3;
/// How far (minutes) the inferred zone must lie outside the persona's before it contradicts it.
pub const MISMATCH_MINUTES: i32 = 180;

/// What the timing signal looks at for one account: post times and what the persona says.
#[derive(Debug, Clone, Default)]
pub struct TimingInput {
    /// Post times (any precision; imprecise ones are left out).
    pub times: Vec<PostTime>,
    /// The free-text location the account claims.
    pub location: Option<String>,
    /// X's "account based in" country.
    pub based_in: Option<String>,
    /// The language the account writes in (a code such as `zh`, from the site's labels or the script).
    pub language: Option<String>,
}

impl TimingInput {
    /// Collects what the timing signal needs from an account's history.
    pub fn from_history(history: &AccountHistory) -> Self {
        let times = history.posts.iter().filter_map(|p| p.created).collect();
        TimingInput {
            times,
            location: history.account.location.clone(),
            based_in: history.account.about.as_ref().and_then(|a| a.based_in.clone()),
            language: dominant_language(history),
        }
    }
}

/// The language most of an account's posts are in: the site's labels where there are any, else the script.
fn dominant_language(history: &AccountHistory) -> Option<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut labelled = 0;
    for p in &history.posts {
        if let Some(l) = p.lang.as_deref().filter(|l| !matches!(*l, "und" | "zxx" | "qme" | "qht" | "art")) {
            *counts.entry(l.split('-').next().unwrap_or(l).to_ascii_lowercase()).or_default() += 1;
            labelled += 1;
        }
    }
    if let Some((lang, n)) = counts.iter().max_by_key(|(_, n)| **n) {
        if *n * 10 >= labelled * 6 {
            return Some(lang.clone());
        }
        return None;
    }
    // Letters counted when each post was taken in: the same as counting the texts now.
    let mut letters = persona::Letters::default();
    for p in &history.posts {
        letters.add(&p.features.letters);
    }
    letters.language().map(str::to_string)
}

/// How well one template explains the week at its best offset.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeFit {
    /// The best offset, minutes east of UTC.
    pub offset_minutes: i32,
    /// The smallest and largest offsets within [`PLAUSIBLE_NATS`] of the best.
    pub range_minutes: (i32, i32),
    /// Log-likelihood per post at the best offset.
    pub per_post: f64,
}

/// The weekly shape of one account and how the two templates fit it.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekFit {
    /// Posts in each UTC half-hour of the week, Monday 00:00 first.
    pub grid: [u32; BINS],
    /// Posts counted.
    pub posts: usize,
    /// The human-day template's fit.
    pub human: ShapeFit,
    /// The office-shift template's fit.
    pub office: ShapeFit,
    /// Office minus human log-likelihood, per post: above [`OFFICE_LLR`] the week is office-shaped.
    pub office_vs_human: f64,
}

/// Weights by local half-hour for a human day: a sleep gap from about 01:00 to 07:00, the day, and an
/// evening peak. Weekends wake later and stay as alive as weekdays.
fn human_weight(weekend: bool, half_hour: usize) -> f64 {
    const WEEKDAY: [f64; 24] = [
        0.5, 0.3, 0.15, 0.08, 0.06, 0.08, 0.2, 0.5, 0.8, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
        1.05, 1.1, 1.1, 1.0, 0.8,
    ];
    const WEEKEND: [f64; 24] = [
        0.6, 0.4, 0.2, 0.1, 0.06, 0.06, 0.1, 0.25, 0.5, 0.8, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
        1.05, 1.1, 1.1, 1.0, 0.9,
    ];
    if weekend {
        WEEKEND[half_hour / 2]
    } else {
        WEEKDAY[half_hour / 2]
    }
}

/// Weights by local half-hour for a work shift as the public reports describe Beijing's: 09:00–12:00 and
/// 13:30–18:00 on weekdays, lunch and supper breaks, a little evening work, quiet nights and weekends.
fn office_weight(weekend: bool, half_hour: usize) -> f64 {
    let w = match half_hour {
        17 => 0.3,       // 08:30
        18..=23 => 1.0,  // 09:00–12:00
        24..=26 => 0.12, // lunch, 12:00–13:30
        27..=35 => 1.0,  // 13:30–18:00
        36 | 37 => 0.12, // supper, 18:00–19:00
        38..=41 => 0.25, // evening, 19:00–21:00
        42 | 43 => 0.08, // 21:00–22:00
        _ => 0.015,      // night
    };
    if weekend {
        w * 0.04
    } else {
        w
    }
}

/// A template's log-probabilities over the local week, mixed with a little of the uniform week so that a
/// stray post costs something finite.
fn template(weight: fn(bool, usize) -> f64) -> [f64; BINS] {
    let mut w = [0.0; BINS];
    for (bin, slot) in w.iter_mut().enumerate() {
        *slot = weight(bin / 48 >= 5, bin % 48);
    }
    let total: f64 = w.iter().sum();
    let mut out = [0.0; BINS];
    for (o, x) in out.iter_mut().zip(w) {
        *o = (0.97 * x / total + 0.03 / BINS as f64).ln();
    }
    out
}

fn fit_template(grid: &[u32; BINS], posts: usize, logp: &[f64; BINS]) -> (ShapeFit, Vec<f64>) {
    let lls = offset_likelihoods(grid, logp);
    (summarise(&lls, posts), lls)
}

/// Log-likelihood of the week at every offset in [`OFFSETS`].
fn offset_likelihoods(grid: &[u32; BINS], logp: &[f64; BINS]) -> Vec<f64> {
    OFFSETS
        .map(|k| {
            grid.iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(b, c)| {
                    f64::from(*c) * logp[(b as i64 + i64::from(k)).rem_euclid(BINS as i64) as usize]
                })
                .sum()
        })
        .collect()
}

/// The best offset of a likelihood curve and the offsets plausible beside it.
fn summarise(lls: &[f64], posts: usize) -> ShapeFit {
    let (best_i, best) =
        lls.iter()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |acc, (i, l)| if *l > acc.1 { (i, *l) } else { acc });
    let first = *OFFSETS.start();
    let scale = (EFFECTIVE_POSTS / posts.max(1) as f64).min(1.0);
    let plausible: Vec<i32> = lls
        .iter()
        .enumerate()
        .filter(|(_, l)| (best - **l) * scale <= PLAUSIBLE_NATS)
        .map(|(i, _)| (first + i as i32) * 30)
        .collect();
    let lo = plausible.iter().copied().min().unwrap_or(0);
    let hi = plausible.iter().copied().max().unwrap_or(0);
    ShapeFit {
        offset_minutes: (first + best_i as i32) * 30,
        range_minutes: (lo, hi),
        per_post: best / posts.max(1) as f64,
    }
}

/// Chronotypes the human day is fitted over, as shifts of the sleep gap in half-hours: early risers (gap two
/// hours earlier) to late sleepers (two hours later). Times alone cannot tell an early riser in New York from an
/// ordinary sleeper two hours east, so the offset is judged over all of them (their average likelihood).
const CHRONOTYPE_SHIFTS: [i64; 5] = [4, 2, 0, -2, -4];

/// The human-day curve averaged over [`CHRONOTYPE_SHIFTS`]: a person of chronotype `c` in zone `Z` looks like
/// an ordinary sleeper in zone `Z + c`.
fn over_chronotypes(lls: &[f64]) -> Vec<f64> {
    let n = lls.len() as i64;
    (0..n)
        .map(|i| {
            let terms: Vec<f64> = CHRONOTYPE_SHIFTS
                .iter()
                .filter_map(|c| lls.get(usize::try_from(i + c).ok()?).copied())
                .collect();
            let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if !max.is_finite() {
                return max;
            }
            max + (terms.iter().map(|t| (t - max).exp()).sum::<f64>() / CHRONOTYPE_SHIFTS.len() as f64).ln()
        })
        .collect()
}

/// Half-hour bin of the UTC week (Monday 00:00 first) of a Unix time.
fn week_bin(unix: i64) -> usize {
    crate::time::weekday(unix, 0) as usize * 48 + crate::time::minute_of_day(unix, 0) as usize / 30
}

/// Fits both templates to post times (Unix seconds) at every offset.
pub fn fit_week(times: &[i64]) -> WeekFit {
    let mut grid = [0u32; BINS];
    for &t in times {
        grid[week_bin(t)] += 1;
    }
    let posts = times.len();
    let (ordinary, human_lls) = fit_template(&grid, posts, &template(human_weight));
    // The offset and its range come from all chronotypes; the shape comparison keeps the ordinary one.
    let human = ShapeFit { per_post: ordinary.per_post, ..summarise(&over_chronotypes(&human_lls), posts) };
    let (office, _) = fit_template(&grid, posts, &template(office_weight));
    let office_vs_human = office.per_post - human.per_post;
    WeekFit { grid, posts, human, office, office_vs_human }
}

/// Share of posts in local weekday office hours (Mon–Fri 09:00–18:00) at an offset.
fn workhours_share(times: &[i64], offset_minutes: i32) -> f64 {
    let inside = times
        .iter()
        .filter(|&&t| {
            let m = crate::time::minute_of_day(t, offset_minutes);
            crate::time::weekday(t, offset_minutes) < 5 && (9 * 60..18 * 60).contains(&m)
        })
        .count();
    inside as f64 / times.len().max(1) as f64
}

/// Posts per weekday over posts per weekend day, at an offset (`None` without weekend posts).
fn weekday_weekend_ratio(times: &[i64], offset_minutes: i32) -> Option<f64> {
    let weekend = times.iter().filter(|&&t| crate::time::weekday(t, offset_minutes) >= 5).count();
    let weekday = times.len() - weekend;
    (weekend > 0).then(|| (weekday as f64 / 5.0) / (weekend as f64 / 2.0))
}

/// Activity on Chinese public holidays against the workdays around them, and on make-up working days against
/// ordinary weekends, within the span the account was active.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HolidayActivity {
    /// Weekday holidays inside the active span.
    pub holiday_days: usize,
    /// Posts on them.
    pub holiday_posts: usize,
    /// Ordinary workdays within 14 days of those holidays.
    pub nearby_workdays: usize,
    /// Posts on them.
    pub nearby_workday_posts: usize,
    /// Make-up working days inside the span.
    pub makeup_days: usize,
    /// Posts on them.
    pub makeup_posts: usize,
    /// Ordinary weekend days inside the span.
    pub weekend_days: usize,
    /// Posts on them.
    pub weekend_posts: usize,
}

impl HolidayActivity {
    /// Holiday posting rate over the nearby workday rate (`None` when either is unknown).
    pub fn holiday_ratio(&self) -> Option<f64> {
        if self.holiday_days == 0 || self.nearby_workday_posts == 0 {
            return None;
        }
        Some(
            (self.holiday_posts as f64 / self.holiday_days as f64)
                / (self.nearby_workday_posts as f64 / self.nearby_workdays.max(1) as f64),
        )
    }

    /// Whether the account keeps the official calendar: quiet on at least three weekday holidays while busy on
    /// the workdays around them, and not quieter on make-up days than on workdays.
    pub fn keeps_official_calendar(&self) -> bool {
        let quiet = self.holiday_days >= 3
            && self.nearby_workday_posts >= 10
            && self.holiday_ratio().is_some_and(|r| r <= 0.25);
        let makeup_ok = self.makeup_days == 0 || self.makeup_posts > 0;
        quiet && makeup_ok
    }
}

/// Counts activity by kind of Beijing day.
pub fn holiday_activity(times: &[i64]) -> HolidayActivity {
    use holidays::DayKind;
    let mut out = HolidayActivity::default();
    let (Some(&first), Some(&last)) = (times.iter().min(), times.iter().max()) else { return out };
    let (first, last) = (holidays::beijing_day(first), holidays::beijing_day(last));
    let (cal_first, cal_last) = holidays::covered_days();
    let (first, last) = (first.max(cal_first), last.min(cal_last));
    if first > last || last - first > 20 * 366 {
        return out;
    }
    let mut per_day: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for &t in times {
        *per_day.entry(holidays::beijing_day(t)).or_default() += 1;
    }
    let posts_on = |d: i64| per_day.get(&d).copied().unwrap_or(0);
    let mut near = std::collections::BTreeSet::new();
    for d in first..=last {
        match holidays::day_kind(d) {
            DayKind::HolidayOnWeekday => {
                out.holiday_days += 1;
                out.holiday_posts += posts_on(d);
                for n in (d - 14).max(first)..=(d + 14).min(last) {
                    if holidays::day_kind(n) == DayKind::Workday {
                        near.insert(n);
                    }
                }
            }
            DayKind::MakeupWorkday => {
                out.makeup_days += 1;
                out.makeup_posts += posts_on(d);
            }
            DayKind::Weekend => {
                out.weekend_days += 1;
                out.weekend_posts += posts_on(d);
            }
            DayKind::Workday | DayKind::Unknown => {}
        }
    }
    out.nearby_workdays = near.len();
    out.nearby_workday_posts = near.iter().map(|d| posts_on(*d)).sum();
    out
}

/// Signs of a scheduling tool: posts on the same second of the minute, or at identical intervals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Regularity {
    /// Posts whose time is known to the second.
    pub second_posts: usize,
    /// Share of them at second :00.
    pub at_zero_share: f64,
    /// Share at the most common second.
    pub top_second_share: f64,
    /// The most common interval between consecutive posts, seconds (intervals of a minute or more).
    pub interval_mode_seconds: i64,
    /// Share of intervals equal to it.
    pub interval_mode_share: f64,
    /// Whether every second-stamped time is on :00 seconds: minute-precision data, from which nothing is
    /// concluded about seconds or exact intervals.
    pub minute_data: bool,
}

impl Regularity {
    /// How strongly the times look machine-scheduled, 0..1.
    pub fn strength(&self) -> f64 {
        let seconds = if self.second_posts >= 20 {
            // By chance each second holds 1/60 of posts; a third on one second is a clock.
            ((self.top_second_share - 0.1) / 0.4).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let intervals = ((self.interval_mode_share - 0.15) / 0.35).clamp(0.0, 1.0);
        seconds.max(intervals)
    }
}

/// Measures second-of-minute and interval regularity.
pub fn regularity(times: &[PostTime]) -> Regularity {
    let mut out = Regularity::default();
    let mut seconds = [0usize; 60];
    for t in times.iter().filter(|t| t.precision == Precision::Second && t.earliest == t.latest) {
        seconds[t.earliest.rem_euclid(60) as usize] += 1;
        out.second_posts += 1;
    }
    if out.second_posts > 0 {
        out.at_zero_share = seconds[0] as f64 / out.second_posts as f64;
        out.top_second_share = seconds.iter().copied().max().unwrap_or(0) as f64 / out.second_posts as f64;
    }
    // Every second-stamped time on :00 is what minute-precision data looks like (an export that filled in
    // the seconds), not a scheduler: nothing is concluded from these seconds or the intervals between them.
    if out.second_posts >= MINUTE_DATA_STAMPS && seconds[0] == out.second_posts {
        out.minute_data = true;
        out.top_second_share = 0.0;
        return out;
    }
    let mut exact: Vec<i64> =
        times.iter().filter(|t| t.precision == Precision::Second).map(|t| t.earliest).collect();
    exact.sort_unstable();
    let intervals: Vec<i64> = exact.windows(2).map(|w| w[1] - w[0]).filter(|d| *d >= 60).collect();
    if intervals.len() >= 10 {
        let mut counts: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        for d in &intervals {
            *counts.entry(*d).or_default() += 1;
        }
        if let Some((d, n)) = counts.into_iter().max_by_key(|(d, n)| (*n, -*d)) {
            out.interval_mode_seconds = d;
            out.interval_mode_share = n as f64 / intervals.len() as f64;
        }
    }
    out
}

/// Formats an offset in minutes as `UTC+8`, `UTC−5`, `UTC+5:30`.
pub fn format_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '−' } else { '+' };
    let m = minutes.abs();
    if m % 60 == 0 {
        format!("UTC{sign}{}", m / 60)
    } else {
        format!("UTC{sign}{}:{:02}", m / 60, m % 60)
    }
}

fn format_range(lo: i32, hi: i32) -> String {
    if lo == hi {
        format_offset(lo)
    } else {
        format!("{}…{}", format_offset(lo), format_offset(hi).trim_start_matches("UTC"))
    }
}

/// The persona's zone: the claimed location first, then X's "based in", then the language of the posts.
pub fn persona_zones(input: &TimingInput) -> Vec<PersonaZone> {
    let mut out = Vec::new();
    if let Some(z) = input.location.as_deref().and_then(|l| persona::from_place(l, "location")) {
        out.push(z);
    }
    if let Some(z) = input.based_in.as_deref().and_then(|l| persona::from_place(l, "based_in")) {
        out.push(z);
    }
    if let Some(z) = input.language.as_deref().and_then(persona::from_language) {
        out.push(z);
    }
    out
}

/// Confidence from the amount of evidence: posts with a known time and the distinct days they cover.
pub fn confidence(posts: usize, days: usize) -> f64 {
    ((posts as f64 / 80.0).min(1.0).sqrt() * (days as f64 / 14.0).min(1.0).sqrt()).clamp(0.0, 1.0)
}

/// The full timing analysis of one account, before it is turned into a signal.
#[derive(Debug, Clone, PartialEq)]
pub struct TimingReport {
    /// Posts whose time is known to the hour or better.
    pub posts: usize,
    /// Distinct UTC days they cover.
    pub days: usize,
    /// The weekly fit (absent below the minimum).
    pub fit: Option<WeekFit>,
    /// Share of posts in weekday office hours at the office offset.
    pub workhours_share: f64,
    /// Weekday over weekend rate at the inferred offset.
    pub weekday_weekend_ratio: Option<f64>,
    /// Weekday over weekend rate at the office template's offset (`None` without weekend posts).
    pub office_weekday_weekend_ratio: Option<f64>,
    /// What the persona says about its zone, strongest source first.
    pub persona: Vec<PersonaZone>,
    /// Chinese holiday activity.
    pub holidays: HolidayActivity,
    /// Scheduling regularity.
    pub regularity: Regularity,
    /// How many post times are known to each precision.
    pub precision: PrecisionCounts,
}

/// Post times by precision.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct PrecisionCounts {
    /// Known to the second.
    pub second: usize,
    /// To the minute.
    pub minute: usize,
    /// To the hour.
    pub hour: usize,
    /// To the day.
    pub day: usize,
    /// Only a range.
    pub range: usize,
}

impl PrecisionCounts {
    fn of(times: &[PostTime]) -> PrecisionCounts {
        let mut out = PrecisionCounts::default();
        for t in times {
            match t.precision {
                Precision::Second => out.second += 1,
                Precision::Minute => out.minute += 1,
                Precision::Hour => out.hour += 1,
                Precision::Day => out.day += 1,
                Precision::Range => out.range += 1,
            }
        }
        out
    }
}

impl TimingReport {
    /// Whether the week is office-shaped: the office template fits clearly better than the human day, most
    /// posts fall in weekday office hours, and weekends are quiet (a weekday rate at least
    /// [`OFFICE_WEEKEND_RATIO`] times the weekend rate). Real people in UTC+8 whose evenings look like a
    /// shift somewhere else usually post at weekends too.
    pub fn office_shaped(&self) -> bool {
        self.fit.as_ref().is_some_and(|f| f.office_vs_human >= OFFICE_LLR)
            && self.workhours_share >= 0.6
            && self.office_weekday_weekend_ratio.is_none_or(|r| r >= OFFICE_WEEKEND_RATIO)
    }

    /// The inferred offset and its range, from whichever template fits better. Where the persona's zone lies
    /// inside the plausible range, the offset is taken there: the times are consistent with where the account
    /// says it is, and nothing in them points elsewhere.
    pub fn inferred(&self) -> Option<(i32, (i32, i32))> {
        let f = self.fit.as_ref()?;
        let s = if self.office_shaped() { &f.office } else { &f.human };
        let (lo, hi) = s.range_minutes;
        let offset = match self.persona.first() {
            Some(z) if z.min_minutes <= hi && lo <= z.max_minutes => {
                s.offset_minutes.clamp(z.min_minutes.max(lo), z.max_minutes.min(hi))
            }
            _ => s.offset_minutes,
        };
        Some((offset, s.range_minutes))
    }
}

/// Analyses one account's post times.
pub fn analyse(input: &TimingInput) -> TimingReport {
    // Hour-of-week needs the hour: a time known to within an hour, taken at its middle.
    let mut hourly: Vec<i64> = input
        .times
        .iter()
        .filter(|t| t.is_valid() && t.latest - t.earliest <= 3_600)
        .map(PostTime::midpoint)
        .collect();
    hourly.sort_unstable();
    // Times that all fall at midnight are dates written as times (day precision): they say nothing of hours.
    if hourly.len() >= MINUTE_DATA_STAMPS && hourly.iter().all(|t| t.rem_euclid(86_400) == 0) {
        hourly.clear();
    }
    let mut days: Vec<i64> = hourly.iter().map(|t| t.div_euclid(86_400)).collect();
    days.dedup();
    let enough = hourly.len() >= MIN_POSTS && days.len() >= MIN_DAYS;
    let fit = enough.then(|| fit_week(&hourly));
    let mut report = TimingReport {
        posts: hourly.len(),
        days: days.len(),
        workhours_share: 0.0,
        weekday_weekend_ratio: None,
        office_weekday_weekend_ratio: None,
        persona: persona_zones(input),
        holidays: if enough { holiday_activity(&hourly) } else { HolidayActivity::default() },
        regularity: regularity(&input.times),
        precision: PrecisionCounts::of(&input.times),
        fit,
    };
    if let Some(f) = &report.fit {
        report.workhours_share = workhours_share(&hourly, f.office.offset_minutes);
        report.office_weekday_weekend_ratio = weekday_weekend_ratio(&hourly, f.office.offset_minutes);
    }
    if let Some((offset, _)) = report.inferred() {
        report.weekday_weekend_ratio = weekday_weekend_ratio(&hourly, offset);
    }
    report
}

/// One reason the signal might speak: its strength, confidence and sentence.
struct Component {
    strength: f64,
    confidence: f64,
    sentence: String,
}

fn persona_words(z: &PersonaZone) -> String {
    let what = match z.source {
        "location" => format!("its profile says “{}”", z.matched),
        "based_in" => format!("X says it is based in {}", z.matched),
        _ => format!("it writes in {}", z.matched),
    };
    format!("{what} ({})", format_range(z.min_minutes, z.max_minutes))
}

/// Turns an analysis (and the account's burst clusters) into the timing signal.
pub fn signal_from(report: &TimingReport, bursts: &[&Cluster]) -> Option<Signal> {
    if report.posts == 0 && bursts.is_empty() {
        return None;
    }
    let conf = confidence(report.posts, report.days);
    let mut parts: Vec<Component> = Vec::new();
    let persona = report.persona.first();
    if let (Some(fit), Some((offset, (lo, hi)))) = (&report.fit, report.inferred()) {
        let shape_strength = ((fit.office_vs_human - OFFICE_LLR) / 0.5 + 0.5).clamp(0.0, 1.0);
        let beijing = (lo..=hi).contains(&480);
        let calendar = beijing && report.holidays.keeps_official_calendar();
        let distance = persona.map(|z| z.distance_minutes(lo).min(z.distance_minutes(hi)));
        let distance = if (lo..=hi).any(|o| persona.is_some_and(|z| z.distance_minutes(o) == 0)) {
            Some(0)
        } else {
            distance
        };
        let share = (report.workhours_share * 100.0).round();
        if report.office_shaped() {
            let shape = format!(
                "Posts like an office shift in {} (weekdays around 09:00–18:00 with breaks; {share}% of {} posts)",
                format_range(lo, hi),
                report.posts
            );
            let cal = if calendar { ", and goes quiet on Chinese public holidays" } else { "" };
            // A claimed place (or X's "based in") can be contradicted; a language cannot, since people who
            // write Chinese live everywhere.
            let claimed = persona.is_some_and(|z| z.source != "language");
            match (persona, distance) {
                (Some(z), Some(d)) if d >= MISMATCH_MINUTES && claimed => parts.push(Component {
                    // Beijing's shift is the one the public reports describe; other zones count a little less.
                    strength: (0.45
                        + 0.35 * shape_strength
                        + if beijing { 0.1 } else { 0.0 }
                        + if calendar { 0.1 } else { 0.0 })
                    .min(1.0),
                    confidence: conf,
                    sentence: format!("{shape}{cal}, but {}.", persona_words(z)),
                }),
                (Some(z), Some(d)) if d >= MISMATCH_MINUTES => parts.push(Component {
                    strength: 0.15 + 0.1 * shape_strength,
                    confidence: conf,
                    sentence: format!(
                        "{shape}{cal}; {}, which says little about where someone lives.",
                        persona_words(z)
                    ),
                }),
                (Some(z), _) => parts.push(Component {
                    strength: 0.05,
                    confidence: conf,
                    sentence: format!("{shape}{cal}; that fits where it says it is: {}.", persona_words(z)),
                }),
                _ => parts.push(Component {
                    strength: 0.15 + 0.1 * shape_strength + if calendar { 0.05 } else { 0.0 },
                    confidence: conf,
                    sentence: format!(
                        "{shape}{cal}; it says nothing about where it is, so this alone means little."
                    ),
                }),
            }
        } else {
            let night = format_offset(offset);
            match (persona, distance) {
                // Night owls, shift workers and students keep hours of another zone: an irregular human day
                // is not a foreign zone, so without an office shift this is said, never counted (issue 13).
                (Some(z), Some(d)) if d >= MISMATCH_MINUTES + 60 => parts.push(Component {
                    strength: 0.0,
                    confidence: conf,
                    sentence: format!(
                        "Keeps the hours of someone living around {} ({}) while {}; people keep late or \
                         shifted hours for many reasons, so without a work-shift pattern this is not a sign.",
                        night,
                        format_range(lo, hi),
                        persona_words(z)
                    ),
                }),
                (Some(z), _) => parts.push(Component {
                    strength: 0.0,
                    confidence: conf,
                    sentence: format!(
                        "Keeps the hours of someone living around {night}, consistent with where it says it is: {}.",
                        persona_words(z)
                    ),
                }),
                _ => parts.push(Component {
                    strength: 0.0,
                    confidence: conf,
                    sentence: format!("Keeps the hours of someone living around {night} ({}).", format_range(lo, hi)),
                }),
            }
        }
    } else {
        parts.push(Component {
            strength: 0.0,
            confidence: 0.0,
            sentence: format!(
                "insufficient data: {} posts with known time over {} days; needs {MIN_POSTS} over {MIN_DAYS}.",
                report.posts, report.days
            ),
        });
    }
    let reg = report.regularity.strength();
    if reg > 0.0 {
        let r = &report.regularity;
        let detail = if r.top_second_share >= r.interval_mode_share {
            format!("{:.0}% of its posts land on the same second of the minute", r.top_second_share * 100.0)
        } else {
            format!(
                "{:.0}% of the gaps between its posts are exactly {} s",
                r.interval_mode_share * 100.0,
                r.interval_mode_seconds
            )
        };
        // Scheduling tools are used by brands and newsrooms too: a supporting sign only.
        parts.push(Component {
            strength: 0.3 * reg,
            confidence: conf.max(0.5),
            sentence: format!("Looks machine-scheduled: {detail}."),
        });
    }
    if let Some(best) = bursts.iter().max_by_key(|c| c.evidence["max_shared"].as_u64().unwrap_or(0)) {
        let shared = best.evidence["max_shared"].as_u64().unwrap_or(0);
        let expected = best.evidence["expected_by_chance"].as_f64().unwrap_or(0.0);
        let others = best.members.len().saturating_sub(1);
        parts.push(Component {
            strength: (0.35 + 0.05 * shared as f64).min(0.8),
            confidence: (shared as f64 / 6.0).min(1.0),
            sentence: format!(
                "Posted within the same {} minutes as {others} other account{} on {shared} separate occasions; \
                 two independent accounts as active as these, posting when the rest of the crowd posts, would \
                 meet about {} times by chance.",
                best.evidence["window_seconds"].as_i64().unwrap_or(120) / 60,
                if others == 1 { "" } else { "s" },
                format_expected(expected),
            ),
        });
    }
    let weight = |c: &Component| c.strength * c.confidence;
    let main =
        parts.iter().enumerate().max_by(|a, b| weight(a.1).total_cmp(&weight(b.1))).map_or(0, |(i, _)| i);
    let head = &parts[main];
    let summary = std::iter::once(head.sentence.clone())
        .chain(parts.iter().enumerate().filter(|(i, _)| *i != main).map(|(_, c)| c.sentence.clone()))
        .filter(|s| !s.starts_with("insufficient") || parts.len() == 1 || main == 0)
        .collect::<Vec<_>>()
        .join(" ");
    Some(Signal {
        kind: SignalKind::Timing,
        strength: head.strength.clamp(0.0, 1.0),
        confidence: head.confidence.clamp(0.0, 1.0),
        summary,
        evidence: evidence(report, bursts),
    })
}

fn evidence(report: &TimingReport, bursts: &[&Cluster]) -> Value {
    let grid: Option<Vec<Vec<u32>>> = report.fit.as_ref().map(|f| {
        (0..7)
            .map(|d| (0..24).map(|h| f.grid[d * 48 + h * 2] + f.grid[d * 48 + h * 2 + 1]).collect())
            .collect()
    });
    let shape_fit = |s: &ShapeFit| {
        json!({"offset_minutes": s.offset_minutes, "range_minutes": [s.range_minutes.0, s.range_minutes.1],
               "log_likelihood_per_post": round3(s.per_post)})
    };
    let h = &report.holidays;
    let r = &report.regularity;
    json!({
        "posts_with_time": report.posts,
        "days": report.days,
        "minimum": {"posts": MIN_POSTS, "days": MIN_DAYS},
        "posts_needed": MIN_POSTS.saturating_sub(report.posts),
        "grid_utc": grid,
        "grid_note": "posts per UTC hour, rows Monday..Sunday; shift by offset_minutes for local time",
        "shape": match (&report.fit, report.office_shaped()) {
            (None, _) => "unknown",
            (Some(_), true) => "office_shift",
            (Some(_), false) => "human_day",
        },
        "offset_minutes": report.inferred().map(|i| i.0),
        "offset_range_minutes": report.inferred().map(|i| [i.1 .0, i.1 .1]),
        "fits": report.fit.as_ref().map(|f| json!({
            "human_day": shape_fit(&f.human),
            "office_shift": shape_fit(&f.office),
            "office_vs_human_per_post": round3(f.office_vs_human),
        })),
        "workhours_share": round3(report.workhours_share),
        "weekday_weekend_ratio": report.weekday_weekend_ratio.map(round3),
        "persona": report.persona.first(),
        "persona_sources": report.persona,
        "holidays": {
            "weekday_holidays": h.holiday_days, "holiday_posts": h.holiday_posts,
            "nearby_workdays": h.nearby_workdays, "nearby_workday_posts": h.nearby_workday_posts,
            "holiday_ratio": h.holiday_ratio().map(round3),
            "makeup_workdays": h.makeup_days, "makeup_posts": h.makeup_posts,
            "weekend_days": h.weekend_days, "weekend_posts": h.weekend_posts,
            "keeps_official_calendar": h.keeps_official_calendar(),
        },
        "regularity": {
            "second_precision_posts": r.second_posts,
            "at_second_zero_share": round3(r.at_zero_share),
            "top_second_share": round3(r.top_second_share),
            "interval_mode_seconds": r.interval_mode_seconds,
            "interval_mode_share": round3(r.interval_mode_share),
        },
        "burst_clusters": bursts.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
        "time_precision": report.precision,
        "precision_words": precision_words(report),
    })
}

/// How precisely the account's post times are known, in words a reader can quote.
fn precision_words(report: &TimingReport) -> String {
    let p = &report.precision;
    let known = p.second + p.minute + p.hour;
    let mut parts = Vec::new();
    if p.second > 0 && !report.regularity.minute_data {
        parts.push(format!("{} to the second", p.second));
    }
    let minute = p.minute + if report.regularity.minute_data { p.second } else { 0 };
    if minute > 0 {
        parts.push(format!("{minute} to the minute"));
    }
    if p.hour > 0 {
        parts.push(format!("{} to the hour", p.hour));
    }
    if p.day > 0 {
        parts.push(format!("{} only to the day", p.day));
    }
    if p.range > 0 {
        parts.push(format!("{} only roughly (“3 days ago”)", p.range));
    }
    if parts.is_empty() {
        return "No post times known.".into();
    }
    let mut out = format!("Post times known: {}.", parts.join(", "));
    if report.regularity.minute_data {
        out.push_str(" Every time ends in :00 seconds, so the source gives minutes only and nothing is concluded from seconds.");
    } else if known > 0 && p.second == 0 {
        out.push_str(" Nothing is concluded from seconds.");
    }
    out
}

/// An expected count in words a reader can quote: one decimal below 10, whole numbers above.
pub fn format_expected(x: f64) -> String {
    if x < 0.05 {
        "0".into()
    } else if x < 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The timing signal for one account held by the engine, with the burst clusters among `clusters` (the
/// account's own: see [`crate::signals::CrossAccount::clusters_of`]; others given are left out).
pub fn assess<'a>(
    history: &AccountHistory,
    clusters: impl IntoIterator<Item = &'a Cluster>,
) -> Option<Signal> {
    assess_analysed(&history.key(), &analyse(&TimingInput::from_history(history)), clusters)
}

/// [`assess`] from the analysis of the account's history already made (the engine keeps it until the
/// history changes), for the account `key`.
pub fn assess_analysed<'a>(
    key: &str,
    report: &TimingReport,
    clusters: impl IntoIterator<Item = &'a Cluster>,
) -> Option<Signal> {
    let bursts: Vec<&Cluster> = clusters
        .into_iter()
        .filter(|c| c.kind == ClusterKind::SynchronisedBurst && c.members.iter().any(|m| m == key))
        .collect();
    signal_from(report, &bursts)
}

/// Synchronised-burst clusters among the accounts held, in the verdict's shape.
pub fn burst_clusters(histories: &[&AccountHistory]) -> Vec<Cluster> {
    let keys: Vec<String> = histories.iter().map(|h| h.key()).collect();
    let mut times = Vec::new();
    for (i, h) in histories.iter().enumerate() {
        for p in &h.posts {
            if let Some(at) = p.created.and_then(|t| t.to_the_minute()) {
                times.push((i as u32, at));
            }
        }
    }
    let mut clusters = burst_clusters_of(&keys, &times);
    // Which pages delivered the timed posts of its members ([`crate::pages`]).
    let by_key: std::collections::HashMap<&str, &AccountHistory> =
        keys.iter().map(String::as_str).zip(histories.iter().copied()).collect();
    for c in &mut clusters {
        let timed_posts = c
            .members
            .iter()
            .filter_map(|m| by_key.get(m.as_str()))
            .flat_map(|h| h.posts.iter().filter(|p| p.created.and_then(|t| t.to_the_minute()).is_some()));
        c.seen_on = crate::pages::SeenOn::of(timed_posts.map(|p| p.page));
    }
    clusters
}

/// [`burst_clusters`] from post times alone: (index into `keys`, Unix seconds to the minute), for callers that
/// hold no histories (the command line's archive mode keeps every account's times, not its posts): trusted
/// input, so every cluster is [`crate::pages::SeenOn::Independent`].
pub fn burst_clusters_of(keys: &[String], times: &[(u32, i64)]) -> Vec<Cluster> {
    let params = bursts::BurstParams::default();
    let events: Vec<bursts::BurstEvent> =
        times.iter().map(|&(account, at)| bursts::BurstEvent { account, at, key: 0 }).collect();
    let report = bursts::find(&events, &params);
    report
        .groups
        .iter()
        .map(|g| {
            let members: Vec<String> =
                g.members.iter().filter_map(|m| keys.get(*m as usize).cloned()).collect();
            let id = format!("burst-{:016x}", crate::text::hash_str(&members.join(","), 7));
            Cluster {
                id,
                kind: ClusterKind::SynchronisedBurst,
                summary: format!(
                    "{} accounts posted within the same {} minutes, {} times.",
                    members.len(),
                    params.window_seconds / 60,
                    g.windows
                ),
                evidence: json!({
                    "window_seconds": params.window_seconds,
                    "max_shared": g.max_shared,
                    "expected_by_chance": round3(g.expected),
                    "chance": g.chance,
                    "pairs": g.pairs,
                    "windows": g.windows,
                    "times": g.times.iter().map(|t| crate::time::format_iso(*t)).collect::<Vec<_>>(),
                }),
                seen_on: crate::pages::SeenOn::Independent,
                members,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::chance::SplitMix64;
    use crate::time::days_from_civil;

    /// Posts of a Beijing office shift (UTC+8): weekdays, 09:00–12:00 and 13:30–18:00 local.
    fn beijing_shift(posts: usize, seed: u64) -> Vec<i64> {
        let mut rng = SplitMix64(seed);
        let start = days_from_civil(2023, 3, 6);
        (0..posts)
            .map(|_| loop {
                let day = start + rng.below(60) as i64;
                if crate::time::weekday(day * 86_400, 0) >= 5 {
                    continue;
                }
                let minute = if rng.below(2) == 0 { 540 + rng.below(180) } else { 810 + rng.below(270) };
                break day * 86_400 + minute as i64 * 60 + rng.below(60) as i64 - 8 * 3600;
            })
            .collect()
    }

    /// Posts of a person in New York in winter (UTC−5): awake 07:00–01:00, evenings busiest, weekends too.
    fn new_york_day(posts: usize, seed: u64) -> Vec<i64> {
        let mut rng = SplitMix64(seed);
        let start = days_from_civil(2024, 1, 8);
        (0..posts)
            .map(|_| {
                let day = start + rng.below(50) as i64;
                let hour =
                    [7, 8, 9, 12, 13, 17, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 0][rng.below(17) as usize];
                let day = if hour == 0 { day + 1 } else { day };
                day * 86_400 + hour * 3600 + rng.below(3600) as i64 + 5 * 3600
            })
            .collect()
    }

    fn input(times: &[i64], location: Option<&str>) -> TimingInput {
        TimingInput {
            times: times.iter().map(|t| PostTime::exact(*t)).collect(),
            location: location.map(str::to_string),
            ..TimingInput::default()
        }
    }

    fn check(
        times: &[i64],
        location: Option<&str>,
        offset_hours: f64,
        office: bool,
        min_weight: f64,
        max_weight: f64,
    ) {
        let report = analyse(&input(times, location));
        let (offset, (lo, hi)) = report.inferred().expect("enough data");
        let want = (offset_hours * 60.0) as i32;
        assert!(lo <= want && want <= hi, "offset {offset} range {lo}..{hi}, wanted {want}: {report:?}");
        assert_eq!(report.office_shaped(), office, "{report:?}");
        let s = signal_from(&report, &[]).expect("a signal");
        assert!(s.weight() >= min_weight && s.weight() <= max_weight, "{} {}", s.weight(), s.summary);
    }

    #[test]
    fn a_beijing_shift_is_found_at_plus_8() {
        let times = beijing_shift(150, 1);
        check(&times, Some("Houston, Texas"), 8.0, true, 0.6, 1.0);
        check(&times, Some("Taipei"), 8.0, true, 0.0, 0.1);
        check(&times, None, 8.0, true, 0.0, 0.34);
    }

    #[test]
    fn a_human_day_in_new_york_is_found_at_minus_5() {
        let times = new_york_day(200, 2);
        check(&times, Some("Brooklyn, NY"), -5.0, false, 0.0, 0.05);
        check(&times, None, -5.0, false, 0.0, 0.05);
    }

    #[test]
    fn too_few_posts_say_how_many_are_needed() {
        let s = signal_from(&analyse(&input(&beijing_shift(12, 3), Some("Texas"))), &[]).expect("a signal");
        assert_eq!(s.strength, 0.0);
        assert!(s.summary.starts_with("insufficient data: 12 posts"), "{}", s.summary);
        assert_eq!(s.evidence["posts_needed"], 8);
        assert!(signal_from(&analyse(&TimingInput::default()), &[]).is_none());
    }

    #[test]
    fn imprecise_times_are_not_used_for_hours() {
        let vague: Vec<PostTime> = (0..100)
            .map(|i| PostTime {
                earliest: i * 86_400,
                latest: i * 86_400 + 365 * 86_400,
                precision: Precision::Range,
            })
            .collect();
        let report = analyse(&TimingInput { times: vague, ..TimingInput::default() });
        assert_eq!(report.posts, 0);
        assert!(report.fit.is_none());
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let odd = [i64::MIN / 4, -1, 0, 1, i64::MAX / 4];
        let mut times: Vec<PostTime> = odd.iter().map(|t| PostTime::exact(*t)).collect();
        times.push(PostTime { earliest: 10, latest: 5, precision: Precision::Second });
        for _ in 0..5 {
            times.extend(times.clone());
        }
        let report =
            analyse(&TimingInput { times, location: Some("🇺🇸\u{0}".into()), ..TimingInput::default() });
        let _ = signal_from(&report, &[]);
        let huge: Vec<i64> = (0..50_000).map(|i| 1_600_000_000 + i * 149).collect();
        let _ = signal_from(&analyse(&input(&huge, Some("Texas"))), &[]);
    }

    #[test]
    fn scheduled_posts_are_noticed() {
        // A scheduler firing at :17 past every half hour.
        let times: Vec<i64> = (0..60).map(|i| 1_700_000_000 - 1_700_000_000 % 60 + 17 + i * 1800).collect();
        let r = regularity(&times.iter().map(|t| PostTime::exact(*t)).collect::<Vec<_>>());
        assert!(r.top_second_share > 0.99 && r.interval_mode_seconds == 1800, "{r:?}");
        assert!(r.strength() > 0.9);
    }

    #[test]
    fn regression_issue_13_every_second_on_zero_is_minute_data_not_a_scheduler() {
        // Weibo-like comment times exported as "2020-02-01 12:34:00": people, to the minute.
        let mut rng = SplitMix64(13);
        let times: Vec<PostTime> = (0..80)
            .map(|_| {
                let t = 1_580_000_000 + rng.below(40 * 86_400) as i64;
                PostTime::exact(t - t.rem_euclid(60))
            })
            .collect();
        let report = analyse(&TimingInput { times, ..TimingInput::default() });
        assert!(report.regularity.minute_data);
        assert_eq!(report.regularity.strength(), 0.0);
        let s = signal_from(&report, &[]).expect("a signal");
        assert!(!s.summary.contains("machine-scheduled"), "{}", s.summary);
        assert!(s.evidence["precision_words"].as_str().unwrap().contains("minutes only"), "{}", s.evidence);
    }

    #[test]
    fn regression_issue_13_dates_written_as_midnight_say_nothing_of_hours() {
        let times: Vec<PostTime> =
            (0..60).map(|d| PostTime::exact(days_from_civil(2020, 1, 1) * 86_400 + d * 86_400)).collect();
        let report = analyse(&TimingInput {
            times,
            location: Some("Houston, Texas".into()),
            ..TimingInput::default()
        });
        assert_eq!(report.posts, 0);
        assert!(report.fit.is_none());
    }

    #[test]
    fn regression_issue_13_night_hours_against_a_language_are_not_a_sign() {
        // Someone writing Chinese who keeps the hours of UTC−3:30: a night owl, not a foreign operator.
        let times = new_york_day(200, 5).iter().map(|t| t + 3 * 3600 / 2).collect::<Vec<_>>();
        let report = analyse(&TimingInput {
            times: times.iter().map(|t| PostTime::exact(*t)).collect(),
            language: Some("zh".into()),
            ..TimingInput::default()
        });
        assert!(!report.office_shaped());
        let s = signal_from(&report, &[]).expect("a signal");
        assert_eq!(s.weight(), 0.0, "{}", s.summary);
    }

    #[test]
    fn official_calendar_is_recognised() {
        // An office worker through the 2024 National Day week: quiet 1–7 October, busy around it and on the
        // make-up days 14 and 29 September and 12 October.
        let mut times = Vec::new();
        for d in days_from_civil(2024, 9, 10)..days_from_civil(2024, 10, 25) {
            let kind = holidays::day_kind(d);
            if matches!(kind, holidays::DayKind::Workday | holidays::DayKind::MakeupWorkday) {
                for h in [10, 11, 15, 16] {
                    times.push(d * 86_400 + h * 3600 - 8 * 3600);
                }
            }
        }
        let h = holiday_activity(&times);
        assert_eq!(h.holiday_posts, 0);
        assert!(h.holiday_days >= 5 && h.makeup_posts == 12, "{h:?}");
        assert!(h.keeps_official_calendar());
    }
}
