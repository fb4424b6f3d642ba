//! The key in a Java key store, driven through JNI: `AndroidKeyStore` on devices, a software
//! key store file (`PKCS12`) on a desktop JVM for the tests. Everything but key generation is
//! the same code on both: `KeyStore.getKey`, `Cipher("AES/GCM/NoPadding")` with a random
//! 12-byte IV chosen by the cipher (the Keystore insists on choosing it), a 128-bit tag, and
//! the namespace as associated data.
//!
//! Java exceptions are classified by their class and superclasses (and their causes'): only
//! `KeyPermanentlyInvalidatedException` (the lock screen was removed, new biometrics were
//! enrolled) says the key can never be used again, which is `Reset`; a tag mismatch
//! (`AEADBadTagException`) is `Corrupt`; anything else is `Unavailable`, tried again later
//! with nothing deleted. That includes `InvalidKeyException` and `UnrecoverableKeyException`:
//! Android reports transient keystore failures (early after boot, keystore2 busy) as
//! `InvalidKeyException("Keystore operation failed")`, and wiping the user's credentials on
//! one of those would sign them out for nothing. A key that is really gone is found otherwise:
//! no key under the alias, or a key that does not open the check item (see the module above).

use super::vm;
use super::{KeyStatus, KeystoreOptions, PlatformKey};
use crate::storage::StorageError;
use crate::storage::encryption::Sealer;
use jni::objects::{Global, JByteArray, JClass, JObject, JString, JThrowable, JValue};
use jni::{Env, jni_sig, jni_str};
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

const ANDROID_KEYSTORE: &str = "AndroidKeyStore";
const TRANSFORMATION: &str = "AES/GCM/NoPadding";
const TAG_BITS: i32 = 128;
const KEY_BITS: i32 = 256;
/// Password of a software key store file. Test mode only: that key sits on disk anyway.
const SOFTWARE_KEYSTORE_PASSWORD: &str = "cognito-auth-test-keystore";

/// Exception classes (or superclasses) meaning "this key can never be used again".
const KEY_LOST: &[&str] = &["android.security.keystore.KeyPermanentlyInvalidatedException"];
/// Exception classes meaning "this ciphertext does not open with this key".
const TAG_MISMATCH: &[&str] = &[
    "javax.crypto.AEADBadTagException",
    "javax.crypto.BadPaddingException",
];

/// The classes used, looked up once on an app thread and kept as global references.
struct Classes {
    key_store: Global<JClass<'static>>,
    key_generator: Global<JClass<'static>>,
    cipher: Global<JClass<'static>>,
    gcm_spec: Global<JClass<'static>>,
    string: Global<JClass<'static>>,
    file_input: Global<JClass<'static>>,
    file_output: Global<JClass<'static>>,
    secret_key_entry: Global<JClass<'static>>,
    password_protection: Global<JClass<'static>>,
    /// `KeyGenParameterSpec.Builder`: only with `AndroidKeyStore` (Android 6.0+).
    spec_builder: Option<Global<JClass<'static>>>,
}

struct Shared {
    options: KeystoreOptions,
    classes: Classes,
    /// The key object, once looked up or created.
    key: Mutex<Option<Global<JObject<'static>>>>,
}

/// A key in a Java key store (see the module documentation).
#[derive(Clone)]
pub(crate) struct JavaKey {
    shared: Arc<Shared>,
}

impl fmt::Debug for JavaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JavaKey")
            .field("alias", &self.shared.options.alias)
            .field("keystore_type", &self.shared.options.keystore_type)
            .finish()
    }
}

/// A Java exception, described by class names (own and superclasses, then its causes') and
/// its `toString()` texts. Keystore and cipher messages hold no key or plaintext.
#[derive(Debug)]
struct Thrown {
    classes: Vec<String>,
    text: String,
}

