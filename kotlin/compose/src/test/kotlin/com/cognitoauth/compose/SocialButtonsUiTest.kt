package com.cognitoauth.compose

import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.test.ComposeUiTest
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertContentDescriptionEquals
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.runDesktopComposeUiTest
import com.cognitoauth.AuthException
import com.cognitoauth.UserState
import com.cognitoauth.WebAuthPresenter
import com.cognitoauth.WebAuthResult
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.net.URI
import java.net.URLDecoder
import java.util.Collections

/**
 * Social sign-in buttons of the `Authenticator` composable over the real client, configured
 * for the local hosted UI (oidc-provider) with `identity_providers`: a button per social
 * provider once the app gave the client a web-auth presenter; pressing one hands the
 * presenter the hosted UI's address sent straight to that provider. The person closes the
 * page here, and the form stays as it was; a provider's refusal is a banner of its own. (The sign-in through the page itself is proved in
 * core/tests/integration/authenticator/social.rs, with a browser that logs in.)
 */
@OptIn(ExperimentalTestApi::class)
class SocialButtonsUiTest {
    /** A presenter whose user closes the page; it keeps the addresses it was asked to open. */
    private class ClosedPage : WebAuthPresenter {
        val opened: MutableList<String> = Collections.synchronizedList(mutableListOf())

        override suspend fun present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Boolean): WebAuthResult {
            opened += url
            throw AuthException.Cancelled("the user closed the sign-in page")
        }
    }

    /** A presenter whose provider refuses (the person declined consent): `error=access_denied`. */
    private class Denied : WebAuthPresenter {
        override suspend fun present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Boolean): WebAuthResult {
            val query = URI(url).rawQuery.split('&').associate { it.substringBefore('=') to it.substringAfter('=') }
            val redirect = URLDecoder.decode(query.getValue("redirect_uri"), Charsets.UTF_8)
            return WebAuthResult("$redirect?error=access_denied&state=${query.getValue("state")}", false)
        }
    }

    private fun ComposeUiTest.enabled(tag: String): Boolean =
        !onNodeWithTag(tag).fetchSemanticsNode().config.contains(SemanticsProperties.Disabled)

    @Test
    fun `a button per social provider opens the hosted UI at it, and a closed page leaves the form`() {
        val outputs = OidcPeer.outputs()
            .replace(Regex("\"identity_providers\":\\[[^\\]]*]"), "\"identity_providers\":[\"GOOGLE\",\"SIGN_IN_WITH_APPLE\"]")
        check(outputs.contains("SIGN_IN_WITH_APPLE")) { "no oauth section in $outputs" }
        OidcPeer.oauthClient(outputs).use { client ->
            val presenter = ClosedPage()
            client.setWebAuthPresenter(presenter)
            runDesktopComposeUiTest(width = 400, height = 720) {
                mainClock.autoAdvance = false
                setContent { AuthenticatorTheme { Authenticator(client) { signOut -> Home(signOut) } } }
                stepUntil("the sign-in screen") { shown(AuthTags.action("sign_in_with.google")) }
                onNodeWithTag(AuthTags.action("sign_in_with.google")).assertTextEquals("Sign in with Google")
                onNodeWithTag(AuthTags.action("sign_in_with.apple")).assertTextEquals("Sign in with Apple")
                screenshot("authenticator-sign-in-social")

                onNodeWithTag(AuthTags.action("sign_in_with.google")).performClick()
                stepUntil("the presenter") { presenter.opened.isNotEmpty() }
                stepUntil("the form again") { enabled(AuthTags.action("sign_in_with.google")) }
                onNodeWithTag(AuthTags.BANNER).assertDoesNotExist()
                assertEquals(1, presenter.opened.size)
                assertTrue(presenter.opened[0].contains("identity_provider=Google"), presenter.opened[0])
                assertEquals(UserState.SIGNED_OUT, runBlocking { client.userState() })

                // Refused at the provider: a banner that says so (not "wrong password").
                client.setWebAuthPresenter(Denied())
                onNodeWithTag(AuthTags.action("sign_in_with.google")).performClick()
                stepUntil("the banner") { shown(AuthTags.BANNER) }
                onNodeWithTag(AuthTags.BANNER).assertContentDescriptionEquals(
                    "Error: Signing in with Google did not finish. Try again, or sign in another way.",
                )
                assertEquals(UserState.SIGNED_OUT, runBlocking { client.userState() })
            }
        }
    }
}
