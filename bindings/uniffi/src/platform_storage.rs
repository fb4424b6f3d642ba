//! The platform stores as `SecureStorage` values: the Keychain (Apple platforms) and the
//! Android Keystore. Both constructors exist in every build so the generated Swift and Kotlin
//! are the same everywhere; on a platform without the store they fail with `NotSupported`.
//! The Swift layer uses the Keychain store by default, the Kotlin layer the Keystore store
//! once `CognitoAuth.initialize(context)` has run; apps can pass any `SecureStorage` instead.

use crate::error::AuthError;
use crate::runtime;
use crate::storage::SecureStorage;
use cognito_auth::storage::KeychainAccessibility;
use std::sync::Arc;

/// When Keychain items may be read. The `ThisDeviceOnly` kinds never leave the device (no
/// backup restore elsewhere, no iCloud Keychain).
#[uniffi::remote(Enum)]
pub enum KeychainAccessibility {
    /// Only while the device is unlocked.
    WhenUnlocked,
    /// Only while unlocked; stays on this device.
    WhenUnlockedThisDeviceOnly,
    /// From the first unlock after a reboot on.
    AfterFirstUnlock,
    /// From the first unlock after a reboot on; stays on this device (the default).
    AfterFirstUnlockThisDeviceOnly,
    /// Only while unlocked and a passcode is set; stays on this device.
    WhenPasscodeSetThisDeviceOnly,
}

/// Where the Keychain store keeps its items.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KeychainStorageOptions {
    /// Service name prefix of the items (`<service>/<namespace>`).
    #[uniffi(default = "com.cognitoauth")]
    pub service: String,
    /// Keychain access group shared with the app's extensions or other apps of the team
    /// (`TEAMID.com.example.shared`); it must be in the app's entitlements.
    #[uniffi(default = None)]
    pub access_group: Option<String>,
    /// When items may be read (default: after first unlock, this device only).
    #[uniffi(default = None)]
    pub accessibility: Option<KeychainAccessibility>,
    /// Delete this library's items on the first use after a fresh install (iOS keeps them
    /// when the app is deleted). Default: on without an access group, off with one (an
    /// extension sharing the group has its own preferences and would wipe the app's items).
    #[uniffi(default = None)]
    pub clear_after_reinstall: Option<bool>,
}

impl From<KeychainStorageOptions> for cognito_auth::storage::KeychainOptions {
    fn from(o: KeychainStorageOptions) -> Self {
        Self {
            clear_after_reinstall: o.clear_after_reinstall.unwrap_or(o.access_group.is_none()),
            service: o.service,
            access_group: o.access_group,
            accessibility: o.accessibility.unwrap_or_default(),
        }
    }
}

/// Where the Android Keystore store keeps its key and its sealed files.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KeystoreStorageOptions {
    /// Directory of the sealed files: a folder in `Context.getNoBackupFilesDir()` (the Kotlin
    /// initialiser fills it in), so backups and device transfers never copy them.
    pub directory: String,
    /// Alias of the AES-256-GCM key in the key store.
    #[uniffi(default = "cognito-auth.store-key")]
    pub alias: String,
    /// `AndroidKeyStore` on devices; `PKCS12` (with `keystore_file`) for desktop-JVM tests.
    #[uniffi(default = "AndroidKeyStore")]
    pub keystore_type: String,
    /// File of a software key store (tests only).
    #[uniffi(default = None)]
    pub keystore_file: Option<String>,
    /// JCA provider of the cipher (`SunJCE`, …); `null`: the platform's choice, which
    /// `AndroidKeyStore` keys need.
    #[uniffi(default = None)]
    pub cipher_provider: Option<String>,
}

impl From<KeystoreStorageOptions> for cognito_auth::storage::KeystoreOptions {
    fn from(o: KeystoreStorageOptions) -> Self {
        Self {
            directory: o.directory.into(),
            alias: o.alias,
            keystore_type: o.keystore_type,
            keystore_file: o.keystore_file.map(Into::into),
            cipher_provider: o.cipher_provider,
        }
    }
}

