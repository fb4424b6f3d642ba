// XCTest suite for macOS (`swift test` in swift/ after `make xcframework`). No network: the
// peers-backed flows are proven by the Kotlin and Rust suites on Linux; these prove that the
// Swift bindings load, convert and call back (storage, presenters), and print no secret.

import CognitoAuth
import Foundation
import XCTest

/// A Swift `SecureStorage`: what an app implements to keep credentials its own way.
final class RecordingStorage: SecureStorage, @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String: Data] = [:]
    private(set) var calls: [String] = []
    var failure: Error?

    private func record(_ call: String) throws {
        lock.lock(); defer { lock.unlock() }
        calls.append(call)
        if let failure = failure { throw failure }
    }

    func put(namespace: String, key: String, value: Data) {
        lock.lock(); defer { lock.unlock() }
        items["\(namespace)/\(key)"] = value
    }

    func get(namespace: String, key: String) async throws -> Data? {
        try record("get \(namespace) \(key)")
        lock.lock(); defer { lock.unlock() }
        return items["\(namespace)/\(key)"]
    }

    func set(namespace: String, key: String, value: Data) async throws {
        try record("set \(namespace) \(key)")
        put(namespace: namespace, key: key, value: value)
    }

    func remove(namespace: String, key: String) async throws {
        try record("remove \(namespace) \(key)")
        lock.lock(); defer { lock.unlock() }
        items["\(namespace)/\(key)"] = nil
    }

    func removeAll(namespace: String) async throws {
        try record("removeAll \(namespace)")
        lock.lock(); defer { lock.unlock() }
        items = items.filter { !$0.key.hasPrefix("\(namespace)/") }
    }
}

/// A Swift `WebAuthPresenter` that fails the way an app's does.
final class FailingPresenter: WebAuthPresenter, @unchecked Sendable {
    let error: Error
    private(set) var urls: [String] = []

    init(_ error: Error) { self.error = error }

    func present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Bool) async throws -> String {
        urls.append(url)
        throw error
    }
}

final class CognitoAuthTests: XCTestCase {
    let hostedUi = """
        {"version":"1.3","auth":{"aws_region":"us-east-1","user_pool_id":"us-east-1_swift","user_pool_client_id":"client",
        "oauth":{"identity_providers":[],"domain":"auth.example.com","scopes":["openid"],
        "redirect_sign_in_uri":["myapp://callback"],"redirect_sign_out_uri":["myapp://signout"],"response_type":"code"}}}
        """

    let outputs = """
        {"version":"1.3","auth":{"aws_region":"us-east-1","user_pool_id":"us-east-1_swift","user_pool_client_id":"client"}}
        """

    func testBadConfigurationIsATypedError() {
        XCTAssertThrowsError(try CognitoAuth.fromAmplifyConfig(json: "{not json")) { error in
            guard case AuthError.Configuration(let reason) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue(reason.contains("not valid JSON"), reason)
        }
    }

    func testRustKeepsItsRecordsInASwiftStore() async throws {
        let store = RecordingStorage()
        let client = try CognitoAuth.fromAmplifyConfig(json: outputs, storage: store)
        let namespace = "cognito-auth.\(client.fingerprint())"
        let state = try await client.userState()
        XCTAssertEqual(state, .signedOut)
        XCTAssertEqual(store.calls, [
            "get cognito-auth active-namespace",
            "set cognito-auth active-namespace",
            "get \(namespace) session",
        ])
    }

    func testAnotherConfigurationIsWipedFromASwiftStore() async throws {
        let store = RecordingStorage()
        store.put(namespace: "cognito-auth", key: "active-namespace", value: Data("cognito-auth.previous".utf8))
        store.put(namespace: "cognito-auth.previous", key: "session", value: Data("old".utf8))
        let client = try CognitoAuth.fromAmplifyConfig(json: outputs, storage: store)
        _ = try await client.userState()
        XCTAssertTrue(store.calls.contains("removeAll cognito-auth.previous"), "\(store.calls)")
    }

