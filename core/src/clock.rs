//! Time, as the server sees it. Token expiry is judged on a [`Clock`] corrected by the offset
//! between the server's `Date` header and the device clock, so a phone whose clock is hours off
//! neither refreshes on every call nor serves expired tokens. Tests swap in a [`ManualClock`].

use std::fmt::Debug;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of wall-clock time.
pub trait Clock: Send + Sync + Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that only moves when told to; for tests of expiry and refresh.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<SystemTime>,
}

impl ManualClock {
    /// A clock stopped at `start`.
    pub fn new(start: SystemTime) -> Self {
        Self {
            now: Mutex::new(start),
        }
    }

    /// A clock stopped at the current system time.
    pub fn starting_now() -> Self {
        Self::new(SystemTime::now())
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }

    /// Sets the clock.
    pub fn set(&self, to: SystemTime) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The device clock plus the last offset measured against a server's `Date` header.
#[derive(Debug)]
pub struct SkewedClock {
    clock: Arc<dyn Clock>,
    offset_ms: AtomicI64,
}

impl SkewedClock {
    /// Wraps a clock with no known offset yet.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            clock,
            offset_ms: AtomicI64::new(0),
        }
    }

    /// Records the time a server reported in its `Date` header, just now.
    ///
    /// `Date` has one-second resolution, so offsets under two seconds are treated as none.
    pub fn record_server_date(&self, server_now: SystemTime) {
        let offset = signed_millis_between(self.clock.now(), server_now);
        let offset = if offset.abs() < 2_000 { 0 } else { offset };
        self.offset_ms.store(offset, Ordering::Relaxed);
    }

    /// Server time minus device time, in milliseconds, as last measured.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// The current time corrected by the last measured offset.
    pub fn now(&self) -> SystemTime {
        shift(self.clock.now(), self.offset_ms())
    }

    /// Seconds since the Unix epoch on the corrected clock.
    pub fn now_unix(&self) -> i64 {
        unix_seconds(self.now())
    }

    /// The uncorrected clock underneath.
    pub fn device_clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }
}

impl Clock for SkewedClock {
    fn now(&self) -> SystemTime {
        SkewedClock::now(self)
    }
}

/// Seconds since the Unix epoch (negative before it).
pub fn unix_seconds(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

fn signed_millis_between(from: SystemTime, to: SystemTime) -> i64 {
    match to.duration_since(from) {
        Ok(d) => d.as_millis().min(i64::MAX as u128) as i64,
        Err(e) => -(e.duration().as_millis().min(i64::MAX as u128) as i64),
    }
}

fn shift(t: SystemTime, ms: i64) -> SystemTime {
    if ms >= 0 {
        t + Duration::from_millis(ms as u64)
    } else {
        t - Duration::from_millis(ms.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_follows_the_server_and_ignores_rounding() {
        let device = Arc::new(ManualClock::new(
            UNIX_EPOCH + Duration::from_secs(1_000_000),
        ));
        let skewed = SkewedClock::new(device.clone());
        skewed.record_server_date(device.now() + Duration::from_secs(3 * 3600));
        assert_eq!(skewed.offset_ms(), 3 * 3600 * 1000);
        assert_eq!(skewed.now_unix(), 1_000_000 + 3 * 3600);
        skewed.record_server_date(device.now() - Duration::from_secs(90));
        assert_eq!(skewed.now_unix(), 1_000_000 - 90);
        skewed.record_server_date(device.now() + Duration::from_millis(900));
        assert_eq!(skewed.offset_ms(), 0);
        device.advance(Duration::from_secs(10));
        assert_eq!(skewed.now_unix(), 1_000_010);
    }
}
