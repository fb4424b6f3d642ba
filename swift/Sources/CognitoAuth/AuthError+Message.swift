// What a person reads of an `AuthError`. The generated error is a `LocalizedError` whose
// `errorDescription` is `String(reflecting: self)`; by default that is a dump
// (`AuthError.NotAuthorized(reason: "…")`). Conforming to `CustomDebugStringConvertible` here
// makes it, and so `localizedDescription`, the message itself. The kind stays in the case
// (`catch AuthError.NotAuthorized`) and in `kind()`; `description` keeps the core's text
// with its kind prefix (`not authorized: …`), for logs.
//
// What to do about it is the core's `recoverySuggestion()` (one sentence per kind, the same
// in every binding), here as the `recoverySuggestion` property. The generated
// `LocalizedError` conformance cannot be given it (its witnesses are fixed in the generated
// module, where the protocol's default, `nil`, is used), so it reaches `NSError` through
// `CustomNSError`'s user info instead: `(error as NSError).localizedRecoverySuggestion`, what
// UIKit and AppKit alerts show. The core's errors carry their cause's text in `reason`; the
// one cause that is a Swift object, an error thrown by the app's `SecureStorage`, is kept by
// the layer (SecureStorage+Cause.swift) and is `underlyingError`.

import Foundation

extension AuthError: CustomDebugStringConvertible {
    /// The human message: the service's or the library's own sentence for this error, e.g.
    /// "Incorrect username or password." for `.NotAuthorized`.
    public var message: String {
        // Every case carries `reason` (and a few a `name`, or a storage `failure`): read them
        // by label, so a case added in Rust needs no edit here.
        var reason: String?
        var name: String?
        if let payload = Mirror(reflecting: self).children.first?.value {
            let fields = Mirror(reflecting: payload).children
            if fields.isEmpty, let text = payload as? String {
                reason = text
            }
            for field in fields {
                switch field.label {
                case "reason": reason = field.value as? String
                case "name": name = field.value as? String
                default: break
                }
            }
        }
        switch (name, reason) {
        case let (name?, reason?) where !reason.isEmpty: return "\(name): \(reason)"
        case let (_, reason?) where !reason.isEmpty: return reason
        default: return description
        }
    }

    /// The same as `message`, so `localizedDescription` reads as a sentence.
    public var debugDescription: String { message }
}

extension AuthError {
    /// What the user or the app can do about it, as one sentence ("Check the user name and
    /// password, or sign in again."), or `nil` when nothing better than trying again is
    /// known. The Rust core's text, so Kotlin and the CLI say the same.
    public var recoverySuggestion: String? { recoverySuggestion() }
}

extension AuthError: CustomNSError {
    /// `CognitoAuth.AuthError`.
    public static var errorDomain: String { "CognitoAuth.AuthError" }

    /// The message, the recovery suggestion and the underlying error, under Foundation's
    /// keys.
    public var errorUserInfo: [String: Any] {
        var info: [String: Any] = [NSLocalizedDescriptionKey: message]
        if let suggestion = recoverySuggestion {
            info[NSLocalizedRecoverySuggestionErrorKey] = suggestion
        }
        if let cause = underlyingError {
            info[NSUnderlyingErrorKey] = cause as NSError
        }
        return info
    }
}
