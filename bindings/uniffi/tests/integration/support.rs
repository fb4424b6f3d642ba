//! Helpers shared by the FFI suites (no tests here).

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::Thread;

struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `future` to completion on the current thread with no tokio runtime anywhere in
/// sight: how a Kotlin or Swift thread drives an exported async method.
pub fn block_on_foreign_thread<T>(future: impl Future<Output = T>) -> T {
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(v) => return v,
            Poll::Pending => std::thread::park(),
        }
    }
}

/// A password that meets the test pools' policy.
pub const GOOD_PASSWORD: &str = "Corr3ct-Horse!";
