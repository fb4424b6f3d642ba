//! Remembered devices: `ConfirmDevice` after a sign-in that reports a new device, and the
//! device operations of a signed-in user. A confirmed device's random password (its SRP
//! secret) stays in secure storage and answers DEVICE_SRP_AUTH on later sign-ins, which is
//! how a remembered device skips MFA.

use crate::client::AuthClient;
use crate::error::{AuthError, Result};
use crate::secret::Secret;
use crate::session::DeviceSecrets;
use crate::srp::DeviceVerifier;
use crate::tokens::UserPoolTokens;
use crate::wire::user_pool::{
    ConfirmDeviceRequest, DeviceSecretVerifierConfig, DeviceType, ForgetDeviceRequest,
    ListDevicesRequest, NewDeviceMetadata, UpdateDeviceStatusRequest,
};
use std::collections::BTreeMap;

/// A device Cognito tracks for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthDevice {
    /// Device key.
    pub id: String,
    /// `device_name`, when set.
    pub name: Option<String>,
    /// All device attributes (`device_status`, `last_ip_used`, …).
    pub attributes: BTreeMap<String, String>,
    /// Created, seconds since the epoch.
    pub created_at: Option<f64>,
    /// Last authenticated, seconds since the epoch.
    pub last_authenticated_at: Option<f64>,
}

impl From<DeviceType> for AuthDevice {
    fn from(d: DeviceType) -> Self {
        let attributes: BTreeMap<String, String> = d
            .device_attributes
            .into_iter()
            .map(|a| (a.name, a.value))
            .collect();
        Self {
            id: d.device_key.unwrap_or_default(),
            name: attributes.get("device_name").cloned(),
            attributes,
            created_at: d.device_create_date,
            last_authenticated_at: d.device_last_authenticated_date,
        }
    }
}

/// The name devices are confirmed under.
fn device_name() -> String {
    format!("cognito-auth ({})", std::env::consts::OS)
}

impl AuthClient {
    /// `ConfirmDevice` for the device Cognito just reported, with the SRP verifier of a fresh
    /// random device password; the secrets are stored under the name the user typed and the
    /// pool's user name.
    pub(crate) async fn confirm_new_device(
        &self,
        tokens: &UserPoolTokens,
        device: &NewDeviceMetadata,
        typed_username: &str,
    ) -> Result<()> {
        let pool = self.user_pool()?;
        let (password, verifier) =
            DeviceVerifier::generate(&device.device_group_key, &device.device_key)?;
        pool.send(&ConfirmDeviceRequest {
            access_token: tokens.access_token.clone(),
            device_key: device.device_key.clone(),
            device_secret_verifier_config: DeviceSecretVerifierConfig {
                password_verifier: Secret::new(verifier.password_verifier.clone()),
                salt: verifier.salt.clone(),
            },
            device_name: Some(device_name()),
        })
        .await?;
        let secrets = DeviceSecrets {
            device_key: device.device_key.clone(),
            device_group_key: device.device_group_key.clone(),
            device_password: Secret::new(password),
        };
        self.set_device_secrets(typed_username, Some(&secrets))
            .await?;
        if let Some(name) = tokens.id_claims()?.username()
            && name != typed_username
        {
            self.set_device_secrets(name, Some(&secrets)).await?;
        }
        Ok(())
    }

    /// The signed-in user's access token and user name.
    pub(crate) async fn current_user_tokens(&self) -> Result<(UserPoolTokens, String)> {
        let tokens = self.signed_in_tokens().await?;
        let name = tokens
            .id_claims()?
            .username()
            .map(str::to_owned)
            .ok_or_else(|| AuthError::InvalidState("the ID token names no user".into()))?;
        Ok((tokens, name))
    }

    /// The key of this device for the signed-in user, if it was confirmed.
    async fn this_device(&self, username: &str) -> Result<String> {
        self.device_secrets(username)
            .await?
            .map(|d| d.device_key)
            .ok_or_else(|| {
                AuthError::InvalidState(
                    "this device is not tracked by the pool (no device was confirmed at \
                     sign-in)"
                        .into(),
                )
            })
    }

    /// Marks this device as remembered: later sign-ins on it skip MFA.
    pub async fn remember_device(&self) -> Result<()> {
        self.bounded(async move {
            let (tokens, user) = self.current_user_tokens().await?;
            let device_key = self.this_device(&user).await?;
            let pool = self.user_pool()?;
            pool.send(&UpdateDeviceStatusRequest {
                access_token: tokens.access_token,
                device_key,
                device_remembered_status: "remembered".into(),
            })
            .await?;
            Ok(())
        })
        .await
    }

    /// Forgets a device (`None`: this one, whose local secrets are deleted too).
    pub async fn forget_device(&self, device_id: Option<&str>) -> Result<()> {
        self.bounded(async move {
            let (tokens, user) = self.current_user_tokens().await?;
            let this = self.device_secrets(&user).await?.map(|d| d.device_key);
            let device_key = match device_id {
                Some(id) => id.to_owned(),
                None => self.this_device(&user).await?,
            };
            let pool = self.user_pool()?;
            pool.send(&ForgetDeviceRequest {
                access_token: tokens.access_token,
                device_key: device_key.clone(),
            })
            .await?;
            if this.as_deref() == Some(device_key.as_str()) {
                self.set_device_secrets(&user, None).await?;
            }
            Ok(())
        })
        .await
    }

    /// The devices Cognito tracks for the signed-in user (every page).
    pub async fn fetch_devices(&self) -> Result<Vec<AuthDevice>> {
        self.bounded(async move {
            let (tokens, _) = self.current_user_tokens().await?;
            let pool = self.user_pool()?;
            let mut out = Vec::new();
            let mut page: Option<String> = None;
            for _ in 0..100 {
                let resp = pool
                    .send(&ListDevicesRequest {
                        access_token: tokens.access_token.clone(),
                        limit: 60,
                        pagination_token: page.take(),
                    })
                    .await?;
                out.extend(resp.devices.into_iter().map(AuthDevice::from));
                match resp.pagination_token {
                    Some(t) if !t.is_empty() => page = Some(t),
                    _ => return Ok(out),
                }
            }
            Ok(out)
        })
        .await
    }
}
