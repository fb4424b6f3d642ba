// Importing Amplify Swift v2's session against moto: a user signs in, their real tokens are
// written as Amplify Swift's Keychain items hold them (`JSONEncoder` output of
// `AmplifyCredentials` under `amplify.<userPoolId>.session`), and a second client with an
// empty store imports them. The Keychain reader itself needs a Mac (Apple-only code).

import CognitoAuth
import Foundation
import XCTest

final class ImportTests: XCTestCase {
    private struct Tokens {
        let user: String, id: String, access: String, refresh: String
    }

    private func amplifyUser() async throws -> Tokens {
        let client = try Moto.client()
        let user = try await Moto.signedUpUser(client, prefix: "import")
        _ = try await client.signIn(username: user, password: goodPassword)
        let tokens = try await client.getTokens()
        return Tokens(
            user: user, id: tokens.idToken(), access: tokens.accessToken(),
            refresh: try XCTUnwrap(tokens.refreshToken()))
    }

    /// `AmplifyCredentials.userPoolOnly(signedInData:)` as `JSONEncoder` writes it.
    private func sessionItem(_ t: Tokens) throws -> Data {
        let signedInData: [String: Any] = [
            "userId": "sub", "username": t.user, "signedInDate": 760_000_000.0,
            "signInMethod": ["apiBased": ["_0": ["userSRP": [String: Any]()]]],
            "deviceMetadata": ["noData": [String: Any]()],
            "cognitoUserPoolTokens": [
                "idToken": t.id, "accessToken": t.access, "refreshToken": t.refresh,
                "expiration": 760_003_600.0,
            ],
            "isRefreshTokenExpired": false,
        ]
        return try JSONSerialization.data(withJSONObject: ["userPoolOnly": ["signedInData": signedInData]])
    }

    func testAnImportedAmplifySwiftSessionWorksAndIsImportedOnce() async throws {
        let t = try await amplifyUser()
        let pool = try Moto.info().field("user_pool_id")
        let source = ImportSource.amplifySwift(items: ["amplify.\(pool).session": try sessionItem(t)])
        let client = try Moto.client()

        let outcome = try await client.importSession(source)
        guard case .imported(let what) = outcome else { return XCTFail("not imported: \(outcome)") }
        XCTAssertEqual(what.username, t.user)
        XCTAssertEqual(what.format, .amplifySwift)
        let me = try await client.getCurrentUser()
        XCTAssertEqual(me.username, t.user)
        let session = await client.fetchAuthSession()
        XCTAssertEqual(try session.tokens.get().accessToken(), t.access)
        // The imported refresh token works against the peer.
        _ = try await client.fetchAuthSession(forceRefresh: true).tokens.get()

        let again = try await client.importSession(source)
        XCTAssertEqual(again, .skipped(reason: .sessionExists(format: .amplifySwift)))
        guard case .skipped(let reason) = again else { return XCTFail("\(again)") }
        XCTAssertTrue(reason.message.hasPrefix("a session is already stored"), reason.message)

        let printed = "\(source) \(String(reflecting: source)) \(outcome) \(again)"
        for secret in [t.id, t.access, t.refresh] {
            XCTAssertFalse(printed.contains(secret), printed)
        }
    }

    func testAnotherPoolsItemIsSkippedWithItsReason() async throws {
        let t = try await amplifyUser()
        let client = try Moto.client()
        let foreign = ImportSource.amplifySwift(items: ["amplify.us-east-1_Other.session": try sessionItem(t)])
        let outcome = try await client.importSession(foreign)
        guard case .skipped(let reason) = outcome else { return XCTFail("imported: \(outcome)") }
        guard case .otherConfiguration = reason else { return XCTFail("\(reason)") }
        XCTAssertTrue(reason.message.contains("us-east-1_Other"), reason.message)
        XCTAssertEqual("\(reason)", reason.message)
        let state = try await client.userState()
        XCTAssertNotEqual(state, .signedIn)
    }
}
