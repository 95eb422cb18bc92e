//! How precise a dataset's timestamps really are, read from the data itself.
//!
//! Many exports write times to the second when the site only showed minutes (Weibo's comment times,
//! Twitter's Information Operations releases, spreadsheets with `:00` filled in). Read as seconds, every post
//! of every account "lands on the same second of the minute", which looks like a scheduling tool. So each
//! input is watched as it is read: while every second-stamped time seen so far ends in `:00` seconds, its
//! times are read as minute precision; if every one is also on the hour, as hour precision; if every one is
//! at midnight, as day precision. The first time that proves otherwise ends the watch for the rest of the
//! input (it is read in batches of a thousand records, so a second-precision file shows itself in its first
//! batch). One note per input says what was inferred, and why.

use crate::observation::{Observation, PostTime, Precision, ReadWarning, Record};

/// Times an input must have shown before anything is inferred from them: below this, all at `:00` is as
/// likely chance as precision (1 in 60 each) and nothing is changed.
pub const MIN_STAMPS: u64 = 5;

/// What one input's second-stamped times have shown so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrecisionWatch {
    stamps: u64,
    any_second: bool,
    any_minute: bool,
    any_clock: bool,
    noted: Option<Precision>,
}

impl PrecisionWatch {
    /// Looks at a batch's second-stamped post times and, while the input has shown no finer time, reads them
    /// at the precision the data supports. Returns a note the first time (and each time) the inferred
    /// precision changes, naming `input`.
    pub fn settle(&mut self, input: &str, observations: &mut [Observation]) -> Option<ReadWarning> {
        for o in observations.iter() {
            if let Record::Post(p) = &o.record {
                if let Some(t) = p.created.filter(is_second_stamp) {
                    self.stamps += 1;
                    self.any_second |= t.earliest.rem_euclid(60) != 0;
                    self.any_minute |= t.earliest.rem_euclid(3_600) != 0;
                    self.any_clock |= t.earliest.rem_euclid(86_400) != 0;
                }
            }
        }
        let inferred = self.inferred()?;
        for o in observations.iter_mut() {
            if let Record::Post(p) = &mut o.record {
                if let Some(t) = p.created.as_mut().filter(|t| is_second_stamp(t)) {
                    *t = widen(*t, inferred);
                }
            }
        }
        if self.noted == Some(inferred) {
            return None;
        }
        self.noted = Some(inferred);
        let (what, span) = match inferred {
            Precision::Day => ("at midnight", "the day"),
            Precision::Hour => ("on the hour", "the hour"),
            _ => ("on :00 seconds", "the minute"),
        };
        Some(ReadWarning::new(
            input,
            format!(
                "all {} timestamps so far fall {what}: read as known to {span}, not to the second \
                 (no second-level conclusions are drawn from them)",
                self.stamps
            ),
        ))
    }

    /// The precision the times seen so far support, when coarser than seconds.
    pub fn inferred(&self) -> Option<Precision> {
        if self.stamps < MIN_STAMPS || self.any_second {
            return None;
        }
        Some(if !self.any_minute && !self.any_clock {
            Precision::Day
        } else if !self.any_minute {
            Precision::Hour
        } else {
            Precision::Minute
        })
    }
}

fn is_second_stamp(t: &PostTime) -> bool {
    t.precision == Precision::Second && t.earliest == t.latest
}

/// The interval a second stamp stands for at a coarser precision.
fn widen(t: PostTime, precision: Precision) -> PostTime {
    let span = match precision {
        Precision::Minute => 59,
        Precision::Hour => 3_599,
        Precision::Day => 86_399,
        Precision::Second | Precision::Range => 0,
    };
    PostTime { earliest: t.earliest, latest: t.earliest.saturating_add(span), precision }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::{Post, Provenance, Site, Source};

    fn post_at(at: i64) -> Observation {
        Observation {
            schema: crate::observation::OBSERVATION_SCHEMA.into(),
            site: Site::Other,
            seen: Provenance { source: Source::Import, page_url: None, observed_at: at },
            record: Record::Post(Post {
                id: at.to_string(),
                account_id: "a".into(),
                created: Some(PostTime::exact(at)),
                ..Post::default()
            }),
        }
    }

    fn created(o: &Observation) -> PostTime {
        match &o.record {
            Record::Post(p) => p.created.unwrap(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn regression_issue_13_minute_stamps_with_zero_seconds_are_read_as_minutes() {
        let mut watch = PrecisionWatch::default();
        let mut batch: Vec<Observation> = (0..20).map(|i| post_at(1_579_996_800 + 60 + i * 3_660)).collect();
        let note = watch.settle("weibo.csv", &mut batch).expect("a note");
        assert!(note.message.contains("the minute"), "{note:?}");
        assert!(batch
            .iter()
            .all(|o| created(o).precision == Precision::Minute
                && created(o).latest - created(o).earliest == 59));
        // A later batch is read the same way, without a second note.
        let mut more = vec![post_at(1_579_996_800 + 86_460)];
        assert!(watch.settle("weibo.csv", &mut more).is_none());
        assert_eq!(created(&more[0]).precision, Precision::Minute);
    }

    #[test]
    fn hour_and_day_stamps_are_recognised_and_seconds_end_the_watch() {
        let mut hours: Vec<Observation> =
            (0..10).map(|i| post_at(1_579_996_800 + 3_600 + i * 7_200)).collect();
        PrecisionWatch::default().settle("h", &mut hours);
        assert_eq!(created(&hours[0]).precision, Precision::Hour);
        let mut days: Vec<Observation> = (0..10).map(|i| post_at(1_579_996_800 + i * 86_400)).collect();
        PrecisionWatch::default().settle("d", &mut days);
        assert_eq!(created(&days[3]).precision, Precision::Day);
        let mut watch = PrecisionWatch::default();
        let mut mixed: Vec<Observation> = (0..10).map(|i| post_at(1_579_996_800 + i * 61)).collect();
        assert!(watch.settle("s", &mut mixed).is_none());
        assert!(mixed.iter().all(|o| created(o).precision == Precision::Second));
        // Too few to tell: left as they are.
        let mut few = vec![post_at(1_579_996_800 + 120)];
        assert!(PrecisionWatch::default().settle("f", &mut few).is_none());
        assert_eq!(created(&few[0]).precision, Precision::Second);
    }
}
