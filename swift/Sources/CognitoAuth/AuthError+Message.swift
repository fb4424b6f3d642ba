// What a person reads of an `AuthError`. The generated error is a `LocalizedError` whose
// `errorDescription` is `String(reflecting: self)`; by default that is a dump
// (`AuthError.NotAuthorized(reason: "…")`). Conforming to `CustomDebugStringConvertible` here
// makes it, and so `localizedDescription`, the message itself. The kind stays in the case
// (`catch AuthError.NotAuthorized`) and in `kind()`; `description` keeps the core's text
// with its kind prefix (`not authorized: …`), for logs.

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
