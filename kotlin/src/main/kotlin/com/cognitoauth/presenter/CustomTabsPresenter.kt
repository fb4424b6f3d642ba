package com.cognitoauth.presenter

import com.cognitoauth.AuthException
import com.cognitoauth.WebAuthPresenter
import com.cognitoauth.WebAuthResult
import kotlinx.coroutines.CompletableDeferred

/**
 * Skeleton of the Android presenter: Custom Tabs open the page, and the app's redirect
 * Activity hands the callback URL back through [handleRedirect]. It implements the generated
 * [WebAuthPresenter], so it is passed straight to `AuthClient.signInWithWebUi` and
 * `AuthClient.setWebAuthPresenter` (which opens `/logout` at sign-out).
 *
 * Custom Tabs run in the user's browser and share its cookies, so the hosted UI's session
 * outlives the sign-in even when a private session was asked for: this presenter always
 * reports a shared session (`WebAuthResult.privateSession = false`), and sign-out opens
 * `/logout` in a tab to end it (on a shared device the next web sign-in would otherwise sign
 * the previous user in silently). The redirect Activity must therefore also receive the
 * sign-out redirect URI (`myapp://signout`) and hand it to [handleRedirect].
 *
 * Android wiring (kept out of this JVM-testable class, so the library needs no androidx):
 * ```
 * val presenter = CustomTabsPresenter { url ->
 *     CustomTabsIntent.Builder().build().launchUrl(activity, Uri.parse(url))
 * }
 * // in the redirect Activity's onCreate / onNewIntent:
 * presenter.handleRedirect(intent.data.toString())
 * // in onResume of the launching Activity when no redirect came (the user closed the tab):
 * presenter.cancel()
 * ```
 */
class CustomTabsPresenter(private val launch: (url: String) -> Unit) : WebAuthPresenter {
    private val lock = Any()
    private var pending: Pair<String, CompletableDeferred<String>>? = null

    /**
     * Opens [url]; suspends until a redirect to [callbackUrlScheme] arrives and returns it,
     * reported as a shared browser session: Custom Tabs share the browser's cookies, so
     * [prefersEphemeralSession] cannot be honoured (the hosted UI keeps its session, and
     * sign-out opens `/logout` through this presenter).
     *
     * @throws AuthException.Cancelled when the user leaves the page ([cancel]).
     */
    override suspend fun present(
        url: String,
        callbackUrlScheme: String,
        prefersEphemeralSession: Boolean,
    ): WebAuthResult {
        val result = CompletableDeferred<String>()
        synchronized(lock) {
            pending?.second?.completeExceptionally(
                AuthException.Cancelled("superseded by a new sign-in page"),
            )
            pending = callbackUrlScheme to result
        }
        launch(url)
        try {
            return WebAuthResult(callbackUrl = result.await(), privateSession = false)
        } finally {
            synchronized(lock) { if (pending?.second === result) pending = null }
        }
    }

    /**
     * Delivers a redirect; returns whether it was the one a pending [present] waits for
     * (same scheme). Other URLs are left for the app.
     */
    fun handleRedirect(callbackUrl: String): Boolean {
        val waiting = synchronized(lock) { pending } ?: return false
        if (!callbackUrl.startsWith("${waiting.first}:")) return false
        return waiting.second.complete(callbackUrl)
    }

    /** Ends a pending [present] with [AuthException.Cancelled] (the user closed the tab). */
    fun cancel() {
        val waiting = synchronized(lock) { pending } ?: return
        waiting.second.completeExceptionally(AuthException.Cancelled("the user closed the browser"))
    }
}
