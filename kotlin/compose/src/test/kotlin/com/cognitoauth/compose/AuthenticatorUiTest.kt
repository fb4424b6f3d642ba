package com.cognitoauth.compose

import androidx.compose.material3.Text
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.runDesktopComposeUiTest
import com.cognitoauth.AuthenticatorOptions
import com.cognitoauth.InitialScreen
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * The `Authenticator` composable over the core's flow and the real client against moto, used
 * as a person would: an empty form refused under each field (no request), sign-up and
 * forgot-password screens and back, sign-in, the app's signed-in content, sign-out. Each core
 * screen it passes is saved to docs/screenshots (`authenticator-*.png`).
 */
@OptIn(ExperimentalTestApi::class)
class AuthenticatorUiTest {
    @Test
    fun `the core flow refuses an empty form, visits sign-up and reset, signs in and out`() {
        val user = "authn${ProcessHandle.current().pid()}x${System.nanoTime()}"
        MotoPeer.client().use { client ->
            runBlocking {
                client.signUp(user, GOOD_PASSWORD)
                client.confirmSignUp(user, "123456") // moto takes any code
            }
            runDesktopComposeUiTest(width = 400, height = 720) {
                mainClock.autoAdvance = false
                setContent {
                    AuthenticatorTheme {
                        Authenticator(client) { signOut -> Home(signOut) }
                    }
                }
                stepUntil("the sign-in screen") { shown(AuthTags.field("username")) }
                onNodeWithTag(AuthTags.TITLE).assertTextEquals("Sign in")
                screenshot("authenticator-sign-in")

                // Nothing typed: the core refuses the form, each field says why.
                onNodeWithTag(AuthTags.action(SUBMIT_ID)).performClick()
                stepUntil("the refusals") { shown(AuthTags.fieldError("username")) }
                onNodeWithTag(AuthTags.fieldError("password"), useUnmergedTree = true).assertExists()
                screenshot("authenticator-sign-in-refused")

                onNodeWithTag(AuthTags.action("go_to_sign_up")).performClick()
                stepUntil("the sign-up screen") { shown(AuthTags.field("confirm_password")) }
                onNodeWithTag(AuthTags.TITLE).assertTextEquals("Create an account")
                screenshot("authenticator-sign-up")
                onNodeWithTag(AuthTags.action("back_to_sign_in")).performClick()
                stepUntil("the sign-in screen") { shown(AuthTags.action("forgot_password")) }

                onNodeWithTag(AuthTags.action("forgot_password")).performClick()
                stepUntil("the reset screen") { !shown(AuthTags.field("password")) && shown(AuthTags.field("username")) }
                onNodeWithTag(AuthTags.TITLE).assertTextEquals("Reset your password")
                screenshot("authenticator-forgot-password")
                onNodeWithTag(AuthTags.action("back_to_sign_in")).performClick()
                stepUntil("the sign-in screen") { shown(AuthTags.field("password")) }

                onNodeWithTag(AuthTags.field("username")).performTextInput(user)
                onNodeWithTag(AuthTags.field("password")).performTextInput(GOOD_PASSWORD)
                onNodeWithTag(AuthTags.action(SUBMIT_ID)).performClick()
                stepUntil("the app's signed-in content") { shown("home") }
                assertEquals(user, runBlocking { client.getCurrentUser().username })

                onNodeWithTag("home.sign_out").performClick()
                stepUntil("the sign-in screen again") { shown(AuthTags.field("password")) }
            }
        }
    }

    @Test
    fun `an app's strings replace the core's texts`() {
        MotoPeer.client().use { client ->
            runDesktopComposeUiTest(width = 400, height = 720) {
                mainClock.autoAdvance = false
                val options = AuthenticatorOptions(strings = mapOf("sign_in.title" to "Se connecter"), totpIssuer = null, hideSignUp = true)
                setContent { AuthenticatorTheme { Authenticator(client, options = options) { Text("home") } } }
                stepUntil("the sign-in screen") { shown(AuthTags.field("username")) }
                onNodeWithTag(AuthTags.TITLE).assertTextEquals("Se connecter")
                onNodeWithTag(AuthTags.action("go_to_sign_up")).assertDoesNotExist()
            }
        }
    }

