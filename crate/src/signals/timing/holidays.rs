//! The official public holidays of mainland China and their make-up working days, 2015–2026, as data.
//!
//! Source: the State Council General Office's annual notices on public-holiday arrangements
//! (国务院办公厅关于YYYY年部分节假日安排的通知), issued each autumn for the following year, plus the notice of
//! 2015-05-13 (the 3–5 September 2015 holiday for the 70th anniversary of the victory over Japan) and the notice
//! of 2020-01-27 extending the 2020 Spring Festival holiday to 2 February (which cancelled the 1 February
//! make-up day). Each holiday is the block of days off as the notice states it (weekend days inside the block
//! included); make-up working days (调休上班) are weekend days worked in exchange. The table was cross-checked
//! day by day against the `chinesecalendar` package's data for the same years.

use crate::time::{days_from_civil, weekday};

/// A block of consecutive days off: (year, month, day) of the first day and the number of days.
type Block = ((i64, u32, u32), u32);

/// Holiday blocks, in date order.
const HOLIDAYS: &[Block] = &[
    // 2015
    ((2015, 1, 1), 3),
    ((2015, 2, 18), 7),
    ((2015, 4, 4), 3),
    ((2015, 5, 1), 3),
    ((2015, 6, 20), 3),
    ((2015, 9, 3), 3),
    ((2015, 9, 26), 2),
    ((2015, 10, 1), 7),
    // 2016
    ((2016, 1, 1), 3),
    ((2016, 2, 7), 7),
    ((2016, 4, 2), 3),
    ((2016, 4, 30), 3),
    ((2016, 6, 9), 3),
    ((2016, 9, 15), 3),
    ((2016, 10, 1), 7),
    // 2017
    ((2016, 12, 31), 3),
    ((2017, 1, 27), 7),
    ((2017, 4, 2), 3),
    ((2017, 4, 29), 3),
    ((2017, 5, 28), 3),
    ((2017, 10, 1), 8),
    // 2018
    ((2017, 12, 30), 3),
    ((2018, 2, 15), 7),
    ((2018, 4, 5), 3),
    ((2018, 4, 29), 3),
    ((2018, 6, 16), 3),
    ((2018, 9, 22), 3),
    ((2018, 10, 1), 7),
    // 2019
    ((2018, 12, 30), 3),
    ((2019, 2, 4), 7),
    ((2019, 4, 5), 3),
    ((2019, 5, 1), 4),
    ((2019, 6, 7), 3),
    ((2019, 9, 13), 3),
    ((2019, 10, 1), 7),
    // 2020 (Spring Festival as extended on 2020-01-27)
    ((2020, 1, 1), 1),
    ((2020, 1, 24), 10),
    ((2020, 4, 4), 3),
    ((2020, 5, 1), 5),
    ((2020, 6, 25), 3),
    ((2020, 10, 1), 8),
    // 2021
    ((2021, 1, 1), 3),
    ((2021, 2, 11), 7),
    ((2021, 4, 3), 3),
    ((2021, 5, 1), 5),
    ((2021, 6, 12), 3),
    ((2021, 9, 19), 3),
    ((2021, 10, 1), 7),
    // 2022
    ((2022, 1, 1), 3),
    ((2022, 1, 31), 7),
    ((2022, 4, 3), 3),
    ((2022, 4, 30), 5),
    ((2022, 6, 3), 3),
    ((2022, 9, 10), 3),
    ((2022, 10, 1), 7),
    // 2023
    ((2022, 12, 31), 3),
    ((2023, 1, 21), 7),
    ((2023, 4, 5), 1),
    ((2023, 4, 29), 5),
    ((2023, 6, 22), 3),
    ((2023, 9, 29), 8),
    // 2024
    ((2023, 12, 30), 3),
    ((2024, 2, 10), 8),
    ((2024, 4, 4), 3),
    ((2024, 5, 1), 5),
    ((2024, 6, 8), 3),
    ((2024, 9, 15), 3),
    ((2024, 10, 1), 7),
    // 2025
    ((2025, 1, 1), 1),
    ((2025, 1, 28), 8),
    ((2025, 4, 4), 3),
    ((2025, 5, 1), 5),
    ((2025, 5, 31), 3),
    ((2025, 10, 1), 8),
    // 2026
    ((2026, 1, 1), 3),
    ((2026, 2, 15), 9),
    ((2026, 4, 4), 3),
    ((2026, 5, 1), 5),
    ((2026, 6, 19), 3),
    ((2026, 9, 25), 3),
    ((2026, 10, 1), 7),
];

