//! The user-pool client: one app client of one pool, and its `SECRET_HASH`.

use crate::config::UserPoolConfig;
use crate::secret::Secret;
use crate::wire::operation::{Operation, UserPools};
use crate::wire::{WireClient, WireError};
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use url::Url;

/// Client of one user pool's public API, for one app client.
#[derive(Clone, Debug)]
pub(crate) struct UserPoolClient {
    wire: WireClient,
    endpoint: Url,
    pool: UserPoolConfig,
}

impl UserPoolClient {
    /// A client for `pool` over `wire`.
    pub(crate) fn new(wire: WireClient, pool: &UserPoolConfig) -> Self {
        Self {
            endpoint: pool.endpoint_url(),
            wire,
            pool: pool.clone(),
        }
    }

    /// The pool and app client settings.
    pub(crate) fn pool(&self) -> &UserPoolConfig {
        &self.pool
    }

    /// The app client id.
    pub(crate) fn client_id(&self) -> &str {
        &self.pool.client_id
    }

    /// The request path underneath (the hosted UI's token endpoint shares it).
    pub(crate) fn wire(&self) -> &WireClient {
        &self.wire
    }

    /// `SECRET_HASH` = Base64(HMAC-SHA256(client secret, username ‖ client id)), required on
    /// user-pool calls when the app client has a secret; `None` for public clients.
    pub(crate) fn secret_hash(&self, username: &str) -> Option<Secret> {
        let secret = self.pool.client_secret.as_ref()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(username.as_bytes());
        mac.update(self.pool.client_id.as_bytes());
        Some(Secret::new(
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()),
        ))
    }

    /// Sends a user-pool operation.
    pub(crate) async fn send<Op: Operation<Service = UserPools>>(
        &self,
        request: &Op,
    ) -> Result<Op::Output, WireError> {
        self.wire.send(&self.endpoint, request).await
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::clock::{SkewedClock, SystemClock};
    use crate::wire::WireOptions;
    use std::sync::Arc;

    /// A client of a made-up pool, with or without a client secret.
    pub(crate) fn client(secret: Option<&str>) -> UserPoolClient {
        let wire = WireClient::new(
            WireOptions::default(),
            Arc::new(SkewedClock::new(Arc::new(SystemClock))),
        )
        .unwrap();
        UserPoolClient::new(
            wire,
            &UserPoolConfig {
                pool_id: "us-east-1_abc".into(),
                client_id: "clientid123".into(),
                client_secret: secret.map(Secret::new),
                region: "us-east-1".into(),
                endpoint: None,
            },
        )
    }

    #[test]
    fn secret_hash_matches_the_documented_formula() {
        // Base64(HMAC_SHA256("secret", "alice" + "clientid123")), computed with
        // `printf 'aliceclientid123' | openssl dgst -sha256 -hmac secret -binary | base64`.
        let hash = client(Some("secret")).secret_hash("alice").unwrap();
        assert_eq!(
            hash.expose(),
            "ECMUd7EnwpPi9HVORWg6aq0tZEcDp3ZUfDpkK6LhsMs="
        );
        assert!(client(None).secret_hash("alice").is_none());
    }
}
