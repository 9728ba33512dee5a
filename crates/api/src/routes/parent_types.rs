//! Editing a parent type (issue #17): names and weights freely; the maximum only down to what
//! open parents hold; the pattern only while no bag uses the type and never onto another type's
//! QRs; retiring it stops new parents. Creating one is in `config.rs`.

use actix_web::{HttpRequest, web};
use domain::ValidationError;
use domain::config::ConfigRefusal;
use domain::identifier::ParentPattern;
use domain::identifier::overlap::{Taken, find_overlap};
use domain::parent_type::ParentTypeChanges;
use serde::Deserialize;
use serde_json::json;
use sqlx::PgConnection;
use storage::event::{self, NewEvent};
use storage::parent_type::{self, ParentTypeUpdate};

use crate::audit_trail::{self, Target, snapshot};
use crate::auth::{AdminOnly, Authenticated};
use crate::error::{ApiError, ApiResult, Problem};
use crate::routes::config::ParentType;
use crate::state::AppState;
use crate::transaction;

/// How many of the newest parents and of the newest children a new pattern is tested against.
const RECENT_BAGS: i64 = 2000;

/// Fields to change; an absent field keeps its value.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Mustard (new sacks)", "max_children": 25, "expected_weight_kg": 25.0}))]
pub struct UpdateParentType {
    /// 1–80 characters, not only spaces.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: Option<String>,
    /// 1–1000. Applies to the type's open (pending, in progress) parents at once: one holding exactly
    /// this many is completed; one holding more refuses the change (409 `max_children_below_held`).
    /// Completed parents keep the maximum they were packed to.
    #[serde(default, deserialize_with = "crate::whole_number::option_i32")]
    #[schema(minimum = 1, maximum = 1000)]
    pub max_children: Option<i32>,
    /// At least 0.001 kg, at most 999,999.999. Bills holding parents of the type are reweighed.
    #[schema(minimum = 0.001, maximum = 999999.999)]
    pub expected_weight_kg: Option<f64>,
    /// At least 0.001 kg, at most 999,999.999. Bills holding parents of the type are reweighed.
    #[schema(minimum = 0.001, maximum = 999999.999)]
    pub child_weight_kg: Option<f64>,
    /// Only while no parent of the type exists (409 `parent_type_in_use`), and never overlapping
    /// another type in use or the child format (422). 1–200 characters, no control characters.
    #[schema(min_length = 1, max_length = 200, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    pub qr_pattern: Option<String>,
    /// `true` retires the type (no new parents; existing ones keep working), `false` brings it back
    /// (its pattern is checked for overlaps again).
    pub retired: Option<bool>,
}