impl Thrown {
    fn is_any(&self, names: &[&str]) -> bool {
        self.classes.iter().any(|c| names.contains(&c.as_str()))
    }
}

/// What a JNI step failed with.
enum Failure {
    Thrown(Thrown),
    Jni(String),
}

type JResult<T> = Result<T, Failure>;

/// Turns a jni result into ours, taking (and clearing) a pending Java exception.
fn check<T>(env: &mut Env<'_>, result: jni::errors::Result<T>) -> JResult<T> {
    match result {
        Ok(v) => Ok(v),
        Err(jni::errors::Error::JavaException) => Err(take_exception(env)),
        Err(e) => {
            if env.exception_check() {
                Err(take_exception(env))
            } else {
                Err(Failure::Jni(e.to_string()))
            }
        }
    }
}

fn take_exception(env: &mut Env<'_>) -> Failure {
    let Some(throwable) = env.exception_occurred() else {
        return Failure::Jni("a Java exception was expected but none is pending".into());
    };
    env.exception_clear();
    let mut thrown = Thrown {
        classes: Vec::new(),
        text: String::new(),
    };
    describe(env, throwable, &mut thrown, 0);
    if env.exception_check() {
        env.exception_clear();
    }
    Failure::Thrown(thrown)
}

/// Collects class names and texts of `throwable` and up to three causes.
fn describe(env: &mut Env<'_>, throwable: JThrowable<'_>, out: &mut Thrown, depth: usize) {
    if depth > 3 || throwable.is_null() {
        return;
    }
    let text = env
        .call_method(
            &throwable,
            jni_str!("toString"),
            jni_sig!("()Ljava/lang/String;"),
            &[],
        )
        .and_then(|v| v.l())
        .and_then(|o| env.cast_local::<JString>(o))
        .and_then(|s| s.try_to_string(env))
        .unwrap_or_else(|_| "unknown exception".into());
    if !out.text.is_empty() {
        out.text.push_str(" / caused by ");
    }
    out.text.push_str(&text);
    if let Ok(mut class) = env.get_object_class(&throwable) {
        for _ in 0..8 {
            let name = env
                .call_method(
                    &class,
                    jni_str!("getName"),
                    jni_sig!("()Ljava/lang/String;"),
                    &[],
                )
                .and_then(|v| v.l())
                .and_then(|o| env.cast_local::<JString>(o))
                .and_then(|s| s.try_to_string(env));
            if let Ok(name) = name {
                out.classes.push(name);
            }
            match env.get_superclass(&class) {
                Ok(Some(parent)) => class = parent,
                _ => break,
            }
        }
    }
    if env.exception_check() {
        env.exception_clear();
    }
    let cause = env
        .call_method(
            &throwable,
            jni_str!("getCause"),
            jni_sig!("()Ljava/lang/Throwable;"),
            &[],
        )
        .and_then(|v| v.l())
        .and_then(|o| env.cast_local::<JThrowable>(o));
    if env.exception_check() {
        env.exception_clear();
    }
    if let Ok(cause) = cause
        && !cause.is_null()
        && !env.is_same_object(&cause, &throwable).unwrap_or(true)
    {
        describe(env, cause, out, depth + 1);
    }
}

/// The storage error for a failed step (`what` says which).
fn classify(what: &str, failure: Failure) -> StorageError {
    match failure {
        Failure::Thrown(t) if t.is_any(KEY_LOST) => {
            StorageError::Reset(format!("the key cannot be used ({what}: {})", t.text))
        }
        Failure::Thrown(t) if t.is_any(TAG_MISMATCH) => StorageError::Corrupt(format!(
            "stored data does not open with its key: altered or damaged ({what}: {})",
            t.text
        )),
        Failure::Thrown(t) => StorageError::Unavailable(format!("{what}: {}", t.text)),
        Failure::Jni(e) => StorageError::Unavailable(format!("{what}: JNI error: {e}")),
    }
}

