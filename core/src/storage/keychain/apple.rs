//! The Keychain calls (`SecItem*`), Apple platforms only. See the parent module for the rules.

use super::{
    ERR_SEC_DUPLICATE_ITEM, ERR_SEC_ITEM_NOT_FOUND, ERR_SEC_SUCCESS, KeychainAccessibility,
    KeychainOptions, status_error,
};
use crate::storage::{SecureStore, StorageError};
use async_trait::async_trait;
use core_foundation::base::{CFType, TCFType};
use core_foundation::boolean::CFBoolean;
use core_foundation::data::CFData;
use core_foundation::dictionary::CFDictionary;
use core_foundation::string::{CFString, CFStringRef};
use core_foundation_sys::base::CFTypeRef;
use core_foundation_sys::data::CFDataRef;
use core_foundation_sys::preferences::{
    CFPreferencesAppSynchronize, CFPreferencesCopyAppValue, CFPreferencesSetAppValue,
    kCFPreferencesCurrentApplication,
};
use security_framework_sys::access_control::{
    kSecAttrAccessibleAfterFirstUnlock, kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
    kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly, kSecAttrAccessibleWhenUnlocked,
    kSecAttrAccessibleWhenUnlockedThisDeviceOnly,
};
use security_framework_sys::item::{
    kSecAttrAccessGroup, kSecAttrAccount, kSecAttrLabel, kSecAttrService, kSecClass,
    kSecClassGenericPassword, kSecMatchLimit, kSecReturnData, kSecUseDataProtectionKeychain,
    kSecValueData,
};
use security_framework_sys::keychain_item::{
    SecItemAdd, SecItemCopyMatching, SecItemDelete, SecItemUpdate,
};
use std::ptr;
use std::sync::{Arc, Mutex};

// Item attributes of SecItem.h that security-framework-sys does not declare.
#[link(name = "Security", kind = "framework")]
unsafe extern "C" {
    static kSecAttrAccessible: CFStringRef;
    static kSecMatchLimitOne: CFStringRef;
}

/// Tries of the update-or-add loop: an add that collides with another writer's add is
/// followed by an update; more than a few rounds means something else is wrong.
const WRITE_ROUNDS: usize = 3;

/// A [`SecureStore`] in the Keychain (generic-password items; see the module documentation).
#[derive(Debug, Clone)]
pub struct KeychainStore {
    options: Arc<KeychainOptions>,
}

impl KeychainStore {
    /// A store with these options. Nothing is read until the first call.
    pub fn new(options: KeychainOptions) -> Self {
        Self {
            options: Arc::new(options),
        }
    }

    /// The options the store was made with.
    pub fn options(&self) -> &KeychainOptions {
        &self.options
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&KeychainOptions) -> Result<T, StorageError> + Send + 'static,
    ) -> Result<T, StorageError> {
        // Keychain calls are IPC to securityd and may block: keep them off the async threads.
        let options = self.options.clone();
        let work = move |o: &KeychainOptions| {
            clear_after_reinstall(o)?;
            work(o)
        };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => handle
                .spawn_blocking(move || work(&options))
                .await
                .map_err(|e| StorageError::Unavailable(format!("keychain task failed: {e}")))?,
            Err(_) => work(&options),
        }
    }
}

fn key(constant: CFStringRef) -> CFString {
    // SAFETY: the Security framework's constants are valid, immortal CFStrings.
    unsafe { CFString::wrap_under_get_rule(constant) }
}

fn accessibility(a: KeychainAccessibility) -> CFString {
    // SAFETY: as in `key`.
    key(unsafe {
        match a {
            KeychainAccessibility::WhenUnlocked => kSecAttrAccessibleWhenUnlocked,
            KeychainAccessibility::WhenUnlockedThisDeviceOnly => {
                kSecAttrAccessibleWhenUnlockedThisDeviceOnly
            }
            KeychainAccessibility::AfterFirstUnlock => kSecAttrAccessibleAfterFirstUnlock,
            KeychainAccessibility::AfterFirstUnlockThisDeviceOnly => {
                kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
            }
            KeychainAccessibility::WhenPasscodeSetThisDeviceOnly => {
                kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly
            }
        }
    })
}

