//! The EPCIS 2.0 REST query parameters served (a subset of SimpleEventQuery): lists are
//! `|`-separated, as the REST binding's `pipeDelimited` style. Every other parameter, a parameter
//! given twice, and every value out of its form is refused with 422 naming the parameter.
//! URIs that are not this site's names (under its domain, or its GS1 Digital Links) are valid and
//! match nothing.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use domain::ValidationError;
use storage::epcis::EpcisFilter;

use super::{CBV_BIZ_STEPS, EVENT_TYPES, MAPPINGS, Names};
use crate::error::{ApiError, ApiResult};

pub const DEFAULT_PER_PAGE: u32 = 100;
pub const MAX_PER_PAGE: u32 = 1000;

/// Every parameter the query takes.
pub const PARAMETERS: [&str; 10] = [
    "eventType",
    "GE_eventTime",
    "LT_eventTime",
    "EQ_bizStep",
    "EQ_bizLocation",
    "MATCH_parentID",
    "MATCH_epc",
    "MATCH_anyEPC",
    "perPage",
    "nextPageToken",
];

/// A query as read: what to read, and where this page starts.
#[derive(Debug, Clone)]
pub struct EventQuery {
    /// Everything but the caller's area scope.
    pub filter: EpcisFilter,
    pub per_page: u32,
    /// The last event of the previous page (`nextPageToken`).
    pub after: Option<i64>,
    /// The parameters as given but `nextPageToken`: the next page's address repeats them.
    pub parameters: Vec<(String, String)>,
}

impl EventQuery {
    pub fn parse(query_string: &str, names: &Names) -> ApiResult<Self> {
        let mut query = Self {
            filter: EpcisFilter { kinds: MAPPINGS.iter().map(|m| m.kind).collect(), ..EpcisFilter::default() },
            per_page: DEFAULT_PER_PAGE,
            after: None,
            parameters: Vec::new(),
        };
        let mut seen = BTreeSet::new();
        for (name, value) in form_urlencoded::parse(query_string.as_bytes()) {
            let Some(name) = PARAMETERS.iter().copied().find(|known| *known == name) else {
                let known = PARAMETERS.join(", ");
                return Err(invalid(&name, format!("is not a parameter of this query; it takes {known}")));
            };
            if !seen.insert(name) {
                return Err(invalid(name, "is given twice; give several values in one, separated by |"));
            }
            if name != "nextPageToken" {
                query.parameters.push((name.to_owned(), value.to_string()));
            }
            query.read(name, &value, names)?;
        }
        Ok(query)
    }

    /// `nextPageToken` for the page after the one ending with event `last_id`.
    pub fn next_page(&self, path: &str, last_id: i64) -> String {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        serializer.extend_pairs(&self.parameters);
        serializer.append_pair("nextPageToken", &last_id.to_string());
        format!("{path}?{}", serializer.finish())
    }

