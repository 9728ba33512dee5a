//! GS1 EPCIS 2.0 read-out of the history (`crate::epcis` maps, `storage::epcis` reads): a query
//! in the REST binding's parameters, one page at a time, and a whole local day as one document,
//! written as it is read.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDate, Utc};
use futures::StreamExt;
use storage::epcis::{self, EpcisFilter, EpcisRow, ParentTypes};

use super::epcis_dto::{DOCUMENT_TAIL, EpcisDocument, EpcisQueryDocument, document_head};
use crate::auth::{Anyone, Authenticated, scope};
use crate::epcis::query::EventQuery;
use crate::epcis::{MAPPINGS, event, parents_named};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;

const MEDIA_TYPE: &str = "application/ld+json";

/// The query's parameters as the document states them; `EventQuery::parse` reads them (a
/// parameter outside this list, or given twice, answers 422).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(non_snake_case, dead_code)] // EPCIS's own parameter names
pub struct EpcisQueryParams {
    /// Only events of these types, `|`-separated: `ObjectEvent`, `AggregationEvent`, `TransactionEvent`
    /// (`TransformationEvent`, `AssociationEvent` and extension type URIs match nothing).
    #[param(example = "AggregationEvent|TransactionEvent", max_length = 500, pattern = r"^[^|\s]+(\|[^|\s]+)*$")]
    eventType: Option<String>,
    /// Events at or after this instant (RFC 3339 with offset).
    #[param(value_type = Option<chrono::DateTime<chrono::FixedOffset>>, example = "2026-11-28T00:00:00+05:30")]
    GE_eventTime: Option<String>,
    /// Events before this instant (RFC 3339 with offset).
    #[param(value_type = Option<chrono::DateTime<chrono::FixedOffset>>, example = "2026-11-29T00:00:00+05:30")]
    LT_eventTime: Option<String>,
    /// Events of these CBV business steps, `|`-separated, as bare words (`packing`, `unpacking`, `loading`,
    /// `unloading`, `shipping`, `receiving` occur) or CBV URIs.
    #[param(example = "packing|shipping", max_length = 500, pattern = r"^[^|\s]+(\|[^|\s]+)*$")]
    EQ_bizStep: Option<String>,
    /// Events at these dispatch areas (read point and business location), `|`-separated URIs
    /// `<base>/area/<code>`.
    #[param(example = "https://tracetrack.invalid/area/lucknow", max_length = 500, pattern = r"^[^|\s]+(\|[^|\s]+)*$")]
    EQ_bizLocation: Option<String>,
    /// Aggregations (link, unlink, completion) of these parents, `|`-separated URIs `<base>/bag/<qr>` (or
    /// the bags' GS1 Digital Links, where the site numbers them).
    #[param(example = "https://tracetrack.invalid/bag/SB00017", max_length = 500, pattern = r"^[^|\s]+(\|[^|\s]+)*$")]
    MATCH_parentID: Option<String>,
    /// Events whose `childEPCs` or `epcList` hold one of these bags, `|`-separated URIs `<base>/bag/<qr>` (or
    /// GS1 Digital Links).
    #[param(example = "https://tracetrack.invalid/bag/0042", max_length = 500, pattern = r"^[^|\s]+(\|[^|\s]+)*$")]
    MATCH_epc: Option<String>,
    /// As `MATCH_epc`, or the `parentID`: every event about these bags.
    #[param(example = "https://tracetrack.invalid/bag/SB00017", max_length = 500, pattern = r"^[^|\s]+(\|[^|\s]+)*$")]
    MATCH_anyEPC: Option<String>,
    /// Events per page, 1–1000 (default 100).
    #[param(minimum = 1, maximum = 1000, example = 100)]
    perPage: Option<u32>,
    /// Where the page starts: the token in the previous answer's `Link` (`rel="next"`).
    #[param(min_length = 1, max_length = 18, pattern = r"^[1-9][0-9]{0,17}$", example = "4711")]
    nextPageToken: Option<String>,
}

