package com.cognitoauth

import java.io.ByteArrayInputStream
import java.io.File
import java.io.IOException
import java.io.InputStream
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.time.Instant
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The Kotlin API as a Kotlin developer expects it (issue 15): exceptions with a message, a
 * recovery suggestion and a cause; readable `toString()`; immutable records; `Instant`s; a
 * `StateFlow` of the user's state; retrying a partial sign-out; the library's own error for a
 * closed client; loading the configuration from a file, a stream or an Android resource.
 */
class NativeApiTest {
    @Test
    fun `an exception's message is the human sentence, its kind the class, with a suggestion`(): Unit = runBlocking {
        Peer.client().use { client ->
            val user = Peer.signedUpUser(client, "msg")
            val e = assertThrows<AuthException.NotAuthorized> {
                runBlocking { client.signIn(user, "Wr0ng-passw0rd!", SignInOptions(flow = SignInFlow.UserPassword)) }
            }
            assertFalse(e.message.startsWith("reason="), e.message)
            assertEquals(authExceptionMessage(e.reason, null), e.message)
            assertTrue(e.message.endsWith("."), e.message)
            assertEquals("Check the user name and password, or sign in again.", e.recoverySuggestion)
            assertEquals(e.recoverySuggestion, e.recoverySuggestion())
            assertEquals("NotAuthorized", e.kind())
            // toString keeps the kind, for logs.
            assertTrue(e.toString().startsWith("not authorized: "), e.toString())
        }
        // The library's own reasons become sentences too; names stay in front.
        assertEquals("No user is signed in.", AuthException.SignedOut("no user is signed in").message)
        assertEquals("Sign in first.", AuthException.SignedOut("x").recoverySuggestion)
        assertEquals(
            "Confirm the sign-up with the code sent, then sign in.",
            AuthException.UserNotConfirmed("User is not confirmed.").recoverySuggestion,
        )
        assertEquals("Check the connection and try again.", AuthException.Network("timed out").recoverySuggestion)
        assertEquals("Sign in again.", AuthException.SessionExpired("x").recoverySuggestion)
        assertNull(AuthException.Cancelled("closed").recoverySuggestion)
        assertEquals(
            "UserLambdaValidationException: PreSignUp failed.",
            AuthException.Lambda("UserLambdaValidationException", "PreSignUp failed").message,
        )
    }

    @Test
    fun `a store's exception is the cause of the storage error`(): Unit = runBlocking {
        val user = Peer.client().use { Peer.signedUpUser(it, "cause") }
        val disk = IOException("disk full")
        CognitoAuth.fromAmplifyConfig(Peer.config(), Peer.endpoints, storage = RecordingStorage(disk)).use { client ->
            val e = assertThrows<AuthException.Storage> {
                runBlocking { client.signIn(user, Peer.GOOD_PASSWORD) }
            }
            assertEquals(StorageFailure.UNAVAILABLE, e.failure)
            assertTrue(e.cause === disk, "cause: ${e.cause}")
            assertTrue(e.message.contains("disk full"), e.message)
            assertEquals("Try again once the device is unlocked or has free space.", e.recoverySuggestion)
        }
    }

    @Test
    fun `every public type prints something readable`(): Unit = runBlocking {
        assertEquals("Done", SignInNextStep.Done.toString())
        assertEquals("Done", SignUpNextStep.Done.toString())
        assertEquals("Complete", SignOutResult.Complete.toString())
        Peer.client().use { client ->
            assertTrue(client.toString().startsWith("AuthClient { fingerprint: "), client.toString())
            assertTrue(client.toString().contains(client.fingerprint()), client.toString())
            client.events().use { assertEquals("AuthEventStream", it.toString()) }
            assertTrue(client.asJava().toString().contains("AuthClient"))
        }
        assertEquals("SecretToken(***)", SecretToken("refresh-secret-value").toString())
        assertTrue(AuthException.NotAuthorized("Incorrect username or password.").toString().contains("Incorrect"))
    }

    @Test
    fun `records are immutable values`() {
        for (record in listOf(AuthSession::class, SignInResult::class, AuthConfig::class, ClientOptions::class, WebUiOptions::class)) {
            val setters = record.java.methods.filter { it.name.startsWith("set") && it.parameterCount == 1 }
            assertTrue(setters.isEmpty(), "$record has setters: $setters")
        }
        val options = ClientOptions(namespace = "a")
        assertEquals("b", options.copy(namespace = "b").namespace)
        assertEquals("a", options.namespace)
    }

    @Test
    fun `expiry times are Instants, the epoch seconds still there`(): Unit = runBlocking {
        Peer.client().use { client ->
            val user = Peer.signedUpUser(client, "instant")
            client.signIn(user, Peer.GOOD_PASSWORD)
            val session = client.fetchAuthSession()
            val tokens = session.tokens.getOrThrow()
            assertEquals(Instant.ofEpochSecond(tokens.expiresAt()), tokens.expiration)
            assertTrue(tokens.expiration.isAfter(Instant.now()))
            assertFalse(tokens.isExpired())
            assertTrue(tokens.isExpired(tokens.expiration))
            val credentials = session.awsCredentials.getOrThrow()
            assertEquals(credentials.expiration(), credentials.expiration.epochSecond)
            assertFalse(credentials.isExpired())
        }
    }

