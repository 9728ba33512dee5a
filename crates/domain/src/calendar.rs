//! The site's calendar: which instants make up a "day" where the warehouse is. Days, hours and
//! file names follow the site's IANA zone (IST by default), never UTC.

use chrono::{DateTime, Datelike, Days, FixedOffset, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// The site's time zone, checked when it is read from the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SiteZone(Tz);

impl Default for SiteZone {
    fn default() -> Self {
        Self(chrono_tz::Asia::Kolkata)
    }
}

impl SiteZone {
    /// An IANA name such as `Asia/Kolkata`.
    pub fn parse(name: &str) -> Option<Self> {
        name.trim().parse::<Tz>().ok().map(Self)
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The local day `at` falls on.
    pub fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.0).date_naive()
    }

    pub fn today(&self) -> NaiveDate {
        self.day_of(Utc::now())
    }

    /// `at` with the site's offset (what the API shows: RFC 3339, local clock time).
    pub fn local(&self, at: DateTime<Utc>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.0).fixed_offset()
    }

    /// `at` as people on the site read it on paper: `30 Nov 2026 11:20 IST`.
    pub fn stamp(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.0).format("%d %b %Y %H:%M %Z").to_string()
    }

    /// The site's offset from UTC at `at`, as `+05:30`.
    pub fn offset_at(&self, at: DateTime<Utc>) -> String {
        self.local(at).offset().fix().to_string()
    }

    /// Local midnight starting `day`. Where a clock change skips midnight, the day starts at
    /// the first instant that exists.
    pub fn start_of(&self, day: NaiveDate) -> Option<DateTime<FixedOffset>> {
        let midnight = day.and_time(NaiveTime::MIN);
        let start = match self.0.from_local_datetime(&midnight) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at,
            LocalResult::None => (1..=24 * 4).find_map(|quarter| {
                let later = midnight + chrono::TimeDelta::minutes(15 * quarter);
                self.0.from_local_datetime(&later).earliest()
            })?,
        };
        Some(start.fixed_offset())
    }

    /// `[start, end)` of the local days `first..=last`; `None` when either end falls outside the
    /// years 1–9999 (an RFC 3339 timestamp has a four-digit year).
    pub fn window(&self, first: NaiveDate, last: NaiveDate) -> Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)> {
        let after = last.checked_add_days(Days::new(1))?;
        let writable = |day: NaiveDate| (1..=9999).contains(&day.year());
        if !writable(first) || !writable(after) {
            return None;
        }
        Some((self.start_of(first)?, self.start_of(after)?))
    }

    /// `[start, end)` of one local day.
    pub fn day(&self, day: NaiveDate) -> Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)> {
        self.window(day, day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).map(|at| at.with_timezone(&Utc)).unwrap_or_default()
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn an_ist_day_starts_at_half_past_six_the_evening_before_in_utc() {
        let ist = SiteZone::default();
        let (from, to) = ist.day(date("2026-11-30")).unwrap_or_else(|| panic!("a day"));
        assert_eq!(from.to_rfc3339(), "2026-11-30T00:00:00+05:30");
        assert_eq!(from.with_timezone(&Utc), utc("2026-11-29T18:30:00Z"));
        assert_eq!(to.to_rfc3339(), "2026-12-01T00:00:00+05:30");
    }

    #[test]
    fn a_scan_at_twenty_hundred_utc_belongs_to_the_next_ist_day() {
        let ist = SiteZone::default();
        assert_eq!(ist.day_of(utc("2026-11-29T20:00:00Z")), date("2026-11-30"));
        assert_eq!(ist.day_of(utc("2026-11-29T18:29:00Z")), date("2026-11-29")); // 23:59 IST
        assert_eq!(ist.day_of(utc("2026-11-29T18:31:00Z")), date("2026-11-30")); // 00:01 IST
        assert_eq!(ist.offset_at(utc("2026-11-29T20:00:00Z")), "+05:30");
        assert_eq!(ist.stamp(utc("2026-11-29T20:00:00Z")), "30 Nov 2026 01:30 IST");
    }

    #[test]
    fn a_day_with_a_clock_change_is_as_long_as_it_really_is() {
        let berlin = SiteZone::parse("Europe/Berlin").unwrap_or_default();
        let (from, to) = berlin.day(date("2026-03-29")).unwrap_or_else(|| panic!("a day"));
        assert_eq!((to - from).num_hours(), 23);
        // Midnight does not exist on this day in Santiago (clocks jump from 00:00 to 01:00).
        let santiago = SiteZone::parse("America/Santiago").unwrap_or_default();
        let start = santiago.start_of(date("2026-09-06")).unwrap_or_else(|| panic!("a start"));
        assert_eq!(start.to_rfc3339(), "2026-09-06T01:00:00-03:00");
    }

    #[test]
    fn days_whose_bounds_have_no_four_digit_year_have_no_window() {
        let ist = SiteZone::default();
        assert!(ist.day(date("9999-12-30")).is_some());
        assert!(ist.day(date("9999-12-31")).is_none(), "it would end in the year 10000");
        assert!(ist.day(date("0001-01-01")).is_some());
        let before_year_one = NaiveDate::from_ymd_opt(0, 12, 31).unwrap_or_default();
        assert!(ist.day(before_year_one).is_none());
    }

    #[test]
    fn unknown_zone_names_are_refused() {
        assert!(SiteZone::parse("Asia/Kolkata").is_some());
        assert!(SiteZone::parse("IST").is_none());
        assert!(SiteZone::parse("Mars/Olympus").is_none());
    }
}
