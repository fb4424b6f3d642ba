//! Foreign traits implemented in Rust (as an app implements them in Kotlin or Swift) and the
//! FFI machinery around them: an app's `SecureStorage` used by the core, a store that fails,
//! Rust stores handed out, panics turned into errors, cancellation, the event stream.

use crate::support::{GOOD_PASSWORD, block_on_foreign_thread};
use cognito_auth_ffi::testing::{ffi_test_panic_async, ffi_test_panic_sync};
use cognito_auth_ffi::{
    AuthClient, AuthError, SecureStorage, SignUpNextStep, StorageFailure, UserState, memory_storage,
};
use cognito_auth_testkit::{Reply, ScriptedServer};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

const OUTPUTS: &str = r#"{"version":"1.3","auth":{"aws_region":"us-east-1","user_pool_id":"us-east-1_ffi","user_pool_client_id":"client"}}"#;

/// What an app's store looks like from Rust: records every call, answers from a map.
#[derive(Default)]
struct RecordingStorage {
    calls: Mutex<Vec<String>>,
    items: Mutex<BTreeMap<(String, String), Vec<u8>>>,
    fail_with: Option<AuthError>,
}

impl RecordingStorage {
    fn record(&self, call: String) -> Result<(), AuthError> {
        self.calls.lock().unwrap().push(call);
        self.fail_with.clone().map_or(Ok(()), Err)
    }
}

#[async_trait::async_trait]
impl SecureStorage for RecordingStorage {
    async fn get(&self, namespace: String, key: String) -> Result<Option<Vec<u8>>, AuthError> {
        self.record(format!("get {namespace} {key}"))?;
        Ok(self.items.lock().unwrap().get(&(namespace, key)).cloned())
    }

    async fn set(&self, namespace: String, key: String, value: Vec<u8>) -> Result<(), AuthError> {
        self.record(format!("set {namespace} {key}"))?;
        self.items.lock().unwrap().insert((namespace, key), value);
        Ok(())
    }

    async fn remove(&self, namespace: String, key: String) -> Result<(), AuthError> {
        self.record(format!("remove {namespace} {key}"))?;
        self.items.lock().unwrap().remove(&(namespace, key));
        Ok(())
    }

    async fn remove_all(&self, namespace: String) -> Result<(), AuthError> {
        self.record(format!("remove_all {namespace}"))?;
        self.items
            .lock()
            .unwrap()
            .retain(|(ns, _), _| *ns != namespace);
        Ok(())
    }
}

fn client_with(store: Arc<dyn SecureStorage>) -> Arc<AuthClient> {
    AuthClient::from_amplify_config_json(OUTPUTS.into(), None, Some(store), None).unwrap()
}

#[tokio::test]
async fn the_core_keeps_its_records_in_the_apps_store() {
    let store = Arc::new(RecordingStorage::default());
    let c = client_with(store.clone());
    let namespace = format!("cognito-auth.{}", c.fingerprint());
    assert_eq!(c.user_state().await.unwrap(), UserState::SignedOut);
    // Start-up: which configuration used the store last (a changed configuration wipes the old one's credentials, as Amplify does), then the session, then which account is active.
    assert_eq!(
        *store.calls.lock().unwrap(),
        [
            "get cognito-auth active-namespace".to_owned(),
            "set cognito-auth active-namespace".to_owned(),
            format!("get {namespace} session"),
            format!("get {namespace}.accounts index"),
        ]
    );
    assert_eq!(
        store.items.lock().unwrap()[&("cognito-auth".to_owned(), "active-namespace".to_owned())],
        namespace.as_bytes()
    );
}

#[tokio::test]
async fn credentials_of_another_configuration_are_wiped_from_the_apps_store() {
    let store = Arc::new(RecordingStorage::default());
    {
        let mut items = store.items.lock().unwrap();
        items.insert(
            ("cognito-auth".into(), "active-namespace".into()),
            b"cognito-auth.previous".to_vec(),
        );
        items.insert(
            ("cognito-auth.previous".into(), "session".into()),
            b"old tokens".to_vec(),
        );
    }
    let c = client_with(store.clone());
    c.user_state().await.unwrap();
    // The core read the marker the app's store returned and acted on it.
    assert!(
        store
            .calls
            .lock()
            .unwrap()
            .contains(&"remove_all cognito-auth.previous".to_owned())
    );
    assert!(
        !store
            .items
            .lock()
            .unwrap()
            .keys()
            .any(|(ns, _)| ns == "cognito-auth.previous")
    );
}

fn session_reads(store: &RecordingStorage) -> usize {
    store
        .calls
        .lock()
        .unwrap()
        .iter()
        .filter(|c| c.ends_with(" session"))
        .count()
}

