// Reading a sign-out's result without matching its cases, and finishing a partial one. A
// `.partial` result keeps what a retry needs: the tokens whose revocation or global sign-out
// failed (as `SecretToken`s, which print `***`) and the hosted UI's `/logout` URL that could
// not be opened.

import Foundation

extension SignOutResult {
    /// Everything asked for was done.
    public var isComplete: Bool {
        if case .complete = self { return true }
        return false
    }

    /// Signed out on this device (`.complete` or `.partial`); `false` only when the stored
    /// session could not be deleted (`.failed`).
    public var isSignedOutLocally: Bool {
        if case .failed = self { return false }
        return true
    }

    /// Why RevokeToken failed or was not called (`NotSupported`: revocation is off for the
    /// app client).
    public var revokeTokenError: AuthError? {
        if case .partial(let error, _, _, _, _, _) = self { return error }
        return nil
    }

    /// Why GlobalSignOut failed (other devices stay signed in).
    public var globalSignOutError: AuthError? {
        if case .partial(_, let error, _, _, _, _) = self { return error }
        return nil
    }

    /// Why the hosted UI's browser session could not be ended.
    public var hostedUiError: AuthError? {
        if case .partial(_, _, let error, _, _, _) = self { return error }
        return nil
    }

    /// The refresh token RevokeToken failed to revoke: pass it to `client.revokeToken`.
    public var refreshToken: SecretToken? {
        if case .partial(_, _, _, let token, _, _) = self { return token }
        return nil
    }

    /// The access token GlobalSignOut failed with: pass it to `client.globalSignOut`.
    public var accessToken: SecretToken? {
        if case .partial(_, _, _, _, let token, _) = self { return token }
        return nil
    }

    /// The hosted UI's `/logout` URL that could not be opened: open it later in the browser
    /// that holds the session.
    public var signOutUrl: URL? {
        if case .partial(_, _, _, _, _, let url?) = self { return URL(string: url) }
        return nil
    }

    /// Why the stored session could not be deleted (`.failed`).
    public var failure: AuthError? {
        if case .failed(let error) = self { return error }
        return nil
    }
}

extension AuthClient {
    /// Retries what a `.partial` sign-out left undone on the server: RevokeToken with its
    /// refresh token and GlobalSignOut with its access token, when they were kept. Nothing
    /// local changes (the user is already signed out here). Returns `.complete` when both
    /// succeeded and nothing else had failed, otherwise `.partial` with what is still undone (a `NotSupported`
    /// RevokeToken, with no token to retry, stays); the hosted UI's `/logout` (`signOutUrl`)
    /// needs a browser and is kept as it was.
    public func retrySignOut(_ result: SignOutResult) async -> SignOutResult {
        guard case .partial(var revokeError, var globalError, let hostedUiError,
                            var refreshToken, var accessToken, let signOutUrl) = result else {
            return result
        }
        if let token = refreshToken {
            do {
                try await revokeToken(refreshToken: token)
                (revokeError, refreshToken) = (nil, nil)
            } catch let error as AuthError {
                revokeError = error
            } catch {
                revokeError = .Internal(reason: "\(error)")
            }
        }
        if let token = accessToken {
            do {
                try await globalSignOut(accessToken: token)
                (globalError, accessToken) = (nil, nil)
            } catch let error as AuthError {
                globalError = error
            } catch {
                globalError = .Internal(reason: "\(error)")
            }
        }
        if revokeError == nil, globalError == nil, hostedUiError == nil {
            return .complete
        }
        return .partial(
            revokeTokenError: revokeError, globalSignOutError: globalError, hostedUiError: hostedUiError,
            refreshToken: refreshToken, accessToken: accessToken, signOutUrl: signOutUrl)
    }
}
