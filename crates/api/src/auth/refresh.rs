use rand::RngCore;
use sha2::{Digest, Sha256};

/// A refresh token: 256 random bits, hex. Only its SHA-256 is stored, so a database leak
/// does not hand out sessions.
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Seals `successor` so that only the holder of `spent` can open it: XOR with a key derived
/// from the spent token, used for this one successor only (a one-time pad). Stored instead of
/// the successor itself, so the database never holds a usable token.
pub fn seal(spent: &str, successor: &str) -> Option<Vec<u8>> {
    let successor = hex::decode(successor).ok()?;
    let key = successor_key(spent);
    (successor.len() == key.len()).then(|| successor.iter().zip(key.iter()).map(|(a, b)| a ^ b).collect())
}

/// Opens what `seal` made, with the spent token presented again.
pub fn open(spent: &str, sealed: &[u8]) -> Option<String> {
    let key = successor_key(spent);
    (sealed.len() == key.len())
        .then(|| hex::encode(sealed.iter().zip(key.iter()).map(|(a, b)| a ^ b).collect::<Vec<u8>>()))
}

fn successor_key(spent: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"tracetrack refresh successor\0");
    hasher.update(spent.as_bytes());
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_successor_opens_only_with_the_spent_token() {
        let (spent, successor) = (generate(), generate());
        let sealed = seal(&spent, &successor).unwrap();
        assert_ne!(hex::encode(&sealed), successor);
        assert_eq!(open(&spent, &sealed).as_deref(), Some(successor.as_str()));
        assert_ne!(open(&generate(), &sealed).as_deref(), Some(successor.as_str()));
        assert_eq!(open(&spent, &sealed[..5]), None);
    }

    #[test]
    fn tokens_are_unique_and_digests_stable() {
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(digest(&a), digest(&a));
        assert_ne!(digest(&a), digest(&b));
    }
}
