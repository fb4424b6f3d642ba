// Expiry times as `Date`s. The generated accessors return seconds since 1970 (`Int64`), as
// the Rust core keeps them; these are what a Swift app compares with `Date()`.

import Foundation

extension UserPoolTokens {
    /// When the access and ID tokens expire (the refresh token outlives them).
    public var expirationDate: Date { Date(timeIntervalSince1970: TimeInterval(expiresAt())) }
}

extension AwsCredentials {
    /// When these AWS credentials expire.
    public var expirationDate: Date { Date(timeIntervalSince1970: TimeInterval(expiration())) }
}
