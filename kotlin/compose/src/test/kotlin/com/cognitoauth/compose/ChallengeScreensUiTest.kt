package com.cognitoauth.compose

import androidx.compose.material3.Text
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.ComposeUiTest
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertContentDescriptionEquals
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.captureToImage
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextClearance
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.runDesktopComposeUiTest
import com.cognitoauth.AuthClient
import com.cognitoauth.AuthenticatorOptions
import com.cognitoauth.AuthenticatorStep
import com.google.zxing.BinaryBitmap
import com.google.zxing.client.j2se.BufferedImageLuminanceSource
import com.google.zxing.common.HybridBinarizer
import com.google.zxing.qrcode.QRCodeReader
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * The `Authenticator` composable through the sign-in challenges, over the real client against
 * OUR TEST SERVER (see [TestServerPeer]: it verifies every SRP proof and checks every code, and
 * serves the challenges moto lacks): a wrong password, SMS codes, MFA selection, TOTP set-up
 * (its QR code read back from the pixels by ZXing), email-MFA set-up, a required new password,
 * and USER_AUTH's choice of first factor. Each screen is saved to docs/screenshots; user names
 * and keys are fixed (a fresh server per test JVM), so the pictures are the same every run.
 */
@OptIn(ExperimentalTestApi::class)
class ChallengeScreensUiTest {
    private fun ComposeUiTest.show(client: AuthClient, options: AuthenticatorOptions? = null) {
        mainClock.autoAdvance = false
        setContent { AuthenticatorTheme { Authenticator(client, options = options) { signOut -> Home(signOut) } } }
        stepUntil("the sign-in screen") { shown(AuthTags.field("username")) }
    }

    private fun ComposeUiTest.show(client: AuthClient, slots: AuthenticatorSlots) {
        mainClock.autoAdvance = false
        setContent { AuthenticatorTheme { Authenticator(client, slots = slots) { signOut -> Home(signOut) } } }
        stepUntil("the sign-in screen") { shown(AuthTags.field("username")) }
    }

    private fun ComposeUiTest.type(values: Map<String, String>) =
        values.forEach { (field, text) -> onNodeWithTag(AuthTags.field(field)).performTextInput(text) }

    /** Types [values], presses [action], and steps frames until [next] holds. */
    private fun ComposeUiTest.send(values: Map<String, String>, next: String, action: String = SUBMIT_ID, until: () -> Boolean) {
        type(values)
        onNodeWithTag(AuthTags.action(action)).performClick()
        stepUntil(next, until)
    }

    private fun ComposeUiTest.signIn(user: String, password: String = GOOD_PASSWORD, next: String, until: () -> Boolean) =
        send(mapOf("username" to user, "password" to password), next, until = until)

    private fun ComposeUiTest.enabled(tag: String): Boolean =
        !onNodeWithTag(tag).fetchSemanticsNode().config.contains(SemanticsProperties.Disabled)

    private fun ComposeUiTest.title(): String = onNodeWithTag(AuthTags.TITLE).fetchSemanticsNode().text()

    private fun androidx.compose.ui.semantics.SemanticsNode.text(): String =
        config.getOrNull(SemanticsProperties.Text)?.joinToString("") { it.text } ?: ""

    @Test
    fun `a wrong password is refused, then a wrong SMS code, then the right one signs in`() {
        TestServerPeer.addUser("""{"username":"compose-sms","password":"$GOOD_PASSWORD","mfa":"SMS_MFA","mfa_code":"111222"}""")
        TestServerPeer.client().use { client ->
            runDesktopComposeUiTest(width = 400, height = 720) {
                show(client)
                signIn("compose-sms", "Wr0ng-Horse!", "the banner") { shown(AuthTags.BANNER) }
                onNodeWithTag(AuthTags.BANNER).assertContentDescriptionEquals("Error: The username or password is not right.")
                // The user name is kept for the next try, the password is not.
                onNodeWithTag(AuthTags.field("username")).assertTextEquals("Username", "compose-sms", includeEditableText = true)
                onNodeWithTag(AuthTags.field("password")).assertTextEquals("Password", "", includeEditableText = true)
                screenshot("authenticator-sign-in-wrong-password")

                // The same refusal again (an identical screen): the form still starts afresh.
                val before = TestServerPeer.requests()
                send(mapOf("password" to "Wr0ng-Horse!"), "the second refusal") {
                    TestServerPeer.requests() > before && enabled(AuthTags.action(SUBMIT_ID))
                }
                onNodeWithTag(AuthTags.field("password")).assertTextEquals("Password", "", includeEditableText = true)

                send(mapOf("password" to GOOD_PASSWORD), "the code screen") { shown(AuthTags.field("code")) }
                assertEquals("Enter your code", title())
                onNodeWithTag(AuthTags.MESSAGE).assertTextEquals("We sent a code to +*******1234.")
                onNodeWithTag(AuthTags.action("back_to_sign_in")).assertExists()
                screenshot("authenticator-confirm-sms-code")

                send(mapOf("code" to "000000"), "the code refused") { shown(AuthTags.fieldError("code")) }
                onNodeWithTag(AuthTags.fieldError("code"), useUnmergedTree = true)
                    .assertTextEquals("That code is not right. Check it and try again.")
                send(mapOf("code" to "111222"), "the app's content") { shown("home") }
                assertEquals("compose-sms", runBlocking { client.getCurrentUser().username })
            }
        }
    }

