// The iOS/macOS hosted-UI presenter: conforms to the generated `WebAuthPresenter` protocol, so
// it is passed straight to `signInWithWebUi(presenter:options:)` and
// `setWebAuthPresenter(presenter:)` (which opens `/logout` with it at sign-out, unless the
// sign-in ran in an ephemeral session).

#if canImport(AuthenticationServices)
import AuthenticationServices
import Foundation

/// Shows the hosted UI in an `ASWebAuthenticationSession` and returns the callback URL.
/// Asked for an ephemeral session (`WebUiOptions.preferPrivateSession`), it sets
/// `prefersEphemeralWebBrowserSession`, so the page shares no cookies with Safari and keeps
/// none: the result reports `privateSession: true` and sign-out opens no page. Otherwise the
/// hosted UI's cookie stays in the shared browser and sign-out opens `/logout` here to end it.
/// The user closing the sheet (`.canceledLogin`) is `AuthError.Cancelled`; cancelling the
/// task that awaits the sign-in closes the sheet.
@available(iOS 13.0, macOS 10.15, *)
public final class WebAuthenticationSessionPresenter: NSObject, WebAuthPresenter,
    ASWebAuthenticationPresentationContextProviding, @unchecked Sendable
{
    private let anchor: @MainActor () -> ASPresentationAnchor

    /// `anchor` returns the window to present from (the key window of the active scene).
    public init(anchor: @escaping @MainActor () -> ASPresentationAnchor) {
        self.anchor = anchor
    }

    /// One presentation: its session and the continuation to resume exactly once. Touched
    /// only on the main queue.
    private final class Attempt: @unchecked Sendable {
        var session: ASWebAuthenticationSession?
        var continuation: CheckedContinuation<WebAuthResult, Error>?
        var cancelled = false

        func finish(_ result: Result<WebAuthResult, Error>) {
            session = nil
            continuation?.resume(with: result)
            continuation = nil
        }
    }

    /// Opens `url`; returns the URL the page redirected to with `callbackUrlScheme`, and
    /// whether the session was ephemeral (it is exactly when `prefersEphemeralSession`).
    /// Throws `AuthError.Cancelled` when the user closes the sheet or the task is cancelled.
    public func present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Bool)
        async throws -> WebAuthResult
    {
        guard let start = URL(string: url) else {
            throw AuthError.InvalidParameter(reason: "not a URL: \(url)")
        }
        let attempt = Attempt()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.main.async {
                    attempt.continuation = continuation
                    // Cancelled before the sheet was shown: show nothing.
                    if attempt.cancelled {
                        return attempt.finish(.failure(Self.cancelled))
                    }
                    let session = ASWebAuthenticationSession(
                        url: start, callbackURLScheme: callbackUrlScheme
                    ) { callback, error in
                        DispatchQueue.main.async {
                            attempt.finish(Self.outcome(
                                callback: callback, error: error, ephemeral: prefersEphemeralSession))
                        }
                    }
                    session.prefersEphemeralWebBrowserSession = prefersEphemeralSession
                    session.presentationContextProvider = self
                    attempt.session = session
                    if !session.start() {
                        attempt.finish(.failure(
                            AuthError.Internal(reason: "ASWebAuthenticationSession did not start")))
                    }
                }
            }
        } onCancel: {
            // The awaiting task was cancelled (the Rust call was dropped): close the sheet.
            DispatchQueue.main.async {
                attempt.cancelled = true
                attempt.session?.cancel()
                attempt.finish(.failure(Self.cancelled))
            }
        }
    }

    private static let cancelled = AuthError.Cancelled(reason: "the user closed the sign-in page")

    /// What the session's completion handler means to the core. `ephemeral` is what the
    /// session was started with: `prefersEphemeralWebBrowserSession` is honoured on every
    /// platform this presenter is available on (iOS 13, macOS 10.15).
    static func outcome(callback: URL?, error: Error?, ephemeral: Bool) -> Result<WebAuthResult, Error> {
        if let callback = callback {
            return .success(WebAuthResult(callbackUrl: callback.absoluteString, privateSession: ephemeral))
        }
        if let error = error as? ASWebAuthenticationSessionError, error.code == .canceledLogin {
            return .failure(cancelled)
        }
        let text = error?.localizedDescription ?? "no callback URL"
        return .failure(AuthError.Internal(reason: "web authentication failed: \(text)"))
    }

    public func presentationAnchor(for session: ASWebAuthenticationSession) -> ASPresentationAnchor {
        MainActor.assumeIsolated { anchor() }
    }
}
#endif
