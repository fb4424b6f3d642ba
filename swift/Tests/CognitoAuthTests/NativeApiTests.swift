// What makes the Swift API feel native: readable printing, dates, the user's state now and
// as an Observation model, configuration from a bundle, names beside Amplify's.

import CognitoAuth
import Foundation
import XCTest
#if canImport(Observation)
import Observation
#endif

final class NativeApiTests: XCTestCase {
    // MARK: Printing

    func testRecordsAndEnumsPrintAsSwiftLiteralsWithoutTheModule() {
        let delivery = CodeDelivery(destination: "a***@e***.com", medium: .email, attributeName: "email")
        let signIn = SignInResult(isSignedIn: false, nextStep: .confirmWithOtp(delivery: delivery))
        let text = #"SignInResult(isSignedIn: false, nextStep: confirmWithOtp(delivery: CodeDelivery(destination: "a***@e***.com", medium: email, attributeName: "email")))"#
        XCTAssertEqual(String(describing: signIn), text)
        XCTAssertEqual("\(signIn)", text)
        XCTAssertEqual(String(reflecting: signIn), text)
        XCTAssertEqual(String(describing: SignInNextStep.confirmWithTotpCode), "confirmWithTotpCode")
        XCTAssertEqual(
            String(describing: SignUpResult(userId: nil, nextStep: .confirmSignUp(delivery: nil))),
            "SignUpResult(nextStep: confirmSignUp)")
        XCTAssertEqual(String(describing: AuthUser(userId: "sub-1", username: "bob")),
                       #"AuthUser(userId: "sub-1", username: "bob")"#)
        XCTAssertEqual(
            String(describing: MfaPreference(enabled: [.totp, .sms], preferred: .totp)),
            "MfaPreference(enabled: [totp, sms], preferred: totp)")
        XCTAssertEqual(
            String(describing: SignOutResult.failed(error: .Storage(failure: .unavailable, reason: "locked"))),
            "failed(error: Storage: locked)")
        XCTAssertEqual(
            String(describing: SignInNextStep.confirmWithCustomChallenge(parameters: ["b": "2", "a": "1"])),
            #"confirmWithCustomChallenge(parameters: ["a": "1", "b": "2"])"#)
        let config = AuthConfig(userPool: UserPoolConfig(poolId: "eu-west-1_X", clientId: "c", region: "eu-west-1", endpoint: nil))
        XCTAssertTrue(String(describing: config).hasPrefix(#"AuthConfig(userPool: UserPoolConfig(poolId: "eu-west-1_X""#),
                      String(describing: config))
        for value in [String(describing: signIn), String(describing: config), String(reflecting: delivery)] {
            XCTAssertFalse(value.contains("CognitoAuthGenerated"), value)
            XCTAssertFalse(value.contains("Optional("), value)
        }
    }

    func testObjectsPrintWhatTheyHoldButNeitherSecretsNorHandles() throws {
        let credentials = AwsCredentials(
            accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: "session-token-that-must-not-print", expiration: 1_900_000_000)
        XCTAssertEqual(
            String(describing: credentials),
            #"AwsCredentials(accessKeyId: "AKIDEXAMPLE", expirationDate: 2030-03-17T17:46:40Z, secretAccessKey: ***, sessionToken: ***)"#)
        let store = memoryStorage()
        XCTAssertEqual(String(describing: store), "SecureStorage(rust)")
        for value in [credentials as Any, store, FederationResult(identityId: "us-east-1:abc", credentials: credentials)] {
            var dumped = ""
            dump(value, to: &dumped)
            for text in [dumped, String(describing: value), String(reflecting: value)] {
                XCTAssertFalse(text.contains("handle"), text)
                XCTAssertFalse(text.contains("0x"), text)
                XCTAssertFalse(text.contains("EXAMPLEKEY"), text)
                XCTAssertFalse(text.contains("must-not-print"), text)
            }
        }
        // A callback URL carries the authorization code: its query prints masked.
        let callback = WebAuthResult(callbackUrl: "myapp://callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz", privateSession: true)
        XCTAssertEqual(String(describing: callback),
                       #"WebAuthResult(callbackUrl: "myapp://callback?code=***&state=***", privateSession: true)"#)
        var dumped = ""
        dump(callback, to: &dumped)
        XCTAssertFalse(dumped.contains("SplxlOBeZQQYbYS6WxSbIA"), dumped)
        let header = HttpHeader(name: "Authorization", value: "Bearer eyJhbGciOi")
        XCTAssertEqual(String(describing: header), #"HttpHeader(name: "Authorization", value: "***")"#)
    }

    // MARK: Dates

    func testDeviceTimesAreDates() {
        let device = AuthDevice(
            id: "eu-west-1_dev", name: "Phone", attributes: ["device_status": "valid"],
            createdAt: 1_700_000_000.5, lastAuthenticatedAt: nil)
        XCTAssertEqual(device.createdDate, Date(timeIntervalSince1970: 1_700_000_000.5))
        XCTAssertNil(device.lastAuthenticatedDate)
        XCTAssertEqual(
            String(describing: device),
            #"AuthDevice(id: "eu-west-1_dev", name: "Phone", createdDate: 2023-11-14T22:13:20Z, attributes: ["device_status": "valid"])"#)
    }

    func testEveryEpochHasItsDate() throws {
        let expiry = Date(timeIntervalSince1970: 1_900_000_000)
        let credentials = AwsCredentials(
            accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: "", expirationDate: expiry)
        XCTAssertEqual(credentials.expiration(), 1_900_000_000)
        XCTAssertEqual(credentials.expirationDate, expiry)
        // Signing at a Date is signing at its second (AWS's SigV4 test suite's time).
        let request = RequestToSign(method: "GET", url: "https://example.amazonaws.com/")
        let at = Date(timeIntervalSince1970: 1_440_938_160.9)
        let byDate = try signRequestWith(
            request: request, credentials: credentials, service: "service", region: "us-east-1", date: at)
        let bySeconds = try signRequestWith(
            request: request, credentials: credentials, service: "service", region: "us-east-1", time: 1_440_938_160)
        XCTAssertEqual(byDate.value(name: "x-amz-date"), "20150830T123600Z")
        XCTAssertEqual(byDate.value(name: "authorization"), bySeconds.value(name: "authorization"))
    }

    // MARK: The user's state

    func testCurrentUserStateFollowsSignInAndSignOutWithoutWaiting() async throws {
        let client = try Moto.client()
        let first = client.currentUserState // starts following
        XCTAssertTrue([.unknown, .guest].contains(first), "\(first)")
        // The stored session is read: nobody signed in, guest access to the identity pool.
        let read = await eventually { client.currentUserState == .guest }
        XCTAssertTrue(read, "\(client.currentUserState)")
        let user = try await Moto.signedUpUser(client, prefix: "current")
        _ = try await client.signIn(username: user, password: goodPassword)
        let signedIn = await eventually { client.currentUserState == .signedIn }
        XCTAssertTrue(signedIn, "\(client.currentUserState)")
        _ = await client.signOut()
        let signedOut = await eventually { client.currentUserState == .guest }
        XCTAssertTrue(signedOut, "\(client.currentUserState)")
    }

    /// Swift has no `close()`: a client is released when its last reference goes, and then
    /// nothing can call it. What outlived it ends cleanly instead of failing: the event
    /// object's `next()` gives `nil`, the streams finish, the last state stays readable.
    func testWhatOutlivesAReleasedClientEndsCleanly() async throws {
        var client: AuthClient? = try Moto.client()
        let source = try XCTUnwrap(client).events()
        let events = try XCTUnwrap(client).authEvents()
        let states = try XCTUnwrap(client).userStates()
        let follower = try XCTUnwrap(client).currentUserState
        XCTAssertTrue([.unknown, .guest].contains(follower))
        weak var released = client
        client = nil
        // The layer's streams hold the client weakly: a read in flight is all that may
        // keep it a moment longer.
        let gone = await eventually { released == nil }
        XCTAssertTrue(gone, "something still holds the client")
        let next = try await source.next()
        XCTAssertNil(next)
        var seenEvents: [AuthEvent] = []
        for await event in events { seenEvents.append(event) }
        XCTAssertEqual(seenEvents, [])
        var seenStates: [UserState] = []
        for await state in states { seenStates.append(state) }
        XCTAssertLessThanOrEqual(seenStates.count, 1, "\(seenStates)")
    }

    #if canImport(Observation)
    func testTheObservableModelRedrawsAViewOnSignInAndSignOut() async throws {
        guard #available(iOS 17, macOS 14, tvOS 17, watchOS 10, *) else { throw XCTSkip("needs Observation") }
        try await Self.exerciseTheModel(try Moto.client())
    }

    @available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
    @MainActor
    private static func exerciseTheModel(_ client: AuthClient) async throws {
        let model = AuthStateModel(client: client)
        let ready = await eventually { model.userState == .guest }
        XCTAssertTrue(ready, "\(model.userState)")
        XCTAssertFalse(model.isSignedIn)

        // What SwiftUI does: read the properties in a tracked body, redraw on change.
        let redraws = Locked(0)
        func render() {
            withObservationTracking { _ = model.isSignedIn } onChange: { redraws.withValue { $0 += 1 } }
        }
        render()
        let user = try await Moto.signedUpUser(client, prefix: "model")
        _ = try await client.signIn(username: user, password: goodPassword)
        let signedIn = await eventually { model.isSignedIn }
        XCTAssertTrue(signedIn, "\(model.userState)")
        XCTAssertEqual(redraws.current, 1)
        render()
        _ = await client.signOut()
        let signedOut = await eventually { model.userState == .guest }
        XCTAssertTrue(signedOut, "\(model.userState)")
        XCTAssertEqual(redraws.current, 2)
        XCTAssertTrue(String(describing: model).hasPrefix("AuthStateModel(client: AuthClient(fingerprint: "),
                      String(describing: model))
    }
    #endif

    // MARK: Configuration from a bundle

    func testAClientFromTheBundledAmplifyOutputs() throws {
        let client = try AuthClient.fromBundle(.module, storage: memoryStorage())
        let same = try CognitoAuth.fromAmplifyConfig(
            json: String(contentsOf: XCTUnwrap(Bundle.module.url(forResource: "amplify_outputs", withExtension: "json")),
                         encoding: .utf8),
            storage: memoryStorage())
        XCTAssertEqual(client.fingerprint(), same.fingerprint())

        XCTAssertThrowsError(try AuthClient.fromBundle(.module, resource: "amplifyconfiguration", storage: memoryStorage())) {
            guard case AuthError.Configuration(let reason) = $0 else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.contains("amplifyconfiguration.json is not in the bundle"), reason)
        }
    }

    func testAClientFromAnAppBundleDirectorySignsIn() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cognito-auth-bundle-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Moto.info().config().write(
            to: directory.appendingPathComponent("amplify_outputs.json"), atomically: true, encoding: .utf8)
        let bundle = try XCTUnwrap(Bundle(url: directory))

        let client = try AuthClient.fromBundle(bundle, endpoints: Moto.endpoints(), storage: memoryStorage())
        let user = try await Moto.signedUpUser(client, prefix: "bundle")
        let result = try await client.signIn(username: user, password: goodPassword)
        XCTAssertTrue(result.isSignedIn, "\(result)")

        let fromFile = try AuthClient.fromFile(
            directory.appendingPathComponent("amplify_outputs.json"), endpoints: Moto.endpoints(),
            storage: memoryStorage())
        XCTAssertEqual(fromFile.fingerprint(), client.fingerprint())
        XCTAssertThrowsError(try AuthClient.fromFile(directory.appendingPathComponent("missing.json"))) {
            guard case AuthError.Configuration(let reason) = $0 else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.contains("missing.json"), reason)
        }
    }
}

/// Polls `condition` until it holds or `seconds` pass, in the caller's isolation.
func eventually(
    _ seconds: Double = 10, isolation: isolated (any Actor)? = #isolation, _ condition: () async -> Bool
) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return await condition()
}