/// The Keychain store (iOS, macOS, the other Apple platforms): generic-password items readable
/// only by this app or its access group. `NotSupported` elsewhere.
#[uniffi::export(default(options = None))]
pub fn keychain_storage(
    options: Option<KeychainStorageOptions>,
) -> Result<Arc<dyn SecureStorage>, AuthError> {
    runtime::guard_sync(|| {
        #[cfg(target_vendor = "apple")]
        {
            let options = options.map(Into::into).unwrap_or_default();
            let store = cognito_auth::storage::KeychainStore::new(options);
            Ok(Arc::new(crate::storage::RustStorage(Arc::new(store))) as Arc<dyn SecureStorage>)
        }
        #[cfg(not(target_vendor = "apple"))]
        {
            let _ = options;
            Err(AuthError::NotSupported {
                reason: "the Keychain store exists on Apple platforms only".into(),
            })
        }
    })
}

/// The Android Keystore store: files in `options.directory` sealed with an AES-256-GCM key
/// that never leaves the Keystore. Call it from a Kotlin thread (the initialiser does): the
/// Java classes it uses are looked up there. `NotSupported` off Android (and off the desktop
/// JVM test build); `Storage(Unavailable)` when the key store or cipher is missing.
#[uniffi::export]
pub fn keystore_storage(
    options: KeystoreStorageOptions,
) -> Result<Arc<dyn SecureStorage>, AuthError> {
    runtime::guard_sync(|| {
        #[cfg(any(target_os = "android", feature = "jvm-keystore"))]
        {
            let store = cognito_auth::storage::KeystoreStore::android(options.into())?;
            Ok(Arc::new(crate::storage::RustStorage(Arc::new(store))) as Arc<dyn SecureStorage>)
        }
        #[cfg(not(any(target_os = "android", feature = "jvm-keystore")))]
        {
            let _ = options;
            Err(AuthError::NotSupported {
                reason: "the Android Keystore store exists on Android only".into(),
            })
        }
    })
}

/// Called by the VM when Android's `System.loadLibrary` loads this library (the Kotlin
/// initialiser does, so the Keystore store finds the VM at once; JNA's own `dlopen` does not
/// call it, and the store then asks `JNI_GetCreatedJavaVMs`).
///
/// # Safety
/// Called by the Java VM only, with its `JavaVM` pointer.
#[cfg(target_os = "android")]
#[unsafe(no_mangle)]
pub unsafe extern "system" fn JNI_OnLoad(
    vm: *mut std::ffi::c_void,
    _reserved: *mut std::ffi::c_void,
) -> i32 {
    // SAFETY: the VM passes its own, valid pointer.
    unsafe { cognito_auth::storage::set_java_vm(vm.cast()) };
    0x0001_0006 // JNI_VERSION_1_6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keychain_options_default_to_this_device_and_clear_after_reinstall_unless_shared() {
        let o = KeychainStorageOptions {
            service: "com.cognitoauth".into(),
            access_group: None,
            accessibility: None,
            clear_after_reinstall: None,
        };
        let core: cognito_auth::storage::KeychainOptions = o.clone().into();
        assert_eq!(core, Default::default());
        assert!(core.clear_after_reinstall);
        let shared: cognito_auth::storage::KeychainOptions = KeychainStorageOptions {
            access_group: Some("ABCDE12345.com.example.shared".into()),
            accessibility: Some(KeychainAccessibility::WhenUnlockedThisDeviceOnly),
            ..o
        }
        .into();
        assert!(
            !shared.clear_after_reinstall,
            "an extension would wipe the app's items"
        );
        assert_eq!(
            shared.accessibility,
            KeychainAccessibility::WhenUnlockedThisDeviceOnly
        );
    }

    #[cfg(not(target_vendor = "apple"))]
    #[test]
    fn the_keychain_store_is_not_supported_here() {
        let e = keychain_storage(None).err().unwrap();
        assert!(matches!(e, AuthError::NotSupported { .. }), "{e:?}");
    }

    #[cfg(not(any(target_os = "android", feature = "jvm-keystore")))]
    #[test]
    fn the_keystore_store_is_not_supported_without_a_jvm_build() {
        let options = KeystoreStorageOptions {
            directory: "/tmp/x".into(),
            alias: "a".into(),
            keystore_type: "AndroidKeyStore".into(),
            keystore_file: None,
            cipher_provider: None,
        };
        let e = keystore_storage(options).err().unwrap();
        assert!(matches!(e, AuthError::NotSupported { .. }), "{e:?}");
    }
}
