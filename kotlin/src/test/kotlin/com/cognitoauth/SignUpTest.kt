package com.cognitoauth

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Sign-up through the generated bindings against moto, and the typed errors an app sees. */
class SignUpTest {
    @Test
    fun `sign-up returns the confirmation step, a duplicate is UsernameExists`(): Unit = runBlocking {
        Peer.client().use { client ->
            val user = Peer.uniqueUser("kt")
            val result = client.signUp(
                user,
                Peer.GOOD_PASSWORD,
                SignUpOptions(attributes = mapOf("email" to "$user@example.com")),
            )
            assertFalse(result.userId.isNullOrEmpty())
            assertTrue(result.nextStep is SignUpNextStep.ConfirmSignUp, "${result.nextStep}")

            val duplicate = assertThrows<AuthException.UsernameExists> {
                runBlocking { client.signUp(user, Peer.GOOD_PASSWORD) }
            }
            assertEquals("UsernameExists", duplicate.kind())
            assertTrue(duplicate.toString().startsWith("username exists: "), duplicate.toString())

            // moto accepts any code; this proves the call shape and the Done step.
            assertEquals(SignUpNextStep.Done, client.confirmSignUp(user, "123456").nextStep)
        }
    }

    @Test
    fun `a weak password is InvalidPassword`(): Unit = runBlocking {
        Peer.client().use { client ->
            val e = assertThrows<AuthException.InvalidPassword> {
                runBlocking { client.signUp(Peer.uniqueUser("weak"), "short") }
            }
            assertTrue(e.reason.isNotEmpty())
        }
    }

    @Test
    fun `the Gen 1 file and a typed config reach the same pool`(): Unit = runBlocking {
        // A file names only https endpoints: the peer (plain http) is an override in code.
        val gen1 = CognitoAuth.fromAmplifyConfig(Peer.config("amplifyconfiguration.json"), Peer.endpoints)
        val gen2 = Peer.client()
        assertEquals(gen2.fingerprint(), gen1.fingerprint())
        val result = gen1.signUp(Peer.uniqueUser("gen1"), Peer.GOOD_PASSWORD)
        assertTrue(result.nextStep is SignUpNextStep.ConfirmSignUp)
        gen1.close()
        gen2.close()
    }

    @Test
    fun `a bad configuration is Configuration, naming the key`() {
        val notJson = assertThrows<AuthException.Configuration> {
            AuthClient.fromAmplifyConfigJson("{not json")
        }
        assertTrue(notJson.reason.contains("not valid JSON"), notJson.reason)
        val badPool = assertThrows<AuthException.Configuration> {
            CognitoAuth.fromAmplifyConfig(
                """{"version":"1.3","auth":{"aws_region":"us-east-1","user_pool_id":"nounderscore","user_pool_client_id":"c"}}""",
            )
        }
        assertTrue(badPool.reason.contains("auth.user_pool_id"), badPool.reason)
        val badEndpoint = assertThrows<AuthException.Configuration> {
            AuthClient(
                AuthConfig(
                    userPool = UserPoolConfig(
                        poolId = "us-east-1_x",
                        clientId = "c",
                        region = "us-east-1",
                        endpoint = "ftp://127.0.0.1/",
                    ),
                ),
            )
        }
        assertTrue(badEndpoint.reason.contains("user pool endpoint"), badEndpoint.reason)
    }
}
