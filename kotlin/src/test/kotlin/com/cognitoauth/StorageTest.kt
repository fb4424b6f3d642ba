package com.cognitoauth

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.Collections

/** What an app's own store looks like: a Kotlin [SecureStorage] that records every call. */
class RecordingStorage(private val failure: Exception? = null) : SecureStorage {
    val calls: MutableList<String> = Collections.synchronizedList(mutableListOf())
    val items = java.util.concurrent.ConcurrentHashMap<Pair<String, String>, ByteArray>()

    private fun record(call: String) {
        calls.add(call)
        failure?.let { throw it }
    }

    override suspend fun get(namespace: String, key: String): ByteArray? {
        record("get $namespace $key")
        return items[namespace to key]
    }

    override suspend fun set(namespace: String, key: String, value: ByteArray) {
        record("set $namespace $key")
        items[namespace to key] = value
    }

    override suspend fun remove(namespace: String, key: String) {
        record("remove $namespace $key")
        items.remove(namespace to key)
    }

    override suspend fun removeAll(namespace: String) {
        record("removeAll $namespace")
        items.keys.removeIf { it.first == namespace }
    }
}

/** A `SecureStorage` implemented in Kotlin, used by the Rust core, and Rust stores from Kotlin. */
class StorageTest {
    // A stored session whose refresh token was rejected: only code that read and decoded these
    // bytes can answer SIGNED_OUT_USER_POOLS_TOKEN_INVALID.
    private val invalidatedSession = """{"version":1,"user_pool_invalid":true}""".toByteArray()

    @Test
    fun `the Rust core reads the session from a Kotlin store`() = runBlocking {
        val store = RecordingStorage()
        Peer.client(store).use { client ->
            val namespace = "cognito-auth.${client.fingerprint()}"
            store.items[namespace to "session"] = invalidatedSession
            assertEquals(UserState.SIGNED_OUT_USER_POOLS_TOKEN_INVALID, client.userState())
            assertEquals(listOf("get $namespace session"), store.calls.toList())
        }
    }

    @Test
    fun `a Kotlin exception thrown by the store arrives as a typed error`() = runBlocking {
        val store = RecordingStorage(IllegalStateException("disk full"))
        Peer.client(store).use { client ->
            // The core treats an unreadable store as signed out and never crashes …
            assertEquals(UserState.SIGNED_OUT, client.userState())
            assertEquals(1, store.calls.size)
        }
        // … and what the core receives from the failing call is a typed storage error.
        val e = assertThrows<AuthException.Storage> {
            runBlocking { ffiTestStorageGet(store, "ns", "k") }
        }
        assertEquals(StorageFailure.UNAVAILABLE, e.failure)
        assertTrue(e.reason.contains("IllegalStateException: disk full"), e.reason)
    }

    @Test
    fun `an AuthException thrown by the store keeps its kind`() = runBlocking {
        val denied = AuthException.Storage(StorageFailure.ACCESS_DENIED, "keychain entitlement missing")
        val e = assertThrows<AuthException.Storage> {
            runBlocking { ffiTestStorageGet(RecordingStorage(denied), "ns", "k") }
        }
        assertEquals(StorageFailure.ACCESS_DENIED, e.failure)
        assertEquals("keychain entitlement missing", e.reason)
    }

    @Test
    fun `a Rust store works from Kotlin and when handed back to the client`() = runBlocking {
        val store = memoryStorage()
        store.set("ns", "k", byteArrayOf(1, 2, 3))
        assertArrayEquals(byteArrayOf(1, 2, 3), store.get("ns", "k"))
        store.removeAll("ns")
        assertNull(store.get("ns", "k"))

        Peer.client(store).use { client ->
            store.set("cognito-auth.${client.fingerprint()}", "session", invalidatedSession)
            assertEquals(UserState.SIGNED_OUT_USER_POOLS_TOKEN_INVALID, client.userState())
        }
    }
}
