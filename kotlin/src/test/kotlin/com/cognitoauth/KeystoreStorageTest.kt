package com.cognitoauth

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.nio.file.Files
import java.security.KeyStore
import java.util.Base64
import javax.crypto.KeyGenerator
import javax.crypto.spec.SecretKeySpec

/**
 * The Android Keystore store's JNI code, run on this desktop JVM: the Rust library (loaded by
 * JNA with dlopen, so it finds the VM through JNI_GetCreatedJavaVMs) drives
 * java.security.KeyStore and javax.crypto.Cipher through JNI exactly as on Android; only the
 * key store differs: a PKCS12 file instead of AndroidKeyStore, with SunJCE's AES-GCM.
 * Key generation inside AndroidKeyStore (KeyGenParameterSpec) needs a device.
 */
class KeystoreStorageTest {
    private val dir: File = Files.createTempDirectory("cognito-auth-keystore").toFile()
    private val keystoreFile = File(dir, "keys.p12")
    private val files = File(dir, "sealed")

    private fun options() = KeystoreStorageOptions(
        directory = files.path,
        alias = ALIAS,
        keystoreType = "PKCS12",
        keystoreFile = keystoreFile.path,
        cipherProvider = "SunJCE",
    )

    /** A store as a new launch of the app creates it (the key store is read again). */
    private fun store(): SecureStorage = keystoreStorage(options())

    /** The test key store, as another program (or the OS) sees it. */
    private fun keys(): KeyStore = KeyStore.getInstance("PKCS12").apply {
        keystoreFile.inputStream().use { load(it, PASSWORD) }
    }

    private fun saveKeys(ks: KeyStore) = keystoreFile.outputStream().use { ks.store(it, PASSWORD) }

    @Test
    fun `values survive a new store, sealed on disk with the key store's key`() = runBlocking {
        val secret = "refresh-token-${System.nanoTime()}".toByteArray()
        store().set("cognito-auth.test", "session", secret)
        assertTrue(keys().isKeyEntry(ALIAS), "the key was created in the key store")

        assertArrayEquals(secret, store().get("cognito-auth.test", "session"))
        val file = File(files, "cognito-auth.test.json")
        val text = file.readText()
        assertFalse(text.contains(String(secret)), "no plaintext on disk")
        assertTrue(text.contains("\"encryption\": \"AES-256-GCM\""), text)

        // The file opens with exactly that key in Java: AES-GCM, 12-byte IV, namespace as AAD.
        val key = keys().getKey(ALIAS, PASSWORD)
        val cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding")
        val iv = Base64.getDecoder().decode(field(text, "nonce"))
        assertEquals(12, iv.size)
        cipher.init(javax.crypto.Cipher.DECRYPT_MODE, key, javax.crypto.spec.GCMParameterSpec(128, iv))
        cipher.updateAAD("cognito-auth-store/v1/cognito-auth.test".toByteArray())
        val items = String(cipher.doFinal(Base64.getDecoder().decode(field(text, "ciphertext"))))
        assertTrue(items.contains(Base64.getEncoder().encodeToString(secret)), "the sealed items")

        store().remove("cognito-auth.test", "session")
        assertNull(store().get("cognito-auth.test", "session"))
    }

    @Test
    fun `a client keeps its records in the Keystore store, and a new client reads them`() = runBlocking {
        Peer.client(store()).use { client ->
            assertEquals(UserState.GUEST, client.userState())
            val namespace = "cognito-auth.${client.fingerprint()}"
            // What the Rust core wrote through the Keystore store reads back in a new store.
            assertArrayEquals(namespace.toByteArray(), store().get("cognito-auth", "active-namespace"))
        }
        Peer.client(store()).use { client -> assertEquals(UserState.GUEST, client.userState()) }
    }

    @Test
    fun `a tampered file is a typed Corrupt error and other namespaces still read`() = runBlocking {
        val s = store()
        s.set("cognito-auth.a", "session", "one".toByteArray())
        s.set("cognito-auth.b", "session", "two".toByteArray())
        val file = File(files, "cognito-auth.a.json")
        val text = file.readText()
        val sealed = Base64.getDecoder().decode(field(text, "ciphertext"))
        sealed[0] = (sealed[0].toInt() xor 1).toByte()
        file.writeText(text.replace(field(text, "ciphertext"), Base64.getEncoder().encodeToString(sealed)))

        val e = assertThrows<AuthException.Storage> { runBlocking { store().get("cognito-auth.a", "session") } }
        assertEquals(StorageFailure.CORRUPT, e.failure)
        assertTrue(e.reason.contains("AEADBadTagException"), e.reason)
        assertArrayEquals("two".toByteArray(), store().get("cognito-auth.b", "session"))
        assertTrue(keys().isKeyEntry(ALIAS), "no reset for one altered file")
    }

