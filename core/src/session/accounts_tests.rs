//! Several accounts of one configuration, against moto: three users signed in side by side,
//! switched, signed out one by one, across a restart (a new client on a new instance of the
//! same file store), and a sign-out of one while another's refresh is in flight (slowed by
//! the fault proxy).

use super::test_support::{Dir, Fixture, client_on};
use super::*;
use crate::{Account, SignOutOptions};
use cognito_auth_testkit::{Fault, FaultProxy};
use std::time::Duration;

/// Signs a fresh user in to a new account `name` of `c` (`None`: the active one).
async fn sign_in_to(f: &Fixture, c: &AuthClient, name: Option<&str>) -> String {
    if let Some(name) = name {
        c.add_account(name).await.unwrap();
    }
    f.sign_in(c).await
}

fn summary(accounts: &[Account]) -> Vec<(String, Option<String>, UserState, bool)> {
    accounts
        .iter()
        .map(|a| (a.name.clone(), a.username.clone(), a.state, a.active))
        .collect()
}

#[tokio::test]
async fn three_accounts_stay_signed_in_side_by_side_and_across_a_restart() {
    let f = Fixture::new().await;
    let dir = Dir::new("accounts");
    let c = client_on(&f, f.config(), dir.store());
    let mut events = c.subscribe();
    let first = sign_in_to(&f, &c, None).await;
    let work = sign_in_to(&f, &c, Some("work")).await;
    let home = sign_in_to(&f, &c, Some("home")).await;
    // Each account has its own user: a sign-in needs no sign-out of the others.
    assert_eq!(
        events.drain(),
        [
            AuthEvent::SignedIn,
            AuthEvent::ActiveAccountChanged,
            AuthEvent::SignedIn,
            AuthEvent::ActiveAccountChanged,
            AuthEvent::SignedIn
        ]
    );
    let signed_in = UserState::SignedIn;
    let expected = vec![
        ("default".to_owned(), Some(first.clone()), signed_in, false),
        ("work".to_owned(), Some(work.clone()), signed_in, false),
        ("home".to_owned(), Some(home.clone()), signed_in, true),
    ];
    assert_eq!(summary(&c.accounts().await.unwrap()), expected);
    assert_eq!(c.get_current_user().await.unwrap().username, home);

    // Switching moves every call, and the client's streams, to the other account.
    c.switch_account("work").await.unwrap();
    assert_eq!(events.drain(), [AuthEvent::ActiveAccountChanged]);
    assert_eq!(c.get_current_user().await.unwrap().username, work);
    let session = c.fetch_auth_session(false).await;
    let claims = session.tokens.unwrap().id_claims().unwrap();
    assert_eq!(claims.username(), Some(work.as_str()));

    // A restart: every client gone, a new one on a new instance of the store.
    drop(c);
    let c = client_on(&f, f.config(), dir.store());
    assert_eq!(c.active_account().await, "work");
    assert_eq!(c.get_current_user().await.unwrap().username, work);
    let mut restarted = expected.clone();
    restarted[1].3 = true;
    restarted[2].3 = false;
    assert_eq!(summary(&c.accounts().await.unwrap()), restarted);

    // Signing the active account out touches no other; nor does removing one.
    let mut events = c.subscribe();
    c.sign_out(SignOutOptions::default()).await;
    assert_eq!(events.drain(), [AuthEvent::SignedOut]);
    c.remove_account("home").await.unwrap();
    // "home" was not active: this client hears nothing of it.
    assert_eq!(events.drain(), []);
    let left = summary(&c.accounts().await.unwrap());
    assert_eq!(
        left,
        vec![
            ("default".to_owned(), Some(first.clone()), signed_in, false),
            ("work".to_owned(), None, UserState::Guest, true),
        ]
    );
    c.switch_account("default").await.unwrap();
    assert_eq!(c.get_current_user().await.unwrap().username, first);
    // "home" is gone with everything it stored.
    let e = c.switch_account("home").await.unwrap_err();
    assert_eq!(e.kind(), "InvalidParameter", "{e}");
    assert_eq!(
        c.for_account("home").unwrap().user_state().await,
        UserState::Guest
    );
}

