package com.cognitoauth

import com.google.crypto.tink.Aead
import com.google.crypto.tink.BinaryKeysetReader
import com.google.crypto.tink.DeterministicAead
import com.google.crypto.tink.KeysetHandle
import com.google.crypto.tink.aead.AeadConfig
import com.google.crypto.tink.daead.DeterministicAeadConfig
import java.io.File
import java.lang.reflect.InvocationTargetException
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import java.nio.ByteBuffer
import java.security.GeneralSecurityException
import java.security.Key
import java.security.KeyStore
import java.util.Base64
import javax.crypto.Cipher
import javax.crypto.spec.GCMParameterSpec

/**
 * Takes over the session Amplify Android v2 left on this device, once (docs/migration.md): the
 * user stays signed in. Reads Amplify's credential store itself: the `EncryptedSharedPreferences`
 * `com.amplify.credentialStore.<installation id>` (or `com.amplify.credentialStore` in releases
 * before the installation id), decrypted with Tink and the Android Keystore master key Amplify
 * used (`amplify_master_key`, or androidx's `_androidx_security_master_key_`).
 *
 * Tink (`com.google.crypto.tink`) must be on the class path: `androidx.security:security-crypto`,
 * which Amplify Android depends on, brings it. Nothing of Amplify's store is changed or deleted.
 *
 * @param context an `android.content.Context`.
 * @return `Imported`, or `Skipped` with its reason (`reason.message`): also when Amplify left no
 *   store (`NotFound`) or this library already has a session (`SessionExists`).
 * @throws AuthException.Storage when the store exists but cannot be decrypted (its master key
 *   is gone), or this library's store fails.
 */
suspend fun AuthClient.importAmplifyAndroidSession(context: Any): ImportOutcome =
    importSession(ImportSource.amplifyAndroid(AmplifyAndroidStore.read(context)))

/**
 * Imports Amplify Android v2's session from entries the app decrypted itself (the `getAll()` of
 * the `EncryptedSharedPreferences` Amplify keeps, see [AmplifyAndroidStore.STORE_NAME]); values
 * that are not strings are ignored.
 */
suspend fun AuthClient.importAmplifyAndroidSession(entries: Map<String, *>): ImportOutcome =
    importSession(ImportSource.amplifyAndroid(entries.strings()))

/**
 * Imports the session amplify-js v6 (or amazon-cognito-identity-js) kept in a web view's or a
 * desktop app's storage: the `CognitoIdentityServiceProvider.<clientId>.…` entries, key → value
 * (other keys are ignored).
 */
suspend fun AuthClient.importAmplifyJsSession(entries: Map<String, String>): ImportOutcome =
    importSession(ImportSource.amplifyJs(entries))

/**
 * Imports Amplify Swift v2's Keychain items (account → data), e.g. handed over by an iOS
 * companion of a Kotlin Multiplatform app.
 */
suspend fun AuthClient.importAmplifySwiftSession(items: Map<String, ByteArray>): ImportOutcome =
    importSession(ImportSource.amplifySwift(items))

/** Why nothing was imported, as one sentence (names and ids only, never a secret). */
val SkipReason.message: String
    get() = skipReasonMessage(this)

/**
 * Amplify Android v2's credential store (`aws-auth-cognito`'s `AWSCognitoAuthCredentialStore` in
 * core's `EncryptedKeyValueRepository`), read without androidx: the shared preferences file
 * through the `Context` (reflection, so this library builds without the Android SDK), keys and
 * values decrypted with Tink exactly as androidx's `EncryptedSharedPreferences` wrote them
 * (AES-SIV keys, AES-GCM values, keysets encrypted with an Android Keystore key).
 */
object AmplifyAndroidStore {
    /** The preferences name Amplify Android's auth plugin keeps its credentials under. */
    const val STORE_NAME = "com.amplify.credentialStore"

    /** The Keystore key of stores whose installation id starts with `__amplify__`. */
    const val AMPLIFY_MASTER_KEY = "amplify_master_key"

    /** androidx security-crypto's default master key (`MasterKeys.AES256_GCM_SPEC`). */
    const val ANDROIDX_MASTER_KEY = "_androidx_security_master_key_"

