//! One session per store and configuration: clients of one process share it; clients of
//! "other processes" (stores that share their data but not their identity, so each has its
//! own cache, as two processes do) are kept honest by the stored revision and, on the file
//! store, by its lock. Moto answers; the fault proxy slows a refresh so a sign-out can land
//! while it is in flight. What each test proves is in its name.

use super::test_support::{Dir, Fixture, client_on, namespace_of};
use super::*;
use crate::SignOutOptions;
use crate::storage::SecureStore;
use cognito_auth_testkit::{Fault, FaultProxy};
use std::time::Duration;

fn access_token(c: &AuthClient) -> String {
    c.cached_auth_session()
        .and_then(|s| s.tokens.ok())
        .map(|t| t.access_token.expose().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn clients_of_one_process_share_one_session_and_one_refresh() {
    let f = Fixture::new().await;
    let dir = Dir::new("shared");
    // Two instances of the file store on one directory: one identity, one session.
    let a = client_on(&f, f.config(), dir.store());
    let b = client_on(&f, f.config(), dir.store());
    let mut b_events = b.subscribe();
    f.sign_in(&a).await;
    assert_eq!(b.user_state().await, UserState::SignedIn);
    assert_eq!(b_events.drain(), [AuthEvent::SignedIn]);

    f.expire_tokens();
    let before = f.proxy.count("InitiateAuth");
    let (sa, sb) = tokio::join!(a.fetch_auth_session(false), b.fetch_auth_session(false));
    let (ta, tb) = (sa.tokens.unwrap(), sb.tokens.unwrap());
    assert_eq!(ta.access_token.expose(), tb.access_token.expose());
    assert_eq!(
        f.proxy.count("InitiateAuth") - before,
        1,
        "one refresh for both"
    );
    assert_eq!(b_events.drain(), [AuthEvent::TokensRefreshed]);

    a.sign_out(SignOutOptions::default()).await;
    assert_eq!(b.user_state().await, UserState::Guest);
    assert_eq!(b_events.drain(), [AuthEvent::SignedOut]);
    assert!(b.fetch_auth_session(false).await.tokens.is_err());
    // A released client's streams end; the other's go on.
    let mut a_events = a.subscribe();
    drop(a);
    assert_eq!(a_events.recv().await, None);
    f.sign_in(&b).await;
    assert_eq!(b_events.drain(), [AuthEvent::SignedIn]);
}

/// Makes the stored tokens expire ten seconds ago, as time would (the clock cannot be moved
/// for this: every process would see the fresh tokens aged too).
async fn age_stored_tokens(store: &Arc<dyn SecureStore>, namespace: &str) {
    let bytes = store.get(namespace, "session").await.unwrap().unwrap();
    let mut session: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    session["user_pool"]["tokens"]["expires_at"] = (now - 10).into();
    let bytes = serde_json::to_vec(&session).unwrap();
    store.set(namespace, "session", bytes).await.unwrap();
}

#[tokio::test]
async fn two_processes_on_one_file_store_make_one_refresh() {
    let f = Fixture::new().await;
    let dir = Dir::new("two-proc");
    let first = client_on(&f, f.config(), dir.process(true));
    f.sign_in(&first).await;
    let namespace = namespace_of(&first);
    drop(first);
    age_stored_tokens(&dir.store(), &namespace).await;

    let a = client_on(&f, f.config(), dir.process(true));
    let b = client_on(&f, f.config(), dir.process(true));
    assert_eq!(a.user_state().await, UserState::SignedIn);
    assert_eq!(b.user_state().await, UserState::SignedIn);
    let (mut a_events, mut b_events) = (a.subscribe(), b.subscribe());
    let before = f.proxy.count("InitiateAuth");
    let (sa, sb) = tokio::join!(a.fetch_auth_session(false), b.fetch_auth_session(false));
    let (ta, tb) = (sa.tokens.unwrap(), sb.tokens.unwrap());
    assert_eq!(
        f.proxy.count("InitiateAuth") - before,
        1,
        "the second process waits for the first's refresh and adopts it"
    );
    assert_eq!(ta.access_token.expose(), tb.access_token.expose());
    // Each process tells its app the tokens changed, whichever of them refreshed.
    assert_eq!(a_events.drain(), [AuthEvent::TokensRefreshed]);
    assert_eq!(b_events.drain(), [AuthEvent::TokensRefreshed]);
    // And a third launch reads the same tokens, without a request.
    let c = client_on(&f, f.config(), dir.process(true));
    let tc = c.fetch_auth_session(false).await.tokens.unwrap();
    assert_eq!(tc.access_token.expose(), ta.access_token.expose());
    assert_eq!(f.proxy.count("InitiateAuth") - before, 1);
}

/// Without the store's lock (the Keychain, an app's own store) two processes may both
/// refresh, but each write is checked against what is stored: both end with one session,
/// the one stored last, and nothing is lost.
#[tokio::test]
async fn two_processes_without_a_lock_end_with_the_stored_session() {
    let f = Fixture::new().await;
    let dir = Dir::new("two-proc-nolock");
    let first = client_on(&f, f.config(), dir.process(false));
    f.sign_in(&first).await;
    let namespace = namespace_of(&first);
    drop(first);
    age_stored_tokens(&dir.store(), &namespace).await;

    let a = client_on(&f, f.config(), dir.process(false));
    let b = client_on(&f, f.config(), dir.process(false));
    let (sa, sb) = tokio::join!(a.fetch_auth_session(false), b.fetch_auth_session(false));
    let (ta, tb) = (sa.tokens.unwrap(), sb.tokens.unwrap());
    let refreshes = f.proxy.count("InitiateAuth") - 1;
    assert!((1..=2).contains(&refreshes), "{refreshes}");
    // Whatever each got, the next use of either agrees with the store.
    let stored = client_on(&f, f.config(), dir.process(false))
        .fetch_auth_session(false)
        .await
        .tokens
        .unwrap();
    assert!(
        [ta.access_token.expose(), tb.access_token.expose()]
            .contains(&stored.access_token.expose())
    );
    for c in [&a, &b] {
        // A refresh that lost the race adopted the winner's session at its write.
        let again = c.fetch_auth_session(true).await.tokens.unwrap();
        assert_ne!(again.access_token.expose(), "");
    }
    assert_eq!(a.user_state().await, UserState::SignedIn);
}

#[tokio::test]
async fn a_sign_out_in_another_process_is_final() {
    let f = Fixture::new().await;
    let dir = Dir::new("final");
    let a = client_on(&f, f.config(), dir.process(true));
    let b = client_on(&f, f.config(), dir.process(true));
    f.sign_in(&a).await;
    assert_eq!(b.user_state().await, UserState::SignedIn);
    a.sign_out(SignOutOptions::default()).await;

    // B still has the old session in memory; its refresh first reads what is stored.
    f.expire_tokens();
    let before = f.proxy.count("InitiateAuth");
    let mut b_events = b.subscribe();
    let s = b.fetch_auth_session(false).await;
    assert_eq!(s.tokens.unwrap_err().kind(), "SignedOut");
    assert_eq!(
        f.proxy.count("InitiateAuth"),
        before,
        "no refresh after a sign-out"
    );
    assert_eq!(b_events.drain(), [AuthEvent::SignedOut]);
    assert_eq!(b.user_state().await, UserState::Guest);
    let next_launch = client_on(&f, f.config(), dir.process(true));
    assert_eq!(next_launch.user_state().await, UserState::Guest);
}

/// A sign-out that lands while another process's refresh is in flight (the refresh is slowed
/// by the fault proxy), on a store that locks (file) and one that does not (as the Keychain
/// and app-provided stores): either way the refresh does not write the session back.
#[tokio::test]
async fn a_refresh_in_flight_never_undoes_a_sign_out() {
    for locks in [true, false] {
        let f = Fixture::new().await;
        let proxy = FaultProxy::start(&f.proxy.url());
        let url: url::Url = proxy.url().parse().unwrap();
        let slow = f
            .config()
            .with_user_pool_endpoint(url.clone())
            .with_identity_pool_endpoint(url);
        let dir = Dir::new("in-flight");
        let a = client_on(&f, f.config(), dir.process(locks));
        let b = client_on(&f, slow, dir.process(locks));
        f.sign_in(&a).await;
        assert_eq!(b.user_state().await, UserState::SignedIn);

        f.expire_tokens();
        proxy.set_fault_for("InitiateAuth", Fault::Delay(Duration::from_millis(1500)));
        let refresh = tokio::spawn({
            let b = b.clone();
            async move { b.fetch_auth_session(false).await }
        });
        while proxy.count("InitiateAuth") == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        a.sign_out(SignOutOptions::default()).await;
        let s = refresh.await.unwrap();
        // With the lock, the sign-out waited for the refresh (its tokens came back, then were
        // cleared); without, B's write found the sign-out and adopted it.
        if !locks {
            assert!(s.tokens.is_err(), "locks={locks}");
        }
        // B learns of it at its next refresh (another process is not watched between).
        let again = b.fetch_auth_session(true).await;
        assert_eq!(
            again.tokens.unwrap_err().kind(),
            "SignedOut",
            "locks={locks}"
        );
        assert_eq!(b.user_state().await, UserState::Guest, "locks={locks}");
        let next_launch = client_on(&f, f.config(), dir.process(locks));
        assert_eq!(
            next_launch.user_state().await,
            UserState::Guest,
            "locks={locks}"
        );
        assert_eq!(access_token(&next_launch), "");
    }
}

#[tokio::test]
async fn a_sign_in_never_replaces_one_another_process_completed() {
    let f = Fixture::new().await;
    let dir = Dir::new("two-sign-ins");
    let a = client_on(&f, f.config(), dir.process(true));
    let b = client_on(&f, f.config(), dir.process(true));
    // Both read "signed out", then A signs in; B's sign-in completes after.
    assert_eq!(b.user_state().await, UserState::Guest);
    f.sign_in(&a).await;
    let user = f.user().await;
    let tokens = f.tokens(&b, &user).await;
    let e = b
        .complete_sign_in(tokens, SignInMethod::UserPool)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "InvalidState", "{e}");
    // B now shows A's user, and the store still holds A's session.
    let a_user = a.get_current_user().await.unwrap().username;
    assert_eq!(b.get_current_user().await.unwrap().username, a_user);
    let next_launch = client_on(&f, f.config(), dir.process(true));
    assert_eq!(
        next_launch.get_current_user().await.unwrap().username,
        a_user
    );
}