fn find(env: &mut Env<'_>, name: &'static str) -> Result<Global<JClass<'static>>, StorageError> {
    let jname = jni::strings::JNIString::from(name);
    let found = env.find_class(&jname);
    let class = check(env, found).map_err(|f| match f {
        Failure::Thrown(t) => {
            StorageError::Unavailable(format!("class {name} not found: {}", t.text))
        }
        Failure::Jni(e) => StorageError::Unavailable(format!("class {name} not found: {e}")),
    })?;
    env.new_global_ref(class)
        .map_err(|e| StorageError::Unavailable(format!("global reference to {name}: {e}")))
}

impl JavaKey {
    /// Looks the classes up on the calling (app) thread and checks the key store type.
    pub(crate) fn new(options: &KeystoreOptions) -> Result<Self, StorageError> {
        if options.alias.is_empty() {
            return Err(StorageError::Unavailable("the key alias is empty".into()));
        }
        let android = options.keystore_type == ANDROID_KEYSTORE;
        if !android && options.keystore_file.is_none() {
            return Err(StorageError::Unavailable(format!(
                "key store type {} needs a key store file (only AndroidKeyStore keeps keys itself)",
                options.keystore_type
            )));
        }
        let classes = vm::on_caller_thread(|env| {
            let spec_builder = if android {
                Some(
                    find(env, "android/security/keystore/KeyGenParameterSpec$Builder").map_err(
                        |e| {
                            StorageError::Unavailable(format!(
                                "AES keys in the Android Keystore need Android 6.0 (API 23) or \
                                 newer; pass your own SecureStorage on older devices ({e})"
                            ))
                        },
                    )?,
                )
            } else {
                None
            };
            Ok(Classes {
                key_store: find(env, "java/security/KeyStore")?,
                key_generator: find(env, "javax/crypto/KeyGenerator")?,
                cipher: find(env, "javax/crypto/Cipher")?,
                gcm_spec: find(env, "javax/crypto/spec/GCMParameterSpec")?,
                string: find(env, "java/lang/String")?,
                file_input: find(env, "java/io/FileInputStream")?,
                file_output: find(env, "java/io/FileOutputStream")?,
                secret_key_entry: find(env, "java/security/KeyStore$SecretKeyEntry")?,
                password_protection: find(env, "java/security/KeyStore$PasswordProtection")?,
                spec_builder,
            })
        })?;
        let key = Self {
            shared: Arc::new(Shared {
                options: options.clone(),
                classes,
                key: Mutex::new(None),
            }),
        };
        // Fail now, with the reason, if the key store type or cipher does not exist here.
        let probe = key.shared.clone();
        vm::run(move |env| {
            probe
                .load_keystore(env)
                .map(|_| ())
                .map_err(|f| classify("opening the key store", f))?;
            probe
                .new_cipher(env)
                .map(|_| ())
                .map_err(|f| classify("creating the cipher", f))
        })?;
        Ok(key)
    }

    fn on_jni_thread<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Shared, &mut Env<'_>) -> Result<T, StorageError> + Send + 'static,
    ) -> Result<T, StorageError> {
        let shared = self.shared.clone();
        vm::run(move |env| work(&shared, env))
    }
}

impl Shared {
    fn android(&self) -> bool {
        self.options.keystore_type == ANDROID_KEYSTORE
    }

    fn software_file(&self) -> Option<&PathBuf> {
        self.options
            .keystore_file
            .as_ref()
            .filter(|_| !self.android())
    }