/// The attributes that identify a namespace's items (and, with `account`, one item).
fn query(o: &KeychainOptions, namespace: &str, account: Option<&str>) -> Vec<(CFString, CFType)> {
    // SAFETY: reading the framework's constant CFString pointers.
    let mut q = unsafe {
        vec![
            (key(kSecClass), key(kSecClassGenericPassword).into_CFType()),
            (
                key(kSecAttrService),
                CFString::new(&o.service_of(namespace)).into_CFType(),
            ),
            // The iOS-style keychain on macOS too: access groups and accessibility apply.
            (
                key(kSecUseDataProtectionKeychain),
                CFBoolean::true_value().into_CFType(),
            ),
        ]
    };
    if let Some(account) = account {
        q.push((
            key(unsafe { kSecAttrAccount }),
            CFString::new(account).into_CFType(),
        ));
    }
    if let Some(group) = &o.access_group {
        q.push((
            key(unsafe { kSecAttrAccessGroup }),
            CFString::new(group).into_CFType(),
        ));
    }
    q
}

fn dict(pairs: &[(CFString, CFType)]) -> CFDictionary<CFString, CFType> {
    CFDictionary::from_CFType_pairs(pairs)
}

fn fail(o: &KeychainOptions, operation: &str, status: i32) -> StorageError {
    let text = security_framework::base::Error::from_code(status).message();
    status_error(o, operation, status, text.as_deref())
}

fn read(
    o: &KeychainOptions,
    namespace: &str,
    account: &str,
) -> Result<Option<Vec<u8>>, StorageError> {
    let mut q = query(o, namespace, Some(account));
    // SAFETY: framework constants.
    unsafe {
        q.push((key(kSecReturnData), CFBoolean::true_value().into_CFType()));
        q.push((key(kSecMatchLimit), key(kSecMatchLimitOne).into_CFType()));
    }
    let q = dict(&q);
    let mut result: CFTypeRef = ptr::null();
    // SAFETY: a valid query dictionary and out pointer; on success `result` is a +1 CFData.
    let status = unsafe { SecItemCopyMatching(q.as_concrete_TypeRef(), &mut result) };
    match status {
        ERR_SEC_SUCCESS if !result.is_null() => {
            // SAFETY: kSecReturnData with kSecMatchLimitOne returns one CFData (create rule).
            let data = unsafe { CFData::wrap_under_create_rule(result as CFDataRef) };
            Ok(Some(data.bytes().to_vec()))
        }
        ERR_SEC_SUCCESS | ERR_SEC_ITEM_NOT_FOUND => Ok(None),
        other => Err(fail(o, "read", other)),
    }
}

/// Update in place; add when missing; update again when another writer added it first.
fn write(
    o: &KeychainOptions,
    namespace: &str,
    account: &str,
    value: &[u8],
) -> Result<(), StorageError> {
    let ident = query(o, namespace, Some(account));
    let data = CFData::from_buffer(value).into_CFType();
    let access = accessibility(o.accessibility).into_CFType();
    // SAFETY: framework constants.
    let (value_key, accessible_key, label_key) = unsafe {
        (
            key(kSecValueData),
            key(kSecAttrAccessible),
            key(kSecAttrLabel),
        )
    };
    let changes = dict(&[
        (value_key.clone(), data.clone()),
        (accessible_key.clone(), access.clone()),
    ]);
    let mut new_item = ident.clone();
    new_item.push((value_key, data));
    new_item.push((accessible_key, access));
    new_item.push((label_key, CFString::new(&o.service).into_CFType()));
    let (ident, new_item) = (dict(&ident), dict(&new_item));
    for _ in 0..WRITE_ROUNDS {
        // SAFETY: valid dictionaries.
        let status =
            unsafe { SecItemUpdate(ident.as_concrete_TypeRef(), changes.as_concrete_TypeRef()) };
        match status {
            ERR_SEC_SUCCESS => return Ok(()),
            ERR_SEC_ITEM_NOT_FOUND => {}
            other => return Err(fail(o, "update", other)),
        }
        // SAFETY: a valid dictionary; no result requested.
        let status = unsafe { SecItemAdd(new_item.as_concrete_TypeRef(), ptr::null_mut()) };
        match status {
            ERR_SEC_SUCCESS => return Ok(()),
            ERR_SEC_DUPLICATE_ITEM => continue,
            other => return Err(fail(o, "add", other)),
        }
    }
    Err(StorageError::Unavailable(format!(
        "keychain write kept colliding with other writers ({WRITE_ROUNDS} rounds); retry"
    )))
}

