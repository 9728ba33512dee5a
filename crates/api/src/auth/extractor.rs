use std::marker::PhantomData;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use domain::Role;
use domain::integration::Scope;
use futures::future::LocalBoxFuture;

use super::AccessClaims;
use super::api_key::{self, Principal};
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

/// Whether, and with which scope, an API key may call an endpoint. People are admitted by
/// role alone; a key needs the scope the endpoint names. The default, [`scope::People`], admits
/// no key: an endpoint is open to machines only when its signature says so.
pub trait ScopeRequirement {
    const SCOPE: Option<Scope>;
}

pub mod scope {
    use domain::integration::Scope;

    use super::ScopeRequirement;

    macro_rules! scopes {
        ($($name:ident => $scope:expr),* $(,)?) => {
            $(pub struct $name;
            impl ScopeRequirement for $name {
                const SCOPE: Option<Scope> = $scope;
            })*
        };
    }

    scopes! {
        People => None,
        Read => Some(Scope::Read),
        Scan => Some(Scope::Scan),
        Bill => Some(Scope::Bill),
        Export => Some(Scope::Export),
        Epcis => Some(Scope::Epcis),
    }
}

/// The verified caller: a person with an access token, or a machine with an API key acting as
/// the key's own user. Missing, bad or revoked credentials → 401; a role, or for a key a scope,
/// the endpoint does not admit → 403; a caller over its request rate → 429.
pub struct Authenticated<R: RoleRequirement, S: ScopeRequirement = scope::People> {
    pub claims: AccessClaims,
    /// Set when the caller is an API key (its id is `claims.sub`).
    pub key: Option<Arc<Principal>>,
    _requirement: PhantomData<(R, S)>,
}

impl<R: RoleRequirement, S: ScopeRequirement> Authenticated<R, S> {
    pub fn id(&self) -> uuid::Uuid {
        self.claims.sub
    }

    pub fn role(&self) -> Role {
        self.claims.role
    }

    /// The area a dispatcher (or an area-bound key) is confined to; `None` for roles that see
    /// every area.
    pub fn area_scope(&self) -> Option<&str> {
        if self.claims.role.is_area_bound() { self.claims.area.as_deref() } else { None }
    }
}

impl<R: RoleRequirement, S: ScopeRequirement> FromRequest for Authenticated<R, S> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("AppState missing from app data")))?;
            if let Some(secret) = api_key::presented(&req) {
                return key_caller::<R, S>(&state, &secret).await;
            }
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
            Ok(Authenticated { claims, key: None, _requirement: PhantomData })
        })
    }
}

async fn key_caller<R: RoleRequirement, S: ScopeRequirement>(
    state: &AppState,
    secret: &str,
) -> Result<Authenticated<R, S>, ApiError> {
    let principal = state.api_keys.verify(&state.pool, &state.revocation, secret).await?;
    let Some(needed) = S::SCOPE else {
        return Err(ApiError::forbidden("API keys cannot do this; only a signed-in person can"));
    };
    if !principal.scopes.contains(&needed) {
        return Err(ApiError::forbidden(format!("this API key lacks the {} scope", needed.as_str())));
    }
    if !R::admits(principal.role) {
        return Err(ApiError::forbidden(format!("only {} may do this", R::DESCRIPTION)));
    }
    if let Some(wait) = state.rate_limits.check_key(principal.id, principal.rate_limit).await {
        return Err(crate::rate_limit::refusal(wait));
    }
    let claims = AccessClaims {
        sub: principal.id,
        username: principal.username.clone(),
        role: principal.role,
        area: principal.area.clone(),
        sid: None,
        ver: principal.version,
        iat: 0,
        nbf: 0,
        exp: 0,
    };
    Ok(Authenticated { claims, key: Some(principal), _requirement: PhantomData })
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
