//! Deadlines: one overall time limit for a public call, across its retries and across every
//! request it makes.
//!
//! A public entry point ([`crate::AuthClient::bounded`]) sets a [`Deadline`] in a tokio
//! task-local; the wire client reads it for every attempt: each attempt may take
//! `min(request_timeout, time left)`, a backoff pause that would pass the deadline is not
//! taken, and a request started after the deadline is not sent. A request made outside any
//! public call (none is, but a future caller might) gets a deadline of its own, so no wait is
//! ever unbounded. Nested public calls keep the earlier deadline; work spawned on behalf of
//! a call (the single-flight refresh) carries it with [`Deadline::propagate`].

use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

tokio::task_local! {
    static CURRENT: Deadline;
}

/// Time left for a retry must allow at least this much of an attempt (or the whole request
/// timeout when that is shorter): a retry squeezed into the last milliseconds cannot succeed.
pub(crate) const MIN_USEFUL_ATTEMPT: Duration = Duration::from_secs(1);

/// A point in time by which a public call must return, and the budget it was set from (for
/// messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Deadline {
    at: Instant,
    budget: Duration,
}

impl Deadline {
    /// The deadline `budget` from now.
    pub(crate) fn after(budget: Duration) -> Self {
        Self::starting_at(Instant::now(), budget)
    }

    /// The deadline `budget` after `start` (a budget too large to represent is ~30 years).
    pub(crate) fn starting_at(start: Instant, budget: Duration) -> Self {
        let at = start
            .checked_add(budget)
            .unwrap_or_else(|| start + Duration::from_secs(30 * 365 * 86_400));
        Self { at, budget }
    }

    /// The budget the deadline was set from.
    pub(crate) fn budget(&self) -> Duration {
        self.budget
    }

    /// Time left at `now` (zero once passed).
    pub(crate) fn remaining_at(&self, now: Instant) -> Duration {
        self.at.saturating_duration_since(now)
    }

    /// Time left.
    pub(crate) fn remaining(&self) -> Duration {
        self.remaining_at(Instant::now())
    }

    /// How long the next attempt may take at `now`: the request timeout, cut to the time left.
    pub(crate) fn attempt_timeout_at(&self, now: Instant, request_timeout: Duration) -> Duration {
        request_timeout.min(self.remaining_at(now))
    }

    /// Whether, at `now`, a retry after `pause` still leaves a meaningful attempt:
    /// `min(request_timeout, MIN_USEFUL_ATTEMPT)` at least. The pause never passes the
    /// deadline.
    pub(crate) fn allows_retry_at(
        &self,
        now: Instant,
        pause: Duration,
        request_timeout: Duration,
    ) -> bool {
        let needed = request_timeout.min(MIN_USEFUL_ATTEMPT);
        self.remaining_at(now)
            .checked_sub(pause)
            .is_some_and(|left| !left.is_zero() && left >= needed)
    }

    /// The deadline of the public call this task runs, if any.
    pub(crate) fn current() -> Option<Self> {
        CURRENT.try_with(|d| *d).ok()
    }

    /// The earlier of `self` and the deadline already in force.
    fn nested(self) -> Self {
        match Self::current() {
            Some(outer) if outer.at <= self.at => outer,
            _ => self,
        }
    }

    /// Runs `fut` under this deadline (or the one already in force, when earlier).
    ///
    /// Boxed: the task-local scope is then compiled once per output type rather than once per
    /// public call, each copy holding that call's whole state machine (it was the largest
    /// item of the mobile library's code; see bench/size-budget).
    pub(crate) async fn scope<'a, T>(self, fut: impl Future<Output = T> + Send + 'a) -> T {
        let fut: std::pin::Pin<Box<dyn Future<Output = T> + Send + 'a>> = Box::pin(fut);
        CURRENT.scope(self.nested(), fut).await
    }

    /// `fut` carrying the current deadline, for work spawned on a call's behalf (a spawned
    /// task does not inherit task-locals).
    pub(crate) fn propagate<F: Future>(fut: F) -> impl Future<Output = F::Output> {
        let current = Self::current();
        async move {
            match current {
                Some(d) => CURRENT.scope(d, fut).await,
                None => fut.await,
            }
        }
    }
}

