package com.cognitoauth

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * UniFFI records are Kotlin data classes whose `toString()` prints every field, and objects
 * print their exported Rust `Debug`. Every exported value that can hold a secret is built
 * here from real flows (moto, and the OIDC provider for the hosted UI) and its `toString()`
 * searched for every secret of those flows.
 */
class SecretsTest {
    private fun assertNoSecret(printed: Map<String, Any?>, secrets: List<String>) {
        for ((what, value) in printed) {
            val text = value.toString()
            for (secret in secrets) {
                assertTrue(!text.contains(secret), "$what prints a secret: $text")
            }
        }
    }

    @Test
    fun `no record or object prints a secret`(): Unit = runBlocking {
        val config = AuthConfig(
            userPool = UserPoolConfig(
                poolId = Peer.userPoolId,
                clientId = Peer.secretClientId,
                region = "us-east-1",
                endpoint = Peer.endpoint,
            ),
            identityPool = null,
        )
        val secrets = mutableListOf(Peer.GOOD_PASSWORD, Peer.clientSecret)
        val printed = linkedMapOf<String, Any?>("AuthConfig" to config)

        // A user-pool sign-in, its session, TOTP set-up, a signed request, the sign-out.
        Peer.client().use { client ->
            val user = Peer.uniqueUser("secret")
            printed["SignUpResult"] = client.signUp(user, Peer.GOOD_PASSWORD)
            client.confirmSignUp(user, "123456")
            printed["SignInResult"] = client.signIn(user, Peer.GOOD_PASSWORD)
            val session = client.fetchAuthSession()
            printed["AuthSession"] = session
            val tokens = session.tokens.getOrThrow()
            val credentials = session.awsCredentials.getOrThrow()
            printed["UserPoolTokens"] = tokens
            printed["AwsCredentials"] = credentials
            secrets += listOf(tokens.idToken(), tokens.accessToken(), tokens.refreshToken()!!, credentials.secretAccessKey())
            credentials.sessionToken().takeIf { it.isNotEmpty() }?.let { secrets += it }
            val totp = client.setUpTotp()
            printed["TotpSetupDetails"] = totp
            secrets += totp.sharedSecret()
            val signed = client.signRequest(
                RequestToSign("GET", "https://execute-api.us-east-1.amazonaws.com/prod/items"),
                "execute-api",
            )
            printed["SignedHeaders"] = signed
            secrets += signed.value("authorization")!!
            val out = client.signOut()
            printed["SignOutResult"] = out
            (out as? SignOutResult.Partial)?.refreshToken?.let { printed["SecretToken"] = it }
            printed["AuthClient"] = client
            printed["CognitoAuthFutures"] = client.asJava()
            // A failed sign-in with a wrong password: no text of the exception shows it.
            val wrongPassword = "Wr0ng-passw0rd-secret"
            secrets += wrongPassword
            val e = runCatching { client.signIn(user, wrongPassword, SignInOptions(flow = SignInFlow.UserPassword)) }.exceptionOrNull() as AuthException
            printed["AuthException.message"] = e.message
            printed["AuthException.toString"] = e
            printed["AuthException.recoverySuggestion"] = e.recoverySuggestion
        }
        // The secret client signs in with its secret.
        CognitoAuth.create(config, clientSecret = Peer.clientSecret).use { client ->
            val user = Peer.uniqueUser("withsecret")
            client.signUp(user, Peer.GOOD_PASSWORD)
            client.confirmSignUp(user, "123456")
            printed["SignInResult (secret client)"] = client.signIn(user, Peer.GOOD_PASSWORD)
        }
        // Federation with a provider token.
        Peer.client().use { client ->
            val providerToken = "provider-token-${Peer.uniqueUser("p")}"
            secrets += providerToken
            val federated = client.federateToIdentityPool(providerToken, FederationProvider.Google)
            printed["FederationResult"] = federated
            secrets += federated.credentials.secretAccessKey()
            printed["AuthSession (federated)"] = client.fetchAuthSession()
        }
        // The hosted UI: its tokens, and the PKCE verifier (only ever in the store).
        val store = RecordingStorage()
        OidcPeer.client(store).use { client ->
            val url = client.beginWebSignIn(OidcPeer.appOptions())
            val pending = store.items.entries.single { it.key.second == "hosted_ui.pending" }.value
            val verifier = Regex("\"code_verifier\":\"([^\"]+)\"").find(String(pending))!!.groupValues[1]
            assertTrue(verifier.length >= 43)
            secrets += verifier
            printed["authorize URL"] = url
            client.completeWebSignIn(HttpBrowser().navigate(url, Login.SignIn(OidcPeer.username, OidcPeer.password)))
            val session = client.fetchAuthSession()
            printed["AuthSession (hosted UI)"] = session
            val tokens = session.tokens.getOrThrow()
            secrets += listOf(tokens.idToken(), tokens.accessToken(), tokens.refreshToken()!!)
        }

        // The Authenticator's TOTP set-up screen (a data class generated by UniFFI: the
        // project's uniffi-bindgen gives it a toString without the key).
        val key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"
        val uri = "otpauth://totp/My%20App:ana?secret=$key&issuer=My%20App"
        val step = AuthenticatorStep.SetupTotp(key, uri)
        printed["AuthenticatorStep.SetupTotp"] = step
        printed["AuthenticatorScreen"] = AuthenticatorScreen(step, "Set up", null, emptyList(), emptyList(), null)
        secrets += listOf(key, uri)

        assertTrue(secrets.all { it.length >= 8 }, "${secrets.size} secrets")
        assertNoSecret(printed, secrets)
        // The objects still say what they are.
        assertTrue(printed["UserPoolTokens"].toString().contains("expires_at"), printed["UserPoolTokens"].toString())
        assertTrue(printed["SignedHeaders"].toString().contains("authorization"), printed["SignedHeaders"].toString())
        assertTrue(step.toString() == "SetupTotp(sharedSecret=***, setupUri=***)", step.toString())
        assertTrue(step == AuthenticatorStep.SetupTotp(key, uri), "equality still compares the fields")
    }
}
