//! Single flight: however many callers need the same refresh at once, one request is made and
//! every caller gets its outcome.
//!
//! The work runs in a task of its own, so a caller that gives up (a dropped future, a
//! cancelled UI) does not abort a refresh others wait for, and a rotated refresh token that
//! comes back is always stored.

use crate::error::{AuthError, Result};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

type Outcome = Option<Result<()>>;

/// One refresh at a time; latecomers join the one in progress.
#[derive(Debug, Default, Clone)]
pub(crate) struct SingleFlight {
    slot: Arc<Mutex<Option<watch::Receiver<Outcome>>>>,
    /// Callers waiting for an outcome right now (observed by tests).
    waiting: Arc<AtomicUsize>,
}

impl SingleFlight {
    /// Runs `work` unless a run is in progress, in which case waits for that one's outcome.
    pub(crate) async fn run<F>(&self, work: impl FnOnce() -> F) -> Result<()>
    where
        F: Future<Output = Result<()>> + Send + 'static,
    {
        let mut rx = {
            let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
            match slot.as_ref() {
                Some(rx) => rx.clone(),
                None => {
                    let (tx, rx) = watch::channel(None);
                    *slot = Some(rx.clone());
                    // The caller's deadline goes with the work into its task.
                    let fut = crate::deadline::Deadline::propagate(work());
                    let slot = self.slot.clone();
                    tokio::spawn(async move {
                        let outcome = fut.await;
                        // Clear before publishing: a caller arriving now starts a new run,
                        // which finds the fresh result already stored and does nothing.
                        *slot.lock().unwrap_or_else(|e| e.into_inner()) = None;
                        let _ = tx.send(Some(outcome));
                    });
                    rx
                }
            }
        };
        let waited = {
            let _waiting = Waiting::new(&self.waiting);
            rx.wait_for(Option::is_some).await.map(|v| v.clone())
        };
        let outcome = match waited {
            Ok(v) => v,
            Err(_) => {
                // The task ended without an outcome (it panicked): free the slot for others.
                let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
                if slot.as_ref().is_some_and(|s| s.same_channel(&rx)) {
                    *slot = None;
                }
                None
            }
        };
        outcome.unwrap_or_else(|| {
            Err(AuthError::Internal(
                "refresh task ended unexpectedly".into(),
            ))
        })
    }

    /// How many callers are waiting for the run in progress (tests wait for them to queue).
    #[cfg(test)]
    pub(crate) fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }
}

/// Counts a waiting caller until it stops waiting, however it stops.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Self(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_run_and_its_outcome() {
        let flight = SingleFlight::default();
        let runs = Arc::new(AtomicUsize::new(0));
        let (open_tx, open_rx) = watch::channel(false);
        let mut tasks = Vec::new();
        for _ in 0..200 {
            let (flight, runs, open_rx) = (flight.clone(), runs.clone(), open_rx.clone());
            tasks.push(tokio::spawn(async move {
                flight
                    .run(|| async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                        let mut open_rx = open_rx;
                        let _ = open_rx.wait_for(|o| *o).await;
                        Err(AuthError::Network("down".into()))
                    })
                    .await
            }));
        }
        // Every caller is parked on the one run before it is allowed to finish.
        while flight.waiting() < 200 {
            tokio::task::yield_now().await;
        }
        open_tx.send(true).unwrap();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap_err().kind(), "Network");
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // The next call runs again.
        flight.run(|| async { Ok(()) }).await.unwrap();
    }

    #[tokio::test]
    async fn a_caller_that_gives_up_does_not_abort_the_run() {
        let flight = SingleFlight::default();
        let done = Arc::new(AtomicUsize::new(0));
        let (open_tx, open_rx) = watch::channel(false);
        let (f, d) = (flight.clone(), done.clone());
        let quitter = tokio::spawn(async move {
            f.run(|| async move {
                let mut open_rx = open_rx;
                let _ = open_rx.wait_for(|o| *o).await;
                d.fetch_add(1, Ordering::SeqCst);
                Ok(())
            })
            .await
        });
        while flight.waiting() < 1 {
            tokio::task::yield_now().await;
        }
        quitter.abort();
        assert!(quitter.await.unwrap_err().is_cancelled());
        // A second caller joins the same run and sees it finish.
        let joiner = {
            let f = flight.clone();
            tokio::spawn(async move { f.run(|| async { panic!("joined, not run") }).await })
        };
        while flight.waiting() < 1 {
            tokio::task::yield_now().await;
        }
        open_tx.send(true).unwrap();
        joiner.await.unwrap().unwrap();
        assert_eq!(done.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_panicking_run_is_an_error_not_a_hang() {
        let flight = SingleFlight::default();
        let e = flight.run(|| async { panic!("boom") }).await.unwrap_err();
        assert_eq!(e.kind(), "Internal");
        flight.run(|| async { Ok(()) }).await.unwrap();
    }
}
