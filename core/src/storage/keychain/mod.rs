//! The Keychain store (iOS, macOS, and the other Apple platforms).
//!
//! Each item is a generic password: service `<service>/<namespace>`, account = the item's key,
//! the value as the password data. A namespace has a service name of its own so that
//! `remove_all` is one `SecItemDelete` on that service — no listing of items, no window where
//! a listed item is missed, no prefix that one namespace could share with another (`a.b` vs
//! `a` + key `b…`). Every item also carries the label `<service>`, which tags all of this
//! library's items for a future "wipe everything".
//!
//! - **Who can read.** Only the app (its default keychain access group), or the apps and
//!   extensions of [`KeychainOptions::access_group`] (a Keychain Sharing or app group entry of
//!   the app's entitlements). The data-protection keychain is used on macOS as well, so the
//!   same rules hold there (a macOS app needs an application identifier: a signed app).
//! - **When.** [`KeychainAccessibility::AfterFirstUnlockThisDeviceOnly`] by default: readable
//!   from the first unlock after a reboot until the next reboot (background refreshes work
//!   while the screen is locked), never restored to another device from a backup or by
//!   migration, never synced to iCloud Keychain.
//! - **Reinstall.** iOS keeps Keychain items when the app is deleted. With
//!   [`KeychainOptions::clear_after_reinstall`] (the default without an access group) the first
//!   use after a fresh install deletes every item this library stored (found by their label):
//!   a flag in the app's preferences (UserDefaults), which are deleted with the app, tells a
//!   fresh install from an update. A reinstalled app therefore starts signed out.
//! - **Writes** update in place (`SecItemUpdate`), add when missing (`SecItemAdd`), and update
//!   again if another thread added it in between: there is no delete-then-add window in which
//!   a crash loses the item. The session layer keeps the whole credential set in one item, so
//!   it cannot tear.
//! - **Errors** name the `OSStatus` and what to do: `-34018` (missing entitlement) is
//!   `AccessDenied`; `-25308` (device locked before the first unlock) is `Unavailable` — retry
//!   later, nothing is deleted and nobody is signed out; `-25300` (not found) is simply no
//!   value; `-25299` (duplicate) is handled by updating.

#[cfg(target_vendor = "apple")]
mod apple;

#[cfg(target_vendor = "apple")]
pub use apple::KeychainStore;

use super::StorageError;

/// When Keychain items may be read (`kSecAttrAccessible…`). The `ThisDeviceOnly` kinds are
/// never restored to another device from a backup or by migration, nor synced to iCloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeychainAccessibility {
    /// Only while the device is unlocked (no background refresh while locked).
    WhenUnlocked,
    /// Only while unlocked; stays on this device.
    WhenUnlockedThisDeviceOnly,
    /// From the first unlock after a reboot on; restorable to another device.
    AfterFirstUnlock,
    /// From the first unlock after a reboot on; stays on this device. The default.
    #[default]
    AfterFirstUnlockThisDeviceOnly,
    /// Only while unlocked and only while a passcode is set (deleted when it is removed).
    WhenPasscodeSetThisDeviceOnly,
}

impl KeychainAccessibility {
    /// The Security framework's name of the constant.
    pub fn constant_name(self) -> &'static str {
        match self {
            Self::WhenUnlocked => "kSecAttrAccessibleWhenUnlocked",
            Self::WhenUnlockedThisDeviceOnly => "kSecAttrAccessibleWhenUnlockedThisDeviceOnly",
            Self::AfterFirstUnlock => "kSecAttrAccessibleAfterFirstUnlock",
            Self::AfterFirstUnlockThisDeviceOnly => {
                "kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly"
            }
            Self::WhenPasscodeSetThisDeviceOnly => {
                "kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly"
            }
        }
    }
}

/// Where the Keychain store keeps its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeychainOptions {
    /// Service name prefix of the items (`<service>/<namespace>`).
    pub service: String,
    /// Keychain access group shared with other apps or extensions of the same team
    /// (`TEAMID.com.example.shared`); `None`: the app's own default group.
    pub access_group: Option<String>,
    /// When the items may be read.
    pub accessibility: KeychainAccessibility,
    /// Delete this library's items at the first use after a fresh install (they outlive the
    /// app on iOS). Keep it off for items in an access group shared with an extension or
    /// another app: each has its own preferences, and the first to run would wipe the
    /// others' credentials.
    pub clear_after_reinstall: bool,
}

impl Default for KeychainOptions {
    fn default() -> Self {
        Self {
            service: "com.cognitoauth".into(),
            access_group: None,
            accessibility: KeychainAccessibility::default(),
            clear_after_reinstall: true,
        }
    }
}

impl KeychainOptions {
    /// The service name of a namespace's items.
    pub fn service_of(&self, namespace: &str) -> String {
        format!("{}/{namespace}", self.service)
    }

    /// The preferences key that marks "this install has used the Keychain store".
    pub fn installed_flag(&self) -> String {
        format!("{}.keychain-store-installed", self.service)
    }
}