    @Test
    fun `MFA selection offers each method as an option and goes on with the one chosen`() {
        TestServerPeer.addUser("""{"username":"compose-select","password":"$GOOD_PASSWORD","mfa":"SELECT","mfa_code":"424242"}""")
        TestServerPeer.client().use { client ->
            runDesktopComposeUiTest(width = 400, height = 720) {
                show(client)
                signIn("compose-select", next = "the selection") { shown(AuthTags.action("select_mfa_type.sms")) }
                assertEquals("Choose how to verify it is you", title())
                onNodeWithTag(AuthTags.action("select_mfa_type.sms")).assertTextEquals("Text message (SMS)")
                onNodeWithTag(AuthTags.action("select_mfa_type.totp")).assertTextEquals("Authenticator app")
                onNodeWithTag(AuthTags.action("back_to_sign_in")).assertExists()
                onNodeWithTag(AuthTags.action(SUBMIT_ID)).assertDoesNotExist()
                screenshot("authenticator-select-mfa")

                send(emptyMap(), "the SMS code screen", action = "select_mfa_type.sms") { shown(AuthTags.field("code")) }
                send(mapOf("code" to "424242"), "the app's content") { shown("home") }
            }
        }
    }

    @Test
    fun `TOTP set-up shows a QR code of the otpauth URI and the key, and the app's code signs in`() {
        val key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        TestServerPeer.addUser(
            """{"username":"compose-totp","password":"$GOOD_PASSWORD","mfa":"SETUP","setup_totp_secret":"$key"}""",
        )
        TestServerPeer.client().use { client ->
            runDesktopComposeUiTest(width = 400, height = 800) {
                show(client, AuthenticatorOptions(strings = emptyMap(), totpIssuer = "My App", hideSignUp = false))
                signIn("compose-totp", next = "the set-up choice") { shown(AuthTags.action("select_mfa_type.totp")) }
                assertEquals("Set up two-step verification", title())
                onNodeWithTag(AuthTags.action("select_mfa_type.email")).assertTextEquals("Email")
                screenshot("authenticator-setup-mfa")

                send(emptyMap(), "the TOTP set-up", action = "select_mfa_type.totp") { shown(AuthTags.TOTP_QR) }
                assertEquals("Set up an authenticator app", title())
                onNodeWithTag(AuthTags.TOTP_KEY, useUnmergedTree = true).assertTextEquals("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP")
                // What a phone's camera would read: ZXing decodes the QR code from the pixels drawn.
                val image = onNodeWithTag(AuthTags.TOTP_QR).captureToImage().toAwtImage()
                val decoded = QRCodeReader().decode(BinaryBitmap(HybridBinarizer(BufferedImageLuminanceSource(image)))).text
                assertEquals("otpauth://totp/My%20App:compose-totp?secret=$key&issuer=My%20App", decoded)
                screenshot("authenticator-setup-totp")

                send(mapOf("code" to "000000"), "the code refused") { shown(AuthTags.fieldError("code")) }
                send(mapOf("code" to freshTotp(key)), "the app's content") { shown("home") }
            }
        }
    }

    @Test
    fun `email MFA set-up refuses a bad address without a request, then sends the code`() {
        TestServerPeer.addUser("""{"username":"compose-mail","password":"$GOOD_PASSWORD","mfa":"SETUP","mfa_code":"135790"}""")
        TestServerPeer.client().use { client ->
            runDesktopComposeUiTest(width = 400, height = 720) {
                show(client)
                signIn("compose-mail", next = "the set-up choice") { shown(AuthTags.action("select_mfa_type.email")) }
                send(emptyMap(), "the email set-up", action = "select_mfa_type.email") { shown(AuthTags.field("email")) }
                assertEquals("Add an email address for codes", title())
                screenshot("authenticator-setup-email-mfa")

                val before = TestServerPeer.requests()
                send(mapOf("email" to "mail-at-example"), "the address refused") { shown(AuthTags.fieldError("email")) }
                onNodeWithTag(AuthTags.fieldError("email"), useUnmergedTree = true)
                    .assertTextEquals("Enter an email address such as name@example.com.")
                assertEquals(before, TestServerPeer.requests(), "a refused form sends nothing")

                onNodeWithTag(AuthTags.field("email")).performTextClearance()
                send(mapOf("email" to "mail@example.com"), "the code screen") { shown(AuthTags.field("code")) }
                send(mapOf("code" to "135790"), "the app's content") { shown("home") }
            }
        }
    }

