package com.cognitoauth

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
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
    private fun sessionReads(store: RecordingStorage) = store.calls.count { it.endsWith(" session") }

    @Test
    fun `the Rust core keeps its records in a Kotlin store`(): Unit = runBlocking {
        val store = RecordingStorage()
        Peer.client(store).use { client ->
            val namespace = "cognito-auth.${client.fingerprint()}"
            assertEquals(UserState.GUEST, client.userState())
            // Start-up: which configuration used the store last (a changed configuration wipes the old one's credentials, as Amplify does), then the session, then which account is active.
            assertEquals(
                listOf(
                    "get cognito-auth active-namespace",
                    "set cognito-auth active-namespace",
                    "get $namespace session",
                    "get $namespace.accounts index",
                ),
                store.calls.toList(),
            )
            assertArrayEquals(namespace.toByteArray(), store.items["cognito-auth" to "active-namespace"])
        }
    }

    @Test
    fun `credentials of another configuration are wiped from a Kotlin store`(): Unit = runBlocking {
        val store = RecordingStorage()
        store.items["cognito-auth" to "active-namespace"] = "cognito-auth.previous".toByteArray()
        store.items["cognito-auth.previous" to "session"] = "old tokens".toByteArray()
        Peer.client(store).use { client -> client.userState() }
        // The Rust core read the marker the Kotlin store returned and acted on it.
        assertTrue("removeAll cognito-auth.previous" in store.calls, "${store.calls}")
        assertTrue(store.items.keys.none { it.first == "cognito-auth.previous" })
    }

    @Test
    fun `the Rust core signs a user in through a Kotlin store, and a restart finds the session`(): Unit = runBlocking {
        val user = Peer.client().use { Peer.signedUpUser(it, "store") }
        val store = RecordingStorage()
        val namespace = Peer.client(store).use { client ->
            assertTrue(client.signIn(user, Peer.GOOD_PASSWORD).isSignedIn)
            "cognito-auth.${client.fingerprint()}"
        }
        val stored = store.items[namespace to "session"] ?: error("no session in ${store.items.keys}")
        assertFalse(String(stored).contains(Peer.GOOD_PASSWORD), "no password stored")
        // The app starts again with the same store: still signed in, without a request.
        Peer.client(store).use { client ->
            assertEquals(UserState.SIGNED_IN, client.userState())
            assertEquals(user, client.getCurrentUser().username)
        }
    }

    @Test
    fun `a Kotlin exception thrown by the store arrives as a typed error`(): Unit = runBlocking {
        val user = Peer.client().use { Peer.signedUpUser(it, "failing") }
        val store = RecordingStorage(IllegalStateException("disk full"))
        Peer.client(store).use { client ->
            // Reading: nobody is known to be signed in or out (unreadable is not empty, even
            // with guest access), and "unavailable" means the core asks again later.
            assertEquals(UserState.UNKNOWN, client.userState())
            val first = sessionReads(store)
            assertEquals(UserState.UNKNOWN, client.userState())
            assertTrue(sessionReads(store) > first, "read again")
            // A sign-in must write: it fails with the typed error.
            val e = assertThrows<AuthException.Storage> {
                runBlocking { client.signIn(user, Peer.GOOD_PASSWORD) }
            }
            assertEquals(StorageFailure.UNAVAILABLE, e.failure)
            assertTrue(e.reason.contains("IllegalStateException: disk full"), e.reason)
            assertEquals(UserState.UNKNOWN, client.userState())
        }
    }

    @Test
    fun `an AuthException thrown by the store keeps its kind`(): Unit = runBlocking {
        val store = RecordingStorage(AuthException.Storage(StorageFailure.CORRUPT, "bad MAC"))
        Peer.client(store).use { client ->
            // Corrupt data counts as no user and is not asked for again.
            assertEquals(UserState.GUEST, client.userState())
            assertEquals(UserState.GUEST, client.userState())
            assertEquals(1, sessionReads(store))
            val e = assertThrows<AuthException.Storage> {
                runBlocking { client.signIn(Peer.uniqueUser("corrupt"), Peer.GOOD_PASSWORD) }
            }
            assertEquals(StorageFailure.CORRUPT, e.failure)
            assertEquals("bad MAC", e.reason)
        }
    }

    @Test
    fun `two named configurations share one store without wiping each other`(): Unit = runBlocking {
        // The pool's two app clients stand for an app's "work" and "home" backends.
        val store = RecordingStorage()
        fun client(clientId: String, name: String): AuthClient = CognitoAuth.create(
            AuthConfig(userPool = UserPoolConfig(Peer.userPoolId, clientId, "us-east-1", Peer.endpoint)),
            storage = store,
            clientSecret = if (clientId == Peer.secretClientId) Peer.clientSecret else null,
            options = ClientOptions(namespace = name),
        )
        val user = Peer.client().use { Peer.signedUpUser(it, "named") }
        val publicId = Regex("\"client_id\":\"([^\"]+)\"").find(Peer.config("pool.json"))!!.groupValues[1]
        client(publicId, "work").use { assertTrue(it.signIn(user, Peer.GOOD_PASSWORD).isSignedIn) }
        client(Peer.secretClientId, "home").use { assertTrue(it.signIn(user, Peer.GOOD_PASSWORD).isSignedIn) }
        for ((id, name) in listOf(publicId to "work", Peer.secretClientId to "home")) {
            client(id, name).use { assertEquals(UserState.SIGNED_IN, it.userState(), name) }
        }
        assertTrue(store.items.keys.any { it.first.startsWith("cognito-auth.work.") }, "${store.items.keys}")
        assertThrows<AuthException.Configuration> { client(publicId, "not/a name") }
    }

    @Test
    fun `a Rust store works from Kotlin and when handed back to the client`(): Unit = runBlocking {
        val store = memoryStorage()
        store.set("ns", "k", byteArrayOf(1, 2, 3))
        assertArrayEquals(byteArrayOf(1, 2, 3), store.get("ns", "k"))
        store.removeAll("ns")
        assertNull(store.get("ns", "k"))

        Peer.client(store).use { client ->
            client.userState()
            assertArrayEquals(
                "cognito-auth.${client.fingerprint()}".toByteArray(),
                store.get("cognito-auth", "active-namespace"),
            )
        }
    }
}