    private const val AMPLIFY_PREFIX = "__amplify__"
    private const val KEY_KEYSET = "__androidx_security_crypto_encrypted_prefs_key_keyset__"
    private const val VALUE_KEYSET = "__androidx_security_crypto_encrypted_prefs_value_keyset__"
    private const val STRING_TYPE = 0
    private const val NULL_VALUE = "__NULL__"

    /** The decrypted entries of Amplify's store; empty when there is none. */
    fun read(context: Any): Map<String, String> = read(context, ::androidKeystoreKey)

    /**
     * [read] with the Keystore lookup replaced (`alias` → key; `null`: no such key): for a JVM,
     * which has no Android Keystore (tests), or an app that loads Keystore keys its own way.
     */
    fun read(context: Any, masterKey: (alias: String) -> Key?): Map<String, String> {
        val noBackup = call(context, "getNoBackupFilesDir") as? File
        val id = noBackup?.let { File(it, "$STORE_NAME.installationIdentifier") }
            ?.takeIf { it.isFile }?.readText()?.trim()?.ifEmpty { null }
        val fileName = if (id == null) STORE_NAME else "$STORE_NAME.$id"
        val alias = if (id?.startsWith(AMPLIFY_PREFIX) == true) AMPLIFY_MASTER_KEY else ANDROIDX_MASTER_KEY
        val prefs = call(context, "getSharedPreferences", fileName, 0)
            ?: throw storage("the context gave no shared preferences for $fileName")
        val raw = call(prefs, "getAll") as? Map<*, *> ?: return emptyMap()
        if (raw.isEmpty()) return emptyMap()
        val key = try {
            masterKey(alias)
        } catch (e: GeneralSecurityException) {
            throw storage("the Android Keystore key $alias could not be loaded: $e", e)
        } ?: throw storage("the Android Keystore key $alias of Amplify's store $fileName is gone")
        return decrypt(fileName, raw, key)
    }

    /**
     * Decrypts the raw entries of an `EncryptedSharedPreferences` file named [fileName] whose
     * keysets were encrypted with [masterKey] (AES-GCM, 12-byte IV first, no associated data:
     * Tink's Android Keystore AEAD). String values only (all Amplify writes).
     */
    private fun decrypt(fileName: String, raw: Map<*, *>, masterKey: Key): Map<String, String> {
        try {
            AeadConfig.register()
            DeterministicAeadConfig.register()
        } catch (e: NoClassDefFoundError) {
            throw AuthException.Configuration(
                "reading Amplify Android's store needs Tink (com.google.crypto.tink) on the class path; " +
                    "androidx.security:security-crypto brings it",
            ).apply { initCause(e) }
        }
        val keysetAead = KeystoreAead(masterKey)
        val keys = keyset(raw, KEY_KEYSET, keysetAead).primitive(DeterministicAead::class.java)
        val values = keyset(raw, VALUE_KEYSET, keysetAead).primitive(Aead::class.java)
        val out = sortedMapOf<String, String>()
        for ((k, v) in raw) {
            val encryptedKey = k as? String ?: continue
            if (encryptedKey == KEY_KEYSET || encryptedKey == VALUE_KEYSET || v !is String) continue
            try {
                val name = String(
                    keys.decryptDeterministically(Base64.getDecoder().decode(encryptedKey), fileName.toByteArray()),
                    Charsets.UTF_8,
                )
                val plain = ByteBuffer.wrap(values.decrypt(Base64.getDecoder().decode(v), encryptedKey.toByteArray()))
                if (plain.getInt() != STRING_TYPE) continue
                val bytes = ByteArray(plain.getInt()).also { plain.get(it) }
                val value = String(bytes, Charsets.UTF_8)
                if (name != NULL_VALUE && value != NULL_VALUE) out[name] = value
            } catch (e: GeneralSecurityException) {
                // Never the entry: its name may be a user's, its value a token.
                throw storage("an entry of $fileName does not decrypt with its keysets", e)
            } catch (e: IllegalArgumentException) {
                throw storage("an entry of $fileName is not base64", e)
            } catch (e: java.nio.BufferUnderflowException) {
                throw storage("an entry of $fileName is cut short", e)
            }
        }
        return out
    }

