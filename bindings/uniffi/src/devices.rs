//! Remembered devices of the signed-in user.

use crate::client::AuthClient;
use crate::error::AuthError;
use crate::runtime;
use cognito_auth as core;
use std::collections::HashMap;

/// A device Cognito tracks for the user.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AuthDevice {
    /// Device key.
    pub id: String,
    /// `device_name`, when set.
    pub name: Option<String>,
    /// All device attributes (`device_status`, `last_ip_used`, …).
    pub attributes: HashMap<String, String>,
    /// Created, seconds since the Unix epoch.
    pub created_at: Option<f64>,
    /// Last authenticated, seconds since the Unix epoch.
    pub last_authenticated_at: Option<f64>,
}

impl From<core::AuthDevice> for AuthDevice {
    fn from(d: core::AuthDevice) -> Self {
        Self {
            id: d.id,
            name: d.name,
            attributes: d.attributes.into_iter().collect(),
            created_at: d.created_at,
            last_authenticated_at: d.last_authenticated_at,
        }
    }
}

#[uniffi::export]
impl AuthClient {
    /// Marks this device as remembered: later sign-ins on it skip MFA.
    pub async fn remember_device(&self) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.remember_device().await?) }).await
    }

    /// Forgets a device (`None`: this one, whose secrets are then deleted).
    #[uniffi::method(default(device_id = None))]
    pub async fn forget_device(&self, device_id: Option<String>) -> Result<(), AuthError> {
        runtime::guard_async(async { Ok(self.core.forget_device(device_id.as_deref()).await?) })
            .await
    }

    /// The user's remembered devices.
    pub async fn fetch_devices(&self) -> Result<Vec<AuthDevice>, AuthError> {
        runtime::guard_async(async {
            Ok(self
                .core
                .fetch_devices()
                .await?
                .into_iter()
                .map(Into::into)
                .collect())
        })
        .await
    }
}