    @Test
    fun `a deleted key is reported once as Reset, the data is wiped, and the client says sign in again`() =
        runBlocking {
            val s = store()
            s.set("cognito-auth.a", "session", "tokens".toByteArray())
            Peer.client(s).use { it.userState() } // the marker, as an app's first launch writes it
            saveKeys(keys().apply { deleteEntry(ALIAS) })

            Peer.client(store()).use { client ->
                val events = client.events()
                assertEquals(UserState.GUEST, client.userState())
                assertEquals(AuthEvent.SESSION_EXPIRED, withTimeout(5_000) { events.next() })
                events.close()
            }
            assertFalse(File(files, "cognito-auth.a.json").exists(), "unreadable data is deleted")
            assertTrue(keys().isKeyEntry(ALIAS), "a new key")
            // Through the store interface: the next launch is simply empty and usable.
            assertNull(store().get("cognito-auth.a", "session"))

            // Reported to whichever call comes first, with the kind and the reason.
            saveKeys(keys().apply { deleteEntry(ALIAS) })
            val e = assertThrows<AuthException.Storage> { runBlocking { store().get("cognito-auth.a", "session") } }
            assertEquals(StorageFailure.RESET, e.failure)
            assertTrue(e.reason.contains("sign in again"), e.reason)
        }

    @Test
    fun `a key replaced under the same alias is a reset, not a corrupt file`() = runBlocking {
        store().set("cognito-auth.a", "session", "tokens".toByteArray())
        val other = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()
        saveKeys(
            keys().apply {
                setEntry(ALIAS, KeyStore.SecretKeyEntry(SecretKeySpec(other.encoded, "AES")), KeyStore.PasswordProtection(PASSWORD))
            },
        )
        val e = assertThrows<AuthException.Storage> { runBlocking { store().get("cognito-auth.a", "session") } }
        assertEquals(StorageFailure.RESET, e.failure)
        assertNull(store().get("cognito-auth.a", "session"))
    }

    @Test
    fun `calls from many coroutines go through one JNI thread, and JVM-attached threads are daemons`() =
        runBlocking {
            val s = store()
            (1..16).map { i ->
                async(Dispatchers.IO) {
                    s.set("cognito-auth.n$i", "k", byteArrayOf(i.toByte()))
                    assertArrayEquals(byteArrayOf(i.toByte()), s.get("cognito-auth.n$i", "k"))
                }
            }.awaitAll()
            val all = Thread.getAllStackTraces().keys
            val threads = all.filter { it.name == "cognito-auth-keystore" }
            assertEquals(1, threads.size, "one JNI thread: ${threads.map { it.name }}")
            assertTrue(threads.single().isDaemon, "a daemon never keeps the JVM from exiting")
            // The library's tokio threads are attached too (for Kotlin callbacks), as daemons.
            val runtime = all.filter { it.name == "cognito-auth" }
            assertTrue(runtime.isNotEmpty(), "runtime threads attached: ${all.map { it.name }}")
            assertTrue(runtime.all { it.isDaemon }, "runtime threads are daemons")
        }

    @Test
    fun `misconfigured stores fail at creation with the reason`() {
        val android = assertThrows<AuthException.Storage> {
            keystoreStorage(KeystoreStorageOptions(directory = files.path))
        }
        assertEquals(StorageFailure.UNAVAILABLE, android.failure)
        assertTrue(android.reason.contains("API 23"), android.reason) // no AndroidKeyStore here
        val noFile = assertThrows<AuthException.Storage> {
            keystoreStorage(options().copy(keystoreFile = null))
        }
        assertTrue(noFile.reason.contains("needs a key store file"), noFile.reason)
        val badProvider = assertThrows<AuthException.Storage> {
            keystoreStorage(options().copy(cipherProvider = "NoSuchProvider"))
        }
        assertTrue(badProvider.reason.contains("NoSuchProvider"), badProvider.reason)
    }

    @Test
    fun `the initialiser makes the Keystore store the default, in noBackupFilesDir`() = runBlocking<Unit> {
        val saved = CognitoAuth.defaultStorage
        try {
            AndroidStorage.initialize(FakeContext(dir)) { path -> options().copy(directory = path) }
            val first = CognitoAuth.defaultStorage()
            AndroidStorage.initialize(FakeContext(dir)) { path -> options().copy(directory = path) }
            assertTrue(first === CognitoAuth.defaultStorage(), "initialising twice keeps one store")
            CognitoAuth.fromAmplifyConfig(Peer.config(), Peer.endpoints).use { it.userState() }
            val sealed = File(File(dir, AndroidStorage.DIRECTORY), "cognito-auth.json")
            assertTrue(sealed.readText().contains("AES-256-GCM"), "the marker, sealed, under noBackupFilesDir")
            assertThrows<AuthException.Configuration> { AndroidStorage.initialize(Any()) { options() } }
        } finally {
            CognitoAuth.defaultStorage = saved
        }
    }

    /** The two Context methods the initialiser calls. */
    @Suppress("unused")
    class FakeContext(private val dir: File) {
        fun getApplicationContext(): Any = this
        fun getNoBackupFilesDir(): File = dir
    }

    private fun field(json: String, name: String): String =
        Regex("\"$name\": \"([^\"]+)\"").find(json)?.groupValues?.get(1) ?: error("no $name in $json")

    companion object {
        const val ALIAS = "test-store-key"
        /** The Rust side's password of software key store files (test mode only). */
        val PASSWORD = "cognito-auth-test-keystore".toCharArray()
    }
}