/// Edit or retire a parent type.
///
/// Admins only. Name and weights change freely (bills holding the type's parents are reweighed, so
/// their figures stay the sum of their parents). A lower `max_children` applies to the open parents
/// at once and is refused (409 `max_children_below_held`, naming how many hold more) while any holds
/// more; it takes the open parents' row locks, so a child scan racing with it is counted either
/// before or after, never lost. `qr_pattern` may change only while no parent has the type (409
/// `parent_type_in_use`) and is refused (422 on `qr_pattern`, with an example QR) when it would overlap
/// another type in use or claim child QRs. A retired type refuses new parents (409
/// `parent_type_retired`). Every instance sees the change at once; it is written to the audit trail
/// with the type before and after.
#[utoipa::path(patch, path = "/api/v1/parent-types/{code}", tag = "configuration",
    params(("code" = String, Path, description = "The type's code", example = "mustard")),
    request_body = UpdateParentType, security(("bearer" = [])), responses(
    (status = 200, body = ParentType),
    (status = 403, description = "Not an admin", body = Problem),
    (status = 404, description = "No such parent type", body = Problem),
    (status = 409, description = "`max_children_below_held` (details: `parents`, `most_children`) or \
`parent_type_in_use`", body = Problem,
        example = json!({"type": "urn:tracetrack:problem:max_children_below_held", "title": "Conflict", "status": 409,
            "code": "max_children_below_held",
            "detail": "2 open parent(s) of mustard hold more than 20 children (up to 27); complete or unlink them first",
            "message": "2 open parent(s) of mustard hold more than 20 children (up to 27); complete or unlink them first",
            "instance": "urn:tracetrack:request:…", "request_id": "…",
            "details": {"parents": 2, "most_children": 27}})),
    (status = 422, description = "A field breaks a rule, or the new pattern overlaps another (`validation_failed`)",
        body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: Authenticated<AdminOnly>,
    code: web::Path<String>,
    body: crate::extract::Json<UpdateParentType>,
) -> ApiResult<web::Json<ParentType>> {
    let body = body.into_inner();
    let changes = ParentTypeChanges::parse(ParentTypeChanges {
        name: body.name,
        qr_pattern: body.qr_pattern,
        max_children: body.max_children,
        expected_weight_kg: body.expected_weight_kg,
        child_weight_kg: body.child_weight_kg,
        retired: body.retired,
    })?;
    let code = code.trim().to_lowercase();
    let actor = crate::routes::scans::actor(&req, &admin, None);
    let updated = transaction::write(&state.pool, async |tx: &mut PgConnection| {
        let before = parent_type::lock(&mut *tx, &code).await.map_err(|e| not_found(e, &code))?;
        let pattern_changes = changes.qr_pattern.as_deref().filter(|p| *p != before.qr_pattern);
        if let Some(pattern) = pattern_changes {
            let parents = parent_type::parents_of(&mut *tx, &code).await?;
            if parents > 0 {
                return Err(ConfigRefusal::PatternInUse { parent_type: code.clone(), bags: parents }.into());
            }
            refuse_overlap(&mut *tx, &code, pattern).await?;
        } else if changes.retired == Some(false) && before.retired_at.is_some() {
            // Back in use: its pattern competes with the live types again.
            refuse_overlap(&mut *tx, &code, &before.qr_pattern).await?;
        }
        let mut completed = Vec::new();
        if let Some(max) = changes.max_children.filter(|max| *max != before.max_children) {
            let (over, most) = parent_type::lock_open_parents_over(&mut *tx, &code, max).await?;
            if over > 0 {
                let refusal = ConfigRefusal::MaxChildrenBelowHeld {
                    parent_type: code.clone(),
                    max_children: max,
                    parents: over,
                    most,
                };
                return Err(refusal.into());
            }
            completed = parent_type::apply_max_children(&mut *tx, &code, max).await?;
        }
        let old_weights = (before.expected_weight_kg, before.child_weight_kg);
        let change = ParentTypeUpdate {
            name: changes.name.as_deref(),
            qr_pattern: pattern_changes,
            max_children: changes.max_children,
            expected_weight_kg: changes.expected_weight_kg,
            child_weight_kg: changes.child_weight_kg,
            retired: changes.retired,
        };
        let after = parent_type::update(&mut *tx, &code, change).await?;
        let new_weights = (after.expected_weight_kg, after.child_weight_kg);
        if new_weights != old_weights {
            parent_type::reweigh_bills(&mut *tx, &code, old_weights, new_weights).await?;
        }
        let events: Vec<NewEvent> = completed
            .into_iter()
            .map(|(qr, area)| NewEvent {
                kind: "parent_completed",
                area,
                bag_qr: Some(qr.clone()),
                parent_qr: Some(qr),
                details: Some(json!({ "reason": "max_children_lowered", "max_children": after.max_children })),
                ..NewEvent::default()
            })
            .collect();
        if !events.is_empty() {
            event::record(&mut *tx, &actor, &events).await?;
        }
        let (before, after) = (ParentType::from(before), ParentType::from(after));
        let target = Target("parent_type", &code);
        audit_trail::record(&mut *tx, &req, &admin, "parent_type_updated", target, snapshot(&before), snapshot(&after))
            .await?;
        Ok(after)
    })
    .await?;
    state.patterns.invalidate();
    Ok(web::Json(updated))
}

fn not_found(error: storage::StorageError, code: &str) -> ApiError {
    match error {
        storage::StorageError::NotFound => ApiError::not_found(format!("parent type {code}")),
        other => other.into(),
    }
}

/// Refuses `pattern` for type `code` when it would match QRs of another type in use, an existing
/// bag's QR or ordinary child QRs (`domain::identifier::overlap`, which says how far that search
/// goes). Pattern changes run one at a time, so two racing edits cannot each miss the other.
pub(crate) async fn refuse_overlap(conn: &mut PgConnection, code: &str, pattern: &str) -> ApiResult<()> {
    parent_type::serialise_pattern_changes(&mut *conn).await?;
    let candidate = ParentPattern::new(code, pattern)
        .map_err(|e| ValidationError::field("qr_pattern", format!("is not a valid regular expression: {e}")))?;
    let live: Vec<ParentPattern> = parent_type::live_patterns(&mut *conn)
        .await?
        .into_iter()
        .filter(|(other, _)| other != code)
        .filter_map(|(other, source)| ParentPattern::new(&other, &source).ok())
        .collect();
    let (mut parents, children) = parent_type::recent_qrs(&mut *conn, RECENT_BAGS).await?;
    // A retired type's parents keep their type whatever a live pattern matches (live types are
    // tried first only for new parents), so a successor may take over its codes.
    parents.retain(|(_, parent_type)| live.iter().any(|p| p.type_code == *parent_type));
    let taken = Taken { patterns: &live, parents: &parents, children: &children };
    match find_overlap(&candidate, &taken) {
        Some(overlap) => Err(ValidationError::field("qr_pattern", overlap.describe(&candidate)).into()),
        None => Ok(()),
    }
}
