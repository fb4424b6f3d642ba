// The hosted UI with a `WebAuthPresenter` written in Swift, against the local OpenID Connect
// provider (panva's oidc-provider, npm, with Cognito's routes): the authorize request (PKCE
// S256, state, nonce), the real login form, the code exchange, revocation and `/logout`.
// ASWebAuthenticationSession itself needs Apple's platforms (KeychainAndPresenterTests).

import CognitoAuth
import Foundation
import XCTest

final class HostedUiTests: XCTestCase {
    func testASwiftPresenterSignsInThroughTheHostedUiAndOutThroughTheBrowser() async throws {
        let client = try Oidc.client()
        let presenter = BrowserPresenter(try Oidc.login())
        try await client.signInWithWebUi(presenter: presenter, options: Oidc.appOptions())
        XCTAssertEqual(presenter.calls.count, 1)
        let call = presenter.calls[0]
        XCTAssertTrue(call.url.contains("code_challenge_method=S256"), call.url)
        XCTAssertEqual(call.scheme, "myapp")
        XCTAssertFalse(call.ephemeral)

        let state = try await client.userState()
        XCTAssertEqual(state, .signedIn)
        let claims = try await client.fetchAuthSession().tokens.get().idTokenClaimsJson()
        let me = try await client.getCurrentUser()
        XCTAssertTrue(claims.contains("\"sub\":\"\(me.userId)\""), claims)

        // Sign-out revokes the token and opens /logout with the presenter the sign-in kept.
        let result = await client.signOut()
        guard case .complete = result else { return XCTFail("\(result)") }
        XCTAssertEqual(presenter.calls.count, 2)
        XCTAssertTrue(presenter.calls[1].url.contains("/logout"), presenter.calls[1].url)
        let after = try await client.userState()
        XCTAssertEqual(after, .signedOut)
    }

    func testTwoStepsForAnAppThatShowsThePageItself() async throws {
        let client = try Oidc.client()
        let url = try await client.beginWebSignIn(options: Oidc.appOptions(loginHint: try Oidc.username))
        XCTAssertTrue(url.contains("login_hint="), url)
        do {
            _ = try await client.beginWebSignIn()
            XCTFail("two web sign-ins at once")
        } catch AuthError.InvalidState {}
        let callback = try await HttpBrowser().navigate(url, try Oidc.login())
        XCTAssertTrue(callback.hasPrefix("myapp://callback?code="), callback)
        try await client.completeWebSignIn(callbackUrl: callback)
        let state = try await client.userState()
        XCTAssertEqual(state, .signedIn)
        do {
            try await client.completeWebSignIn(callbackUrl: callback)
            XCTFail("a callback completed twice")
        } catch AuthError.InvalidState {}
    }

    func testAPrivateSessionSignsOutWithoutOpeningThePage() async throws {
        let client = try Oidc.client()
        let presenter = BrowserPresenter(try Oidc.login())
        try await client.signInWithWebUi(presenter: presenter, options: Oidc.appOptions(preferPrivateSession: true))
        XCTAssertEqual(presenter.calls.map(\.ephemeral), [true])
        let result = await client.signOut()
        guard case .complete = result else { return XCTFail("\(result)") }
        XCTAssertEqual(presenter.calls.count, 1, "no browser session to end")
        let alive = try await providerSessionAlive(client, presenter.browser)
        XCTAssertFalse(alive, "the shared browser never saw the provider's session")
    }

    func testAPresenterThatCannotBePrivateGetsLogoutAtSignOut() async throws {
        // Asked for a private session, a presenter that cannot give one (Custom Tabs, the
        // system browser) reports a shared one: sign-out then opens /logout, and the next
        // web sign-in in that browser does not sign the previous user in.
        let client = try Oidc.client()
        let presenter = BrowserPresenter(try Oidc.login(), canBePrivate: false)
        try await client.signInWithWebUi(presenter: presenter, options: Oidc.appOptions(preferPrivateSession: true))
        let before = try await providerSessionAlive(client, presenter.browser, signedIn: true)
        XCTAssertTrue(before)
        let result = await client.signOut()
        guard case .complete = result else { return XCTFail("\(result)") }
        XCTAssertEqual(presenter.calls.count, 2)
        XCTAssertTrue(presenter.calls[1].url.contains("/logout?"), presenter.calls[1].url)
        let after = try await providerSessionAlive(client, presenter.browser)
        XCTAssertFalse(after)
    }

    /// Whether `browser` still holds the provider's session: a silent (`prompt=none`)
    /// authorize through a fresh client (`signedIn`: `client` is, so it cannot begin one).
    private func providerSessionAlive(_ client: AuthClient, _ browser: HttpBrowser, signedIn: Bool = false)
        async throws -> Bool
    {
        let probe = signedIn ? try Oidc.client() : client
        let url = try await probe.beginWebSignIn(
            options: WebUiOptions(prompt: WebUiPrompt.none, redirectUri: Oidc.appRedirect))
        let callback = try await browser.navigate(url, .cancel)
        _ = try await probe.cancelWebSignIn()
        return !callback.contains("error=login_required")
    }

    func testTheUserClosingThePageIsCancelledAndLeavesNothingPending() async throws {
        let client = try Oidc.client()
        do {
            try await client.signInWithWebUi(
                presenter: FailingPresenter(AuthError.Cancelled(reason: "the user closed the sign-in page")),
                options: Oidc.appOptions())
            XCTFail("signed in")
        } catch AuthError.Cancelled(let reason) {
            XCTAssertEqual(reason, "the user closed the sign-in page")
        }
        let pending = try await client.cancelWebSignIn()
        XCTAssertFalse(pending, "nothing left pending")
        let state = try await client.userState()
        XCTAssertEqual(state, .signedOut)

        // Pressing Cancel on the provider's page: access_denied, which is NotAuthorized.
        do {
            try await client.signInWithWebUi(presenter: BrowserPresenter(.cancel), options: Oidc.appOptions())
            XCTFail("signed in")
        } catch AuthError.NotAuthorized {}
    }

    func testASwiftErrorThrownByThePresenterIsATypedError() async throws {
        let client = try Oidc.client()
        do {
            try await client.signInWithWebUi(
                presenter: FailingPresenter(PeerError("no browser installed")), options: Oidc.appOptions())
            XCTFail("signed in")
        } catch let error as AuthError {
            guard case .Internal(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("callback failed"), reason)
            XCTAssertEqual(error.kind(), "Internal")
        }
        let pending = try await client.cancelWebSignIn()
        XCTAssertFalse(pending, "nothing left pending")
    }
}
