//! Gives the memory freed after a burst back to the system, every few seconds.
//!
//! glibc returns freed memory to the system only from the top of each heap; what a burst frees
//! below a chunk still in use stays resident. After a shift with 200 live-stream listeners the
//! server sat at 76 MiB with ~21 MiB of it free; `malloc_trim(0)` (which also releases free pages
//! inside each arena) took it to 54 MiB (loadtest/NOTES.md, session 15). Without the trim every
//! later burst started from the higher floor: 101 MiB peak after all scenarios against 100.

use std::time::Duration;

use tokio::time::MissedTickBehavior;

const EVERY: Duration = Duration::from_secs(5);

/// Runs until aborted; a no-op where the allocator is not glibc's.
pub fn spawn_trim() -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            // It takes each arena's lock in turn: off the async workers.
            if tokio::task::spawn_blocking(trim).await.is_err() {
                return;
            }
        }
    })
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[expect(unsafe_code, reason = "malloc_trim is a C function; no safe wrapper exists")]
fn trim() {
    // SAFETY: malloc_trim only walks and releases the allocator's own free lists; it takes the
    // arena locks itself and has no preconditions on the caller.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}
