//! Fresh pools and clients, created through the peers' admin APIs (unsigned JSON 1.1 calls).

use serde_json::{Value, json};
use std::collections::BTreeMap;

/// What to create.
#[derive(Debug, Clone)]
pub struct PoolSpec {
    /// Also create an identity pool trusting the user pool.
    pub identity_pool: bool,
    /// Identity pool allows guests.
    pub allow_guest: bool,
    /// `UsernameAttributes` (e.g. `["email"]`).
    pub username_attributes: Vec<String>,
    /// `AutoVerifiedAttributes`.
    pub auto_verified_attributes: Vec<String>,
    /// `MfaConfiguration`: `OFF`, `OPTIONAL`, `ON`.
    pub mfa: String,
    /// Identity pool `SupportedLoginProviders` (e.g. `accounts.google.com` → app id).
    pub login_providers: BTreeMap<String, String>,
    /// Identity pool `DeveloperProviderName`.
    pub developer_provider: Option<String>,
    /// Access/ID token lifetime in minutes (cognito-local honours it; moto uses 60).
    pub token_validity_minutes: Option<u32>,
    /// Extra `CreateUserPool` fields merged in as given.
    pub extra_pool_fields: Value,
}

impl PoolSpec {
    /// The default pool, verifying `attributes` (`email`, `phone_number`) by code.
    pub fn verifying(attributes: &[&str]) -> Self {
        Self {
            auto_verified_attributes: attributes.iter().map(|a| (*a).to_owned()).collect(),
            ..Self::default()
        }
    }
}

impl Default for PoolSpec {
    fn default() -> Self {
        Self {
            identity_pool: true,
            allow_guest: true,
            username_attributes: Vec::new(),
            auto_verified_attributes: Vec::new(),
            mfa: "OFF".into(),
            login_providers: BTreeMap::from([
                ("accounts.google.com".to_owned(), "google-app-id".to_owned()),
                (
                    "graph.facebook.com".to_owned(),
                    "facebook-app-id".to_owned(),
                ),
            ]),
            developer_provider: Some("login.cognitoauth.test".into()),
            token_validity_minutes: None,
            extra_pool_fields: json!({}),
        }
    }
}

/// A pool created for one test.
#[derive(Debug, Clone)]
pub struct TestPool {
    /// Base URL of the peer (user pools and identity pools alike).
    pub endpoint: String,
    /// Region of the pool.
    pub region: String,
    /// User pool id.
    pub user_pool_id: String,
    /// Public app client.
    pub client_id: String,
    /// App client with a secret.
    pub secret_client_id: String,
    /// Its secret.
    pub client_secret: String,
    /// Identity pool id, when created.
    pub identity_pool_id: Option<String>,
}

/// Calls an admin operation on a peer and returns the JSON answer (panics on error status).
pub async fn admin_call(endpoint: &str, service: &str, op: &str, body: Value) -> Value {
    let (value, status) = raw_call(endpoint, service, op, body).await;
    assert!(status < 300, "{service}.{op} failed with {status}: {value}");
    value
}

async fn raw_call(endpoint: &str, service: &str, op: &str, body: Value) -> (Value, u16) {
    let resp = crate::http()
        .post(format!("{endpoint}/"))
        .header("X-Amz-Target", format!("{service}.{op}"))
        .header("Content-Type", "application/x-amz-json-1.1")
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{service}.{op}: {e}"));
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    (
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
        status,
    )
}

const IDP: &str = "AWSCognitoIdentityProviderService";
const IDENTITY: &str = "AWSCognitoIdentityService";

