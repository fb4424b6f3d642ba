// Times as `Date`s. The generated accessors and fields carry seconds since 1970 (`Int64` for
// tokens and credentials, `Double?` for devices), as the Rust core keeps them; these are
// what a Swift app compares with `Date()` or formats for the user.

import Foundation

extension UserPoolTokens {
    /// When the access and ID tokens expire (the refresh token outlives them).
    public var expirationDate: Date { Date(timeIntervalSince1970: TimeInterval(expiresAt())) }
}

extension AwsCredentials {
    /// When these AWS credentials expire.
    public var expirationDate: Date { Date(timeIntervalSince1970: TimeInterval(expiration())) }
}

extension AuthDevice {
    /// When Cognito first tracked the device, if it says.
    public var createdDate: Date? { createdAt.map(Date.init(timeIntervalSince1970:)) }
    /// When the device was last used to sign in, if Cognito says.
    public var lastAuthenticatedDate: Date? { lastAuthenticatedAt.map(Date.init(timeIntervalSince1970:)) }
}

extension AwsCredentials {
    /// Credentials obtained elsewhere, expiring at `expirationDate` (whole seconds).
    public convenience init(
        accessKeyId: String, secretAccessKey: String, sessionToken: String, expirationDate: Date
    ) {
        self.init(
            accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken,
            expiration: Int64(expirationDate.timeIntervalSince1970.rounded(.down)))
    }
}

/// Signs `request` for `service` in `region` with credentials the app obtained itself, at
/// `date` (default: now; whole seconds). Apps with a session use `client.signRequest`.
public func signRequestWith(
    request: RequestToSign, credentials: AwsCredentials, service: String, region: String,
    date: Date = Date()
) throws -> SignedHeaders {
    try signRequestWith(
        request: request, credentials: credentials, service: service, region: region,
        time: Int64(date.timeIntervalSince1970.rounded(.down)))
}
