//! The week fit, holidays, regularity and the timing signal against generated post times.

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
    let s = signal_from(&report, &[], &[BEIJING_OFFSET]).expect("a signal");
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
    let s = signal_from(&analyse(&input(&beijing_shift(12, 3), Some("Texas"))), &[], &[BEIJING_OFFSET])
        .expect("a signal");
    assert_eq!(s.strength, 0.0);
    assert!(s.summary.starts_with("insufficient data: 12 posts"), "{}", s.summary);
    assert_eq!(s.evidence.to_value()["posts_needed"], 8);
    assert!(signal_from(&analyse(&TimingInput::default()), &[], &[BEIJING_OFFSET]).is_none());
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
    let _ = signal_from(&report, &[], &[BEIJING_OFFSET]);
    let huge: Vec<i64> = (0..50_000).map(|i| 1_600_000_000 + i * 149).collect();
    let _ = signal_from(&analyse(&input(&huge, Some("Texas"))), &[], &[BEIJING_OFFSET]);
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
    let s = signal_from(&report, &[], &[BEIJING_OFFSET]).expect("a signal");
    assert!(!s.summary.contains("machine-scheduled"), "{}", s.summary);
    assert!(
        s.evidence.to_value()["precision_words"].as_str().unwrap().contains("minutes only"),
        "{:?}",
        s.evidence
    );
}

#[test]
fn regression_issue_13_dates_written_as_midnight_say_nothing_of_hours() {
    let times: Vec<PostTime> =
        (0..60).map(|d| PostTime::exact(days_from_civil(2020, 1, 1) * 86_400 + d * 86_400)).collect();
    let report =
        analyse(&TimingInput { times, location: Some("Houston, Texas".into()), ..TimingInput::default() });
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
    let s = signal_from(&report, &[], &[BEIJING_OFFSET]).expect("a signal");
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

#[test]
fn the_operator_zones_looked_for_count_a_little_more_and_only_those() {
    let report = analyse(&input(&beijing_shift(150, 1), Some("Houston, Texas")));
    let weight = |zones: &[i32]| signal_from(&report, &[], zones).expect("a signal").weight();
    let (looked_for, none, moscow) = (weight(&[BEIJING_OFFSET]), weight(&[]), weight(&[180]));
    assert!(looked_for > none + 0.05, "Beijing looked for: {looked_for}, no zone: {none}");
    assert_eq!(moscow, none, "a zone the shift is not in changes nothing");
    assert_eq!(weight(&[180, BEIJING_OFFSET]), looked_for);
}