    fn read(&mut self, name: &'static str, value: &str, names: &Names) -> ApiResult<()> {
        let filter = &mut self.filter;
        match name {
            "eventType" => {
                let types = values(name, value)?;
                if let Some(unknown) = types.iter().find(|t| !EVENT_TYPES.contains(t) && !is_uri(t)) {
                    return Err(invalid(name, format!("\"{unknown}\" is no event type; {}", EVENT_TYPES.join(", "))));
                }
                filter
                    .kinds
                    .retain(|kind| MAPPINGS.iter().any(|m| m.kind == *kind && types.contains(&m.event_type.as_str())));
            }
            "EQ_bizStep" => {
                let steps = values(name, value)?.into_iter().map(biz_step).collect::<Result<Vec<_>, _>>();
                let steps = steps.map_err(|step| {
                    invalid(name, format!("\"{step}\" is no CBV business step (e.g. packing, shipping) nor a URI"))
                })?;
                filter
                    .kinds
                    .retain(|kind| MAPPINGS.iter().any(|m| m.kind == *kind && steps.contains(&m.biz_step.as_str())));
            }
            "GE_eventTime" => filter.from = Some(instant(name, value)?),
            "LT_eventTime" => filter.to = Some(instant(name, value)?),
            "EQ_bizLocation" => filter.areas = Some(uris(name, value, |uri| names.base.area_of(uri))?),
            "MATCH_parentID" => filter.parents = Some(uris(name, value, |uri| names.bag_of(uri))?),
            "MATCH_epc" => filter.epcs = Some(uris(name, value, |uri| names.bag_of(uri))?),
            "MATCH_anyEPC" => filter.any_epcs = Some(uris(name, value, |uri| names.bag_of(uri))?),
            "perPage" => {
                self.per_page = value
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=MAX_PER_PAGE).contains(n))
                    .ok_or_else(|| invalid(name, format!("must be a whole number from 1 to {MAX_PER_PAGE}")))?;
            }
            _ => {
                // nextPageToken: the id of the last event served, as the answer's `Link` gave it.
                let token = (1..=18).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit());
                let after = value.parse::<i64>().ok().filter(|id| token && *id > 0);
                self.after = Some(after.ok_or_else(|| invalid(name, "is not a token from this query's Link"))?);
            }
        }
        Ok(())
    }
}

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ValidationError::field(field, message).into()
}

/// A list value: `a|b|c`, no empty member.
fn values<'v>(name: &str, value: &'v str) -> ApiResult<Vec<&'v str>> {
    let values: Vec<&str> = value.split('|').map(str::trim).collect();
    if values.iter().any(|v| v.is_empty()) {
        return Err(invalid(name, "needs one or more values, separated by |, none empty"));
    }
    Ok(values)
}

/// `scheme:rest`, as RFC 3986 begins an absolute URI.
pub(super) fn is_uri(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, rest)| {
        let mut chars = scheme.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !rest.is_empty()
            && !text.chars().any(char::is_whitespace)
    })
}

/// The codes our URIs in `value` name; other URIs name nothing of ours.
fn uris(name: &str, value: &str, ours: impl Fn(&str) -> Option<String>) -> ApiResult<Vec<String>> {
    let values = values(name, value)?;
    if let Some(not_uri) = values.iter().find(|v| !is_uri(v)) {
        return Err(invalid(name, format!("\"{not_uri}\" is not a URI (e.g. https://tracetrack.invalid/bag/SB00001)")));
    }
    Ok(values.into_iter().filter_map(ours).collect())
}

/// A CBV business step as a bare word, from a word or either CBV URI form; other URIs as given.
fn biz_step(step: &str) -> Result<&str, &str> {
    let word = step
        .strip_prefix("https://ref.gs1.org/cbv/BizStep-")
        .or_else(|| step.strip_prefix("urn:epcglobal:cbv:bizstep:"))
        .unwrap_or(step);
    match CBV_BIZ_STEPS.contains(&word) {
        true => Ok(word),
        false if is_uri(step) => Ok(step),
        false => Err(step),
    }
}