    @Test
    fun `the user state is a StateFlow whose value is there without suspending`(): Unit = runBlocking {
        Peer.client().use { client ->
            val state = client.userState
            assertTrue(state === client.userState, "one flow per client")
            withTimeout(30_000) { state.first { it == UserState.GUEST } }
            assertEquals(client.userState(), state.value)
            val user = Peer.signedUpUser(client, "state")
            client.signIn(user, Peer.GOOD_PASSWORD)
            withTimeout(30_000) { state.first { it == UserState.SIGNED_IN } }
            assertEquals(UserState.SIGNED_IN, state.value)
            client.signOut()
            withTimeout(30_000) { state.first { it == UserState.GUEST } }
        }
    }

    @Test
    fun `a partial sign-out carries what a retry needs, masked`(): Unit = runBlocking {
        Peer.client().use { client ->
            val user = Peer.signedUpUser(client, "partial")
            client.signIn(user, Peer.GOOD_PASSWORD)
            val tokens = client.getTokens()
            // moto answers RevokeToken with HTTP 500: the refresh token comes back.
            val out = client.signOut()
            assertTrue(out is SignOutResult.Partial, "$out")
            out as SignOutResult.Partial
            assertNotNull(out.revokeTokenError)
            val refresh = checkNotNull(out.refreshToken)
            assertEquals(tokens.refreshToken(), refresh.value())
            assertNull(out.accessToken)
            assertNull(out.signOutUrl)
            assertFalse(out.toString().contains(refresh.value()), out.toString())
            assertTrue(out.toString().contains("SecretToken(***)"), out.toString())
            val retry = assertThrows<AuthException> { runBlocking { client.revokeToken(refresh) } }
            assertTrue(retry.isTransient() || retry is AuthException.InvalidResponse, "$retry")
            // GlobalSignOut can be retried with the access token, signed out or not.
            client.globalSignOut(SecretToken(tokens.accessToken()))
            assertThrows<AuthException.NotAuthorized> { runBlocking { client.globalSignOut(SecretToken("not-a-token")) } }
        }
    }

    @Test
    fun `a closed client throws the library's own error`(): Unit = runBlocking {
        val client = Peer.client()
        client.close()
        assertEquals("AuthClient(closed)", client.toString(), "a closed client still prints")
        val e = assertThrows<AuthException.InvalidState> { client.fingerprint() }
        assertTrue(e.message.contains("AuthClient was closed"), e.message)
        assertThrows<AuthException.InvalidState> { runBlocking { client.userState() } }
        assertThrows<AuthException.InvalidState> { runBlocking { client.signIn("a", "b") } }
    }

    @Test
    fun `a client from a file, a stream or an Android raw resource`(): Unit = runBlocking {
        val file = Files.createTempFile("amplify_outputs", ".json")
        Files.write(file, Peer.config().toByteArray())
        val fingerprint = Peer.client().use { it.fingerprint() }
        CognitoAuth.fromFile(file, Peer.endpoints).use { assertEquals(fingerprint, it.fingerprint()) }
        CognitoAuth.fromFile(file.toFile(), Peer.endpoints).use { assertEquals(fingerprint, it.fingerprint()) }
        val stream = ByteArrayInputStream(Peer.config().toByteArray())
        CognitoAuth.fromStream(stream, Peer.endpoints).use { client ->
            assertEquals(fingerprint, client.fingerprint())
            val user = Peer.signedUpUser(client, "file")
            assertTrue(client.signIn(user, Peer.GOOD_PASSWORD).isSignedIn)
        }
        val context = FakeContext(mapOf(0x7f0f0001 to Peer.config()))
        CognitoAuth.fromRawResource(context, 0x7f0f0001, endpoints = Peer.endpoints).use {
            assertEquals(fingerprint, it.fingerprint())
        }
        // Unreadable: a configuration error whose cause is the I/O failure.
        val missing = assertThrows<AuthException.Configuration> {
            CognitoAuth.fromFile(File(file.toFile().parentFile, "no-such-file.json"))
        }
        assertTrue(missing.cause is NoSuchFileException, "${missing.cause}")
        assertTrue(missing.message.startsWith("Could not read the file "), missing.message)
        val noResource = assertThrows<AuthException.Configuration> { CognitoAuth.fromRawResource(context, 1) }
        assertTrue(noResource.cause is IllegalArgumentException, "${noResource.cause}")
        val bad = assertThrows<AuthException.Configuration> { CognitoAuth.fromStream(ByteArrayInputStream("{}".toByteArray())) }
        assertNull(bad.cause)
    }
}

/** An `android.content.Context` as far as `fromRawResource` uses it (reflection). */
class FakeContext(private val raw: Map<Int, String>) {
    fun getResources(): FakeResources = FakeResources(raw)
}

class FakeResources(private val raw: Map<Int, String>) {
    fun openRawResource(id: Int): InputStream =
        ByteArrayInputStream((raw[id] ?: throw IllegalArgumentException("Resource ID #0x${Integer.toHexString(id)}")).toByteArray())
}
