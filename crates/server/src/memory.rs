//! Gives the memory freed after a burst back to the system, once the burst is over.
//!
//! glibc returns freed memory to the system only from the top of each heap; what a burst frees
//! below a chunk still in use stays resident. After a shift with 200 live-stream listeners the
//! server sat at 76 MiB with ~21 MiB of it free; `malloc_trim(0)` (which also releases free pages
//! inside each arena) took it to 54 MiB (loadtest/NOTES.md, session 15). Without the trim every
//! later burst started from the higher floor: 101 MiB peak after all scenarios against 100.
//!
//! The trim takes each arena's lock in turn, so it waits for a quiet moment: trimming every 5 s
//! under full load cost `seed-report` ~3 % of its requests (NOTES.md, session 16), and memory
//! freed while requests keep coming is reused by them anyway.

use std::time::Duration;

use tokio::time::MissedTickBehavior;

use crate::drain::InFlight;

/// How long no request may start before the server counts as quiet.
const QUIET: Duration = Duration::from_secs(1);

/// Runs until aborted; a no-op where the allocator is not glibc's.
pub fn spawn_trim(in_flight: InFlight) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(QUIET);
        every.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut after = AfterBurst::default();
        loop {
            every.tick().await;
            // Off the async workers: it waits on the arena locks.
            if after.due(in_flight.started()) && tokio::task::spawn_blocking(trim).await.is_err() {
                return;
            }
        }
    })
}

/// Decides, once per quiet interval, whether to trim: after requests started, the first
/// interval in which none did. Idle servers are trimmed once, not on every tick.
#[derive(Debug, Default)]
struct AfterBurst {
    last_started: u64,
    trimmed: bool,
}

impl AfterBurst {
    fn due(&mut self, started: u64) -> bool {
        if started != self.last_started {
            self.last_started = started;
            self.trimmed = false;
            return false;
        }
        !std::mem::replace(&mut self.trimmed, true)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_once_in_the_first_quiet_interval_after_requests() {
        let mut after = AfterBurst::default();
        assert!(after.due(0), "a server that never answered is trimmed once");
        assert!(!after.due(0), "and not again while nothing happens");
        assert!(!after.due(120), "busy: requests started in this interval");
        assert!(!after.due(900), "still busy");
        assert!(after.due(900), "the first quiet interval after the burst");
        assert!(!after.due(900), "once per quiet spell");
        assert!(!after.due(901), "one request: busy again");
        assert!(after.due(901), "quiet again");
    }
}