    func testAFailingSwiftStoreNeverCrashes() async throws {
        let store = RecordingStorage()
        store.failure = AuthError.Storage(failure: .accessDenied, reason: "-34018")
        let client = try CognitoAuth.fromAmplifyConfig(json: outputs, storage: store)
        let state = try await client.userState()
        XCTAssertEqual(state, .signedOut)
    }

    func testRustMemoryStorageFromSwift() async throws {
        let store = memoryStorage()
        try await store.set(namespace: "ns", key: "k", value: Data([1, 2, 3]))
        let value = try await store.get(namespace: "ns", key: "k")
        XCTAssertEqual(value, Data([1, 2, 3]))
        try await store.removeAll(namespace: "ns")
        let gone = try await store.get(namespace: "ns", key: "k")
        XCTAssertNil(gone)
    }

    func testEventStreamFinishesWhenTheClientIsReleased() async throws {
        var client: AuthClient? = try CognitoAuth.fromAmplifyConfig(json: outputs)
        let events = client!.authEvents()
        client = nil
        var seen: [AuthEvent] = []
        for await event in events { seen.append(event) }
        XCTAssertEqual(seen, [])
    }

    func testTheUserClosingThePageIsCancelled() async throws {
        let client = try CognitoAuth.fromAmplifyConfig(json: hostedUi)
        let presenter = FailingPresenter(AuthError.Cancelled(reason: "closed"))
        do {
            try await client.signInWithWebUi(presenter: presenter)
            XCTFail("signed in")
        } catch AuthError.Cancelled(let reason) {
            XCTAssertEqual(reason, "closed")
        }
        XCTAssertTrue(presenter.urls.first?.contains("code_challenge_method=S256") ?? false)
        let pending = try await client.cancelWebSignIn()
        XCTAssertFalse(pending, "nothing left pending")
    }

    func testASwiftErrorThrownByThePresenterIsATypedError() async throws {
        let client = try CognitoAuth.fromAmplifyConfig(json: hostedUi)
        do {
            try await client.signInWithWebUi(presenter: FailingPresenter(URLError(.notConnectedToInternet)))
            XCTFail("signed in")
        } catch AuthError.Internal(let reason) {
            XCTAssertTrue(reason.contains("callback failed"), reason)
        }
    }

    func testSessionPartsCarryTheirErrors() async throws {
        let client = try CognitoAuth.fromAmplifyConfig(json: outputs)
        let session = await client.fetchAuthSession()
        XCTAssertFalse(session.isSignedIn)
        XCTAssertNil(session.tokens.getOrNil())
        XCTAssertThrowsError(try session.tokens.get()) { error in
            guard case AuthError.SignedOut = error else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertThrowsError(try session.awsCredentials.get()) { error in
            guard case AuthError.Configuration = error else { return XCTFail("unexpected \(error)") }
        }
    }

    func testCredentialsAndSignaturesNeverPrintTheirSecrets() throws {
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        let token = "session-token-that-must-not-print"
        let credentials = AwsCredentials(
            accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: token, expiration: 4_000_000_000)
        let signed = try signRequestWith(
            request: RequestToSign(method: "GET", url: "https://example.amazonaws.com/", headers: [], body: Data()),
            credentials: credentials, service: "execute-api", region: "us-east-1", time: 1_440_938_160)
        let signature = try XCTUnwrap(signed.value(name: "authorization"))
        XCTAssertEqual(signed.pairs.first { $0.name == "x-amz-security-token" }?.value, token)
        for printed in [String(describing: credentials), String(reflecting: credentials),
                        String(describing: signed), String(reflecting: signed)] {
            XCTAssertFalse(printed.contains(secret), printed)
            XCTAssertFalse(printed.contains(token), printed)
            XCTAssertFalse(printed.contains(signature), printed)
        }
    }
}