#[tokio::test]
async fn a_failing_store_reaches_the_core_as_a_typed_storage_error() {
    // An app's store that throws something else than AuthError.Storage: the core gets
    // StorageError::Unavailable ("try again"), so the next call reads the store again.
    let unavailable = Arc::new(RecordingStorage {
        fail_with: Some(AuthError::Internal {
            reason: "callback failed: java.io.IOException: disk full".into(),
        }),
        ..Default::default()
    });
    let c = client_with(unavailable.clone());
    // Unreadable is not empty: nobody is known to be signed in, or out.
    assert_eq!(c.user_state().await.unwrap(), UserState::Unknown);
    let first = session_reads(&unavailable);
    c.user_state().await.unwrap();
    assert!(
        session_reads(&unavailable) > first,
        "unavailable: read again"
    );
    // A sign-in must write: it fails with the typed error, before any request is sent.
    let err = c
        .sign_in("u".into(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AuthError::Storage { failure: StorageFailure::Unavailable, reason } if reason.contains("disk full")),
        "{err:?}"
    );

    // A store that says its data is corrupt: the core counts the user as signed out and does
    // not keep asking.
    let corrupt = Arc::new(RecordingStorage {
        fail_with: Some(AuthError::Storage {
            failure: StorageFailure::Corrupt,
            reason: "bad MAC".into(),
        }),
        ..Default::default()
    });
    let c = client_with(corrupt.clone());
    assert_eq!(c.user_state().await.unwrap(), UserState::SignedOut);
    c.user_state().await.unwrap();
    assert_eq!(session_reads(&corrupt), 1, "corrupt: not read again");
    let err = c
        .sign_in("u".into(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        AuthError::Storage {
            failure: StorageFailure::Corrupt,
            reason: "bad MAC".into(),
        }
    );
}

#[tokio::test]
async fn rust_stores_work_from_the_foreign_side_and_when_passed_back() {
    let store = memory_storage();
    store
        .set("ns".into(), "k".into(), vec![1, 2, 3])
        .await
        .unwrap();
    assert_eq!(
        store.get("ns".into(), "k".into()).await.unwrap(),
        Some(vec![1, 2, 3])
    );
    store.remove_all("ns".into()).await.unwrap();
    assert_eq!(store.get("ns".into(), "k".into()).await.unwrap(), None);

    let c = client_with(store.clone());
    c.user_state().await.unwrap();
    let marker = store
        .get("cognito-auth".into(), "active-namespace".into())
        .await
        .unwrap();
    assert_eq!(
        marker,
        Some(format!("cognito-auth.{}", c.fingerprint()).into_bytes())
    );
}

#[test]
fn panics_become_internal_errors_in_sync_and_async_exports() {
    let err = ffi_test_panic_sync("sync boom".into()).unwrap_err();
    assert!(
        matches!(&err, AuthError::Internal { reason } if reason.contains("sync boom")),
        "{err:?}"
    );
    // Polled like a foreign thread polls it: no runtime, and the panic happens after a real
    // suspension on the library's timer.
    let err = block_on_foreign_thread(ffi_test_panic_async("async boom".into())).unwrap_err();
    assert!(
        matches!(&err, AuthError::Internal { reason } if reason.contains("async boom")),
        "{err:?}"
    );
    assert_eq!(err.kind(), "Internal");
}

#[tokio::test]
async fn a_cancelled_call_is_abandoned_and_the_client_keeps_working() {
    let server = ScriptedServer::start(vec![
        // Never answered in time: the call is cancelled while waiting for it.
        Reply::Stall(
            std::time::Duration::from_secs(300),
            Box::new(Reply::error(500, "InternalErrorException", "late")),
        ),
        Reply::json(serde_json::json!({"UserConfirmed": true, "UserSub": "sub-2"})),
    ]);
    let c = AuthClient::from_amplify_config_json(
        OUTPUTS.into(),
        Some(cognito_auth_ffi::EndpointOverrides {
            user_pool: Some(server.url()),
            ..Default::default()
        }),
        None,
        None,
    )
    .unwrap();
    let mut stalled = Box::pin(c.sign_up("u1".into(), Some(GOOD_PASSWORD.into()), None));
    // Drive the call until the request reached the server, then drop it: what a cancelled
    // coroutine or Swift task does to the Rust future.
    let mut polls = 0;
    while server.hits() == 0 {
        polls += 1;
        assert!(polls < 10_000, "request never sent");
        tokio::select! {
            r = stalled.as_mut() => panic!("stalled call finished: {r:?}"),
            _ = tokio::task::yield_now() => {}
        }
    }
    drop(stalled);
    let r = c
        .sign_up("u2".into(), Some(GOOD_PASSWORD.into()), None)
        .await
        .unwrap();
    assert_eq!(r.next_step, SignUpNextStep::Done);
    assert_eq!(r.user_id.as_deref(), Some("sub-2"));
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn the_event_stream_ends_when_the_client_is_gone() {
    let c = client_with(memory_storage());
    let events = c.events().unwrap();
    // Nothing happened yet: a pending read, cancelled by dropping it.
    tokio::select! {
        e = events.next() => panic!("unexpected event {e:?}"),
        _ = tokio::task::yield_now() => {}
    }
    drop(c);
    assert_eq!(events.next().await.unwrap(), None);
}
