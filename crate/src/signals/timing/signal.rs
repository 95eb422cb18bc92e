//! The timing signal of one account: its strength and confidence from the analysis and the bursts it is in,
//! the summary, and the evidence the panel shows.

use crate::verdict::evidence::{
    Evidence, HolidayEvidence, RegularityEvidence, ShapeFitEvidence, TimingEvidence, TimingFits,
    TimingMinimum,
};

use super::*;

/// One reason the signal might speak: its strength, confidence and sentence.
pub(super) struct Component {
    pub(super) strength: f64,
    pub(super) confidence: f64,
    pub(super) sentence: Message,
    /// Whether the sentence only says there is too little data.
    pub(super) insufficient: bool,
}

impl Component {
    fn new(strength: f64, confidence: f64, sentence: Message) -> Component {
        Component { strength, confidence, sentence, insufficient: false }
    }
}

pub(super) fn persona_words(z: &PersonaZone) -> Message {
    let id = match z.source {
        "location" => "sig_persona_location",
        "based_in" => "sig_persona_based_in",
        _ => "sig_persona_language",
    };
    phrase(id, [Arg::data(&z.matched), Arg::data(format_range(z.min_minutes, z.max_minutes))])
}

/// Turns an analysis (and the account's burst clusters) into the timing signal; an office shift in one of
/// `operator_offsets` (UTC offsets in minutes) counts a little more.
pub fn signal_from(report: &TimingReport, bursts: &[&Cluster], operator_offsets: &[i32]) -> Option<Signal> {
    if report.posts == 0 && bursts.is_empty() {
        return None;
    }
    let conf = confidence(report.posts, report.days);
    let mut parts: Vec<Component> = Vec::new();
    let persona = report.persona.first();
    if let (Some(fit), Some((offset, (lo, hi)))) = (&report.fit, report.inferred()) {
        let shape_strength = ((fit.office_vs_human - OFFICE_LLR) / 0.5 + 0.5).clamp(0.0, 1.0);
        let operator = operator_offsets.iter().any(|o| (lo..=hi).contains(o));
        // The holiday calendar is China's, whatever zones the reader looks for.
        let calendar = (lo..=hi).contains(&BEIJING_OFFSET) && report.holidays.keeps_official_calendar();
        let distance = persona.map(|z| z.distance_minutes(lo).min(z.distance_minutes(hi)));
        let distance = if (lo..=hi).any(|o| persona.is_some_and(|z| z.distance_minutes(o) == 0)) {
            Some(0)
        } else {
            distance
        };
        // A whole number: written as one (the float formatter stays out of the wasm module).
        let share = (report.workhours_share * 100.0).round() as i64;
        if report.office_shaped() {
            // The shift, and the holidays it keeps when it does: one argument, so that no locale's template
            // has two placeholders side by side (Chrome reads `$1$2` as a named placeholder `$1$`).
            let cal = if calendar { phrase("sig_time_holidays", []) } else { Message::default() };
            let shape: Arg = phrase(
                "sig_time_office_shape",
                [Arg::data(format_range(lo, hi)), Arg::data(share), Arg::data(report.posts)],
            )
            .then(cal)
            .into();
            // A claimed place (or X's "based in") can be contradicted; a language cannot, since people who
            // write Chinese live everywhere.
            let claimed = persona.is_some_and(|z| z.source != "language");
            match (persona, distance) {
                (Some(z), Some(d)) if d >= MISMATCH_MINUTES && claimed => parts.push(Component::new(
                    // The operators' zones the reader looks for (Beijing's by default: the shift the public
                    // reports describe) count a little more than other zones.
                    (0.45
                        + 0.35 * shape_strength
                        + if operator { 0.1 } else { 0.0 }
                        + if calendar { 0.1 } else { 0.0 })
                    .min(1.0),
                    conf,
                    phrase("sig_time_office_but", [shape, persona_words(z).into()]),
                )),
                (Some(z), Some(d)) if d >= MISMATCH_MINUTES => parts.push(Component::new(
                    0.15 + 0.1 * shape_strength,
                    conf,
                    phrase("sig_time_office_language", [shape, persona_words(z).into()]),
                )),
                (Some(z), _) => parts.push(Component::new(
                    0.05,
                    conf,
                    phrase("sig_time_office_fits", [shape, persona_words(z).into()]),
                )),
                _ => parts.push(Component::new(
                    0.15 + 0.1 * shape_strength + if calendar { 0.05 } else { 0.0 },
                    conf,
                    phrase("sig_time_office_nowhere", [shape]),
                )),
            }
        } else {
            let night = format_offset(offset);
            match (persona, distance) {
                // Night owls, shift workers and students keep hours of another zone: an irregular human day
                // is not a foreign zone, so without an office shift this is said, never counted (issue 13).
                (Some(z), Some(d)) if d >= MISMATCH_MINUTES + 60 => parts.push(Component::new(
                    0.0,
                    conf,
                    phrase(
                        "sig_time_night_mismatch",
                        [Arg::data(night), Arg::data(format_range(lo, hi)), persona_words(z).into()],
                    ),
                )),
                (Some(z), _) => parts.push(Component::new(
                    0.0,
                    conf,
                    phrase("sig_time_night_fits", [Arg::data(night), persona_words(z).into()]),
                )),
                _ => parts.push(Component::new(
                    0.0,
                    conf,
                    phrase("sig_time_night", [Arg::data(night), Arg::data(format_range(lo, hi))]),
                )),
            }
        }
    } else {
        parts.push(Component {
            strength: 0.0,
            confidence: 0.0,
            sentence: phrase(
                "sig_time_insufficient",
                [Arg::data(report.posts), Arg::data(report.days), Arg::data(MIN_POSTS), Arg::data(MIN_DAYS)],
            ),
            insufficient: true,
        });
    }
    let reg = report.regularity.strength();
    if reg > 0.0 {
        let r = &report.regularity;
        let detail = if r.top_second_share >= r.interval_mode_share {
            phrase("sig_time_same_second", [Arg::data(crate::decimal::fixed(r.top_second_share * 100.0, 0))])
        } else {
            phrase(
                "sig_time_same_gap",
                [
                    Arg::data(crate::decimal::fixed(r.interval_mode_share * 100.0, 0)),
                    Arg::data(r.interval_mode_seconds),
                ],
            )
        };
        // Scheduling tools are used by brands and newsrooms too: a supporting sign only.
        parts.push(Component::new(0.3 * reg, conf.max(0.5), phrase("sig_time_scheduled", [detail.into()])));
    }
    let with_evidence = bursts.iter().filter_map(|&c| match &c.evidence {
        ClusterEvidence::Burst(b) => Some((c.members.len(), b)),
        _ => None,
    });
    if let Some((members, best)) = with_evidence.max_by_key(|(_, b)| b.max_shared) {
        let shared = best.max_shared;
        let expected = best.expected_by_chance;
        let others = members.saturating_sub(1);
        parts.push(Component::new(
            (0.35 + 0.05 * f64::from(shared)).min(0.8),
            (f64::from(shared) / 6.0).min(1.0),
            phrase(
                if others == 1 { "sig_time_burst" } else { "sig_time_burstMany" },
                [
                    Arg::data(best.window_seconds / 60),
                    Arg::data(others),
                    Arg::data(shared),
                    Arg::data(format_expected(expected)),
                ],
            ),
        ));
    }
    let weight = |c: &Component| c.strength * c.confidence;
    let main =
        parts.iter().enumerate().max_by(|a, b| weight(a.1).total_cmp(&weight(b.1))).map_or(0, |(i, _)| i);
    let head = &parts[main];
    let mut said = std::iter::once(head)
        .chain(parts.iter().enumerate().filter(|(i, _)| *i != main).map(|(_, c)| c))
        .filter(|c| !c.insufficient || parts.len() == 1 || main == 0)
        .map(|c| c.sentence.clone());
    let mut message = said.next().unwrap_or_default();
    for next in said {
        message.push(phrase("sig_next", [next.into()]));
    }
    Some(Signal {
        kind: SignalKind::Timing,
        strength: head.strength.clamp(0.0, 1.0),
        confidence: head.confidence.clamp(0.0, 1.0),
        summary: message.english(),
        message,
        evidence: evidence(report, bursts),
    })
}