pub(crate) async fn create_pool(endpoint: &str, spec: PoolSpec) -> TestPool {
    let mut pool_req = json!({
        "PoolName": crate::unique("pool"),
        "MfaConfiguration": spec.mfa,
        "Policies": {"PasswordPolicy": {
            "MinimumLength": 8, "RequireUppercase": true, "RequireLowercase": true,
            "RequireNumbers": true, "RequireSymbols": false
        }},
    });
    // Sent even when empty: cognito-local otherwise defaults to email user names.
    pool_req["UsernameAttributes"] = json!(spec.username_attributes);
    if !spec.auto_verified_attributes.is_empty() {
        pool_req["AutoVerifiedAttributes"] = json!(spec.auto_verified_attributes);
    }
    if let (Some(obj), Some(extra)) = (pool_req.as_object_mut(), spec.extra_pool_fields.as_object())
    {
        obj.extend(extra.clone());
    }
    let pool = admin_call(endpoint, IDP, "CreateUserPool", pool_req).await;
    let pool_id = pool["UserPool"]["Id"].as_str().expect("pool id").to_owned();
    let region = pool_id.split('_').next().unwrap_or("us-east-1").to_owned();

    let client = |secret: bool| {
        let mut req = json!({
            "UserPoolId": pool_id,
            "ClientName": if secret { "secret-client" } else { "public-client" },
            "GenerateSecret": secret,
            "ExplicitAuthFlows": [
                "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
                "ALLOW_CUSTOM_AUTH", "ALLOW_USER_AUTH"
            ],
            "EnableTokenRevocation": true,
        });
        if let Some(minutes) = spec.token_validity_minutes {
            req["AccessTokenValidity"] = json!(minutes);
            req["IdTokenValidity"] = json!(minutes);
            req["TokenValidityUnits"] = json!({"AccessToken": "minutes", "IdToken": "minutes"});
        }
        admin_call(endpoint, IDP, "CreateUserPoolClient", req)
    };
    let public = client(false).await;
    let secret = client(true).await;

    let identity_pool_id = if spec.identity_pool {
        let mut req = json!({
            "IdentityPoolName": crate::unique("identities"),
            "AllowUnauthenticatedIdentities": spec.allow_guest,
            "CognitoIdentityProviders": [
                {"ProviderName": format!("cognito-idp.{region}.amazonaws.com/{pool_id}"),
                 "ClientId": public["UserPoolClient"]["ClientId"], "ServerSideTokenCheck": false},
                {"ProviderName": format!("cognito-idp.{region}.amazonaws.com/{pool_id}"),
                 "ClientId": secret["UserPoolClient"]["ClientId"], "ServerSideTokenCheck": false}
            ],
            "SupportedLoginProviders": spec.login_providers,
        });
        if let Some(dev) = &spec.developer_provider {
            req["DeveloperProviderName"] = json!(dev);
        }
        let created = admin_call(endpoint, IDENTITY, "CreateIdentityPool", req).await;
        Some(
            created["IdentityPoolId"]
                .as_str()
                .expect("identity pool id")
                .to_owned(),
        )
    } else {
        None
    };

    TestPool {
        endpoint: endpoint.to_owned(),
        region,
        user_pool_id: pool_id,
        client_id: public["UserPoolClient"]["ClientId"]
            .as_str()
            .expect("client id")
            .to_owned(),
        secret_client_id: secret["UserPoolClient"]["ClientId"]
            .as_str()
            .expect("client id")
            .to_owned(),
        client_secret: secret["UserPoolClient"]["ClientSecret"]
            .as_str()
            .expect("client secret")
            .to_owned(),
        identity_pool_id,
    }
}

impl TestPool {
    /// `amplify_outputs.json` (Gen 2) text for the public client.
    pub fn amplify_outputs(&self) -> String {
        self.outputs(false).to_string()
    }

    /// `amplify_outputs.json` text for the client with a secret (the
    /// `user_pool_client_secret` extension).
    pub fn amplify_outputs_with_secret(&self) -> String {
        self.outputs(true).to_string()
    }

    fn outputs(&self, secret: bool) -> Value {
        let mut auth = json!({
            "aws_region": self.region,
            "user_pool_id": self.user_pool_id,
            "user_pool_client_id": if secret { &self.secret_client_id } else { &self.client_id },
            "unauthenticated_identities_enabled": true,
        });
        if secret {
            auth["user_pool_client_secret"] = json!(self.client_secret);
        }
        if let Some(id) = &self.identity_pool_id {
            auth["identity_pool_id"] = json!(id);
        }
        json!({"version": "1.3", "auth": auth})
    }

    /// `amplifyconfiguration.json` (Gen 1) text for the public client. It names no
    /// `Endpoint`: a file may only name https ones, so the peer (plain http) is reached with
    /// an endpoint override in code, as for the Gen 2 file.
    pub fn amplifyconfiguration(&self) -> String {
        let mut plugin = json!({
            "CognitoUserPool": {"Default": {
                "PoolId": self.user_pool_id, "AppClientId": self.client_id,
                "Region": self.region,
            }},
            "Auth": {"Default": {"authenticationFlowType": "USER_SRP_AUTH"}},
        });
        if let Some(id) = &self.identity_pool_id {
            plugin["CredentialsProvider"] =
                json!({"CognitoIdentity": {"Default": {"PoolId": id, "Region": self.region}}});
        }
        json!({"auth": {"plugins": {"awsCognitoAuthPlugin": plugin}}}).to_string()
    }

    /// Calls a user-pool admin operation with `UserPoolId` filled in.
    pub async fn admin(&self, op: &str, mut body: Value) -> Value {
        body["UserPoolId"] = json!(self.user_pool_id);
        admin_call(&self.endpoint, IDP, op, body).await
    }

    /// Creates a confirmed user with a permanent password (admin path, no codes involved).
    pub async fn create_user(&self, username: &str, password: &str, attributes: &[(&str, &str)]) {
        let attrs: Vec<Value> = attributes
            .iter()
            .map(|(n, v)| json!({"Name": n, "Value": v}))
            .collect();
        self.admin(
            "AdminCreateUser",
            json!({"Username": username, "UserAttributes": attrs, "MessageAction": "SUPPRESS"}),
        )
        .await;
        self.admin(
            "AdminSetUserPassword",
            json!({"Username": username, "Password": password, "Permanent": true}),
        )
        .await;
    }
}