    @Test
    fun `an app starts a signed-out user on sign-up`() {
        MotoPeer.client().use { client ->
            runDesktopComposeUiTest(width = 400, height = 720) {
                mainClock.autoAdvance = false
                val options = AuthenticatorOptions(initialScreen = InitialScreen.SIGN_UP)
                setContent { AuthenticatorTheme { Authenticator(client, options = options) { signOut -> Home(signOut) } } }
                stepUntil("the sign-up screen") { shown(AuthTags.field("confirm_password")) }
                onNodeWithTag(AuthTags.TITLE).assertTextEquals("Create an account")
                onNodeWithTag(AuthTags.action("back_to_sign_in")).performClick()
                stepUntil("the sign-in screen") { shown(AuthTags.action("forgot_password")) }
            }
        }
    }

    @Test
    fun `a sign-up is confirmed with its code and a reset asks for its code`() {
        val user = "authnup${ProcessHandle.current().pid()}x${System.nanoTime()}"
        MotoPeer.client().use { client ->
            runDesktopComposeUiTest(width = 400, height = 720) {
                mainClock.autoAdvance = false
                setContent { AuthenticatorTheme { Authenticator(client) { signOut -> Home(signOut) } } }
                stepUntil("the sign-in screen") { shown(AuthTags.action("go_to_sign_up")) }
                onNodeWithTag(AuthTags.action("go_to_sign_up")).performClick()
                stepUntil("the sign-up screen") { shown(AuthTags.field("confirm_password")) }
                onNodeWithTag(AuthTags.field("username")).performTextInput(user)
                onNodeWithTag(AuthTags.field("password")).performTextInput(GOOD_PASSWORD)
                onNodeWithTag(AuthTags.field("confirm_password")).performTextInput(GOOD_PASSWORD)
                if (shown(AuthTags.field("email"))) {
                    onNodeWithTag(AuthTags.field("email")).performTextInput("$user@example.com")
                }
                onNodeWithTag(AuthTags.action(SUBMIT_ID)).performClick()
                stepUntil("the confirmation screen") { shown(AuthTags.field("code")) }
                onNodeWithTag(AuthTags.TITLE).assertTextEquals("Confirm your account")
                screenshot("authenticator-confirm-sign-up")
                onNodeWithTag(AuthTags.field("code")).performTextInput("123456") // moto takes any code
                onNodeWithTag(AuthTags.action(SUBMIT_ID)).performClick()
                // Auto sign-in where the pool allows it, else the sign-in with the name filled.
                stepUntil("signed in, or the sign-in again") { shown("home") || shown(AuthTags.field("password")) }
                if (shown("home")) {
                    onNodeWithTag("home.sign_out").performClick()
                    stepUntil("the sign-in screen") { shown(AuthTags.field("password")) }
                }
                assertEquals(user, runBlocking { client.signIn(user, GOOD_PASSWORD); client.getCurrentUser().username })
                runBlocking { client.signOut() }

                stepUntil("the sign-in screen") { shown(AuthTags.action("forgot_password")) }
                onNodeWithTag(AuthTags.action("forgot_password")).performClick()
                stepUntil("the reset screen") { !shown(AuthTags.field("password")) && shown(AuthTags.field("username")) }
                onNodeWithTag(AuthTags.field("username")).performTextInput(user)
                onNodeWithTag(AuthTags.action(SUBMIT_ID)).performClick()
                stepUntil("the new-password screen") { shown(AuthTags.field("code")) }
                onNodeWithTag(AuthTags.TITLE).assertTextEquals("Choose a new password")
                screenshot("authenticator-confirm-reset-password")
            }
        }
    }
}
