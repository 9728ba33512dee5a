use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use domain::Role;
use futures::future::LocalBoxFuture;

use super::AccessClaims;
use crate::error::ApiError;
use crate::state::AppState;

/// Which roles an endpoint admits. The handler's signature says it, e.g.
/// `user: Authenticated<BillerOrAdmin>`, so a reader sees who may call without reading the body.
pub trait RoleRequirement {
    const DESCRIPTION: &'static str;
    fn admits(role: Role) -> bool;
}

pub struct Anyone;
pub struct BillerOrAdmin;
pub struct AdminOnly;

impl RoleRequirement for Anyone {
    const DESCRIPTION: &'static str = "any signed-in user";
    fn admits(_: Role) -> bool {
        true
    }
}

impl RoleRequirement for BillerOrAdmin {
    const DESCRIPTION: &'static str = "an admin or a biller";
    fn admits(role: Role) -> bool {
        matches!(role, Role::Admin | Role::Biller)
    }
}

impl RoleRequirement for AdminOnly {
    const DESCRIPTION: &'static str = "an admin";
    fn admits(role: Role) -> bool {
        role == Role::Admin
    }
}

/// The verified caller. Missing, bad or revoked token → 401; a role the endpoint does not admit →
/// 403; a caller over its request rate → 429.
pub struct Authenticated<R: RoleRequirement> {
    pub claims: AccessClaims,
    _requirement: PhantomData<R>,
}

impl<R: RoleRequirement> Authenticated<R> {
    pub fn id(&self) -> uuid::Uuid {
        self.claims.sub
    }

    pub fn role(&self) -> Role {
        self.claims.role
    }

    /// The area a dispatcher is confined to; `None` for roles that see every area.
    pub fn area_scope(&self) -> Option<&str> {
        if self.claims.role.is_area_bound() { self.claims.area.as_deref() } else { None }
    }
}

impl<R: RoleRequirement> FromRequest for Authenticated<R> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("AppState missing from app data")))?;
            let claims = verified_claims(&req, &state)?;
            if !state.revocation.is_current(&state.pool, claims.sub, claims.ver).await? {
                return Err(ApiError::unauthorized(
                    "this session's rights changed or it was signed out; refresh or sign in again",
                ));
            }
            if !R::admits(claims.role) {
                return Err(ApiError::forbidden(format!("only {} may do this", R::DESCRIPTION)));
            }
            if let Some(wait) = state.rate_limits.check_user(claims.sub).await {
                return Err(crate::rate_limit::refusal(wait));
            }
            Ok(Authenticated { claims, _requirement: PhantomData })
        })
    }
}

fn verified_claims(req: &HttpRequest, state: &AppState) -> Result<AccessClaims, ApiError> {
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
        .ok_or_else(|| ApiError::unauthorized("sign in: send Authorization: Bearer <access token>"))?;
    state.tokens.verify(token.trim())
}