/// EPCIS 2.0 events of the history (GS1 SimpleEventQuery over the REST binding's parameters).
///
/// Any signed-in user; a dispatcher sees their own area's events only. Answers an `EPCISQueryDocument`
/// (JSON-LD) of the events matching every parameter given, oldest first, `perPage` at a time; while more
/// remain, the `Link` header (`rel="next"`) gives the next page's address. Bag links are
/// `AggregationEvent`s (ADD/DELETE, `packing`/`unpacking`), a completed parent an `AggregationEvent`
/// OBSERVE, loading a bill a `TransactionEvent` on its despatch advice, a completed bill an `ObjectEvent`
/// (`shipping`, `in_transit`) and returns `ObjectEvent`s (`receiving`, `returned`). Bags, bills, returns
/// and areas are URIs under `TRACETRACK_EPCIS_BASE_URI`; where the site has a GS1 company prefix and an item
/// reference for the parent type, a bag is its GS1 Digital Link instead (`https://id.gs1.org/01/<GTIN-14>/21/<qr>`:
/// a parent at indicator 1, a child at 0 of the type of the parent of its event). `eventID` is the same on every
/// read. A parameter outside this list, given twice, or out of its form answers 422 naming it.
#[utoipa::path(get, path = "/api/v1/epcis/events", tag = "history", params(EpcisQueryParams),
    security(("bearer" = []), ("api_key" = ["epcis"])),
    responses(
    (status = 200, description = "One page of events", body = EpcisQueryDocument, content_type = "application/ld+json",
        headers(
            ("Link" = String, description = "`<…?…&nextPageToken=…>; rel=\"next\"` while more events remain"),
            ("GS1-EPCIS-Version" = String, description = "`2.0.0`"),
            ("GS1-CBV-Version" = String, description = "`2.0.0`"))),
    (status = 401, description = "Not signed in", body = Problem),
    (status = 403, description = "Not allowed", body = Problem),
    (status = 422, description = "An unknown parameter, or one given twice or out of its form", body = Problem)))]
pub async fn query(
    state: web::Data<AppState>,
    caller: Authenticated<Anyone, scope::Epcis>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let query = EventQuery::parse(req.query_string(), &state.epcis)?;
    let filter = EpcisFilter { area_scope: caller.area_scope().map(str::to_owned), ..query.filter.clone() };
    let per_page = i64::from(query.per_page);
    let mut rows = match filter.kinds.is_empty() {
        true => Vec::new(),
        false => epcis::list(&state.reads, &filter, query.after, per_page + 1).await?,
    };
    let next = (rows.len() as i64 > per_page).then(|| {
        rows.truncate(query.per_page as usize);
        rows.last().map(|row| row.id)
    });
    let types = parent_types(&state, &rows).await?;
    let events = rows.iter().filter_map(|row| event(row, &state.epcis, &types, state.site.zone)).collect();
    let body = serde_json::to_vec(&EpcisQueryDocument::new(events)).map_err(ApiError::internal)?;
    let mut response = HttpResponse::Ok();
    response.content_type(MEDIA_TYPE).insert_header(("GS1-EPCIS-Version", "2.0.0"));
    response.insert_header(("GS1-CBV-Version", "2.0.0"));
    if let Some(last) = next.flatten() {
        response.insert_header((header::LINK, format!("<{}>; rel=\"next\"", query.next_page(req.path(), last))));
    }
    Ok(response.body(body))
}

/// The types of the parents that name the bags of `rows`; none are read while bags are named
/// under the site's domain alone.
async fn parent_types(state: &AppState, rows: &[EpcisRow]) -> ApiResult<ParentTypes> {
    if state.epcis.gs1.is_none() {
        return Ok(ParentTypes::new());
    }
    Ok(epcis::parent_types(&state.reads, &parents_named(rows)).await?)
}

/// Events read per batch of a day's document.
const BATCH: i64 = 1_000;

