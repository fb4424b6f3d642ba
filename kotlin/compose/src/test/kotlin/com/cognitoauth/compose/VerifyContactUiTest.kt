package com.cognitoauth.compose

import androidx.compose.ui.test.ComposeUiTest
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.runDesktopComposeUiTest
import com.cognitoauth.AuthClient
import com.cognitoauth.AuthenticatorOptions
import com.cognitoauth.SignUpOptions
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * The opt-in contact verification after sign-in (`AuthenticatorOptions(verifyContact = true)`)
 * against cognito-local ([CognitoLocalPeer]), which checks the code it sends and sets
 * `email_verified` once it is right: the offer screen, a wrong code under the field, the real
 * code, the app's content; and Skip. Both screens are saved to docs/screenshots.
 */
@OptIn(ExperimentalTestApi::class)
class VerifyContactUiTest {
    /** A confirmed cognito-local user with an unverified email (its sign-up code read back). */
    private fun newUser(user: String, client: AuthClient) = runBlocking {
        client.signUp(user, GOOD_PASSWORD, SignUpOptions(attributes = mapOf("email" to "reader@example.com")))
        val code = CognitoLocalPeer.confirmationCode(user) ?: error("cognito-local sent $user no code")
        client.confirmSignUp(user, code)
        Unit
    }

    private fun ComposeUiTest.signInVerifying(client: AuthClient, user: String) {
        mainClock.autoAdvance = false
        setContent {
            AuthenticatorTheme {
                Authenticator(client, options = AuthenticatorOptions(verifyContact = true)) { signOut -> Home(signOut) }
            }
        }
        stepUntil("the sign-in screen") { shown(AuthTags.field("username")) }
        onNodeWithTag(AuthTags.field("username")).performTextInput(user)
        onNodeWithTag(AuthTags.field("password")).performTextInput(GOOD_PASSWORD)
        onNodeWithTag(AuthTags.action(SUBMIT_ID)).performClick()
        stepUntil("the offer to verify") { shown(AuthTags.action("verify_contact.email")) }
    }

    private fun emailVerified(client: AuthClient): String? = runBlocking { client.fetchUserAttributes()["email_verified"] }

    @Test
    fun `an unverified email is offered, a wrong code refused, the real one verifies it`() {
        val user = "compose-verify"
        CognitoLocalPeer.client(CognitoLocalPeer.passwordOutputs()).use { client ->
            newUser(user, client)
            runDesktopComposeUiTest(width = 400, height = 720) {
                signInVerifying(client, user)
                onNodeWithTag(AuthTags.TITLE).assertTextEquals("Verify how we can reach you")
                onNodeWithTag(AuthTags.action("verify_contact.email")).assertTextEquals("Verify my email address")
                onNodeWithTag(AuthTags.action("skip")).assertTextEquals("Skip for now")
                assertTrue(!shown(AuthTags.action("verify_contact.phone")), "the account has no phone number")
                screenshot("authenticator-verify-contact")

                onNodeWithTag(AuthTags.action("verify_contact.email")).performClick()
                stepUntil("the code screen") { shown(AuthTags.field("code")) }
                onNodeWithTag(AuthTags.TITLE).assertTextEquals("Enter the verification code")
                val code = CognitoLocalPeer.attributeCode(user) ?: error("cognito-local sent no attribute code")
                onNodeWithTag(AuthTags.field("code")).performTextInput(if (code == "000000") "111111" else "000000")
                onNodeWithTag(AuthTags.action(SUBMIT_ID)).performClick()
                stepUntil("the code refused") { shown(AuthTags.fieldError("code")) }
                onNodeWithTag(AuthTags.fieldError("code"), useUnmergedTree = true)
                    .assertTextEquals("That code is not right. Check it and try again.")
                screenshot("authenticator-confirm-verify-contact")
                assertNotEquals("true", emailVerified(client))

                onNodeWithTag(AuthTags.field("code")).performTextInput(code)
                onNodeWithTag(AuthTags.action(SUBMIT_ID)).performClick()
                stepUntil("the app's content") { shown("home") }
                assertEquals("true", emailVerified(client))
            }
        }
    }

    @Test
    fun `skip goes on to the app with the email still unverified`() {
        val user = "compose-skip"
        CognitoLocalPeer.client(CognitoLocalPeer.passwordOutputs()).use { client ->
            newUser(user, client)
            runDesktopComposeUiTest(width = 400, height = 720) {
                signInVerifying(client, user)
                onNodeWithTag(AuthTags.action("skip")).performClick()
                stepUntil("the app's content") { shown("home") }
                assertNotEquals("true", emailVerified(client))
            }
        }
    }
}
