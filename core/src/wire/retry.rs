//! Bounded retries with exponential backoff and full jitter (the AWS SDKs' "standard" mode).

use std::time::Duration;

/// How often and how patiently a failed request is tried again.
///
/// Only throttling, 5xx answers and broken connections are retried; an answer that says
/// "no" (wrong password, expired code) never is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retry).
    pub max_attempts: u32,
    /// Backoff cap of the first retry; doubles each time.
    pub base_delay: Duration,
    /// Upper bound of any single backoff.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The pause before attempt `attempt + 1` (`attempt` counts from 1): a uniform random
    /// duration in `[0, min(max_delay, base_delay * 2^(attempt-1))]`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(20);
        let cap = self
            .base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay);
        let mut bytes = [0u8; 8];
        if getrandom::fill(&mut bytes).is_err() {
            return cap / 2;
        }
        let frac = (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64;
        cap.mul_f64(frac)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_jittered_and_capped() {
        let p = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(500),
        };
        for attempt in 1..=8 {
            let cap = Duration::from_millis((100u64 << (attempt - 1)).min(500));
            let samples: Vec<_> = (0..200).map(|_| p.backoff(attempt)).collect();
            assert!(samples.iter().all(|d| *d <= cap), "attempt {attempt}");
            let distinct: std::collections::BTreeSet<_> = samples.iter().collect();
            assert!(distinct.len() > 100, "jitter spreads the retries");
        }
    }
}
