//! Cognito identity pools (`AWSCognitoIdentityService`): identity ids and temporary AWS
//! credentials for a set of logins (none for guests).

use super::operation::{IdentityPools, operations};
use super::{WireClient, WireError};
use crate::config::IdentityPoolConfig;
use crate::secret::Secret;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use url::Url;

/// Client of one identity pool.
#[derive(Clone, Debug)]
pub(crate) struct IdentityPoolClient {
    wire: WireClient,
    endpoint: Url,
    pool: IdentityPoolConfig,
}

impl IdentityPoolClient {
    /// A client for `pool` over `wire`.
    pub(crate) fn new(wire: WireClient, pool: &IdentityPoolConfig) -> Self {
        Self {
            endpoint: pool.endpoint_url(),
            wire,
            pool: pool.clone(),
        }
    }

    /// The pool settings.
    pub(crate) fn pool(&self) -> &IdentityPoolConfig {
        &self.pool
    }

    /// Sends an identity-pool operation.
    pub(crate) async fn send<Op: super::Operation<Service = IdentityPools>>(
        &self,
        request: &Op,
    ) -> Result<Op::Output, WireError> {
        self.wire.send(&self.endpoint, request).await
    }
}

operations!(IdentityPools {
    "GetId": GetIdRequest => GetIdResponse,
    "GetCredentialsForIdentity": GetCredentialsForIdentityRequest => GetCredentialsForIdentityResponse,
});

/// `GetId` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GetIdRequest {
    /// Identity pool id.
    pub identity_pool_id: String,
    /// Provider name → token.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub logins: BTreeMap<String, Secret>,
}

/// `GetId` response.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GetIdResponse {
    /// Identity id, `<region>:<uuid>`.
    pub identity_id: String,
}

/// `GetCredentialsForIdentity` request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GetCredentialsForIdentityRequest {
    /// Identity id.
    pub identity_id: String,
    /// Provider name → token.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub logins: BTreeMap<String, Secret>,
}

/// `GetCredentialsForIdentity` response.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GetCredentialsForIdentityResponse {
    /// Identity id (may differ from the one asked for after a merge).
    pub identity_id: Option<String>,
    /// The credentials.
    pub credentials: Option<WireCredentials>,
}

/// Temporary AWS credentials as the service sends them.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct WireCredentials {
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_key: Secret,
    /// Session token.
    pub session_token: Secret,
    /// Expiry, seconds since the Unix epoch.
    #[serde(deserialize_with = "epoch_seconds")]
    pub expiration: i64,
}

/// JSON 1.1 timestamps are epoch seconds (possibly fractional); accept ISO 8601 text too.
fn epoch_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Num(f64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Num(n) if n.is_finite() => Ok(n as i64),
        Raw::Num(_) => Err(de::Error::custom("timestamp is not finite")),
        Raw::Text(s) => {
            time::OffsetDateTime::parse(&s, &time::format_description::well_known::Rfc3339)
                .map(|t| t.unix_timestamp())
                .or_else(|_| s.parse::<f64>().map(|n| n as i64))
                .map_err(|_| de::Error::custom("timestamp is neither a number nor RFC 3339"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_accept_both_timestamp_encodings() {
        for (json, want) in [
            (r#"1700000000.5"#, 1_700_000_000),
            (r#""2023-11-14T22:13:20Z""#, 1_700_000_000),
        ] {
            let body = format!(
                r#"{{"AccessKeyId":"AKIA","SecretKey":"s","SessionToken":"t","Expiration":{json}}}"#
            );
            let c: WireCredentials = serde_json::from_str(&body).unwrap();
            assert_eq!(c.expiration, want);
            assert!(!format!("{c:?}").contains("\"s\""));
        }
        let bad =
            r#"{"AccessKeyId":"AKIA","SecretKey":"s","SessionToken":"t","Expiration":"soon"}"#;
        assert!(serde_json::from_str::<WireCredentials>(bad).is_err());
    }
}
