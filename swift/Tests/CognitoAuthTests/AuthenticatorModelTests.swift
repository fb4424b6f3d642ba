// The Authenticator's SwiftUI view model on Linux against moto: the core's flow through the
// model as a view would drive it (type into `values`, press buttons), refused values shown
// under their field, a server error on the screen, sign-in and sign-out, and an app's strings.

import CognitoAuth
import Foundation
import XCTest

final class AuthenticatorModelTests: XCTestCase {
    #if canImport(Observation)
    func testTheModelSignsInAndOutAsAViewWould() async throws {
        guard #available(iOS 17, macOS 14, tvOS 17, watchOS 10, *) else { throw XCTSkip("needs Observation") }
        try await Self.signInAndOut(try Moto.client())
    }

    @available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
    @MainActor
    private static func signInAndOut(_ client: AuthClient) async throws {
        let user = try await Moto.signedUpUser(client, prefix: "authn")
        let model = AuthenticatorModel(client: client)
        await model.perform(.submit)
        XCTAssertNotNil(model.failure, "submit before start is a typed error")
        await model.start()
        XCTAssertNil(model.failure)
        guard case .signIn = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        XCTAssertEqual(model.values.keys.sorted(), ["password", "username"])

        // Nothing typed: each field says why, and the flow stays on sign-in.
        await model.submit()
        guard case .signIn = model.screen?.step else { return XCTFail("left sign-in") }
        let errors = model.screen?.fields.compactMap(\.error) ?? []
        XCTAssertEqual(errors.count, 2, "\(errors)")

        // The user name typed, a password: signed in, and the values follow the new screen.
        model.values["username"] = user
        model.values["password"] = goodPassword
        await model.submit()
        guard case .signedIn(let username) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        XCTAssertEqual(username, user)
        XCTAssertTrue(model.values.isEmpty)
        let me = try await client.getCurrentUser()
        XCTAssertEqual(me.username, user)

        await model.perform(.signOut)
        guard case .signIn = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        XCTAssertEqual(model.values["password"], "", "a secret is never handed back")
        XCTAssertFalse(model.isBusy)
        XCTAssertTrue(String(describing: model).hasPrefix("AuthenticatorModel(client: "))
    }

    func testAnAppsStringsReplaceTheDefaults() async throws {
        guard #available(iOS 17, macOS 14, tvOS 17, watchOS 10, *) else { throw XCTSkip("needs Observation") }
        try await Self.translated(try Moto.client())
    }

    @available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
    @MainActor
    private static func translated(_ client: AuthClient) async throws {
        XCTAssertEqual(authenticatorDefaultStrings()["sign_in.title"], "Sign in")
        let options = AuthenticatorOptions(strings: ["sign_in.title": "Se connecter"], totpIssuer: nil, hideSignUp: true)
        let model = AuthenticatorModel(client: client, options: options)
        await model.start()
        XCTAssertEqual(model.screen?.title, "Se connecter")
        let offered = model.screen?.actions.map(\.action) ?? []
        XCTAssertFalse(offered.contains(.goToSignUp), "\(offered)")
        await model.perform(.forgotPassword)
        guard case .forgotPassword = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        await model.perform(.backToSignIn)
        guard case .signIn = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
    }

    func testASocialButtonOpensTheHostedUiAtItsProviderAndAClosedPageLeavesTheForm() async throws {
        guard #available(iOS 17, macOS 14, tvOS 17, watchOS 10, *) else { throw XCTSkip("needs Observation") }
        try await Self.social(try Oidc.client())
    }

    /// A presenter whose user closes the page; it keeps the addresses it was asked to open.
    private final class ClosedPage: WebAuthPresenter, @unchecked Sendable {
        private let urls = Locked<[String]>([])
        var opened: [String] { urls.current }

        func present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Bool) async throws
            -> WebAuthResult
        {
            urls.withValue { $0.append(url) }
            throw AuthError.Cancelled(reason: "the user closed the sign-in page")
        }
    }

    /// The local hosted UI's configuration lists GOOGLE (`cognito-auth-peer oidc`).
    @available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
    @MainActor
    private static func social(_ client: AuthClient) async throws {
        // No presenter: no button that could not work.
        let without = AuthenticatorModel(client: client)
        await without.start()
        guard case .signIn = without.screen?.step else { return XCTFail("\(String(describing: without.screen))") }
        XCTAssertEqual(without.socialActions.map(\.label), [])

        let presenter = ClosedPage()
        try client.setWebAuthPresenter(presenter: presenter)
        let model = AuthenticatorModel(client: client)
        await model.start()
        XCTAssertEqual(model.socialActions.map(\.label), ["Sign in with Google"])
        XCTAssertEqual(model.socialActions.map(\.action), [.signInWith(provider: .google)])
        XCTAssertFalse(model.otherActions.contains { $0.action == .signInWith(provider: .google) })
        await model.perform(.signInWith(provider: .google))
        guard case .signIn = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        XCTAssertNil(model.screen?.banner, "a closed page is not an error")
        XCTAssertNil(model.failure)
        XCTAssertEqual(presenter.opened.count, 1)
        XCTAssertTrue(presenter.opened.first?.contains("identity_provider=Google") == true, "\(presenter.opened)")
        let state = try await client.userState()
        XCTAssertEqual(state, .signedOut)
    }
    #endif
}
