// Reading the parts of an `AuthSession`. Each part carries its value or the error that part
// failed with, so a failing part (no identity pool, offline) never hides the others; these
// helpers read a part the usual Swift ways: `try part.get()` or `part.getOrNil()`.

import Foundation

extension SessionValue {
    /// The value, or throws the part's `AuthError`.
    public func get() throws -> String {
        switch self {
        case .value(let value): return value
        case .failure(let error): throw error
        }
    }

    /// The value, or `nil` when the part failed.
    public func getOrNil() -> String? { try? get() }
}

extension SessionTokens {
    /// The tokens, or throws the part's `AuthError`.
    public func get() throws -> UserPoolTokens {
        switch self {
        case .value(let tokens): return tokens
        case .failure(let error): throw error
        }
    }

    /// The tokens, or `nil` when the part failed.
    public func getOrNil() -> UserPoolTokens? { try? get() }
}

extension SessionCredentials {
    /// The credentials, or throws the part's `AuthError`.
    public func get() throws -> AwsCredentials {
        switch self {
        case .value(let credentials): return credentials
        case .failure(let error): throw error
        }
    }

    /// The credentials, or `nil` when the part failed.
    public func getOrNil() -> AwsCredentials? { try? get() }
}

extension SignedHeaders {
    /// Every signed header as (name, value) pairs in sending order, for a `URLRequest`. The
    /// values include the session token: do not log them.
    public var pairs: [(name: String, value: String)] {
        var seen: [String: Int] = [:]
        return names().map { name in
            let index = seen[name, default: 0]
            seen[name] = index + 1
            return (name, values(name: name)[index])
        }
    }
}
