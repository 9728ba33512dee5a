//! Who is calling: JWT access tokens, rotating refresh tokens, argon2id passwords, role checks.

pub mod api_key;
pub mod download_link;
pub mod extractor;
pub mod jwt;
pub mod login_limit;
pub mod password;
pub mod proof;
pub mod refresh;
pub mod revocation;
pub mod totp;

pub use extractor::{AdminOnly, Anyone, Authenticated, BillerOrAdmin, scope};
pub use jwt::{AccessClaims, TokenKeys};
pub use password::PasswordHasher;