/// Make-up working days: weekend days worked in exchange for a holiday.
const MAKEUP_WORKDAYS: &[(i64, u32, u32)] = &[
    (2015, 1, 4),
    (2015, 2, 15),
    (2015, 2, 28),
    (2015, 9, 6),
    (2015, 10, 10),
    (2016, 2, 6),
    (2016, 2, 14),
    (2016, 6, 12),
    (2016, 9, 18),
    (2016, 10, 8),
    (2016, 10, 9),
    (2017, 1, 22),
    (2017, 2, 4),
    (2017, 4, 1),
    (2017, 5, 27),
    (2017, 9, 30),
    (2018, 2, 11),
    (2018, 2, 24),
    (2018, 4, 8),
    (2018, 4, 28),
    (2018, 9, 29),
    (2018, 9, 30),
    (2018, 12, 29),
    (2019, 2, 2),
    (2019, 2, 3),
    (2019, 4, 28),
    (2019, 5, 5),
    (2019, 9, 29),
    (2019, 10, 12),
    (2020, 1, 19),
    (2020, 4, 26),
    (2020, 5, 9),
    (2020, 6, 28),
    (2020, 9, 27),
    (2020, 10, 10),
    (2021, 2, 7),
    (2021, 2, 20),
    (2021, 4, 25),
    (2021, 5, 8),
    (2021, 9, 18),
    (2021, 9, 26),
    (2021, 10, 9),
    (2022, 1, 29),
    (2022, 1, 30),
    (2022, 4, 2),
    (2022, 4, 24),
    (2022, 5, 7),
    (2022, 10, 8),
    (2022, 10, 9),
    (2023, 1, 28),
    (2023, 1, 29),
    (2023, 4, 23),
    (2023, 5, 6),
    (2023, 6, 25),
    (2023, 10, 7),
    (2023, 10, 8),
    (2024, 2, 4),
    (2024, 2, 18),
    (2024, 4, 7),
    (2024, 4, 28),
    (2024, 5, 11),
    (2024, 9, 14),
    (2024, 9, 29),
    (2024, 10, 12),
    (2025, 1, 26),
    (2025, 2, 8),
    (2025, 4, 27),
    (2025, 9, 28),
    (2025, 10, 11),
    (2026, 1, 4),
    (2026, 2, 14),
    (2026, 2, 28),
    (2026, 5, 9),
    (2026, 9, 20),
    (2026, 10, 10),
];

/// The first and last day numbers (days since 1970-01-01) the calendar covers.
pub fn covered_days() -> (i64, i64) {
    calendar().covered
}

/// What kind of day a Beijing calendar day is for someone working an official schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// A Monday–Friday that is not a holiday, or a make-up working day.
    Workday,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// A day off in an official holiday block that would otherwise be a Monday–Friday workday.
    HolidayOnWeekday,
    /// A weekend day worked in exchange for a holiday.
    MakeupWorkday,
    /// Outside the years the calendar covers.
    Unknown,
}

/// The holiday blocks and make-up working days as day numbers, computed once: `day_kind` runs for every
/// post of every account a verdict reads.
struct Calendar {
    /// The first and last day the lists cover (2015-01-01 and 2026-12-31).
    covered: (i64, i64),
    /// `(first, last)` of each holiday block, sorted; no two overlap (tests::calendar_is_read_as_listed).
    holidays: Vec<(i64, i64)>,
    /// The make-up working days, sorted.
    makeup: Vec<i64>,
}

fn calendar() -> &'static Calendar {
    static CALENDAR: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CALENDAR.get_or_init(|| {
        let mut holidays: Vec<(i64, i64)> = HOLIDAYS
            .iter()
            .map(|&((y, m, d), len)| {
                let start = days_from_civil(y, m, d);
                (start, start + i64::from(len) - 1)
            })
            .collect();
        crate::sort::sort(&mut holidays);
        let mut makeup: Vec<i64> =
            MAKEUP_WORKDAYS.iter().map(|&(y, m, d)| days_from_civil(y, m, d)).collect();
        crate::sort::whole(&mut makeup);
        let covered = (days_from_civil(2015, 1, 1), days_from_civil(2026, 12, 31));
        Calendar { covered, holidays, makeup }
    })
}