pub(super) fn evidence(report: &TimingReport, bursts: &[&Cluster]) -> Evidence {
    let precision = precision_message(report);
    let grid: Option<Vec<Vec<u32>>> = report.fit.as_ref().map(|f| {
        (0..7)
            .map(|d| (0..24).map(|h| f.grid[d * 48 + h * 2] + f.grid[d * 48 + h * 2 + 1]).collect())
            .collect()
    });
    let shape_fit = |s: &ShapeFit| ShapeFitEvidence {
        offset_minutes: s.offset_minutes,
        range_minutes: [s.range_minutes.0, s.range_minutes.1],
        log_likelihood_per_post: round3(s.per_post),
    };
    let h = &report.holidays;
    let r = &report.regularity;
    Evidence::Timing(Box::new(TimingEvidence {
        posts_with_time: report.posts,
        days: report.days,
        minimum: TimingMinimum { posts: MIN_POSTS, days: MIN_DAYS },
        posts_needed: MIN_POSTS.saturating_sub(report.posts),
        grid_utc: grid,
        grid_note: "posts per UTC hour, rows Monday..Sunday; shift by offset_minutes for local time",
        shape: match (&report.fit, report.office_shaped()) {
            (None, _) => "unknown",
            (Some(_), true) => "office_shift",
            (Some(_), false) => "human_day",
        },
        offset_minutes: report.inferred().map(|i| i.0),
        offset_range_minutes: report.inferred().map(|i| [i.1 .0, i.1 .1]),
        fits: report.fit.as_ref().map(|f| TimingFits {
            human_day: shape_fit(&f.human),
            office_shift: shape_fit(&f.office),
            office_vs_human_per_post: round3(f.office_vs_human),
        }),
        workhours_share: round3(report.workhours_share),
        weekday_weekend_ratio: report.weekday_weekend_ratio.map(round3),
        persona: report.persona.first().cloned(),
        persona_sources: report.persona.clone(),
        holidays: HolidayEvidence {
            weekday_holidays: h.holiday_days,
            holiday_posts: h.holiday_posts,
            nearby_workdays: h.nearby_workdays,
            nearby_workday_posts: h.nearby_workday_posts,
            holiday_ratio: h.holiday_ratio().map(round3),
            makeup_workdays: h.makeup_days,
            makeup_posts: h.makeup_posts,
            weekend_days: h.weekend_days,
            weekend_posts: h.weekend_posts,
            keeps_official_calendar: h.keeps_official_calendar(),
        },
        regularity: RegularityEvidence {
            second_precision_posts: r.second_posts,
            at_second_zero_share: round3(r.at_zero_share),
            top_second_share: round3(r.top_second_share),
            interval_mode_seconds: r.interval_mode_seconds,
            interval_mode_share: round3(r.interval_mode_share),
        },
        burst_clusters: bursts.iter().map(|c| c.id.clone()).collect(),
        time_precision: report.precision,
        precision_words: precision.english(),
        precision_message: precision,
    }))
}

