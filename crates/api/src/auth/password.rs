use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane). Each hash takes a blocking
/// thread for ~18 ms, so at most one per core runs at a time: a burst of logins queues here
/// instead of starving the async workers or the blocking pool.
///
/// The 19 MiB of working memory come from a pool with one buffer per permit. Letting argon2
/// allocate its own made the allocator keep a copy per blocking thread (glibc arenas), and
/// 100 logins left the server at over 1 GiB resident; the pool bounds it at permits × 19 MiB.
/// The pool is emptied when the last hash in flight ends: a burst of sign-ins reuses its
/// buffers, and between bursts the server does not hold 19–38 MiB for the next one. Each buffer
/// is reserved at 32 MiB (only the 19 MiB argon2 writes become resident): glibc serves a
/// request that large with a mapping of its own, whatever its adaptive threshold has grown to,
/// and unmaps it when freed, so a dropped buffer goes back to the system instead of into an
/// arena.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    memory: Arc<Mutex<Vec<Vec<Block>>>>,
    /// Hashes asked for and not yet done, waiting or running.
    in_flight: Arc<AtomicUsize>,
    /// Verified against when the user does not exist, so both answers take the same time.
    dummy_hash: Arc<str>,
}

fn params() -> Params {
    // Params::new only fails for out-of-range values; these are the documented defaults.
    Params::new(19 * 1024, 2, 1, None).unwrap_or_default()
}

fn hash_with(password: &str, memory: &mut Vec<Block>) -> Result<String, argon2::password_hash::Error> {
    let mut salt = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut salt);
    let params = params();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    fit(memory, params.block_count());
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone()).hash_password_into_with_memory(
        password.as_bytes(),
        &salt,
        &mut out,
        &mut memory[..],
    )?;
    let encoded_salt = SaltString::encode_b64(&salt)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(encoded_salt.as_salt()),
        hash: Some(Output::new(&out)?),
    };
    Ok(hash.to_string())
}

/// Recomputes the stored hash's function with the candidate; `Output` compares in constant time.
fn verify_with(candidate: &str, stored: &str, memory: &mut Vec<Block>) -> bool {
    let mut check = || -> Result<bool, argon2::password_hash::Error> {
        let parsed = PasswordHash::new(stored)?;
        let algorithm = Algorithm::try_from(parsed.algorithm)?;
        let version = parsed.version.map(Version::try_from).transpose()?.unwrap_or_default();
        let params = Params::try_from(&parsed)?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return Ok(false) };
        let mut salt_bytes = [0u8; 64];
        let salt = salt.decode_b64(&mut salt_bytes)?;
        let mut out = vec![0u8; expected.len()];
        fit(memory, params.block_count());
        Argon2::new(algorithm, version, params).hash_password_into_with_memory(
            candidate.as_bytes(),
            salt,
            &mut out,
            &mut memory[..],
        )?;
        Ok(Output::new(&out)? == expected)
    };
    check().unwrap_or(false)
}

/// glibc's largest adaptive mmap threshold on 64-bit systems (`DEFAULT_MMAP_THRESHOLD_MAX`).
const OWN_MAPPING_BYTES: usize = 32 * 1024 * 1024;

/// Exactly `blocks` long (argon2 uses the whole slice it is given), in an allocation large
/// enough to be a mapping of its own (see [`PasswordHasher`]).
fn fit(memory: &mut Vec<Block>, blocks: usize) {
    let reserve = blocks.max(OWN_MAPPING_BYTES.div_ceil(size_of::<Block>()));
    if memory.capacity() < reserve {
        *memory = Vec::with_capacity(reserve);
    }
    memory.resize(blocks, Block::default());
}

impl PasswordHasher {
    pub fn new(parallelism: usize) -> Result<Self, argon2::password_hash::Error> {
        let dummy = hash_with("dummy password that no account has", &mut Vec::new())?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(parallelism.max(1))),
            memory: Arc::new(Mutex::new(Vec::new())),
            in_flight: Arc::new(AtomicUsize::new(0)),
            dummy_hash: Arc::from(dummy),
        })
    }

    pub async fn hash(&self, password: &domain::Password) -> Result<String, ApiError> {
        let password = password.expose().to_owned();
        self.run(move |memory| hash_with(&password, memory).map_err(ApiError::internal)).await?
    }

    /// `hash` is `None` for an unknown user: the dummy is verified instead and `false` returned.
    pub async fn verify(&self, candidate: String, hash: Option<String>) -> Result<bool, ApiError> {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.to_string());
        let matches = self.run(move |memory| verify_with(&candidate, &hash, memory)).await?;
        Ok(known && matches)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let in_flight = InFlight::enter(&self.in_flight, &self.memory);
        let permit = self.permits.clone().acquire_owned().await.map_err(ApiError::internal)?;
        // Holding a permit means a buffer is free (or not yet made): never more than permits.
        let memory = self.memory.lock().map_err(|_| ApiError::internal(anyhow::anyhow!("pool poisoned")))?.pop();
        let pool = self.memory.clone();
        // The permit and the count travel with the work: a caller that gives up does not free
        // either while the hash still runs.
        tokio::task::spawn_blocking(move || {
            let mut buffer = memory.unwrap_or_default();
            let answer = work(&mut buffer);
            if let Ok(mut pool) = pool.lock() {
                pool.push(buffer);
            }
            drop(permit);
            drop(in_flight);
            answer
        })
        .await
        .map_err(ApiError::internal)
    }

    /// Buffers held for the next hash.
    #[cfg(test)]
    fn pooled_buffers(&self) -> usize {
        self.memory.lock().map_or(0, |pool| pool.len())
    }
}

