package com.cognitoauth

import com.google.crypto.tink.Aead
import com.google.crypto.tink.BinaryKeysetWriter
import com.google.crypto.tink.DeterministicAead
import com.google.crypto.tink.KeyTemplates
import com.google.crypto.tink.KeysetHandle
import com.google.crypto.tink.aead.AeadConfig
import com.google.crypto.tink.daead.DeterministicAeadConfig
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.ByteArrayOutputStream
import java.io.File
import java.nio.ByteBuffer
import java.nio.file.Files
import java.security.Key
import java.security.SecureRandom
import java.util.Base64
import java.util.UUID
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.spec.GCMParameterSpec

/**
 * Importing Amplify's session against moto. A user signs in; their real tokens are written the
 * way Amplify Android v2 keeps them — kotlinx JSON of `AmplifyCredential` in an
 * `EncryptedSharedPreferences` file, built here with Tink in androidx's exact format (AES-SIV
 * keys with the file name as associated data, AES-GCM typed values with the encrypted key as
 * associated data, both keysets hex-encoded and encrypted with a stand-in for the Android
 * Keystore key) — and [AmplifyAndroidStore] reads that file through a duck-typed `Context`.
 */
class ImportTest {
    private data class Tokens(val user: String, val id: String, val access: String, val refresh: String)

    private suspend fun amplifyUser(): Tokens = Peer.client().use { c ->
        val user = Peer.signedUpUser(c, "imp")
        c.signIn(user, Peer.GOOD_PASSWORD)
        val t = c.getTokens()
        Tokens(user, t.idToken(), t.accessToken(), t.refreshToken()!!)
    }

    /** `AmplifyCredential.UserPool` as kotlinx.serialization writes it (newer wrapped tokens). */
    private fun androidSession(t: Tokens): String =
        """{"type":"userPool","signedInData":{"userId":"sub","username":"${t.user}",""" +
            """"signedInDate":1700000000000,"signInMethod":{"type":"ApiBased","authType":"USER_SRP_AUTH"},""" +
            """"cognitoUserPoolTokens":{"idToken":{"tokenValue":"${t.id}"},"accessToken":{"tokenValue":"${t.access}"},""" +
            """"refreshToken":"${t.refresh}","expiration":1700003600}}}"""

    @Test
    fun `an Amplify Android store decrypts, imports once and prints no token`(): Unit = runBlocking {
        val t = amplifyUser()
        val masterKey = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()
        val id = "__amplify__${UUID.randomUUID()}"
        val context = FakeAndroidContext(
            installationId = id,
            files = mapOf(
                "com.amplify.credentialStore.$id" to EncryptedPrefsWriter.write(
                    "com.amplify.credentialStore.$id",
                    masterKey,
                    mapOf(
                        "amplify.${Peer.userPoolId}.session" to androidSession(t),
                        "amplify.${Peer.userPoolId}.asfDevice" to "asf-id",
                    ),
                ),
            ),
        )
        val keys = { alias: String -> masterKey.takeIf { alias == AmplifyAndroidStore.AMPLIFY_MASTER_KEY } }
        val entries = AmplifyAndroidStore.read(context, keys)
        assertEquals(setOf("amplify.${Peer.userPoolId}.session", "amplify.${Peer.userPoolId}.asfDevice"), entries.keys)

        Peer.client().use { client ->
            val outcome = client.importAmplifyAndroidSession(entries)
            assertTrue(outcome is ImportOutcome.Imported, "$outcome")
            assertEquals(t.user, (outcome as ImportOutcome.Imported).what.username)
            assertEquals(ImportFormat.AMPLIFY_ANDROID, outcome.what.format)
            assertEquals(t.user, client.getCurrentUser().username)
            val tokens = client.fetchAuthSession().tokens.getOrThrow()
            assertEquals(t.access, tokens.accessToken())
            // The imported refresh token works against the peer.
            client.fetchAuthSession(forceRefresh = true).tokens.getOrThrow()

            val again = client.importAmplifyAndroidSession(entries)
            assertEquals(ImportOutcome.Skipped(SkipReason.SessionExists(ImportFormat.AMPLIFY_ANDROID)), again)
            assertTrue((again as ImportOutcome.Skipped).reason.message.startsWith("a session is already stored"))

            val printed = listOf(ImportSource.amplifyAndroid(entries), outcome, again).joinToString()
            for (secret in listOf(t.id, t.access, t.refresh)) assertTrue(!printed.contains(secret), printed)
        }

        // Androidx's own master key for stores without the `__amplify__` prefix; the wrong key
        // is a storage error that names no entry.
        val plain = FakeAndroidContext(
            installationId = null,
            files = mapOf(
                "com.amplify.credentialStore" to EncryptedPrefsWriter.write(
                    "com.amplify.credentialStore",
                    masterKey,
                    mapOf("amplify.${Peer.userPoolId}.session" to androidSession(t)),
                ),
            ),
        )
        val byDefaultKey = AmplifyAndroidStore.read(plain) { alias ->
            masterKey.takeIf { alias == AmplifyAndroidStore.ANDROIDX_MASTER_KEY }
        }
        assertEquals(setOf("amplify.${Peer.userPoolId}.session"), byDefaultKey.keys)
        val other = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()
        val wrong = assertThrows<AuthException.Storage> { AmplifyAndroidStore.read(plain) { other } }
        assertEquals(StorageFailure.CORRUPT, wrong.failure)
        assertTrue(!wrong.message.contains(t.refresh), wrong.message)
        val gone = assertThrows<AuthException.Storage> { AmplifyAndroidStore.read(plain) { null } }
        assertTrue(gone.message.contains("_androidx_security_master_key_"), gone.message)
        // No store at all: nothing to read, and the import says so.
        val none = AmplifyAndroidStore.read(FakeAndroidContext(null, emptyMap())) { masterKey }
        Peer.client().use { client ->
            val skipped = client.importAmplifyAndroidSession(none) as ImportOutcome.Skipped
            assertEquals(SkipReason.NotFound(ImportFormat.AMPLIFY_ANDROID), skipped.reason)
        }
    }

