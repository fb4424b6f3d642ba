//! The library's tokio runtime and the guards every export runs in.
//!
//! Why a runtime of our own: reqwest and tokio timers panic with "no reactor running" when
//! polled outside a runtime, and Kotlin and Swift poll an async export's future on their own
//! threads; sync exports (constructors, `events()`) run on the caller's thread too
//! (uniffi-rs#2811), and anything they create or spawn must find a runtime. So every export
//! enters [`handle()`]; async exports enter it on every poll and when dropped, which makes
//! the core's I/O and timers live on one runtime whichever thread the app polls from.
//!
//! Hence no `async_runtime = "tokio"` on the exports: UniFFI would wrap each future in
//! `async_compat::Compat`, whose every poll and drop enters the *current* runtime or else a
//! global one of its own. Polled from an app thread, that meant a second runtime (a
//! current-thread scheduler and its `async-compat/tokio-1` thread) started on the first async
//! call, entered and then at once overridden by [`Guarded`]'s enter, so never used.
//!
//! Why the panic guards: uniffi 0.32 already catches panics (sync calls and each poll of an
//! async call run under `catch_unwind`) but reports them as a separate `InternalException`
//! (Kotlin) / `UniffiInternalError` (Swift) that apps catching `AuthException` would miss.
//! The guards turn a panic into [`AuthError::Internal`], so one `catch` covers every failure.
//! The release profile keeps `panic = "unwind"`; with `abort` nothing could be caught.

use crate::error::AuthError;
use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use tokio::runtime::{Builder, Handle, Runtime};

/// Worker threads: the work is I/O-bound (a few HTTPS calls, storage callbacks); two keep a
/// slow storage callback from stalling timers.
const WORKERS: usize = 2;

/// The shared runtime, started on first use and kept for the life of the process.
pub fn handle() -> &'static Handle {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            let mut builder = Builder::new_multi_thread();
            builder
                .worker_threads(WORKERS)
                .thread_name("cognito-auth")
                .enable_all();
            // In a JVM (Android, the desktop test build): each runtime thread is attached as a
            // daemon for its whole life, so Kotlin callbacks from it (SecureStorage,
            // presenters) do not make JNA attach and detach it every time.
            #[cfg(any(target_os = "android", feature = "jvm-keystore"))]
            builder
                .on_thread_start(cognito_auth::storage::attach_to_java_vm)
                .on_thread_stop(cognito_auth::storage::detach_from_java_vm);
            builder
                .build()
                .expect("cannot start the cognito-auth runtime (out of threads?)")
        })
        .handle()
}

/// Runs a sync export: inside the runtime, with a panic turned into an error.
pub fn guard_sync<T>(f: impl FnOnce() -> Result<T, AuthError>) -> Result<T, AuthError> {
    catch_unwind(AssertUnwindSafe(|| {
        let _entered = handle().enter();
        f()
    }))
    .unwrap_or_else(|payload| Err(panic_error(payload)))
}

/// Runs an async export: each poll inside the runtime, a panic turned into an error.
/// Dropping the returned future (a cancelled Kotlin coroutine; UniFFI 0.32's Swift bindings
/// never drop a call early) drops the core's future, which abandons any request in flight.
///
/// The future is boxed as a trait object, so this guard's code (the panic catch, entering the
/// runtime, the drop) is compiled once per output type, not once per export with that
/// export's whole state machine inlined into it (bench/size-budget).
pub fn guard_async<'a, T>(
    future: impl Future<Output = Result<T, AuthError>> + Send + 'a,
) -> Guarded<'a, T> {
    Guarded {
        inner: Some(Box::pin(future)),
    }
}

/// An export's future, boxed (see [`guard_async`]).
type Call<'a, T> = Pin<Box<dyn Future<Output = Result<T, AuthError>> + Send + 'a>>;

/// Future returned by [`guard_async`].
pub struct Guarded<'a, T> {
    inner: Option<Call<'a, T>>,
}

impl<T> Future for Guarded<'_, T> {
    type Output = Result<T, AuthError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let Some(future) = this.inner.as_mut() else {
            return Poll::Ready(Err(AuthError::Internal {
                reason: "future polled after completion".into(),
            }));
        };
        let polled = catch_unwind(AssertUnwindSafe(|| {
            let _entered = handle().enter();
            future.as_mut().poll(cx)
        }));
        let output = match polled {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(output)) => output,
            Err(payload) => Err(panic_error(payload)),
        };
        drop_inside(this.inner.take());
        Poll::Ready(output)
    }
}

/// A call dropped before it finished (a cancelled Kotlin coroutine) is dropped on the
/// app's thread, outside any runtime; the core's clean-up on drop (e.g. forgetting a pending
/// web sign-in) spawns onto the current runtime and would silently not run. So the drop
/// happens inside the library's runtime too.
impl<T> Drop for Guarded<'_, T> {
    fn drop(&mut self) {
        drop_inside(self.inner.take());
    }
}

/// Drops a future inside the runtime; a future that panicked may panic again when dropped,
/// and that stays inside too.
fn drop_inside<T>(value: Option<T>) {
    if value.is_some() {
        let _ = catch_unwind(AssertUnwindSafe(move || {
            let _entered = handle().enter();
            drop(value);
        }));
    }
}

fn panic_error(payload: Box<dyn Any + Send>) -> AuthError {
    let text = payload
        .downcast_ref::<&'static str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_owned());
    AuthError::Internal {
        reason: format!("panic in cognito-auth: {text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_exports_find_a_runtime() {
        // Outside any runtime: what a Kotlin or Swift thread looks like to Rust.
        assert!(Handle::try_current().is_err());
        let ok = guard_sync(|| {
            Handle::try_current().map_err(|e| AuthError::Internal {
                reason: e.to_string(),
            })?;
            Ok(tokio::time::Instant::now())
        });
        assert!(ok.is_ok(), "{ok:?}");
    }

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let err = guard_sync::<()>(|| panic!("boom {}", 42)).unwrap_err();
        assert!(
            matches!(&err, AuthError::Internal { reason } if reason.contains("boom 42")),
            "{err:?}"
        );
    }
}