fn instant(name: &str, value: &str) -> ApiResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value)
        .map(|at| at.to_utc())
        .map_err(|_| invalid(name, "must be a date-time with its offset (RFC 3339), e.g. 2026-11-28T00:00:00+05:30"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> ApiResult<EventQuery> {
        EventQuery::parse(query, &Names::default())
    }

    fn field_of(error: ApiError) -> String {
        error.details.and_then(|d| d["fields"][0]["field"].as_str().map(str::to_owned)).unwrap_or_default()
    }

    #[test]
    fn no_parameters_read_every_mapped_kind_a_hundred_at_a_time() {
        let query = parse("").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(query.filter.kinds.len(), MAPPINGS.len());
        assert_eq!((query.per_page, query.after), (100, None));
    }

    #[test]
    fn types_and_steps_choose_kinds() {
        let query = parse("eventType=AggregationEvent&EQ_bizStep=packing").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(query.filter.kinds, ["child_linked", "parent_completed"]);
        let query =
            parse("EQ_bizStep=urn:epcglobal:cbv:bizstep:shipping%7Creceiving").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(query.filter.kinds, ["bill_completed", "return_parent_added", "return_finalized"]);
        let none = parse("eventType=TransformationEvent").unwrap_or_else(|e| panic!("{e}"));
        assert!(none.filter.kinds.is_empty());
        assert!(parse("EQ_bizStep=https://example.com/steps/weigh").is_ok_and(|q| q.filter.kinds.is_empty()));
    }

    #[test]
    fn uris_of_the_site_become_codes_and_others_match_nothing() {
        let query = parse("MATCH_epc=https://tracetrack.invalid/bag/sb00001|urn:epc:id:sscc:0614141.1234567890")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(query.filter.epcs, Some(vec!["SB00001".to_owned()]));
        let query = parse("EQ_bizLocation=https://tracetrack.invalid/area/lucknow").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(query.filter.areas, Some(vec!["lucknow".to_owned()]));
        let query = parse("MATCH_parentID=urn:example:x").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(query.filter.parents, Some(vec![]));
    }

    #[test]
    fn digital_links_of_the_site_become_codes_too() {
        let gs1 = domain::gs1::Numbering::parse("0614141", "mustard=07346").ok();
        let names = Names::new(super::super::BaseUri::default(), gs1);
        let query = EventQuery::parse(
            "MATCH_parentID=https://id.gs1.org/01/10614141073464/21/SB00001|https://tracetrack.invalid/bag/SB00002",
            &names,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(query.filter.parents, Some(vec!["SB00001".to_owned(), "SB00002".to_owned()]));
        let other = EventQuery::parse("MATCH_epc=https://id.gs1.org/01/09506000134352/21/SB00001", &names);
        assert_eq!(other.ok().and_then(|q| q.filter.epcs), Some(vec![]), "another company's GTIN");
    }

    #[test]
    fn bad_parameters_are_named() {
        for (query, field) in [
            ("limit=5", "limit"),
            ("perPage=0", "perPage"),
            ("perPage=1001", "perPage"),
            ("perPage=ten", "perPage"),
            ("nextPageToken=abc", "nextPageToken"),
            ("nextPageToken=0", "nextPageToken"),
            ("GE_eventTime=yesterday", "GE_eventTime"),
            ("LT_eventTime=2026-11-28", "LT_eventTime"),
            ("eventType=Event", "eventType"),
            ("EQ_bizStep=weighing", "EQ_bizStep"),
            ("MATCH_epc=SB00001", "MATCH_epc"),
            ("MATCH_epc=", "MATCH_epc"),
            ("MATCH_parentID=a:b||c:d", "MATCH_parentID"),
            ("perPage=5&perPage=6", "perPage"),
        ] {
            let error = parse(query).err().unwrap_or_else(|| panic!("{query} is refused"));
            assert_eq!(error.code, crate::error::ErrorCode::ValidationFailed, "{query}");
            assert_eq!(field_of(error), field, "{query}");
        }
    }

    #[test]
    fn the_next_page_repeats_the_query_with_its_token() {
        let query = parse("perPage=2&MATCH_epc=https://tracetrack.invalid/bag/SB00001&nextPageToken=9")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(query.after, Some(9));
        let next = query.next_page("/api/v1/epcis/events", 12);
        assert_eq!(
            next,
            "/api/v1/epcis/events?perPage=2&MATCH_epc=https%3A%2F%2Ftracetrack.invalid%2Fbag%2FSB00001&nextPageToken=12"
        );
        let again = EventQuery::parse(next.split_once('?').map_or("", |(_, q)| q), &Names::default());
        assert_eq!(again.ok().and_then(|q| q.after), Some(12));
    }
}
