//! The server's resident memory, sampled from /proc twice a second while a scenario runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

pub struct Sampler {
    peak_kib: Arc<AtomicU64>,
    running: Arc<AtomicBool>,
}

impl Sampler {
    pub fn start(pid: u32) -> Self {
        let peak_kib = Arc::new(AtomicU64::new(0));
        let running = Arc::new(AtomicBool::new(true));
        let (peak, alive) = (peak_kib.clone(), running.clone());
        tokio::spawn(async move {
            while alive.load(Ordering::Relaxed) {
                if let Some(kib) = resident_kib(pid) {
                    peak.fetch_max(kib, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        });
        Self { peak_kib, running }
    }

    /// Stops sampling; the peak in MiB.
    pub fn stop(self) -> f64 {
        self.running.store(false, Ordering::Relaxed);
        self.peak_kib.load(Ordering::Relaxed) as f64 / 1024.0
    }
}

fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_vm_rss(&status)
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_vm_rss_in_kib() {
        assert_eq!(super::parse_vm_rss("Name:\tx\nVmRSS:\t   12345 kB\nThreads: 4\n"), Some(12345));
        assert_eq!(super::parse_vm_rss("Name:\tx\n"), None);
    }

    #[test]
    fn samples_this_process() {
        assert!(super::resident_kib(std::process::id()).is_some_and(|kib| kib > 0));
    }
}
