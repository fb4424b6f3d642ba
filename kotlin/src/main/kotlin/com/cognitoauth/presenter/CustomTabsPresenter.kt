package com.cognitoauth.presenter

import com.cognitoauth.AuthException
import kotlinx.coroutines.CompletableDeferred

/**
 * Skeleton of the Android presenter: Custom Tabs open the page, and the app's redirect
 * Activity hands the callback URL back through [handleRedirect].
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
class CustomTabsPresenter(private val launch: (url: String) -> Unit) : BrowserPresenter {
    private val lock = Any()
    private var pending: Pair<String, CompletableDeferred<String>>? = null

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
