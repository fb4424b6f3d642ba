package com.cognitoauth.presenter

/**
 * Shows the hosted UI's sign-in page and returns the URL the browser was redirected to.
 *
 * The same shape as the Rust core's `WebAuthPresenter` foreign trait, which the hosted-UI
 * work exports: once it is generated, presenters implement that interface instead.
 */
interface BrowserPresenter {
    /**
     * Opens [url]; suspends until a redirect to [callbackUrlScheme] arrives and returns it.
     * [prefersEphemeralSession] asks for a browser session that keeps no cookies.
     *
     * @throws com.cognitoauth.AuthException.Cancelled when the user leaves the page.
     */
    suspend fun present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Boolean): String
}
