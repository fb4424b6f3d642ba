// The Swift layer's own behaviour: panics in Rust become errors, errors read as sentences,
// expiry times are `Date`s.

import CognitoAuth
import Foundation
import XCTest

final class RuntimeTests: XCTestCase {
    func testARustPanicInASyncCallIsAnAuthErrorAndTheProcessLivesOn() {
        XCTAssertThrowsError(try ffiTestPanicSync(message: "sync boom")) {
            guard case AuthError.Internal(let reason) = $0 else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.contains("sync boom"), reason)
        }
        XCTAssertEqual(version(), version()) // the library still answers
    }

    func testARustPanicInAnAsyncCallIsAnAuthError() async {
        do {
            try await ffiTestPanicAsync(message: "async boom")
            XCTFail("no error")
        } catch AuthError.Internal(let reason) {
            XCTAssertTrue(reason.contains("async boom"), reason)
        } catch {
            XCTFail("\(error)")
        }
    }

    func testAsyncCallsRunOnTheLibrarysOwnRuntimeAndStartNoOther() async throws {
        // Linux: the process's threads by name (15 characters at most). UniFFI's
        // `async_runtime = "tokio"` wrapper would start a second runtime, with a thread
        // `async-compat/tokio-1`, on the first call polled from a Swift thread.
        let tasks = "/proc/self/task"
        guard FileManager.default.fileExists(atPath: tasks) else { throw XCTSkip("needs /proc (Linux)") }
        _ = try await Moto.client().userState()
        let names = try FileManager.default.contentsOfDirectory(atPath: tasks).compactMap {
            try? String(contentsOfFile: "\(tasks)/\($0)/comm", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        XCTAssertTrue(names.contains { $0.hasPrefix("cognito-auth") }, "the library's runtime: \(names)")
        XCTAssertFalse(names.contains { $0.hasPrefix("async-compat") }, "a second runtime: \(names)")
    }

    func testErrorsReadAsSentencesAndKeepTheirKind() {
        let cases: [(AuthError, String, String)] = [
            (.NotAuthorized(reason: "Incorrect username or password."), "Incorrect username or password.", "NotAuthorized"),
            (.Storage(failure: .unavailable, reason: "the device is locked"), "the device is locked", "Storage"),
            (.Lambda(name: "UserLambdaValidationException", reason: "PreSignUp failed"),
             "UserLambdaValidationException: PreSignUp failed", "Lambda"),
            (.Configuration(reason: "auth.user_pool_id is missing"), "auth.user_pool_id is missing", "Configuration"),
        ]
        for (error, message, kind) in cases {
            XCTAssertEqual(error.message, message)
            XCTAssertEqual(error.localizedDescription, message)
            XCTAssertEqual((error as Error).localizedDescription, message)
            XCTAssertEqual(error.kind(), kind)
            XCTAssertFalse(error.isTransient())
        }
        XCTAssertTrue(AuthError.Network(reason: "offline").isTransient())
        // `description` keeps the core's text with its kind, for logs.
        XCTAssertEqual(
            AuthError.NotAuthorized(reason: "Incorrect username or password.").description,
            "not authorized: Incorrect username or password.")
    }

    func testErrorsSayWhatToDoAboutThemThroughNSErrorToo() {
        let wrong = AuthError.NotAuthorized(reason: "Incorrect username or password.")
        XCTAssertEqual(wrong.recoverySuggestion, "Check the user name and password, or sign in again.")
        XCTAssertEqual(wrong.recoverySuggestion, wrong.recoverySuggestion())
        XCTAssertEqual(AuthError.Network(reason: "timed out").recoverySuggestion, "Check the connection and try again.")
        XCTAssertNil(AuthError.Cancelled(reason: "closed").recoverySuggestion)

        // What UIKit and AppKit show of an error: the NSError it bridges to.
        let bridged = wrong as NSError
        XCTAssertEqual(bridged.domain, "CognitoAuth.AuthError")
        XCTAssertEqual(bridged.localizedDescription, "Incorrect username or password.")
        XCTAssertEqual(bridged.localizedRecoverySuggestion, "Check the user name and password, or sign in again.")
        XCTAssertNil((AuthError.Cancelled(reason: "closed") as NSError).localizedRecoverySuggestion)
        let thrown: Error = AuthError.SessionExpired(reason: "the refresh token was rejected")
        XCTAssertEqual((thrown as NSError).localizedRecoverySuggestion, "Sign in again.")
        XCTAssertEqual(thrown.localizedDescription, "the refresh token was rejected")
    }

    func testExpiryTimesAreDates() {
        let credentials = AwsCredentials(
            accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret-key-example", sessionToken: "token-example",
            expiration: 1_900_000_000)
        XCTAssertEqual(credentials.expirationDate, Date(timeIntervalSince1970: 1_900_000_000))
    }

    func testSignedHeadersInSendingOrderWithoutTheirSecrets() throws {
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        let token = "session-token-that-must-not-print"
        let credentials = AwsCredentials(
            accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: token, expiration: 4_000_000_000)
        let signed = try signRequestWith(
            request: RequestToSign(method: "GET", url: "https://example.amazonaws.com/"),
            credentials: credentials, service: "execute-api", region: "us-east-1", time: 1_440_938_160)
        let signature = try XCTUnwrap(signed.value(name: "authorization"))
        XCTAssertTrue(signature.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/execute-api/"), signature)
        XCTAssertEqual(signed.pairs.first { $0.name == "x-amz-security-token" }?.value, token)
        XCTAssertEqual(signed.pairs.map(\.name), signed.names())
        for printed in [String(describing: credentials), String(reflecting: credentials),
                        String(describing: signed), String(reflecting: signed)] {
            XCTAssertFalse(printed.contains(secret), printed)
            XCTAssertFalse(printed.contains(token), printed)
            XCTAssertFalse(printed.contains(signature), printed)
        }
    }
}
