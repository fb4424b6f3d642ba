// Signing in through the Swift API as an app migrating from Amplify would, against moto (an
// independent Cognito imitation: request shapes, SECRET_HASH, NEW_PASSWORD_REQUIRED,
// refresh; it accepts any SRP proof, which the Rust suites check against a verifying server).

import CognitoAuth
import Foundation
import XCTest

final class SignInTests: XCTestCase {
    func testSrpSignInThenEveryPartOfTheSessionAndAForcedRefresh() async throws {
        let client = try Moto.client()
        let user = try await Moto.signedUpUser(client, prefix: "srp")
        let signIn = try await client.signIn(username: user, password: goodPassword) // SRP: the default
        XCTAssertTrue(signIn.isSignedIn)
        guard case .done = signIn.nextStep else { return XCTFail("\(signIn.nextStep)") }
        let me = try await client.getCurrentUser()
        XCTAssertEqual(me.username, user)

        let session = await client.fetchAuthSession()
        XCTAssertTrue(session.isSignedIn)
        XCTAssertEqual(try session.userSub.get(), me.userId)
        let tokens = try session.tokens.get()
        XCTAssertEqual(tokens.accessToken().split(separator: ".").count, 3, "a JWT")
        XCTAssertGreaterThan(tokens.expirationDate, Date())
        XCTAssertEqual(tokens.expirationDate.timeIntervalSince1970, TimeInterval(tokens.expiresAt()))
        XCTAssertTrue(try tokens.idTokenClaimsJson().contains("\"sub\":\"\(me.userId)\""))
        XCTAssertTrue(try session.identityId.get().hasPrefix("us-east-1:"))
        let credentials = try session.awsCredentials.get()
        XCTAssertFalse(credentials.accessKeyId().isEmpty)
        XCTAssertFalse(credentials.secretAccessKey().isEmpty)
        XCTAssertGreaterThan(credentials.expirationDate, Date())

        // The same session from a plain call, now that all of it is fresh.
        let cached = try XCTUnwrap(client.cachedAuthSession(), "fresh tokens and credentials")
        XCTAssertEqual(try cached.tokens.get().accessToken(), tokens.accessToken())
        XCTAssertEqual(try cached.awsCredentials.get().accessKeyId(), credentials.accessKeyId())

        let refreshed = try await client.fetchAuthSession(forceRefresh: true).tokens.get()
        XCTAssertEqual(refreshed.refreshToken(), tokens.refreshToken(), "the refresh token is kept")
        XCTAssertNotEqual(refreshed.accessToken(), tokens.accessToken(), "new tokens")
        let current = try await client.getTokens()
        XCTAssertEqual(current.idToken(), refreshed.idToken())
    }

    func testAnAdministratorCreatedUserIsAskedForANewPassword() async throws {
        let client = try Moto.client()
        let user = uniqueUser("admin")
        try await Moto.adminCreateUser(user, temporaryPassword: "Temp0rary-Pass!")
        let first = try await client.signIn(username: user, password: "Temp0rary-Pass!")
        XCTAssertFalse(first.isSignedIn)
        guard case .confirmWithNewPassword = first.nextStep else { return XCTFail("\(first.nextStep)") }
        // A restart in the middle keeps the challenge.
        let pending = try await client.pendingSignIn()
        guard case .confirmWithNewPassword? = pending?.nextStep else { return XCTFail("\(String(describing: pending))") }

        let done = try await client.confirmSignIn(response: goodPassword)
        XCTAssertTrue(done.isSignedIn)
        let state = try await client.userState()
        XCTAssertEqual(state, .signedIn)
        // The new password is the password now.
        _ = await client.signOut()
        let again = try await client.signIn(username: user, password: goodPassword)
        XCTAssertTrue(again.isSignedIn)
    }

    func testAWrongPasswordIsNotAuthorizedAndNothingIsStored() async throws {
        let store = RecordingStorage()
        let client = try Moto.client(storage: store)
        let user = try await Moto.signedUpUser(client, prefix: "wrong")
        do {
            _ = try await client.signIn(
                username: user, password: "Wr0ng-password", options: SignInOptions(flow: .userPassword))
            XCTFail("signed in with a wrong password")
        } catch let error as AuthError {
            guard case .NotAuthorized(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind(), "NotAuthorized")
            // What a person reads is the service's sentence, not a dump of the case.
            XCTAssertEqual(error.localizedDescription, reason)
            XCTAssertFalse(error.localizedDescription.contains("AuthError"), error.localizedDescription)
            XCTAssertFalse(reason.contains("Wr0ng-password"), reason)
        }
        XCTAssertFalse(store.items.keys.contains { $0.hasSuffix("/session") }, "\(store.items.keys)")
        let state = try await client.userState()
        XCTAssertEqual(state, .guest)
        do {
            _ = try await client.signIn(username: "nobody-here", password: goodPassword)
            XCTFail("signed in a user that does not exist")
        } catch AuthError.UserNotFound {}
    }

    func testConfirmingWithNothingPendingIsInvalidState() async throws {
        let client = try Moto.client()
        do {
            _ = try await client.confirmSignIn(response: "123456")
            XCTFail("confirmed a sign-in that was never started")
        } catch let error as AuthError {
            guard case .InvalidState = error else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind(), "InvalidState")
        }
    }

    func testATypedConfigWithTheClientSecretAsAnArgument() async throws {
        let info = try Moto.info()
        let user = try await Moto.signedUpUser(try Moto.client(), prefix: "secret")
        // The pool's app client with a secret: moto checks SECRET_HASH.
        let config = AuthConfig(userPool: UserPoolConfig(
            poolId: info.field("user_pool_id"), clientId: info.field("secret_client_id"),
            region: "us-east-1", endpoint: info.field("endpoint")))
        let wrong = try CognitoAuth.create(config: config, storage: memoryStorage(), clientSecret: "not-the-secret")
        do {
            _ = try await wrong.signIn(username: user, password: goodPassword)
            XCTFail("a wrong client secret was accepted")
        } catch AuthError.NotAuthorized {}
        let right = try CognitoAuth.create(
            config: config, storage: memoryStorage(), clientSecret: info.field("client_secret"))
        let result = try await right.signIn(username: user, password: goodPassword)
        XCTAssertTrue(result.isSignedIn)
        XCTAssertFalse(String(describing: config).contains(info.field("client_secret")))
    }
}
