// The Cognito session's identity-pool credentials for the AWS SDK for Swift.
//
//     let s3 = try S3Client(config: S3Client.S3ClientConfiguration(
//         awsCredentialIdentityResolver: CognitoCredentialIdentityResolver(client: auth),
//         region: "eu-west-1"))
//
// Each `getIdentity` is `fetchAuthSession()`: cached credentials come back without a request
// while they are fresh, renewal goes through the session's single refresh, and the identity
// carries its expiry. UNVERIFIED: not compiled here (see Package.swift).

import CognitoAuth
import Foundation
import struct Smithy.Attributes
import SmithyIdentity

/// An `AWSCredentialIdentityResolver` backed by a Cognito session: any AWS SDK for Swift
/// client signs with the temporary credentials of whoever is signed in (user-pool user,
/// federated user or guest).
public struct CognitoCredentialIdentityResolver: AWSCredentialIdentityResolver {
    private let client: AuthClient

    /// A resolver of `client`'s session credentials.
    public init(client: AuthClient) {
        self.client = client
    }

    public func getIdentity(identityProperties: Attributes? = nil) async throws -> AWSCredentialIdentity {
        let session = await client.fetchAuthSession(forceRefresh: false)
        let credentials: AwsCredentials
        do {
            credentials = try session.awsCredentials.get()
        } catch let error as AuthError {
            throw CognitoCredentialsError(error)
        }
        let token = credentials.sessionToken()
        return AWSCredentialIdentity(
            accessKey: credentials.accessKeyId(),
            secret: credentials.secretAccessKey(),
            expiration: credentials.expirationDate,
            sessionToken: token.isEmpty ? nil : token
        )
    }
}

/// Why the session gave the SDK no credentials. `notLoaded` when there is nothing to give
/// (signed out without guest access, expired, no identity pool), `providerError` when they
/// could not be fetched (offline, refused); `underlying` is the library's `AuthError`.
public struct CognitoCredentialsError: Error, LocalizedError, CustomStringConvertible {
    public enum Kind: Sendable { case notLoaded, providerError }

    public let kind: Kind
    public let underlying: AuthError

    init(_ error: AuthError) {
        underlying = error
        switch error {
        case .SignedOut, .SessionExpired, .InvalidState, .Configuration:
            kind = .notLoaded
        default:
            kind = .providerError
        }
    }

    public var description: String {
        switch kind {
        case .notLoaded: return "The Cognito session has no AWS credentials (\(underlying))."
        case .providerError:
            return "The Cognito session's AWS credentials could not be fetched (\(underlying))."
        }
    }

    public var errorDescription: String? { description }
}
