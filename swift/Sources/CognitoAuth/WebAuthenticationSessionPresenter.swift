// The iOS/macOS hosted-UI presenter: conforms to the generated `WebAuthPresenter` protocol, so
// it is passed straight to `signInWithWebUi(presenter:options:)` and
// `setWebAuthPresenter(presenter:)` (which opens `/logout` with it at sign-out).

#if canImport(AuthenticationServices)
import AuthenticationServices
import Foundation

/// Shows the hosted UI in an `ASWebAuthenticationSession` and returns the callback URL.
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
        var continuation: CheckedContinuation<String, Error>?
        var cancelled = false

        func finish(_ result: Result<String, Error>) {
            session = nil
            continuation?.resume(with: result)
            continuation = nil
        }
    }

    /// Opens `url`; returns the URL the page redirected to with `callbackUrlScheme`.
    /// Throws `AuthError.Cancelled` when the user closes the sheet or the task is cancelled.
    public func present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Bool)
        async throws -> String
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
                            attempt.finish(Self.outcome(callback: callback, error: error))
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

    /// What the session's completion handler means to the core.
    static func outcome(callback: URL?, error: Error?) -> Result<String, Error> {
        if let callback = callback {
            return .success(callback.absoluteString)
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