/// `2 s`, `1.5 s`, `250 ms`: a duration for messages.
pub(crate) fn describe(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn the_attempt_timeout_is_cut_to_the_time_left() {
        let start = Instant::now();
        let d = Deadline::starting_at(start, 30 * S);
        assert_eq!(d.attempt_timeout_at(start, 10 * S), 10 * S);
        assert_eq!(d.attempt_timeout_at(start + 25 * S, 10 * S), 5 * S);
        assert_eq!(d.attempt_timeout_at(start + 30 * S, 10 * S), Duration::ZERO);
        assert_eq!(d.attempt_timeout_at(start + 40 * S, 10 * S), Duration::ZERO);
        assert_eq!(
            d.remaining_at(start + 31 * S),
            Duration::ZERO,
            "never negative"
        );
        // A request timeout longer than the deadline: the deadline wins.
        let d = Deadline::starting_at(start, 2 * S);
        assert_eq!(d.attempt_timeout_at(start, 30 * S), 2 * S);
        assert_eq!(d.budget(), 2 * S);
    }

    #[test]
    fn a_retry_needs_a_useful_attempt_after_its_pause() {
        let start = Instant::now();
        let d = Deadline::starting_at(start, 5 * S);
        let ms = Duration::from_millis;
        assert!(d.allows_retry_at(start + S, ms(100), 30 * S));
        // 1.2 s left: the pause fits, 1.1 s remains ≥ 1 s.
        assert!(d.allows_retry_at(start + ms(3800), ms(100), 30 * S));
        // 0.9 s left after the pause: not a meaningful attempt.
        assert!(!d.allows_retry_at(start + ms(4000), ms(100), 30 * S));
        // A pause that would pass the deadline is never taken.
        assert!(!d.allows_retry_at(start + S, 5 * S, ms(10)));
        assert!(!d.allows_retry_at(start + 4 * S, S, ms(10)));
        // Short request timeouts need only their own length.
        assert!(d.allows_retry_at(start + ms(4700), ms(100), ms(200)));
        assert!(!d.allows_retry_at(start + ms(4850), ms(100), ms(200)));
        assert!(!d.allows_retry_at(start + 5 * S, Duration::ZERO, ms(1)));
    }

    #[test]
    fn huge_budgets_do_not_overflow() {
        let d = Deadline::after(Duration::MAX);
        assert!(d.remaining() > Duration::from_secs(365 * 86_400));
    }

    #[tokio::test]
    async fn nested_calls_keep_the_earlier_deadline_and_spawned_work_carries_it() {
        assert_eq!(Deadline::current(), None);
        let outer = Deadline::after(2 * S);
        let seen = outer
            .scope(async {
                let inner_later = Deadline::after(60 * S)
                    .scope(async { Deadline::current() })
                    .await;
                let inner_earlier = Deadline::after(S)
                    .scope(async { Deadline::current() })
                    .await;
                let spawned = tokio::spawn(Deadline::propagate(async { Deadline::current() }))
                    .await
                    .unwrap();
                let bare = tokio::spawn(async { Deadline::current() }).await.unwrap();
                (inner_later, inner_earlier, spawned, bare)
            })
            .await;
        assert_eq!(
            seen.0,
            Some(outer),
            "a later inner deadline does not extend"
        );
        assert_ne!(seen.1, Some(outer), "an earlier inner deadline applies");
        assert_eq!(seen.1.unwrap().budget(), S);
        assert_eq!(seen.2, Some(outer), "propagated into a spawned task");
        assert_eq!(seen.3, None, "task-locals do not cross spawn by themselves");
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(describe(30 * S), "30 s");
        assert_eq!(describe(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(describe(Duration::from_millis(250)), "250 ms");
    }
}
