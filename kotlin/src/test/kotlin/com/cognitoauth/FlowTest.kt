package com.cognitoauth

import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The main flow through the generated bindings against moto (PyPI, an independent Cognito
 * imitation: request shapes, exception names, refresh, identity-pool calls; it accepts any
 * SRP proof and confirmation code).
 */
class FlowTest {
    private val nowSeconds get() = System.currentTimeMillis() / 1000

    @Test
    fun `sign-up, SRP sign-in, session, refresh, sign-out, federation, and the events in order`(): Unit = runBlocking {
        Peer.client().use { client ->
            // Subscribed before anything happens; the hang guard is not a timing assertion.
            val events = async(start = CoroutineStart.UNDISPATCHED) {
                withTimeout(120_000) { client.authEvents().take(5).toList() }
            }
            val user = Peer.uniqueUser("flow")
            val signUp = client.signUp(user, Peer.GOOD_PASSWORD, SignUpOptions(attributes = mapOf("email" to "$user@example.com")))
            assertTrue(signUp.nextStep is SignUpNextStep.ConfirmSignUp, "${signUp.nextStep}")
            assertEquals(SignUpNextStep.Done, client.confirmSignUp(user, "123456").nextStep)

            val signIn = client.signIn(user, Peer.GOOD_PASSWORD) // SRP, the default flow
            assertTrue(signIn.isSignedIn)
            assertEquals(SignInNextStep.Done, signIn.nextStep)
            val me = client.getCurrentUser()
            assertEquals(user, me.username)

            val session = client.fetchAuthSession()
            assertTrue(session.isSignedIn)
            assertEquals(me.userId, session.userSub.getOrThrow())
            val tokens = session.tokens.getOrThrow()
            assertEquals(3, tokens.accessToken().split('.').size, "a JWT")
            assertTrue(tokens.expiresAt() > nowSeconds)
            assertTrue(tokens.idTokenClaimsJson().contains("\"sub\":\"${me.userId}\""))
            assertTrue(session.identityId.getOrThrow().startsWith("us-east-1:"))
            val credentials = session.awsCredentials.getOrThrow()
            assertTrue(credentials.accessKeyId().isNotEmpty())
            assertTrue(credentials.secretAccessKey().isNotEmpty())
            assertTrue(credentials.expiration() > nowSeconds)

            // The same session from a plain (non-suspending) call, now that all of it is fresh.
            val cached = checkNotNull(client.cachedAuthSession()) { "fresh tokens and credentials" }
            assertEquals(me.userId, cached.userSub.getOrThrow())
            assertEquals(tokens.accessToken(), cached.tokens.getOrThrow().accessToken())
            assertEquals(credentials.accessKeyId(), cached.awsCredentials.getOrThrow().accessKeyId())

            val refreshed = client.fetchAuthSession(forceRefresh = true).tokens.getOrThrow()
            assertEquals(tokens.refreshToken(), refreshed.refreshToken(), "the refresh token is kept")
            assertEquals(refreshed.idToken(), client.getTokens().idToken())

            // moto answers RevokeToken with HTTP 500: signed out here, the failure reported.
            val out = client.signOut()
            assertTrue(out is SignOutResult.Partial && out.revokeTokenError != null, "$out")
            assertEquals(UserState.GUEST, client.userState())
            val after = client.fetchAuthSession()
            assertFalse(after.isSignedIn)
            assertThrows<AuthException.SignedOut> { after.tokens.getOrThrow() }
            assertNull(after.tokens.getOrNull())
            assertTrue(after.identityId.getOrNull() != null, "a guest identity")

            val federated = client.federateToIdentityPool("google-id-token", FederationProvider.Google)
            assertEquals(federated.identityId, client.fetchAuthSession().identityId.getOrThrow())
            assertEquals(UserState.SIGNED_IN, client.userState())
            assertThrows<AuthException.InvalidState> { runBlocking { client.getCurrentUser() } }
            assertThrows<AuthException.InvalidState> { runBlocking { client.signIn(user, Peer.GOOD_PASSWORD) } }
            client.clearFederationToIdentityPool()
            assertEquals(UserState.GUEST, client.userState())

            assertEquals(
                listOf(
                    AuthEvent.SIGNED_IN,
                    AuthEvent.TOKENS_REFRESHED,
                    AuthEvent.SIGNED_OUT,
                    AuthEvent.FEDERATED,
                    AuthEvent.FEDERATION_CLEARED,
                ),
                events.await(),
            )
        }
    }

    @Test
    fun `a wrong password is NotAuthorized and nothing is stored`(): Unit = runBlocking {
        val store = RecordingStorage()
        Peer.client(store).use { client ->
            val user = Peer.signedUpUser(client, "wrong")
            val e = assertThrows<AuthException.NotAuthorized> {
                runBlocking {
                    client.signIn(user, "Wr0ng-password", SignInOptions(flow = SignInFlow.UserPassword))
                }
            }
            assertEquals("NotAuthorized", e.kind())
            assertFalse(e.isTransient(), "a wrong password is an answer, not a transient failure")
            assertTrue(store.items.keys.none { it.second == "session" }, "${store.items.keys}")
            assertEquals(UserState.GUEST, client.userState())
            assertThrows<AuthException.UserNotFound> {
                runBlocking { client.signIn("nobody-here", Peer.GOOD_PASSWORD) }
            }
        }
    }

    @Test
    fun `federation with an OIDC provider, and a developer identity`(): Unit = runBlocking {
        Peer.client().use { client ->
            val oidc = client.federateToIdentityPool("oidc-token", FederationProvider.Oidc("login.example.com"))
            assertTrue(oidc.identityId.isNotEmpty())
            client.clearFederationToIdentityPool()
            val developerId = oidc.identityId
            val developer = client.federateToIdentityPool(
                "developer-token",
                FederationProvider.Custom("cognito-identity.amazonaws.com"),
                developerIdentityId = developerId,
            )
            assertEquals(developerId, developer.identityId, "GetId skipped for a developer identity")
            assertThrows<AuthException.InvalidParameter> {
                runBlocking { client.federateToIdentityPool("", FederationProvider.Google) }
            }
            client.clearFederationToIdentityPool()
            assertThrows<AuthException.InvalidState> { runBlocking { client.clearFederationToIdentityPool() } }
        }
    }

    @Test
    fun `a typed config with the client secret as an argument`(): Unit = runBlocking {
        val user = Peer.client().use { Peer.signedUpUser(it, "secret") }
        // The pool's app client with a secret: moto checks SECRET_HASH.
        val config = AuthConfig(
            userPool = UserPoolConfig(
                poolId = Peer.userPoolId,
                clientId = Peer.secretClientId,
                region = "us-east-1",
                endpoint = Peer.endpoint,
            ),
        )
        CognitoAuth.create(config, clientSecret = "not-the-secret").use { wrong ->
            assertThrows<AuthException.NotAuthorized> { runBlocking { wrong.signIn(user, Peer.GOOD_PASSWORD) } }
        }
        // A user of the public client is a user of the pool: the secret client signs it in.
        CognitoAuth.create(config, clientSecret = Peer.clientSecret).use { right ->
            assertTrue(right.signIn(user, Peer.GOOD_PASSWORD).isSignedIn)
        }
        assertFalse(config.toString().contains(Peer.clientSecret), config.toString())
    }
}