#[tokio::test]
async fn signing_one_account_out_while_another_refreshes_leaves_the_refresh_alone() {
    let f = Fixture::new().await;
    let proxy = FaultProxy::start(&f.proxy.url());
    let url: url::Url = proxy.url().parse().unwrap();
    let slow = f
        .config()
        .with_user_pool_endpoint(url.clone())
        .with_identity_pool_endpoint(url);
    let dir = Dir::new("accounts-refresh");
    let c = client_on(&f, slow, dir.store());
    let first = sign_in_to(&f, &c, None).await;
    let work = sign_in_to(&f, &c, Some("work")).await;
    let home = sign_in_to(&f, &c, Some("home")).await;
    c.switch_account("work").await.unwrap();
    let old = c.fetch_auth_session(false).await.tokens.unwrap();

    f.expire_tokens();
    proxy.set_fault_for("InitiateAuth", Fault::Delay(Duration::from_millis(1500)));
    let refreshes = proxy.count("InitiateAuth");
    // Two callers of the active account: one refresh between them, per account.
    let refresh = tokio::spawn({
        let (a, b) = (c.clone(), c.for_account("work").unwrap());
        async move { tokio::join!(a.fetch_auth_session(false), b.fetch_auth_session(false)) }
    });
    while proxy.count("InitiateAuth") == refreshes {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let home_client = c.for_account("home").unwrap();
    let mut home_events = home_client.subscribe();
    home_client.sign_out(SignOutOptions::default()).await;
    assert_eq!(home_events.drain(), [AuthEvent::SignedOut]);

    let (a, b) = refresh.await.unwrap();
    let (a, b) = (a.tokens.unwrap(), b.tokens.unwrap());
    assert_ne!(a.access_token.expose(), old.access_token.expose());
    assert_eq!(a.access_token.expose(), b.access_token.expose());
    assert_eq!(proxy.count("InitiateAuth") - refreshes, 1, "one refresh");
    assert_eq!(c.get_current_user().await.unwrap().username, work);
    // The sign-out of "home" stuck, and "default" was left as it was.
    let next_launch = client_on(&f, f.config(), dir.store());
    let accounts = summary(&next_launch.accounts().await.unwrap());
    assert_eq!(
        accounts,
        vec![
            (
                "default".to_owned(),
                Some(first),
                UserState::SignedIn,
                false
            ),
            ("work".to_owned(), Some(work), UserState::SignedIn, true),
            ("home".to_owned(), None, UserState::Guest, false),
        ]
    );
    assert!(!home.is_empty());
}

#[tokio::test]
async fn a_configuration_change_wipes_every_account_of_the_old_one() {
    let f = Fixture::new().await;
    let store = f.store.clone();
    let c = f.client();
    sign_in_to(&f, &c, None).await;
    sign_in_to(&f, &c, Some("work")).await;
    let m = c.for_account("work").unwrap().sessions().await;
    let work_ns = m.records().namespace().to_owned();
    assert!(store.get(&work_ns, "session").await.unwrap().is_some());
    drop((m, c));

    let other = Fixture::new().await;
    let changed = f.client_with(other.config());
    assert_eq!(changed.active_account().await, DEFAULT_ACCOUNT);
    assert_eq!(changed.user_state().await, UserState::Guest);
    assert_eq!(store.get(&work_ns, "session").await.unwrap(), None);
    assert_eq!(changed.accounts().await.unwrap().len(), 1);
}

#[tokio::test]
async fn bad_account_names_and_requests_are_refused_and_change_nothing() {
    let f = Fixture::new().await;
    let c = f.client();
    let user = sign_in_to(&f, &c, None).await;
    for bad in ["", "a/b", "a.b", "../x", &"x".repeat(65)] {
        let e = c.add_account(bad).await.unwrap_err();
        assert_eq!(e.kind(), "InvalidParameter", "{bad:?}: {e}");
        assert!(c.for_account(bad).is_err(), "{bad:?}");
    }
    for taken in ["default", "work"] {
        if taken == "work" {
            c.add_account("work").await.unwrap();
        }
        let e = c.add_account(taken).await.unwrap_err();
        assert!(e.to_string().contains("already an account"), "{e}");
    }
    let e = c.switch_account("nobody").await.unwrap_err();
    assert!(e.to_string().contains("no account named"), "{e}");
    let e = c.switch_or_add_account("a/b").await.unwrap_err();
    assert_eq!(e.kind(), "InvalidParameter", "{e}");
    let pinned = c.for_account("default").unwrap();
    let e = pinned.switch_account("work").await.unwrap_err();
    assert_eq!(e.kind(), "InvalidState", "{e}");
    // The user of the default account is untouched by all of it.
    c.switch_account("default").await.unwrap();
    assert_eq!(c.get_current_user().await.unwrap().username, user);
    // The default account cannot be removed, only signed out.
    c.remove_account("default").await.unwrap();
    assert_eq!(c.user_state().await, UserState::Guest);
    assert_eq!(c.accounts().await.unwrap().len(), 2);
}

#[tokio::test]
async fn switch_or_add_adds_once_then_switches_and_keeps_every_session() {
    let f = Fixture::new().await;
    let dir = Dir::new("switch-or-add");
    let c = client_on(&f, f.config(), dir.store());
    let mut events = c.subscribe();
    let first = sign_in_to(&f, &c, None).await;
    events.drain();
    // Missing: added, empty and active; the default account stays signed in.
    c.switch_or_add_account("work").await.unwrap();
    assert_eq!(events.drain(), [AuthEvent::ActiveAccountChanged]);
    assert_eq!(c.user_state().await, UserState::Guest);
    let work = f.sign_in(&c).await;
    // Present: a plain switch, in both directions; nothing is added twice.
    c.switch_or_add_account("default").await.unwrap();
    assert_eq!(c.get_current_user().await.unwrap().username, first);
    c.switch_or_add_account("work").await.unwrap();
    assert_eq!(c.get_current_user().await.unwrap().username, work);
    let names: Vec<_> = c
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["default", "work"]);
    // An account added meanwhile by another client of the same store is no error.
    let other = client_on(&f, f.config(), dir.store());
    other.add_account("home").await.unwrap();
    c.switch_or_add_account("home").await.unwrap();
    assert_eq!(c.active_account().await, "home");
}