/// Counts a hash from the moment it is asked for until its work is done (or its caller gave up
/// waiting). The one that brings the count to zero empties the pool: every hash puts its buffer
/// back before it stops counting, so no buffer arrives after that.
struct InFlight {
    count: Arc<AtomicUsize>,
    pool: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl InFlight {
    fn enter(count: &Arc<AtomicUsize>, pool: &Arc<Mutex<Vec<Vec<Block>>>>) -> Self {
        count.fetch_add(1, Ordering::AcqRel);
        Self { count: count.clone(), pool: pool.clone() }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        // Under the pool's lock, so a count of zero and an empty pool are seen together.
        let pool = self.pool.lock();
        if self.count.fetch_sub(1, Ordering::AcqRel) == 1
            && let Ok(mut pool) = pool
        {
            pool.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_interoperate_with_the_standard_verifier() {
        use argon2::password_hash::PasswordVerifier as _;
        let mut memory = Vec::new();
        let hash = hash_with("Correct-Horse-1!", &mut memory).unwrap_or_else(|e| panic!("{e}"));
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_with("Correct-Horse-1!", &hash, &mut memory));
        assert!(!verify_with("Correct-Horse-2!", &hash, &mut memory));
        assert!(!verify_with("Correct-Horse-1!", "not a hash", &mut memory));
        // Hashes written before the pool existed (argon2's own encoder) still verify, and ours
        // verify with argon2's own verifier.
        let parsed = PasswordHash::new(&hash).unwrap_or_else(|e| panic!("{e}"));
        assert!(Argon2::default().verify_password(b"Correct-Horse-1!", &parsed).is_ok());
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap_or_else(|e| panic!("{e}"));
        let old = argon2::password_hash::PasswordHasher::hash_password(
            &Argon2::new(Algorithm::Argon2id, Version::V0x13, params()),
            b"Old-Secret-9!",
            &salt,
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .to_string();
        assert!(verify_with("Old-Secret-9!", &old, &mut memory));
        assert_eq!(memory.len(), params().block_count());
        assert!(memory.capacity() * size_of::<Block>() >= OWN_MAPPING_BYTES, "a mapping of its own");
    }

    /// The last two hashes of a burst end while their callers have not yet been polled again
    /// (a busy runtime): the hash that ends last still knows it is the last one.
    #[tokio::test(flavor = "current_thread")]
    async fn the_last_hash_empties_the_pool_even_before_its_caller_resumes() {
        let hasher = PasswordHasher::new(2).unwrap_or_else(|e| panic!("{e}"));
        let hash = hasher.dummy_hash.to_string();
        let calls: Vec<_> = ["a", "b"]
            .into_iter()
            .map(|candidate| {
                let hasher = hasher.clone();
                let hash = hash.clone();
                tokio::spawn(async move { hasher.verify(candidate.into(), Some(hash)).await })
            })
            .collect();
        // Both start their hash; then the only runtime thread is busy while the hashes end.
        for _ in 0..4 {
            tokio::task::yield_now().await;
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
        for call in calls {
            let _ = call.await;
        }
        assert_eq!(hasher.pooled_buffers(), 0);
    }

    /// Buffers live as long as a burst of hashes: none is held once the last one is done.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_pool_is_empty_between_bursts() {
        let hasher = PasswordHasher::new(2).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(hasher.pooled_buffers(), 0, "the dummy hash keeps no buffer");
        let password = domain::Password::parse("password", "Burst-Secret-1!").unwrap_or_else(|e| panic!("{e}"));
        let hash = hasher.hash(&password).await.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(hasher.pooled_buffers(), 0);
        // Several bursts: the last two hashes of a burst end at nearly the same moment, and
        // whichever of them is last must still see that it is.
        for round in 0..8 {
            let burst = (0..6).map(|n| hasher.verify(format!("Burst-Secret-{n}!"), Some(hash.clone())));
            let answers = futures::future::join_all(burst).await;
            let matched: Vec<bool> = answers.into_iter().map(|a| a.unwrap_or_else(|e| panic!("{e:?}"))).collect();
            assert_eq!(matched, [false, true, false, false, false, false]);
            assert_eq!(hasher.pooled_buffers(), 0, "burst {round} is over");
        }
        // A caller that gives up while its hash runs: the hash still ends, and empties the pool.
        let abandoned = tokio::spawn({
            let hasher = hasher.clone();
            let hash = hash.clone();
            async move { hasher.verify("Burst-Secret-1!".into(), Some(hash)).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        abandoned.abort();
        let _ = hasher.verify("Burst-Secret-0!".into(), Some(hash.clone())).await;
        // The abandoned hash may still be running; it has at most a few hashes' time to end.
        for _ in 0..100 {
            if hasher.pooled_buffers() == 0 && hasher.in_flight.load(Ordering::Acquire) == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(hasher.in_flight.load(Ordering::Acquire), 0, "every hash has ended");
        assert_eq!(hasher.pooled_buffers(), 0, "the abandoned hash is over");
    }
}