/// One local day of the history as an EPCIS 2.0 document, streamed.
///
/// Any signed-in user; a dispatcher's document holds their own area's events only. Every EPCIS event
/// (as `GET /api/v1/epcis/events` writes them) of the site's local day `date` (`YYYY-MM-DD`, the zone of
/// `GET /site`), oldest first, as one `EPCISDocument` (JSON-LD) written as it is read: any size starts at
/// once with flat memory. Named `epcis-<date>.jsonld` (`Content-Disposition`). A date that is not a
/// calendar day answers 422.
#[utoipa::path(get, path = "/api/v1/epcis/days/{date}", tag = "history",
    params(("date" = String, Path, description = "A local day of the site, `YYYY-MM-DD` (up to 9999-12-30)",
        example = "2026-11-28", pattern = r"^\d{4}-\d{2}-\d{2}$")),
    security(("bearer" = []), ("api_key" = ["epcis"])),
    responses(
    (status = 200, description = "The day's events", body = EpcisDocument, content_type = "application/ld+json",
        headers(("Content-Disposition" = String, description = "`attachment; filename=\"epcis-<date>.jsonld\"`"))),
    (status = 401, description = "Not signed in", body = Problem),
    (status = 403, description = "Not allowed", body = Problem),
    (status = 422, description = "Not a calendar day", body = Problem)))]
pub async fn day(
    state: web::Data<AppState>,
    caller: Authenticated<Anyone, scope::Epcis>,
    date: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let day = NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok();
    let window = day.and_then(|day| state.site.zone.day(day));
    let (Some(day), Some((start, end))) = (day, window) else {
        let message = "must be a calendar day, YYYY-MM-DD, up to 9999-12-30";
        return Err(domain::ValidationError::field("date", message).into());
    };
    let filter = EpcisFilter {
        kinds: MAPPINGS.iter().map(|m| m.kind).collect(),
        area_scope: caller.area_scope().map(str::to_owned),
        from: Some(start.to_utc()),
        to: Some(end.to_utc()),
        ..EpcisFilter::default()
    };
    let head = futures::stream::once(std::future::ready(Ok(Bytes::from(document_head(Utc::now())))));
    // (the last event read, whether one was written yet), until the day is read.
    let events = futures::stream::try_unfold(Some((None, false)), move |progress: Option<(Option<i64>, bool)>| {
        let (state, filter) = (state.clone(), filter.clone());
        async move {
            let Some((after, mut written)) = progress else { return Ok(None) };
            let rows = epcis::list(&state.reads, &filter, after, BATCH).await?;
            let types = parent_types(&state, &rows).await?;
            let mut chunk = Vec::with_capacity(rows.len() * 512);
            for event in rows.iter().filter_map(|row| event(row, &state.epcis, &types, state.site.zone)) {
                if written {
                    chunk.push(b',');
                }
                serde_json::to_writer(&mut chunk, &event).map_err(ApiError::internal)?;
                written = true;
            }
            let more = (rows.len() as i64 == BATCH).then(|| (rows.last().map(|row| row.id), written));
            Ok::<_, ApiError>(Some((Bytes::from(chunk), more)))
        }
    });
    let tail = futures::stream::once(std::future::ready(Ok(Bytes::from_static(DOCUMENT_TAIL.as_bytes()))));
    let body = head
        .chain(events)
        .chain(tail)
        .filter(|chunk| std::future::ready(chunk.as_ref().map_or(true, |b| !b.is_empty())));
    let body = body.map(|chunk: Result<Bytes, ApiError>| {
        chunk.map_err(|error| {
            // The status line is gone already: the document is cut short, and the log says so.
            tracing::error!(%error, cause = ?error.cause(), "EPCIS day document stopped part-way");
            actix_web::error::ErrorInternalServerError("EPCIS document failed")
        })
    });
    Ok(HttpResponse::Ok()
        .content_type(MEDIA_TYPE)
        .insert_header(("GS1-EPCIS-Version", "2.0.0"))
        .insert_header(("GS1-CBV-Version", "2.0.0"))
        .insert_header(("Content-Disposition", format!("attachment; filename=\"epcis-{day}.jsonld\"")))
        .streaming(body))
}
