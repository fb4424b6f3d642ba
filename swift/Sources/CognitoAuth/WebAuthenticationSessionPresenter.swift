// Skeleton of the iOS/macOS hosted-UI presenter. The hosted-UI work exports a
// `WebAuthPresenter` foreign trait with this method's shape; this class will then declare
// conformance to it and be passed to `signInWithWebUi`.

#if canImport(AuthenticationServices)
import AuthenticationServices
import Foundation

/// Shows the hosted UI in an `ASWebAuthenticationSession` and returns the callback URL.
@available(iOS 13.0, macOS 10.15, *)
public final class WebAuthenticationSessionPresenter: NSObject,
    ASWebAuthenticationPresentationContextProviding, @unchecked Sendable
{
    private let anchor: @MainActor () -> ASPresentationAnchor
    private var session: ASWebAuthenticationSession?

    /// `anchor` returns the window to present from (the key window of the active scene).
    public init(anchor: @escaping @MainActor () -> ASPresentationAnchor) {
        self.anchor = anchor
    }

    /// Opens `url`; returns the URL the page redirected to with `callbackUrlScheme`.
    /// Throws `AuthError.Cancelled` when the user closes the sheet.
    public func present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Bool)
        async throws -> String
    {
        guard let start = URL(string: url) else {
            throw AuthError.InvalidParameter(reason: "not a URL: \(url)")
        }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.main.async {
                let session = ASWebAuthenticationSession(
                    url: start, callbackURLScheme: callbackUrlScheme
                ) { [weak self] callback, error in
                    self?.session = nil
                    if let callback = callback {
                        continuation.resume(returning: callback.absoluteString)
                    } else if let error = error as? ASWebAuthenticationSessionError,
                        error.code == .canceledLogin
                    {
                        continuation.resume(
                            throwing: AuthError.Cancelled(reason: "the user closed the sign-in page"))
                    } else {
                        let text = error?.localizedDescription ?? "no callback URL"
                        continuation.resume(
                            throwing: AuthError.Internal(reason: "web authentication failed: \(text)"))
                    }
                }
                session.prefersEphemeralWebBrowserSession = prefersEphemeralSession
                session.presentationContextProvider = self
                self.session = session
                if !session.start() {
                    self.session = nil
                    continuation.resume(
                        throwing: AuthError.Internal(reason: "ASWebAuthenticationSession did not start"))
                }
            }
        }
    }

    public func presentationAnchor(for session: ASWebAuthenticationSession) -> ASPresentationAnchor {
        MainActor.assumeIsolated { anchor() }
    }
}
#endif
