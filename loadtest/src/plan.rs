//! What every simulated user shares: the accounts per role, the seeded data's shape, and
//! the counters that keep new QRs and bill ids unique within and across runs.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// The parent type the load test creates, so its parents never collide with seeded ones.
pub const PARENT_TYPE: &str = "loadtest";
pub const PARENT_PATTERN: &str = r"LT\d{10}";
pub const CHILDREN_PER_PARENT: u32 = 30;

#[derive(Clone, Debug)]
pub struct Account {
    pub username: String,
    pub password: String,
    pub area: String,
    pub role_index: usize,
    /// An integration's API key: its calls send `X-Api-Key` and never sign in.
    pub api_key: Option<String>,
}

pub struct RolePlan {
    pub think_ms: [u64; 2],
    pub login_first: bool,
    pub accounts: Vec<Account>,
    next: AtomicUsize,
}

impl RolePlan {
    pub fn new(think_ms: [u64; 2], login_first: bool, accounts: Vec<Account>) -> Self {
        Self { think_ms, login_first, accounts, next: AtomicUsize::new(0) }
    }

    /// Accounts are handed out in turn, so users of a role spread over all its accounts.
    pub fn next_account(&self) -> Account {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        self.accounts[n % self.accounts.len()].clone()
    }
}

pub struct Plan {
    /// Four digits that make this run's QRs and bill ids its own.
    pub run_id: u32,
    /// Parents `tracetrack seed` created (`SB00000`…), for lookups and bills.
    pub seed_parents: u64,
    pub roles: Vec<RolePlan>,
    parent_seq: AtomicU64,
    bill_seq: AtomicU64,
}

static PLAN: OnceLock<Plan> = OnceLock::new();

pub fn install(run_id: u32, seed_parents: u64, roles: Vec<RolePlan>) {
    let plan = Plan { run_id, seed_parents, roles, parent_seq: AtomicU64::new(0), bill_seq: AtomicU64::new(0) };
    if PLAN.set(plan).is_err() {
        panic!("the plan is installed once");
    }
}

pub fn plan() -> &'static Plan {
    PLAN.get().unwrap_or_else(|| panic!("plan::install runs before any user starts"))
}

impl Plan {
    /// A parent QR no one has used: `LT` + run id + sequence.
    pub fn new_parent(&self) -> (String, u64) {
        let seq = self.parent_seq.fetch_add(1, Ordering::Relaxed);
        (format!("LT{:04}{seq:06}", self.run_id), seq)
    }

    /// The `n`th child of the parent with sequence `seq` (13 characters, never a parent's pattern).
    pub fn child_of(&self, seq: u64, n: u32) -> String {
        format!("K{:04}{seq:06}{n:02}", self.run_id)
    }

    pub fn new_bill_id(&self) -> String {
        let seq = self.bill_seq.fetch_add(1, Ordering::Relaxed);
        format!("LT-{:04}-{seq:06}", self.run_id)
    }

    /// A seeded parent's QR: every sixth is moong (`M444-`), the rest mustard (`SB`); five
    /// digits below 100,000, seven from there on (the seed's wide types).
    pub fn seeded_parent(&self, i: u64) -> String {
        let prefix = if i % 6 == 5 { "M444-" } else { "SB" };
        format!("{prefix}{}", seeded_digits(i))
    }

    /// The first child of seeded parent `i` (present unless the parent was seeded empty).
    pub fn seeded_child(&self, i: u64) -> String {
        let kind = if i % 6 == 5 { 'M' } else { 'S' };
        format!("C{}{kind}01", seeded_digits(i))
    }

    /// What a person searching for seeded parent `i` types: its code less the last two digits,
    /// which matches about a hundred parents at every size. (A fixed `SB` + three digits matched
    /// ~83 parents at 1.5 M bags but ~8,400 at 15 M, where the seven-digit codes begin: the
    /// answer, not the table, grew a hundredfold. NOTES.md, session 17.)
    pub fn seeded_search(&self, i: u64) -> String {
        let mut code = self.seeded_parent(i);
        code.truncate(code.len() - 2);
        code
    }

    pub fn random_seeded(&self) -> u64 {
        rand::random_range(0..self.seed_parents.max(1))
    }
}

/// A seeded parent's number as its code writes it (`storage::seed::WIDE_FROM`).
fn seeded_digits(i: u64) -> String {
    if i < 100_000 { format!("{i:05}") } else { format!("{i:07}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Plan {
        Plan { run_id: 42, seed_parents: 10, roles: vec![], parent_seq: AtomicU64::new(0), bill_seq: AtomicU64::new(0) }
    }

    #[test]
    fn new_codes_are_unique_and_match_their_formats() {
        let plan = sample();
        let pattern = regex_lite(PARENT_PATTERN);
        let (a, seq_a) = plan.new_parent();
        let (b, _) = plan.new_parent();
        assert_ne!(a, b);
        assert!(pattern(&a), "{a}");
        assert_eq!(a, "LT0042000000");
        let child = plan.child_of(seq_a, 7);
        assert_eq!(child, "K004200000007");
        assert!(!pattern(&child));
        assert_ne!(plan.new_bill_id(), plan.new_bill_id());
    }

    #[test]
    fn seeded_codes_follow_the_seed() {
        let plan = sample();
        assert_eq!(plan.seeded_parent(4), "SB00004");
        assert_eq!(plan.seeded_parent(5), "M444-00005");
        assert_eq!(plan.seeded_parent(99_999), "SB99999");
        assert_eq!(plan.seeded_parent(100_000), "SB0100000");
        assert_eq!(plan.seeded_parent(100_001), "M444-0100001");
        assert_eq!(plan.seeded_child(100_001), "C0100001M01");
        assert_eq!(plan.seeded_child(7), "C00007S01");
        assert_eq!(plan.seeded_child(5), "C00005M01");
        assert_eq!(plan.seeded_child(12), "C00012S01");
        assert_eq!(plan.seeded_search(4), "SB000");
        assert_eq!(plan.seeded_search(123_456), "SB01234");
        assert_eq!(plan.seeded_search(100_001), "M444-01000");
        assert!(plan.seeded_parent(123_456).starts_with(&plan.seeded_search(123_456)));
    }

    #[test]
    fn accounts_are_handed_out_in_turn() {
        let account = |n: &str| Account {
            username: n.into(),
            password: String::new(),
            area: String::new(),
            role_index: 0,
            api_key: None,
        };
        let role = RolePlan::new([0, 0], true, vec![account("a"), account("b")]);
        let names: Vec<String> = (0..3).map(|_| role.next_account().username).collect();
        assert_eq!(names, ["a", "b", "a"]);
    }

    /// `LT` followed by exactly ten digits, checked without a regex dependency.
    fn regex_lite(_pattern: &str) -> impl Fn(&str) -> bool {
        |s: &str| s.len() == 12 && s.starts_with("LT") && s[2..].bytes().all(|b| b.is_ascii_digit())
    }
}