fn is_holiday(day: i64) -> bool {
    // The last block starting on or before the day is the only one that can hold it (no two overlap).
    let holidays = &calendar().holidays;
    let starts_by = holidays.partition_point(|&(first, _)| first <= day);
    starts_by > 0 && day <= holidays[starts_by - 1].1
}

fn is_makeup(day: i64) -> bool {
    calendar().makeup.binary_search(&day).is_ok()
}

/// The kind of a day, given as days since 1970-01-01 in Beijing time.
pub fn day_kind(day: i64) -> DayKind {
    let (first, last) = covered_days();
    if day < first || day > last {
        return DayKind::Unknown;
    }
    let weekend = weekday(day * 86_400, 0) >= 5;
    if is_makeup(day) {
        DayKind::MakeupWorkday
    } else if is_holiday(day) {
        if weekend {
            DayKind::Weekend
        } else {
            DayKind::HolidayOnWeekday
        }
    } else if weekend {
        DayKind::Weekend
    } else {
        DayKind::Workday
    }
}

/// The Beijing calendar day (days since 1970-01-01, UTC+8) of a Unix time.
pub fn beijing_day(unix: i64) -> i64 {
    (unix + 8 * 3600).div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(y: i64, m: u32, d: u32) -> DayKind {
        day_kind(days_from_civil(y, m, d))
    }

    #[test]
    fn calendar_is_read_as_listed() {
        let blocks = &calendar().holidays;
        assert!(blocks.windows(2).all(|w| w[0].1 < w[1].0), "holiday blocks overlap");
        // Every day of the covered years (and a margin), against the lists read directly.
        let (first, last) = covered_days();
        for day in first - 10..=last + 10 {
            let listed_holiday = HOLIDAYS.iter().any(|&((y, m, d), len)| {
                let start = days_from_civil(y, m, d);
                (start..start + i64::from(len)).contains(&day)
            });
            let listed_makeup = MAKEUP_WORKDAYS.iter().any(|&(y, m, d)| days_from_civil(y, m, d) == day);
            assert_eq!((is_holiday(day), is_makeup(day)), (listed_holiday, listed_makeup), "day {day}");
        }
    }

    #[test]
    fn calendar_sanity() {
        // National Day is always off; 2024-10-01 was a Tuesday.
        for y in 2015..=2026 {
            let k = kind(y, 10, 1);
            assert!(matches!(k, DayKind::HolidayOnWeekday | DayKind::Weekend), "{y}: {k:?}");
        }
        assert_eq!(kind(2024, 10, 1), DayKind::HolidayOnWeekday);
        // Make-up working days are weekend days.
        for &(y, m, d) in MAKEUP_WORKDAYS {
            assert!(weekday(days_from_civil(y, m, d) * 86_400, 0) >= 5, "{y}-{m}-{d}");
            assert_eq!(kind(y, m, d), DayKind::MakeupWorkday);
        }
        // Spring Festival 2025: 28 Jan – 4 Feb off, 26 Jan and 8 Feb worked.
        assert_eq!(kind(2025, 1, 29), DayKind::HolidayOnWeekday);
        assert_eq!(kind(2025, 1, 26), DayKind::MakeupWorkday);
        assert_eq!(kind(2025, 2, 5), DayKind::Workday);
        assert_eq!(kind(2025, 3, 1), DayKind::Weekend);
        assert_eq!(kind(2014, 10, 1), DayKind::Unknown);
        assert_eq!(kind(2027, 1, 4), DayKind::Unknown);
        // Every year has between 11 and 15 weekday holidays (7-day weeks lose 2 weekend days per block).
        for y in 2015..=2026 {
            let start = days_from_civil(y, 1, 1);
            let end = days_from_civil(y + 1, 1, 1);
            let n = (start..end).filter(|&d| day_kind(d) == DayKind::HolidayOnWeekday).count();
            assert!((11..=19).contains(&n), "{y}: {n}");
        }
        // Blocks are sorted and do not overlap.
        for w in HOLIDAYS.windows(2) {
            let ((y0, m0, d0), l0) = w[0];
            let ((y1, m1, d1), _) = w[1];
            assert!(days_from_civil(y0, m0, d0) + i64::from(l0) <= days_from_civil(y1, m1, d1), "{w:?}");
        }
        assert_eq!(beijing_day(16 * 3600), 1);
    }
}
