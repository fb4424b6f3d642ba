package com.cognitoauth

import com.cognitoauth.presenter.CustomTabsPresenter
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.util.Collections

/**
 * The hosted UI with a [WebAuthPresenter] written in Kotlin, against the local OpenID Connect
 * provider (panva's oidc-provider, npm, with Cognito's routes): it proves the authorize
 * request (PKCE S256, state, nonce), the code exchange, revocation and `/logout`.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostedUiTest {
    private val login get() = Login.SignIn(OidcPeer.username, OidcPeer.password)
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.IO)

    @AfterAll
    fun stop() = scope.cancel()

    private fun sub(tokens: UserPoolTokens): String =
        Regex("\"sub\":\"([^\"]+)\"").find(tokens.idTokenClaimsJson())!!.groupValues[1]

    @Test
    fun `a Kotlin presenter signs in through the hosted UI and out through the browser`(): Unit = runBlocking {
        OidcPeer.client().use { client ->
            val presenter = BrowserPresenter(login)
            client.signInWithWebUi(presenter, OidcPeer.appOptions())
            assertEquals(1, presenter.calls.size)
            val (url, scheme, ephemeral) = presenter.calls[0]
            assertTrue(url.contains("code_challenge_method=S256"), url)
            assertEquals("myapp" to false, scheme to ephemeral)

            assertEquals(UserState.SIGNED_IN, client.userState())
            val tokens = client.fetchAuthSession().tokens.getOrThrow()
            assertEquals(sub(tokens), client.getCurrentUser().userId)

            // Sign-out revokes the token and opens /logout with the presenter the sign-in kept.
            assertEquals(SignOutResult.Complete, client.signOut())
            assertEquals(2, presenter.calls.size)
            assertTrue(presenter.calls[1].first.contains("/logout"), presenter.calls[1].first)
            assertEquals(UserState.SIGNED_OUT, client.userState())
        }
    }

    @Test
    fun `two steps, for an app that shows the page itself`(): Unit = runBlocking {
        OidcPeer.client().use { client ->
            val url = client.beginWebSignIn(OidcPeer.appOptions(loginHint = OidcPeer.username))
            assertTrue(url.contains("login_hint="), url)
            assertThrows<AuthException.InvalidState> { runBlocking { client.beginWebSignIn() } }
            val callback = HttpBrowser().navigate(url, login)
            assertTrue(callback.startsWith("myapp://callback?code="), callback)
            client.completeWebSignIn(callback)
            assertEquals(UserState.SIGNED_IN, client.userState())
            assertThrows<AuthException.InvalidState> { runBlocking { client.completeWebSignIn(callback) } }
        }
    }

    /** Whether [browser] still holds the provider's session: a silent (`prompt=none`) authorize. */
    private suspend fun providerSessionAlive(client: AuthClient, browser: HttpBrowser): Boolean {
        val url = client.beginWebSignIn(WebUiOptions(redirectUri = OidcPeer.APP_REDIRECT, prompt = WebUiPrompt.NONE))
        val callback = browser.navigate(url, Login.Cancel)
        client.cancelWebSignIn()
        return !callback.contains("error=login_required")
    }

    @Test
    fun `the Custom Tabs presenter is never private, so sign-out ends the browser session`(): Unit = runBlocking {
        OidcPeer.client().use { client ->
            // The device's browser: every tab shares its cookies.
            val deviceBrowser = HttpBrowser()
            val launched = Collections.synchronizedList(mutableListOf<String>())
            lateinit var presenter: CustomTabsPresenter
            // Launching the "tab" runs the browser; its redirect comes back as an Activity's would.
            presenter = CustomTabsPresenter { url ->
                launched.add(url)
                scope.launch {
                    runCatching { deviceBrowser.navigate(url, login) }
                        .onSuccess { assertTrue(presenter.handleRedirect(it), it) }
                        .onFailure { it.printStackTrace(); presenter.cancel() }
                }
            }
            // Asked for a private session, which Custom Tabs cannot give.
            client.signInWithWebUi(presenter, OidcPeer.appOptions(preferPrivateSession = true))
            assertEquals(UserState.SIGNED_IN, client.userState())

            // So sign-out opens /logout in a tab, and the hosted UI's cookie no longer signs
            // anyone in (before: skipped, and the next user was signed in as this one).
            assertEquals(SignOutResult.Complete, client.signOut())
            assertEquals(2, launched.size)
            assertTrue(launched[1].contains("/logout?"), launched[1])
            assertFalse(providerSessionAlive(client, deviceBrowser))
        }
    }

    @Test
    fun `a Kotlin presenter that reports a private session signs out without opening a page`(): Unit = runBlocking {
        OidcPeer.client().use { client ->
            val presenter = BrowserPresenter(login)
            client.signInWithWebUi(presenter, OidcPeer.appOptions(preferPrivateSession = true))
            assertEquals(listOf(true), presenter.calls.map { it.third })
            assertEquals(SignOutResult.Complete, client.signOut())
            assertEquals(1, presenter.calls.size, "no browser session to end")
            // The presenter's own (shared) browser never saw the provider's session.
            assertFalse(providerSessionAlive(client, presenter.browser))
        }
    }

    @Test
    fun `the user closing the page is AuthException Cancelled and leaves nothing pending`(): Unit = runBlocking {
        OidcPeer.client().use { client ->
            val closing = object : WebAuthPresenter {
                override suspend fun present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Boolean): WebAuthResult =
                    throw AuthException.Cancelled("the user closed the sign-in page")
            }
            val e = assertThrows<AuthException.Cancelled> { runBlocking { client.signInWithWebUi(closing) } }
            assertEquals("the user closed the sign-in page", e.reason)
            assertFalse(client.cancelWebSignIn(), "nothing left pending")
            assertEquals(UserState.SIGNED_OUT, client.userState())

            // Pressing Cancel on the provider's page: access_denied, which is NotAuthorized.
            assertThrows<AuthException.NotAuthorized> {
                runBlocking { client.signInWithWebUi(BrowserPresenter(Login.Cancel), OidcPeer.appOptions()) }
            }
        }
    }

    @Test
    fun `a Kotlin exception thrown by the presenter arrives as a typed error`(): Unit = runBlocking {
        OidcPeer.client().use { client ->
            val broken = object : WebAuthPresenter {
                override suspend fun present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Boolean): WebAuthResult =
                    throw IllegalStateException("no browser installed")
            }
            val e = assertThrows<AuthException.Internal> { runBlocking { client.signInWithWebUi(broken) } }
            assertTrue(e.reason.contains("IllegalStateException: no browser installed"), e.reason)
            assertEquals("Internal", e.kind())
        }
    }

    @Test
    fun `cancelling the sign-in coroutine closes the page and leaves nothing pending`(): Unit = runBlocking {
        OidcPeer.client().use { client ->
            val shown = CompletableDeferred<Unit>()
            val closed = CompletableDeferred<Unit>()
            val stuck = object : WebAuthPresenter {
                override suspend fun present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Boolean): WebAuthResult {
                    shown.complete(Unit)
                    try {
                        awaitCancellation()
                    } finally {
                        closed.complete(Unit)
                    }
                }
            }
            val signIn = scope.launch { client.signInWithWebUi(stuck) }
            // Hang guards only: nothing here is timed.
            withTimeout(60_000) { shown.await() }
            signIn.cancel()
            withTimeout(60_000) { closed.await() }
            signIn.join()
            // The abandoned sign-in is forgotten (by a task its drop spawned): a new one begins.
            withTimeout(60_000) {
                while (true) {
                    try {
                        client.beginWebSignIn()
                        break
                    } catch (e: AuthException.InvalidState) {
                        delay(20)
                    }
                }
            }
            assertTrue(client.cancelWebSignIn())
        }
    }
}