fn delete(o: &KeychainOptions, namespace: &str, account: Option<&str>) -> Result<(), StorageError> {
    let q = dict(&query(o, namespace, account));
    // SAFETY: a valid query. The data-protection keychain deletes every matching item.
    match unsafe { SecItemDelete(q.as_concrete_TypeRef()) } {
        ERR_SEC_SUCCESS | ERR_SEC_ITEM_NOT_FOUND => Ok(()),
        other => Err(fail(o, "delete", other)),
    }
}

/// Services whose reinstall check ran in this process (one check per process and service,
/// serialised so no store writes while another wipes).
static REINSTALL_CHECKED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// First use after a fresh install: delete every item of ours left by a previous install.
fn clear_after_reinstall(o: &KeychainOptions) -> Result<(), StorageError> {
    if !o.clear_after_reinstall {
        return Ok(());
    }
    let mut checked = REINSTALL_CHECKED.lock().unwrap_or_else(|e| e.into_inner());
    if checked.contains(&o.service) {
        return Ok(());
    }
    let flag = CFString::new(&o.installed_flag());
    // SAFETY: valid CFStrings; CopyAppValue returns a +1 reference or null.
    let present = unsafe {
        let value =
            CFPreferencesCopyAppValue(flag.as_concrete_TypeRef(), kCFPreferencesCurrentApplication);
        if !value.is_null() {
            drop(CFType::wrap_under_create_rule(value));
        }
        !value.is_null()
    };
    if !present {
        delete_everything(o)?;
        // SAFETY: valid CFStrings and a CFBoolean; the preferences copy the value.
        unsafe {
            CFPreferencesSetAppValue(
                flag.as_concrete_TypeRef(),
                CFBoolean::true_value().as_CFTypeRef(),
                kCFPreferencesCurrentApplication,
            );
            CFPreferencesAppSynchronize(kCFPreferencesCurrentApplication);
        }
    }
    checked.push(o.service.clone());
    Ok(())
}

/// Every item this library stored under `o.service`, whatever its namespace (by label).
fn delete_everything(o: &KeychainOptions) -> Result<(), StorageError> {
    // SAFETY: framework constants.
    let mut q = unsafe {
        vec![
            (key(kSecClass), key(kSecClassGenericPassword).into_CFType()),
            (key(kSecAttrLabel), CFString::new(&o.service).into_CFType()),
            (
                key(kSecUseDataProtectionKeychain),
                CFBoolean::true_value().into_CFType(),
            ),
        ]
    };
    if let Some(group) = &o.access_group {
        q.push((
            key(unsafe { kSecAttrAccessGroup }),
            CFString::new(group).into_CFType(),
        ));
    }
    let q = dict(&q);
    // SAFETY: a valid query.
    match unsafe { SecItemDelete(q.as_concrete_TypeRef()) } {
        ERR_SEC_SUCCESS | ERR_SEC_ITEM_NOT_FOUND => Ok(()),
        other => Err(fail(o, "clear after reinstall", other)),
    }
}

#[async_trait]
impl SecureStore for KeychainStore {
    async fn get(&self, namespace: &str, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        let (ns, key) = (namespace.to_owned(), key.to_owned());
        self.blocking(move |o| read(o, &ns, &key)).await
    }

    async fn set(&self, namespace: &str, key: &str, value: Vec<u8>) -> Result<(), StorageError> {
        let (ns, key) = (namespace.to_owned(), key.to_owned());
        self.blocking(move |o| write(o, &ns, &key, &value)).await
    }

    async fn remove(&self, namespace: &str, key: &str) -> Result<(), StorageError> {
        let (ns, key) = (namespace.to_owned(), key.to_owned());
        self.blocking(move |o| delete(o, &ns, Some(&key))).await
    }

    async fn remove_all(&self, namespace: &str) -> Result<(), StorageError> {
        let ns = namespace.to_owned();
        self.blocking(move |o| delete(o, &ns, None)).await
    }

    /// The service and access group: an app and its extension that share the group share
    /// the items (no lock across them: each update is compared with what is stored first).
    fn identity(&self) -> Option<String> {
        let group = self.options.access_group.as_deref().unwrap_or("");
        Some(format!("keychain:{}#{group}", self.options.service))
    }
}