    fn string<'l>(&self, env: &mut Env<'l>, text: &str) -> JResult<JString<'l>> {
        let s = env.new_string(text);
        check(env, s)
    }

    /// The key store's password (`char[]`), or null for `AndroidKeyStore`.
    fn password<'l>(&self, env: &mut Env<'l>) -> JResult<JObject<'l>> {
        if self.software_file().is_none() {
            return Ok(JObject::null());
        }
        let text = self.string(env, SOFTWARE_KEYSTORE_PASSWORD)?;
        let chars = env
            .call_method(&text, jni_str!("toCharArray"), jni_sig!("()[C"), &[])
            .and_then(|v| v.l());
        check(env, chars)
    }

    fn load_keystore<'l>(&self, env: &mut Env<'l>) -> JResult<JObject<'l>> {
        let kind = self.string(env, &self.options.keystore_type)?;
        let ks = env
            .call_static_method(
                &self.classes.key_store,
                jni_str!("getInstance"),
                jni_sig!("(Ljava/lang/String;)Ljava/security/KeyStore;"),
                &[JValue::Object(&kind)],
            )
            .and_then(|v| v.l());
        let ks = check(env, ks)?;
        match self.software_file() {
            None => {
                let loaded = env.call_method(
                    &ks,
                    jni_str!("load"),
                    jni_sig!("(Ljava/security/KeyStore$LoadStoreParameter;)V"),
                    &[JValue::Object(&JObject::null())],
                );
                check(env, loaded)?;
            }
            Some(file) => {
                let password = self.password(env)?;
                let input = if file.exists() {
                    let path = self.string(env, &file.to_string_lossy())?;
                    let stream = env.new_object(
                        &self.classes.file_input,
                        jni_sig!("(Ljava/lang/String;)V"),
                        &[JValue::Object(&path)],
                    );
                    check(env, stream)?
                } else {
                    JObject::null()
                };
                let loaded = env.call_method(
                    &ks,
                    jni_str!("load"),
                    jni_sig!("(Ljava/io/InputStream;[C)V"),
                    &[JValue::Object(&input), JValue::Object(&password)],
                );
                if !input.is_null() {
                    let closed = env.call_method(&input, jni_str!("close"), jni_sig!("()V"), &[]);
                    let _ = check(env, closed);
                }
                check(env, loaded)?;
            }
        }
        Ok(ks)
    }

    /// Writes a software key store back to its file (atomically: temp file, then rename).
    fn save_keystore(&self, env: &mut Env<'_>, ks: &JObject<'_>) -> Result<(), StorageError> {
        let Some(file) = self.software_file() else {
            return Ok(());
        };
        let tmp = file.with_extension("tmp");
        let write = |env: &mut Env<'_>| -> JResult<()> {
            let password = self.password(env)?;
            let path = self.string(env, &tmp.to_string_lossy())?;
            let stream = env.new_object(
                &self.classes.file_output,
                jni_sig!("(Ljava/lang/String;)V"),
                &[JValue::Object(&path)],
            );
            let stream = check(env, stream)?;
            let stored = env.call_method(
                ks,
                jni_str!("store"),
                jni_sig!("(Ljava/io/OutputStream;[C)V"),
                &[JValue::Object(&stream), JValue::Object(&password)],
            );
            let closed = env.call_method(&stream, jni_str!("close"), jni_sig!("()V"), &[]);
            check(env, stored)?;
            check(env, closed)?;
            Ok(())
        };
        write(env).map_err(|f| classify("saving the key store", f))?;
        std::fs::rename(&tmp, file)
            .map_err(|e| StorageError::Unavailable(format!("saving the key store: {}", e.kind())))
    }

    fn new_cipher<'l>(&self, env: &mut Env<'l>) -> JResult<JObject<'l>> {
        let transformation = self.string(env, TRANSFORMATION)?;
        let cipher = match &self.options.cipher_provider {
            None => env.call_static_method(
                &self.classes.cipher,
                jni_str!("getInstance"),
                jni_sig!("(Ljava/lang/String;)Ljavax/crypto/Cipher;"),
                &[JValue::Object(&transformation)],
            ),
            Some(provider) => {
                let provider = self.string(env, provider)?;
                env.call_static_method(
                    &self.classes.cipher,
                    jni_str!("getInstance"),
                    jni_sig!("(Ljava/lang/String;Ljava/lang/String;)Ljavax/crypto/Cipher;"),
                    &[JValue::Object(&transformation), JValue::Object(&provider)],
                )
            }
        }
        .and_then(|v| v.l());
        check(env, cipher)
    }

    /// The key object: the cached one, else looked up.
    fn key<'l>(&self, env: &mut Env<'l>) -> Result<JObject<'l>, StorageError> {
        let cached = self.key.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(key) = cached.as_ref() {
            let local = env.new_local_ref(key);
            return check(env, local).map_err(|f| classify("using the key", f));
        }
        drop(cached);
        match self.lookup(env)? {
            Some(key) => Ok(key),
            None => Err(StorageError::Reset(format!(
                "the key {} is not in the key store",
                self.options.alias
            ))),
        }
    }

    /// `KeyStore.getKey(alias)`, cached on success.
    fn lookup<'l>(&self, env: &mut Env<'l>) -> Result<Option<JObject<'l>>, StorageError> {
        let found = (|| -> JResult<JObject<'l>> {
            let ks = self.load_keystore(env)?;
            let alias = self.string(env, &self.options.alias)?;
            let password = self.password(env)?;
            let key = env
                .call_method(
                    &ks,
                    jni_str!("getKey"),
                    jni_sig!("(Ljava/lang/String;[C)Ljava/security/Key;"),
                    &[JValue::Object(&alias), JValue::Object(&password)],
                )
                .and_then(|v| v.l());
            check(env, key)
        })()
        .map_err(|f| classify("loading the key", f))?;
        if found.is_null() {
            return Ok(None);
        }
        self.remember(env, &found)?;
        Ok(Some(found))
    }

    fn remember(&self, env: &mut Env<'_>, key: &JObject<'_>) -> Result<(), StorageError> {
        let global = env
            .new_global_ref(key)
            .map_err(|e| StorageError::Unavailable(format!("global reference to the key: {e}")))?;
        *self.key.lock().unwrap_or_else(|e| e.into_inner()) = Some(global);
        Ok(())
    }

    fn string_array<'l>(&self, env: &mut Env<'l>, item: &str) -> JResult<JObject<'l>> {
        let text = self.string(env, item)?;
        let array = env.new_object_array(1, &self.classes.string, &text);
        Ok(check(env, array)?.into())
    }

    /// A new AES-256 key for GCM, inside the key store.
    fn generate(&self, env: &mut Env<'_>) -> Result<(), StorageError> {
        let made = (|| -> JResult<()> {
            let aes = self.string(env, "AES")?;
            if let Some(builder_class) = &self.classes.spec_builder {
                let provider = self.string(env, ANDROID_KEYSTORE)?;
                let generator = env
                    .call_static_method(
                        &self.classes.key_generator,
                        jni_str!("getInstance"),
                        jni_sig!(
                            "(Ljava/lang/String;Ljava/lang/String;)Ljavax/crypto/KeyGenerator;"
                        ),
                        &[JValue::Object(&aes), JValue::Object(&provider)],
                    )
                    .and_then(|v| v.l());
                let generator = check(env, generator)?;
                let alias = self.string(env, &self.options.alias)?;
                // PURPOSE_ENCRYPT | PURPOSE_DECRYPT; no user authentication, so the key is
                // not invalidated by lock-screen or biometric changes.
                let builder = env.new_object(
                    builder_class,
                    jni_sig!("(Ljava/lang/String;I)V"),
                    &[JValue::Object(&alias), JValue::Int(3)],
                );
                let builder = check(env, builder)?;
                let gcm = self.string_array(env, "GCM")?;
                let set = env.call_method(
                    &builder,
                    jni_str!("setBlockModes"),
                    jni_sig!("([Ljava/lang/String;)Landroid/security/keystore/KeyGenParameterSpec$Builder;"),
                    &[JValue::Object(&gcm)],
                );
                check(env, set)?;
                let none = self.string_array(env, "NoPadding")?;
                let set = env.call_method(
                    &builder,
                    jni_str!("setEncryptionPaddings"),
                    jni_sig!("([Ljava/lang/String;)Landroid/security/keystore/KeyGenParameterSpec$Builder;"),
                    &[JValue::Object(&none)],
                );
                check(env, set)?;
                let set = env.call_method(
                    &builder,
                    jni_str!("setKeySize"),
                    jni_sig!("(I)Landroid/security/keystore/KeyGenParameterSpec$Builder;"),
                    &[JValue::Int(KEY_BITS)],
                );
                check(env, set)?;
                let spec = env
                    .call_method(
                        &builder,
                        jni_str!("build"),
                        jni_sig!("()Landroid/security/keystore/KeyGenParameterSpec;"),
                        &[],
                    )
                    .and_then(|v| v.l());
                let spec = check(env, spec)?;
                let init = env.call_method(
                    &generator,
                    jni_str!("init"),
                    jni_sig!("(Ljava/security/spec/AlgorithmParameterSpec;)V"),
                    &[JValue::Object(&spec)],
                );
                check(env, init)?;
                let key = env
                    .call_method(
                        &generator,
                        jni_str!("generateKey"),
                        jni_sig!("()Ljavax/crypto/SecretKey;"),
                        &[],
                    )
                    .and_then(|v| v.l());
                check(env, key)?;
            } else {
                let generator = env
                    .call_static_method(
                        &self.classes.key_generator,
                        jni_str!("getInstance"),
                        jni_sig!("(Ljava/lang/String;)Ljavax/crypto/KeyGenerator;"),
                        &[JValue::Object(&aes)],
                    )
                    .and_then(|v| v.l());
                let generator = check(env, generator)?;
                let init = env.call_method(
                    &generator,
                    jni_str!("init"),
                    jni_sig!("(I)V"),
                    &[JValue::Int(KEY_BITS)],
                );
                check(env, init)?;
                let key = env
                    .call_method(
                        &generator,
                        jni_str!("generateKey"),
                        jni_sig!("()Ljavax/crypto/SecretKey;"),
                        &[],
                    )
                    .and_then(|v| v.l());
                let key = check(env, key)?;
                let ks = self.load_keystore(env)?;
                let entry = env.new_object(
                    &self.classes.secret_key_entry,
                    jni_sig!("(Ljavax/crypto/SecretKey;)V"),
                    &[JValue::Object(&key)],
                );
                let entry = check(env, entry)?;
                let password = self.password(env)?;
                let protection = env.new_object(
                    &self.classes.password_protection,
                    jni_sig!("([C)V"),
                    &[JValue::Object(&password)],
                );
                let protection = check(env, protection)?;
                let alias = self.string(env, &self.options.alias)?;
                let set = env.call_method(
                    &ks,
                    jni_str!("setEntry"),
                    jni_sig!("(Ljava/lang/String;Ljava/security/KeyStore$Entry;Ljava/security/KeyStore$ProtectionParameter;)V"),
                    &[JValue::Object(&alias), JValue::Object(&entry), JValue::Object(&protection)],
                );
                check(env, set)?;
                self.save_keystore(env, &ks)
                    .map_err(|e| Failure::Jni(e.to_string()))?;
            }
            Ok(())
        })();
        made.map_err(|f| classify("creating the key", f))?;
        // Read it back the way every later run will, so a key that cannot be loaded fails now.
        *self.key.lock().unwrap_or_else(|e| e.into_inner()) = None;
        match self.lookup(env)? {
            Some(_) => Ok(()),
            None => Err(StorageError::Unavailable(
                "the new key is not in the key store after creating it".into(),
            )),
        }
    }

    fn delete(&self, env: &mut Env<'_>) -> Result<(), StorageError> {
        *self.key.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let ks = self
            .load_keystore(env)
            .map_err(|f| classify("opening the key store", f))?;
        let deleted = (|| -> JResult<()> {
            let alias = self.string(env, &self.options.alias)?;
            let deleted = env.call_method(
                &ks,
                jni_str!("deleteEntry"),
                jni_sig!("(Ljava/lang/String;)V"),
                &[JValue::Object(&alias)],
            );
            check(env, deleted)?;
            Ok(())
        })();
        deleted.map_err(|f| classify("deleting the key", f))?;
        self.save_keystore(env, &ks)
    }

    fn bytes<'l>(&self, env: &mut Env<'l>, data: &[u8]) -> JResult<JByteArray<'l>> {
        let array = env.byte_array_from_slice(data);
        check(env, array)
    }

    /// Overwrites a Java byte array that held plaintext.
    fn wipe(&self, env: &mut Env<'_>, array: &JByteArray<'_>, len: usize) {
        let zeros = vec![0i8; len];
        let _ = array.set_region(env, 0, &zeros);
    }

    fn seal(
        &self,
        env: &mut Env<'_>,
        plaintext: &[u8],
        aad: &[u8],
    ) -> Result<(Vec<u8>, Vec<u8>), StorageError> {
        let key = self.key(env)?;
        let sealed = (|| -> JResult<(Vec<u8>, Vec<u8>)> {
            let cipher = self.new_cipher(env)?;
            // ENCRYPT_MODE; the cipher picks a fresh random IV (the Keystore requires it).
            let init = env.call_method(
                &cipher,
                jni_str!("init"),
                jni_sig!("(ILjava/security/Key;)V"),
                &[JValue::Int(1), JValue::Object(&key)],
            );
            check(env, init)?;
            let aad = self.bytes(env, aad)?;
            let added = env.call_method(
                &cipher,
                jni_str!("updateAAD"),
                jni_sig!("([B)V"),
                &[JValue::Object(&aad)],
            );
            check(env, added)?;
            let plain = self.bytes(env, plaintext)?;
            let out = env
                .call_method(
                    &cipher,
                    jni_str!("doFinal"),
                    jni_sig!("([B)[B"),
                    &[JValue::Object(&plain)],
                )
                .and_then(|v| v.l());
            self.wipe(env, &plain, plaintext.len());
            let out = check(env, out)?;
            let out = env.cast_local::<JByteArray>(out);
            let out = check(env, out)?;
            let iv = env
                .call_method(&cipher, jni_str!("getIV"), jni_sig!("()[B"), &[])
                .and_then(|v| v.l());
            let iv = check(env, iv)?;
            let iv = env.cast_local::<JByteArray>(iv);
            let iv = check(env, iv)?;
            let iv = env.convert_byte_array(&iv);
            let iv = check(env, iv)?;
            let out = env.convert_byte_array(&out);
            Ok((iv, check(env, out)?))
        })();
        let (iv, sealed) = sealed.map_err(|f| classify("encrypting", f))?;
        if iv.len() != 12 {
            return Err(StorageError::Unavailable(format!(
                "the cipher chose a {}-byte IV; 12 expected",
                iv.len()
            )));
        }
        Ok((iv, sealed))
    }

    fn open(
        &self,
        env: &mut Env<'_>,
        iv: &[u8],
        sealed: &[u8],
        aad: &[u8],
    ) -> Result<Vec<u8>, StorageError> {
        let key = self.key(env)?;
        let opened = (|| -> JResult<Vec<u8>> {
            let cipher = self.new_cipher(env)?;
            let iv = self.bytes(env, iv)?;
            let spec = env.new_object(
                &self.classes.gcm_spec,
                jni_sig!("(I[B)V"),
                &[JValue::Int(TAG_BITS), JValue::Object(&iv)],
            );
            let spec = check(env, spec)?;
            // DECRYPT_MODE with the stored IV.
            let init = env.call_method(
                &cipher,
                jni_str!("init"),
                jni_sig!("(ILjava/security/Key;Ljava/security/spec/AlgorithmParameterSpec;)V"),
                &[JValue::Int(2), JValue::Object(&key), JValue::Object(&spec)],
            );
            check(env, init)?;
            let aad = self.bytes(env, aad)?;
            let added = env.call_method(
                &cipher,
                jni_str!("updateAAD"),
                jni_sig!("([B)V"),
                &[JValue::Object(&aad)],
            );
            check(env, added)?;
            let input = self.bytes(env, sealed)?;
            let out = env
                .call_method(
                    &cipher,
                    jni_str!("doFinal"),
                    jni_sig!("([B)[B"),
                    &[JValue::Object(&input)],
                )
                .and_then(|v| v.l());
            let out = check(env, out)?;
            let out = env.cast_local::<JByteArray>(out);
            let out = check(env, out)?;
            let plain = env.convert_byte_array(&out);
            let plain = check(env, plain)?;
            self.wipe(env, &out, plain.len());
            Ok(plain)
        })();
        opened.map_err(|f| classify("decrypting", f))
    }
}