    @Test
    fun `amplify-js entries import and another pool's record is skipped with its reason`(): Unit = runBlocking {
        val t = amplifyUser()
        val prefix = "CognitoIdentityServiceProvider.${Peer.clientId}"
        Peer.client().use { client ->
            val foreign = client.importAmplifyAndroidSession(mapOf("amplify.us-east-1_Other.session" to androidSession(t)))
            val reason = (foreign as ImportOutcome.Skipped).reason
            assertTrue(reason is SkipReason.OtherConfiguration, "$reason")
            assertTrue(reason.message.contains("us-east-1_Other"), reason.message)

            val outcome = client.importAmplifyJsSession(
                mapOf(
                    "$prefix.LastAuthUser" to t.user,
                    "$prefix.${t.user}.idToken" to t.id,
                    "$prefix.${t.user}.accessToken" to t.access,
                    "$prefix.${t.user}.refreshToken" to t.refresh,
                ),
            )
            assertEquals(ImportFormat.AMPLIFY_JS, (outcome as ImportOutcome.Imported).what.format)
            assertEquals(t.user, client.getCurrentUser().username)
            assertEquals(t.id, client.fetchAuthSession().tokens.getOrThrow().idToken())
        }
    }
}

/** An `android.content.Context` as far as [AmplifyAndroidStore] uses it (reflection). */
class FakeAndroidContext(installationId: String?, private val files: Map<String, Map<String, Any?>>) {
    private val noBackup: File = Files.createTempDirectory("no-backup").toFile().also { dir ->
        installationId?.let { File(dir, "com.amplify.credentialStore.installationIdentifier").writeText(it) }
    }

    fun getNoBackupFilesDir(): File = noBackup

    fun getSharedPreferences(name: String, mode: Int): FakeSharedPreferences {
        require(mode == 0) { "MODE_PRIVATE expected" }
        return FakeSharedPreferences(files[name].orEmpty())
    }
}

/** `android.content.SharedPreferences.getAll()`. */
class FakeSharedPreferences(private val all: Map<String, Any?>) {
    fun getAll(): Map<String, Any?> = all
}

/**
 * Writes entries as androidx `EncryptedSharedPreferences` (AES256_SIV keys, AES256_GCM values)
 * stores them: the raw file contents, reserved keyset entries included.
 */
object EncryptedPrefsWriter {
    private fun masterAead(key: Key) = object : Aead {
        override fun encrypt(plaintext: ByteArray, associatedData: ByteArray?): ByteArray {
            val iv = ByteArray(12).also { SecureRandom().nextBytes(it) }
            val cipher = Cipher.getInstance("AES/GCM/NoPadding")
            cipher.init(Cipher.ENCRYPT_MODE, key, GCMParameterSpec(128, iv))
            associatedData?.takeIf { it.isNotEmpty() }?.let { cipher.updateAAD(it) }
            return iv + cipher.doFinal(plaintext)
        }

        override fun decrypt(ciphertext: ByteArray, associatedData: ByteArray?): ByteArray =
            throw UnsupportedOperationException()
    }

    @Suppress("DEPRECATION")
    private fun hex(handle: KeysetHandle, key: Key): String {
        val out = ByteArrayOutputStream()
        handle.write(BinaryKeysetWriter.withOutputStream(out), masterAead(key))
        return out.toByteArray().joinToString("") { "%02x".format(it) }
    }

    @Suppress("DEPRECATION")
    fun write(fileName: String, masterKey: Key, entries: Map<String, String>): Map<String, Any?> {
        AeadConfig.register()
        DeterministicAeadConfig.register()
        val keyKeyset = KeysetHandle.generateNew(KeyTemplates.get("AES256_SIV"))
        val valueKeyset = KeysetHandle.generateNew(KeyTemplates.get("AES256_GCM"))
        val keys = keyKeyset.getPrimitive(DeterministicAead::class.java)
        val values = valueKeyset.getPrimitive(Aead::class.java)
        val raw = mutableMapOf<String, Any?>(
            "__androidx_security_crypto_encrypted_prefs_key_keyset__" to hex(keyKeyset, masterKey),
            "__androidx_security_crypto_encrypted_prefs_value_keyset__" to hex(valueKeyset, masterKey),
        )
        for ((name, value) in entries) {
            val encryptedKey = Base64.getEncoder()
                .encodeToString(keys.encryptDeterministically(name.toByteArray(), fileName.toByteArray()))
            val bytes = value.toByteArray()
            val plain = ByteBuffer.allocate(8 + bytes.size).putInt(0).putInt(bytes.size).put(bytes).array()
            raw[encryptedKey] = Base64.getEncoder().encodeToString(values.encrypt(plain, encryptedKey.toByteArray()))
        }
        return raw
    }
}