/// How precisely the account's post times are known, in words a reader can quote.
pub(super) fn precision_message(report: &TimingReport) -> Message {
    let p = &report.precision;
    let known = p.second + p.minute + p.hour;
    let minute = p.minute + if report.regularity.minute_data { p.second } else { 0 };
    let second = if report.regularity.minute_data { 0 } else { p.second };
    let parts: Vec<Message> = [
        ("sig_precision_second", second),
        ("sig_precision_minute", minute),
        ("sig_precision_hour", p.hour),
        ("sig_precision_day", p.day),
        ("sig_precision_range", p.range),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(id, n)| phrase(id, [Arg::data(n)]))
    .collect();
    if parts.is_empty() {
        return phrase("sig_precision_none", []);
    }
    let mut out = phrase("sig_precision_known", [Message::join(parts, "sig_sep_comma").into()]);
    if report.regularity.minute_data {
        out.push(phrase("sig_precision_minute_data", []));
    } else if known > 0 && p.second == 0 {
        out.push(phrase("sig_precision_no_seconds", []));
    }
    out
}

/// An expected count in words a reader can quote: one decimal below 10, whole numbers above.
pub fn format_expected(x: f64) -> String {
    if x < 0.05 {
        "0".into()
    } else if x < 10.0 {
        crate::decimal::fixed(x, 1)
    } else {
        crate::decimal::fixed(x, 0)
    }
}