    @Test
    fun `a required new password follows the pool's policy and asks for the missing attribute`() {
        TestServerPeer.addUser(
            """{"username":"compose-newpw","password":"Temp-Passw0rd","force_change_password":true,"required_attributes":["email"]}""",
        )
        val policy = """"password_policy":{"min_length":10,"require_numbers":true,"require_symbols":true,"require_uppercase":true,"require_lowercase":true}"""
        TestServerPeer.client(TestServerPeer.outputsWith(policy)).use { client ->
            runDesktopComposeUiTest(width = 400, height = 800) {
                show(client)
                signIn("compose-newpw", "Temp-Passw0rd", "the new-password screen") { shown(AuthTags.field("confirm_password")) }
                assertEquals("Change your password", title())
                onNodeWithTag(AuthTags.field("email")).assertExists()
                // The pool's policy, from amplify_outputs.json, under the new password.
                onNodeWithText(
                    "The password needs at least 10 characters, one digit, one lowercase letter, one uppercase letter and one symbol.",
                    useUnmergedTree = true,
                ).assertExists()
                screenshot("authenticator-new-password")

                val before = TestServerPeer.requests()
                send(mapOf("password" to "short1", "confirm_password" to "short1"), "the policy refused") {
                    shown(AuthTags.fieldError("password"))
                }
                onNodeWithTag(AuthTags.fieldError("password"), useUnmergedTree = true)
                    .assertTextEquals("The password needs at least 10 characters, one uppercase letter and one symbol.")
                send(
                    mapOf("password" to "N3w-Password!", "confirm_password" to "N3w-Password?", "email" to "n@example.com"),
                    "the mismatch refused",
                ) { shown(AuthTags.fieldError("confirm_password")) }
                onNodeWithTag(AuthTags.fieldError("confirm_password"), useUnmergedTree = true).assertTextEquals("The passwords do not match.")
                assertEquals(before, TestServerPeer.requests(), "a refused form sends nothing")

                // A refused form keeps no secret: both passwords are typed again.
                send(
                    mapOf("password" to "N3w-Password!", "confirm_password" to "N3w-Password!"),
                    "the app's content",
                ) { shown("home") }
            }
        }
        // The new password is the password now.
        TestServerPeer.client().use { client ->
            runBlocking { client.signIn("compose-newpw", "N3w-Password!") }
            assertEquals("compose-newpw", runBlocking { client.getCurrentUser().username })
        }
    }

    @Test
    fun `USER_AUTH asks for the user name, offers the first factors, then the password`() {
        TestServerPeer.addUser(
            """{"username":"compose-choice","password":"$GOOD_PASSWORD","mfa_code":"777111","first_factors":["PASSWORD","PASSWORD_SRP","EMAIL_OTP"]}""",
        )
        TestServerPeer.client(TestServerPeer.outputsWith(""""authentication_flow_type":"USER_AUTH"""")).use { client ->
            runDesktopComposeUiTest(width = 400, height = 720) {
                show(client)
                onNodeWithTag(AuthTags.field("password")).assertDoesNotExist()
                send(mapOf("username" to "compose-choice"), "the factors") { shown(AuthTags.action("select_first_factor.password_srp")) }
                assertEquals("Choose how to sign in", title())
                onNodeWithTag(AuthTags.action("select_first_factor.password_srp")).assertTextEquals("Password")
                onNodeWithTag(AuthTags.action("select_first_factor.email_otp")).assertTextEquals("Code by email")
                screenshot("authenticator-select-first-factor")

                send(emptyMap(), "the password screen", action = "select_first_factor.password_srp") { shown(AuthTags.field("password")) }
                assertEquals("Enter your password", title())
                screenshot("authenticator-confirm-password")
                send(mapOf("password" to GOOD_PASSWORD), "the app's content") { shown("home") }
            }
        }
    }

    @Test
    fun `custom challenges - the app draws the question in its slot, each answer goes to the pool`() {
        TestServerPeer.addUser(
            """{"username":"compose-custom","password":"$GOOD_PASSWORD","custom_challenges":[{"question":"2+2?","answer":"4"},{"question":"Capital of France?","answer":"Paris"}]}""",
        )
        // Cognito's challenge parameters are the app's own: it draws them in its slot, above the
        // default screen.
        val slots = AuthenticatorSlots(
            screens = mapOf(
                "CustomChallenge" to { state ->
                    val question = (state.screen.step as AuthenticatorStep.CustomChallenge).parameters["question"]
                    AuthScreenScaffold(state, header = { Text("Question: $question", Modifier.testTag("question")) })
                },
            ),
        )
        TestServerPeer.client(TestServerPeer.outputsWith(""""authentication_flow_type":"CUSTOM_WITH_SRP"""")).use { client ->
            runDesktopComposeUiTest(width = 400, height = 720) {
                show(client, slots)
                signIn("compose-custom", next = "the first question") { shown("question") }
                assertEquals("Answer to continue", title())
                onNodeWithTag("question").assertTextEquals("Question: 2+2?")
                screenshot("authenticator-custom-challenge")

                send(mapOf("answer" to "4"), "the second question") { shown("question") && questionIs("Capital of France?") }
                send(mapOf("answer" to "Paris"), "the app's content") { shown("home") }
                assertEquals("compose-custom", runBlocking { client.getCurrentUser().username })
            }
        }
    }

    private fun ComposeUiTest.questionIs(question: String) =
        onNodeWithTag("question").fetchSemanticsNode().text() == "Question: $question"
}