// OSStatus values this store gives a meaning to (Security/SecBase.h).
pub(crate) const ERR_SEC_SUCCESS: i32 = 0;
pub(crate) const ERR_SEC_ITEM_NOT_FOUND: i32 = -25300;
pub(crate) const ERR_SEC_DUPLICATE_ITEM: i32 = -25299;
const ERR_SEC_MISSING_ENTITLEMENT: i32 = -34018;
const ERR_SEC_INTERACTION_NOT_ALLOWED: i32 = -25308;
const ERR_SEC_NOT_AVAILABLE: i32 = -25291;
const ERR_SEC_AUTH_FAILED: i32 = -25293;
const ERR_SEC_NO_ACCESS_FOR_ITEM: i32 = -25243;
const ERR_SEC_USER_CANCELED: i32 = -128;
const ERR_SEC_PARAM: i32 = -50;
const ERR_SEC_DECODE: i32 = -26275;

/// The typed error for a failed Keychain call: the operation, the `OSStatus`, the system's
/// text (when it has one) and what to do about it.
pub(crate) fn status_error(
    options: &KeychainOptions,
    operation: &str,
    status: i32,
    system_text: Option<&str>,
) -> StorageError {
    let head = match system_text {
        Some(t) if !t.is_empty() => format!("keychain {operation} failed: OSStatus {status} ({t})"),
        _ => format!("keychain {operation} failed: OSStatus {status}"),
    };
    match status {
        ERR_SEC_MISSING_ENTITLEMENT => StorageError::AccessDenied(format!(
            "{head}: errSecMissingEntitlement — {}",
            match &options.access_group {
                Some(group) => format!(
                    "the app's entitlements must list the keychain access group `{group}` \
                     (Keychain Sharing capability, `keychain-access-groups`), with the team id \
                     prefix"
                ),
                None => "the app has no keychain entitlement: run it signed with an \
                         application identifier (a simulator test host needs a host app; a \
                         macOS tool must be a signed app to use the data-protection keychain)"
                    .into(),
            }
        )),
        ERR_SEC_INTERACTION_NOT_ALLOWED => StorageError::Unavailable(format!(
            "{head}: errSecInteractionNotAllowed — the device is locked and items with \
             accessibility {} cannot be read yet; retry after the first unlock (nothing was \
             deleted, the user stays signed in)",
            options.accessibility.constant_name()
        )),
        ERR_SEC_NOT_AVAILABLE => StorageError::Unavailable(format!(
            "{head}: errSecNotAvailable — no keychain is available; retry later"
        )),
        ERR_SEC_AUTH_FAILED | ERR_SEC_NO_ACCESS_FOR_ITEM => StorageError::AccessDenied(format!(
            "{head}: the item exists but this app may not read it (another access group or \
             a changed code signature)"
        )),
        ERR_SEC_USER_CANCELED => {
            StorageError::Unavailable(format!("{head}: errSecUserCanceled; retry later"))
        }
        ERR_SEC_PARAM => StorageError::Unavailable(format!(
            "{head}: errSecParam — the platform refused the item's attributes (access group \
             `{}`, accessibility {})",
            options.access_group.as_deref().unwrap_or("default"),
            options.accessibility.constant_name()
        )),
        ERR_SEC_DECODE => {
            StorageError::Corrupt(format!("{head}: errSecDecode — the item cannot be decoded"))
        }
        _ => StorageError::Unavailable(head),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_keep_items_on_this_device_and_readable_after_first_unlock() {
        let o = KeychainOptions::default();
        assert_eq!(
            o.accessibility.constant_name(),
            "kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly"
        );
        assert_eq!(o.access_group, None);
        assert!(
            o.clear_after_reinstall,
            "iOS keeps items after the app is deleted"
        );
        assert_eq!(
            o.installed_flag(),
            "com.cognitoauth.keychain-store-installed"
        );
        assert_eq!(
            o.service_of("cognito-auth.abc"),
            "com.cognitoauth/cognito-auth.abc"
        );
        // Namespaces never share a service, whatever their names.
        assert_ne!(o.service_of("a.b"), o.service_of("a"));
    }

    #[test]
    fn statuses_map_to_typed_errors_with_a_hint() {
        let o = KeychainOptions {
            access_group: Some("ABCDE12345.com.example.shared".into()),
            ..Default::default()
        };
        let e = status_error(
            &o,
            "read",
            -34018,
            Some("A required entitlement isn't present."),
        );
        assert!(
            matches!(&e, StorageError::AccessDenied(m)
                if m.contains("-34018") && m.contains("ABCDE12345.com.example.shared")
                    && m.contains("entitlement")),
            "{e:?}"
        );
        let e = status_error(&KeychainOptions::default(), "read", -34018, None);
        assert!(
            matches!(&e, StorageError::AccessDenied(m) if m.contains("signed")),
            "{e:?}"
        );

        let e = status_error(&o, "read", -25308, None);
        assert!(
            matches!(&e, StorageError::Unavailable(m)
                if m.contains("-25308") && m.contains("first unlock")
                    && m.contains("kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly")),
            "{e:?}"
        );
        assert!(matches!(
            status_error(&o, "write", -25293, None),
            StorageError::AccessDenied(_)
        ));
        assert!(matches!(
            status_error(&o, "read", -26275, None),
            StorageError::Corrupt(_)
        ));
        let e = status_error(&o, "write", -61, Some("Write permissions error."));
        assert!(
            matches!(&e, StorageError::Unavailable(m) if m.contains("-61") && m.contains("Write permissions")),
            "{e:?}"
        );
    }
}
