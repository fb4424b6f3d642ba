package com.cognitoauth.presenter

import com.cognitoauth.AuthException
import com.cognitoauth.WebAuthPresenter
import kotlinx.coroutines.CompletableDeferred

/**
 * Skeleton of the Android presenter: Custom Tabs open the page, and the app's redirect
 * Activity hands the callback URL back through [handleRedirect]. It implements the generated
 * [WebAuthPresenter], so it is passed straight to `AuthClient.signInWithWebUi` and
 * `AuthClient.setWebAuthPresenter` (which opens `/logout` at sign-out).
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
     * Opens [url]; suspends until a redirect to [callbackUrlScheme] arrives and returns it.
     * Custom Tabs share the browser's cookies, so [prefersEphemeralSession] cannot be
     * honoured here (the hosted UI then keeps its session, and sign-out opens `/logout`).
     *
     * @throws AuthException.Cancelled when the user leaves the page ([cancel]).
     */
    override suspend fun present(
        url: String,
        callbackUrlScheme: String,
        prefersEphemeralSession: Boolean,
    ): String {
        val result = CompletableDeferred<String>()
        synchronized(lock) {
            pending?.second?.completeExceptionally(
                AuthException.Cancelled("superseded by a new sign-in page"),
            )
            pending = callbackUrlScheme to result
        }
        launch(url)
        try {
            return result.await()
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
