// The core's Authenticator flow as an Observation model for SwiftUI: the view only draws
// `screen` and binds its text fields to `values`; every decision (which screen, which fields,
// what is checked before a request, where an error goes, every text) is the core's
// (docs/authenticator.md). Tested on Linux (AuthenticatorModelTests); the SwiftUI view over it,
// AuthenticatorView, compiles on Apple platforms only.
//
//     @State private var auth = AuthenticatorModel(client: client)
//     var body: some View { AuthenticatorView(model: auth) { SignedInHome() } }

#if canImport(Observation)
import Foundation
import Observation

/// Drives one `Authenticator` on the main actor. `screen` is what to draw (`nil` until
/// `start()` has run); `values` holds what the user typed, by field name, and is reset to the
/// new screen's values (secrets empty) each time the screen changes.
@available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
@MainActor
@Observable
public final class AuthenticatorModel {
    /// The client signed in and out through the flow.
    public let client: AuthClient
    /// The screen to draw.
    public private(set) var screen: AuthenticatorScreen?
    /// What the user typed, by field name (`FormField.name`).
    public var values: [String: String] = [:]
    /// Whether a call runs (show progress, disable the buttons).
    public private(set) var isBusy = false
    /// Why the last call failed outside the screen (a call the screen does not offer, a
    /// panic): the screen itself carries refused values and server errors.
    public private(set) var failure: AuthError?

    @ObservationIgnored private let options: AuthenticatorOptions?
    @ObservationIgnored private var authenticator: Authenticator?

    /// On the TOTP set-up screen, the key to type into an authenticator app and the
    /// `otpauth://` URI to show as a QR code (both secrets: show them, never log them);
    /// `nil` on every other screen.
    public var totpSetup: (sharedSecret: String, setupUri: String)? {
        guard case .setupTotp(let sharedSecret, let setupUri) = screen?.step else { return nil }
        return (sharedSecret, setupUri)
    }

    /// The buttons that pick something (a second factor to use or to set up, a first
    /// factor), in the screen's order: a selection screen draws these as its main choices.
    /// Empty on other screens.
    public var choices: [ScreenAction] { screen?.actions.filter { $0.action.isChoice } ?? [] }

    /// Every other button but the social ones, in the screen's order (on a selection screen,
    /// "Back to sign in").
    public var otherActions: [ScreenAction] {
        screen?.actions.filter { !$0.action.isChoice && !$0.action.isSocial } ?? []
    }

    /// The sign-in screen's "Sign in with Google/Apple/…" buttons: one per social provider of
    /// the configuration, when the client has a web-auth presenter (`setWebAuthPresenter`).
    public var socialActions: [ScreenAction] { screen?.actions.filter { $0.action.isSocial } ?? [] }

    /// A model of `client`'s flow; `options` replace texts or hide sign-up.
    public init(client: AuthClient, options: AuthenticatorOptions? = nil) {
        self.client = client
        self.options = options
    }

    /// Starts the flow on the screen the stored state calls for (signed in, a challenge left
    /// pending, the sign-in with the user name of an expired session). Once; later calls
    /// pick the screen again (`refresh`).
    public func start() async {
        if authenticator != nil { return await refresh() }
        await run {
            let started = try await Authenticator.start(client: self.client, options: self.options)
            self.authenticator = started
            return try started.screen()
        }
    }

    /// Sends the form with `values`.
    public func submit() async {
        let sent = values
        await run { try await self.started().submit(values: sent) }
    }

    /// Presses a button (`Submit` sends the form).
    public func perform(_ action: AuthenticatorAction) async {
        if case .submit = action { return await submit() }
        await run { try await self.started().action(action: action) }
    }

    /// Picks the screen for the stored state again (after the client's events say the
    /// session changed elsewhere).
    public func refresh() async {
        await run { try await self.started().refresh() }
    }

    private func started() throws -> Authenticator {
        guard let authenticator else {
            throw AuthError.InvalidState(reason: "the Authenticator has not started; call start() first")
        }
        return authenticator
    }

    /// Runs one call at a time; a second tap while one runs is ignored.
    private func run(_ call: @MainActor () async throws -> AuthenticatorScreen) async {
        guard !isBusy else { return }
        isBusy = true
        defer { isBusy = false }
        do {
            let next = try await call()
            failure = nil
            screen = next
            values = Dictionary(next.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        } catch let error as AuthError {
            failure = error
        } catch {
            failure = AuthError.Internal(reason: "\(error)")
        }
    }
}

extension AuthenticatorAction {
    /// Whether the button picks one option among several (`SelectMfaType`, `SelectFirstFactor`,
    /// `VerifyContact`).
    fileprivate var isChoice: Bool {
        switch self {
        case .selectMfaType, .selectFirstFactor, .verifyContact: return true
        default: return false
        }
    }

    /// Whether the button signs in through the hosted UI with a social provider.
    fileprivate var isSocial: Bool {
        if case .signInWith = self { return true }
        return false
    }
}

@available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
extension AuthenticatorModel: CustomStringConvertible {
    nonisolated public var description: String { "AuthenticatorModel(client: \(client))" }
}
#endif