impl Sealer for JavaKey {
    fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<(Vec<u8>, Vec<u8>), StorageError> {
        let (plaintext, aad) = (zeroize::Zeroizing::new(plaintext.to_vec()), aad.to_vec());
        self.on_jni_thread(move |s, env| s.seal(env, &plaintext, &aad))
    }

    fn open(&self, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, StorageError> {
        let (nonce, sealed, aad) = (nonce.to_vec(), sealed.to_vec(), aad.to_vec());
        self.on_jni_thread(move |s, env| s.open(env, &nonce, &sealed, &aad))
    }
}

impl PlatformKey for JavaKey {
    fn status(&self) -> Result<KeyStatus, StorageError> {
        self.on_jni_thread(|s, env| {
            *s.key.lock().unwrap_or_else(|e| e.into_inner()) = None;
            match s.lookup(env) {
                Ok(Some(_)) => Ok(KeyStatus::Present),
                Ok(None) => Ok(KeyStatus::Missing),
                Err(StorageError::Reset(why)) => Ok(KeyStatus::Unusable(why)),
                Err(e) => Err(e),
            }
        })
    }

    fn create(&self) -> Result<(), StorageError> {
        self.on_jni_thread(|s, env| s.generate(env))
    }

    fn delete(&self) -> Result<(), StorageError> {
        self.on_jni_thread(|s, env| s.delete(env))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thrown(classes: &[&str]) -> Failure {
        Failure::Thrown(Thrown {
            classes: classes.iter().map(|c| (*c).to_owned()).collect(),
            text: classes[0].to_owned(),
        })
    }

    #[test]
    fn only_a_permanently_invalidated_key_resets() {
        let permanent = thrown(&[
            "android.security.keystore.KeyPermanentlyInvalidatedException",
            "java.security.InvalidKeyException",
        ]);
        assert!(matches!(
            classify("decrypt", permanent),
            StorageError::Reset(_)
        ));
        // Android's transient failures come as these: try again later, delete nothing.
        for transient in [
            &[
                "java.security.InvalidKeyException",
                "java.security.GeneralSecurityException",
            ][..],
            &["java.security.UnrecoverableKeyException"],
            &["java.security.UnrecoverableEntryException"],
            &[
                "java.security.ProviderException",
                "java.lang.RuntimeException",
            ],
            &["java.security.KeyStoreException"],
        ] {
            let e = classify("decrypt", thrown(transient));
            assert!(
                matches!(e, StorageError::Unavailable(_)),
                "{transient:?}: {e:?}"
            );
        }
        assert!(matches!(
            classify("decrypt", thrown(&["javax.crypto.AEADBadTagException"])),
            StorageError::Corrupt(_)
        ));
    }
}
