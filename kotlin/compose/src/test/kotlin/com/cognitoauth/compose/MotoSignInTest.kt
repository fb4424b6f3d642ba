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
import com.cognitoauth.SignInFlow
import com.cognitoauth.SignInOptions
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
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
                        // USER_PASSWORD_AUTH: moto checks the password there (its SRP does not).
                        val options = SignInOptions(flow = SignInFlow.UserPassword)
                        client.signIn(user, values.getValue("password"), options)
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
                // The busy indicator animates for as long as the request runs: with the clock
                // advancing by itself, the test host's idle check waits for that animation to
                // end, and it never does. So frames are stepped here, one at a time, until the
                // answer is on screen (30 s: a hang guard, not a timing).
                mainClock.autoAdvance = false
                fun waitFor(what: String, found: () -> Boolean) {
                    val deadline = System.nanoTime() + 30_000_000_000L
                    while (true) {
                        mainClock.advanceTimeByFrame()
                        if (found()) return
                        check(System.nanoTime() < deadline) { "waited 30 s for $what" }
                        Thread.sleep(10)
                    }
                }
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