    @Suppress("DEPRECATION") // KeysetHandle.read: the API of every Tink release androidx ships with
    private fun keyset(raw: Map<*, *>, name: String, keysetAead: Aead): KeysetHandle {
        val hex = raw[name] as? String ?: throw storage("Amplify's store has no $name")
        return try {
            KeysetHandle.read(BinaryKeysetReader.withBytes(hexToBytes(hex)), keysetAead)
        } catch (e: GeneralSecurityException) {
            throw storage("the keyset $name does not decrypt with its Android Keystore key", e)
        } catch (e: java.io.IOException) {
            throw storage("the keyset $name does not parse", e)
        }
    }

    @Suppress("DEPRECATION") // getPrimitive(Class): likewise
    private fun <P> KeysetHandle.primitive(type: Class<P>): P = getPrimitive(type)

    private fun hexToBytes(hex: String): ByteArray {
        if (hex.length % 2 != 0) throw storage("a keyset is not hexadecimal")
        return ByteArray(hex.length / 2) { i ->
            val hi = Character.digit(hex[2 * i], 16)
            val lo = Character.digit(hex[2 * i + 1], 16)
            if (hi < 0 || lo < 0) throw storage("a keyset is not hexadecimal")
            ((hi shl 4) or lo).toByte()
        }
    }

    private fun androidKeystoreKey(alias: String): Key? {
        val store = try {
            KeyStore.getInstance("AndroidKeyStore").apply { load(null) }
        } catch (e: java.security.KeyStoreException) {
            throw storage("there is no Android Keystore here (not on Android?)", e)
        }
        return store.getKey(alias, null)
    }

    private fun storage(reason: String, cause: Throwable? = null) =
        AuthException.Storage(StorageFailure.CORRUPT, "Amplify Android's credential store: $reason")
            .apply { cause?.let { initCause(it) } }

    /**
     * Calls a public method by name (an Android framework object seen through reflection); the
     * method is looked up on a public class or interface, since implementations such as
     * `SharedPreferencesImpl` are not public.
     */
    private fun call(target: Any, name: String, vararg args: Any): Any? {
        val method = publicMethod(target.javaClass, name, args.size)
            ?: throw AuthException.Configuration("${target.javaClass.name} has no method $name (not an Android Context?)")
        return try {
            method.invoke(target, *args)
        } catch (e: InvocationTargetException) {
            throw storage("$name failed: ${e.targetException}", e.targetException)
        }
    }

    private fun publicMethod(type: Class<*>?, name: String, arity: Int): Method? {
        if (type == null) return null
        if (Modifier.isPublic(type.modifiers)) {
            type.methods.firstOrNull { it.name == name && it.parameterCount == arity }?.let { return it }
        }
        for (i in type.interfaces) publicMethod(i, name, arity)?.let { return it }
        return publicMethod(type.superclass, name, arity)
    }

    /** Tink's Android Keystore AEAD over any AES key: IV (12 bytes) ‖ ciphertext ‖ tag. */
    private class KeystoreAead(private val key: Key) : Aead {
        override fun encrypt(plaintext: ByteArray, associatedData: ByteArray?): ByteArray =
            throw GeneralSecurityException("read only")

        override fun decrypt(ciphertext: ByteArray, associatedData: ByteArray?): ByteArray {
            if (ciphertext.size < 12 + 16) throw GeneralSecurityException("ciphertext too short")
            val cipher = Cipher.getInstance("AES/GCM/NoPadding")
            cipher.init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(128, ciphertext, 0, 12))
            associatedData?.takeIf { it.isNotEmpty() }?.let { cipher.updateAAD(it) }
            return cipher.doFinal(ciphertext, 12, ciphertext.size - 12)
        }
    }
}

private fun Map<String, *>.strings(): Map<String, String> =
    entries.mapNotNull { (k, v) -> (v as? String)?.let { k to it } }.toMap()
