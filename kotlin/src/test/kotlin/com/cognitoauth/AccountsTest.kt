package com.cognitoauth

import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * Several accounts of one configuration through the Kotlin API against moto: three users
 * signed in side by side, the client's events and `userState` flow following a switch, one
 * account signed out through a client of its own, and the active account restored by a new
 * client on the same store (a restart).
 */
class AccountsTest {
    @Test
    fun `three accounts side by side, switched, one signed out, restored after a restart`(): Unit = runBlocking {
        val store = RecordingStorage()
        val users = mutableListOf<String>()
        Peer.client(store).use { client ->
            for (account in listOf(null, "work", "home")) {
                account?.let { client.switchAccount(it, create = true) }
                val user = Peer.signedUpUser(client, "acct")
                client.signIn(user, Peer.GOOD_PASSWORD)
                users += user
            }
            val listed = client.accounts()
            assertEquals(listOf("default", "work", "home"), listed.map { it.name })
            assertEquals(users, listed.map { it.username })
            assertEquals(listOf(false, false, true), listed.map { it.active })

            // A switch moves the client, its events and its state flow to the other account.
            client.events().use { events ->
                client.switchAccount("work")
                assertEquals(AuthEvent.ACTIVE_ACCOUNT_CHANGED, events.next())
            }
            assertEquals(users[1], client.getCurrentUser().username)
            withTimeout(5_000) { client.userState.first { it == UserState.SIGNED_IN } }

            // "home" is signed out through a client of its own; the others stay signed in.
            client.forAccount("home").use { home ->
                home.signOut()
                assertThrows<AuthException.InvalidState> { runBlocking { home.switchAccount("default") } }
            }
            val states = client.accounts().map { it.state }
            assertEquals(listOf(UserState.SIGNED_IN, UserState.SIGNED_IN, UserState.GUEST), states)
        }
        // A restart: a new client on the same store comes back on "work".
        Peer.client(store).use { next ->
            assertEquals("work", next.accounts().single { it.active }.name)
            assertEquals(users[1], next.getCurrentUser().username)
            val e = assertThrows<AuthException.InvalidParameter> { runBlocking { next.switchAccount("nobody") } }
            assertTrue(e.reason.contains("no account named"), e.reason)
        }
    }
}
