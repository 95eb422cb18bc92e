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

use crate::history::AccountHistory;
use crate::observation::{PostTime, Precision};
/// Defined with the evidence that shows it.
pub use crate::verdict::evidence::PrecisionCounts;
use crate::verdict::evidence::{round3, BurstEvidence, ClusterEvidence};
use crate::verdict::message::{phrase, Arg, Message};
use crate::verdict::{Cluster, ClusterKind, Signal, SignalKind};

use persona::PersonaZone;

mod signal;
#[cfg(test)]
mod tests;

pub use self::signal::*;

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
/// Beijing's UTC offset in minutes (UTC+8): the Chinese holiday calendar's, and the default operator zone
/// ([`crate::signals::Focus`]).
pub const BEIJING_OFFSET: i32 = 480;

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
    let mut letters = crate::features::Letters::default();
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
    crate::sort::whole(&mut exact);
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
    crate::sort::whole(&mut hourly);
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

/// The timing signal for one account held by the engine, with the burst clusters among `clusters` (the
/// account's own: see [`crate::signals::CrossAccount::clusters_of`]; others given are left out), with
/// Beijing's shift the one that counts more (the default [`crate::signals::Focus`]).
pub fn assess<'a>(
    history: &AccountHistory,
    clusters: impl IntoIterator<Item = &'a Cluster>,
) -> Option<Signal> {
    assess_analysed(
        &history.key(),
        &analyse(&TimingInput::from_history(history)),
        clusters,
        &[BEIJING_OFFSET],
    )
}

/// [`assess`] from the analysis of the account's history already made (the engine keeps it until the
/// history changes), for the account `key`; an office shift in one of `operator_offsets` (UTC offsets in
/// minutes) counts a little more.
pub fn assess_analysed<'a>(
    key: &str,
    report: &TimingReport,
    clusters: impl IntoIterator<Item = &'a Cluster>,
    operator_offsets: &[i32],
) -> Option<Signal> {
    let bursts: Vec<&Cluster> = clusters
        .into_iter()
        .filter(|c| c.kind == ClusterKind::SynchronisedBurst && c.members.iter().any(|m| m == key))
        .collect();
    signal_from(report, &bursts, operator_offsets)
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
    let mut clusters = burst_clusters_of(&keys, times);
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
pub fn burst_clusters_of(keys: &[String], times: impl IntoIterator<Item = (u32, i64)>) -> Vec<Cluster> {
    let params = bursts::BurstParams::default();
    let events: Vec<bursts::BurstEvent> =
        times.into_iter().map(|(account, at)| bursts::BurstEvent { account, at, key: 0 }).collect();
    let report = bursts::find_in(events, &params);
    report
        .groups
        .iter()
        .map(|g| {
            let members: Vec<String> =
                g.members.iter().filter_map(|m| keys.get(*m as usize).cloned()).collect();
            let id = format!("burst-{:016x}", crate::text::hash_str(&members.join(","), 7));
            let message = phrase(
                "sig_cluster_burst",
                [Arg::data(members.len()), Arg::data(params.window_seconds / 60), Arg::data(g.windows)],
            );
            Cluster {
                id,
                kind: ClusterKind::SynchronisedBurst,
                summary: message.english(),
                message,
                evidence: ClusterEvidence::Burst(BurstEvidence {
                    window_seconds: params.window_seconds,
                    max_shared: g.max_shared,
                    expected_by_chance: round3(g.expected),
                    chance: g.chance,
                    pairs: g.pairs,
                    windows: g.windows,
                    times: g.times.iter().map(|t| crate::time::format_iso(*t)).collect(),
                }),
                seen_on: crate::pages::SeenOn::Independent,
                members,
            }
        })
        .collect()
}
