package com.cognitoauth.compose

import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.runComposeUiTest
import com.cognitoauth.AuthClient
import com.cognitoauth.AuthException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Disabled
import org.junit.jupiter.api.Test

/**
 * The building blocks over the main library's real client (generated bindings, native
 * library) against moto: type, press Sign in, see the banner of a refused password, then the
 * signed-in screen. The screens are built here by hand; once the core's `Authenticator` is
 * exported, it hands them out and this glue goes away.
 */
@OptIn(ExperimentalTestApi::class)
class MotoSignInTest {
    /** A minimal controller: sign-in screen → client.signIn → signed-in screen or banner. */
    @Composable
    private fun SignInOverClient(
        client: AuthClient,
        scope: CoroutineScope,
        strings: AuthenticatorStrings = AuthenticatorStrings(),
    ) {
        var screen by remember { mutableStateOf(SampleScreens.signIn(strings)) }
        var busy by remember { mutableStateOf(false) }
        AuthScreenHost(
            screen,
            busy = busy,
            onSubmit = { values ->
                val user = values.getValue("username")
                busy = true
                scope.launch {
                    screen = try {
                        client.signIn(user, values.getValue("password"))
                        SampleScreens.signedIn(strings, username = client.getCurrentUser().username)
                    } catch (e: AuthException.NotAuthorized) {
                        SampleScreens.signIn(strings, username = user, banner = strings["error.sign_in_failed"])
                    } finally {
                        busy = false
                    }
                }
            },
            onAction = { action ->
                if (action.id == "sign_out") {
                    busy = true
                    scope.launch {
                        client.signOut()
                        screen = SampleScreens.signIn(strings)
                        busy = false
                    }
                }
            },
        )
    }

    @Test
    @Disabled(
        "Hangs (JUnit's 120 s guard): after the press the busy button's indeterminate indicator animates " +
            "and the desktop test host's renderNextFrame/waitForIdle never returns. Tried: request on the " +
            "composition's scope, on Dispatchers.IO, clock stepped by hand. Not solved yet: see kotlin/README.md.",
    )
    fun wrong_password_shows_the_banner_then_the_right_one_signs_in_and_out() {
        val user = "compose${ProcessHandle.current().pid()}x${System.nanoTime()}"
        MotoPeer.client().use { client ->
            runBlocking {
                client.signUp(user, MotoPeer.GOOD_PASSWORD)
                client.confirmSignUp(user, "123456") // moto takes any code
            }
            // The requests run in a scope of their own, not the composition's: the test's
            // dispatcher runs composition coroutines only as its clock advances, and its idle
            // check would wait on the request.
            val scope = CoroutineScope(SupervisorJob() + Dispatchers.IO)
            try {
            runComposeUiTest {
                setContent { AuthenticatorTheme { SignInOverClient(client, scope) } }
                fun waitFor(what: String, found: () -> Boolean) = waitUntil(what, timeoutMillis = 30_000, found)
                onNodeWithTag(AuthTags.field("username")).performTextInput(user)
                onNodeWithTag(AuthTags.field("password")).performTextInput("Wr0ng-password")
                onNodeWithTag(AuthTags.action(ActionSpec.SUBMIT)).performClick()
                // The request goes to moto: wait for its answer on screen (30 s: a hang guard, not a timing).
                waitFor("the banner") { onAllNodes(hasTestTag(AuthTags.BANNER)).fetchSemanticsNodes().isNotEmpty() }
                onNodeWithTag(AuthTags.TITLE).assertTextEquals("Sign in")
                // The user name is kept, the password is not.
                onNodeWithTag(AuthTags.field("username")).assertTextEquals("Username", user, includeEditableText = true)

                onNodeWithTag(AuthTags.field("password")).performTextInput(MotoPeer.GOOD_PASSWORD)
                onNodeWithTag(AuthTags.action(ActionSpec.SUBMIT)).performClick()
                waitFor("the signed-in screen") { onAllNodes(hasText("Signed in")).fetchSemanticsNodes().isNotEmpty() }
                onNodeWithTag(AuthTags.MESSAGE).assertTextEquals("You are signed in as $user.")
                assertEquals(user, runBlocking { client.getCurrentUser().username })

                onNodeWithTag(AuthTags.action("sign_out")).performClick()
                waitFor("the sign-in screen") { onAllNodes(hasTestTag(AuthTags.field("password"))).fetchSemanticsNodes().isNotEmpty() }
                onNodeWithTag(AuthTags.BANNER).assertDoesNotExist()
            }
            } finally {
                scope.cancel()
            }
        }
    }
}
