// The local peers the suite runs against. `make swift-test` starts them on the host (with
// tests/support's cognito-auth-peer) and names their directory in COGNITO_AUTH_PEERS; each
// kind has a pool.json and the configuration files a real app would ship. Without it (a
// plain `swift test` on a Mac) the peer-backed tests skip, saying why.

import CognitoAuth
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// One peer's pool.json and configuration files.
struct PeerInfo {
    let directory: URL
    let fields: [String: Any]

    static func load(_ kind: String) throws -> PeerInfo {
        guard let root = ProcessInfo.processInfo.environment["COGNITO_AUTH_PEERS"] else {
            throw XCTSkip("no local peers (COGNITO_AUTH_PEERS is unset): run `make swift-test`")
        }
        let directory = URL(fileURLWithPath: root).appendingPathComponent(kind)
        let data = try Data(contentsOf: directory.appendingPathComponent("pool.json"))
        let fields = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return PeerInfo(directory: directory, fields: fields)
    }

    func field(_ name: String) -> String {
        guard let value = fields[name] as? String else {
            fatalError("pool.json of \(directory.path) has no \(name)")
        }
        return value
    }

    /// Text of a configuration file the launcher wrote (`amplify_outputs.json`, …).
    func config(_ name: String = "amplify_outputs.json") throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
}

/// moto (PyPI): user pools and identity pools. It accepts any SRP proof and any code.
enum Moto {
    static func info() throws -> PeerInfo { try PeerInfo.load("moto") }
    static var endpoint: String { get throws { try info().field("endpoint") } }

    /// Endpoint overrides that send user- and identity-pool requests to the peer.
    static func endpoints() throws -> EndpointOverrides {
        let url = try endpoint
        return EndpointOverrides(userPool: url, identityPool: url, oauth: nil)
    }

    /// A client of the peer's pool, configured from its `amplify_outputs.json`.
    static func client(storage: SecureStorage = memoryStorage()) throws -> AuthClient {
        try CognitoAuth.fromAmplifyConfig(
            json: try info().config(), endpoints: try endpoints(), storage: storage)
    }

    /// A confirmed user of the pool, signed up through the bindings.
    static func signedUpUser(_ client: AuthClient, prefix: String = "swift") async throws -> String {
        let user = uniqueUser(prefix)
        _ = try await client.signUp(username: user, password: goodPassword, options: nil)
        _ = try await client.confirmSignUp(username: user, code: "123456", clientMetadata: [:])
        return user
    }

    /// An administrator creates `user` with a temporary password (AdminCreateUser): the
    /// first sign-in then asks for a new password.
    static func adminCreateUser(_ user: String, temporaryPassword: String) async throws {
        let info = try info()
        _ = try await cognitoCall(
            endpoint: info.field("endpoint"), operation: "AdminCreateUser",
            body: [
                "UserPoolId": info.field("user_pool_id"), "Username": user,
                "TemporaryPassword": temporaryPassword, "MessageAction": "SUPPRESS",
            ])
    }
}

/// cognito-local (npm): checks confirmation codes, which it keeps in its database.
enum CognitoLocal {
    static func info() throws -> PeerInfo { try PeerInfo.load("cognito-local") }

    static func client(storage: SecureStorage = memoryStorage()) throws -> AuthClient {
        let info = try info()
        let url = info.field("endpoint")
        return try CognitoAuth.fromAmplifyConfig(
            json: try info.config(),
            endpoints: EndpointOverrides(userPool: url, identityPool: nil, oauth: nil),
            storage: storage)
    }

    /// The code cognito-local sent `user` (sign-up confirmation), from its database.
    static func confirmationCode(for user: String) throws -> String? {
        try record(of: user, in: info())?["ConfirmationCode"] as? String
    }

    /// `user`'s record in the database of the cognito-local peer `info`.
    static func record(of user: String, in info: PeerInfo) throws -> [String: Any]? {
        let db = URL(fileURLWithPath: info.field("data_dir"))
            .appendingPathComponent(".cognito/db/\(info.field("user_pool_id")).json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: db)) as? [String: Any]
        let users = json?["Users"] as? [String: [String: Any]] ?? [:]
        return users.values.first { $0["Username"] as? String == user }
    }
}

/// A second cognito-local whose pool verifies `email` by code (`--auto-verify email`), so it
/// sends attribute-verification codes. It has no SRP: its clients sign in with
/// `USER_PASSWORD_AUTH`.
enum CognitoLocalVerifying {
    static func info() throws -> PeerInfo { try PeerInfo.load("cognito-local-verifying") }

    static func client() throws -> AuthClient {
        let info = try info()
        var outputs = try JSONSerialization.jsonObject(with: Data(info.config().utf8)) as? [String: Any] ?? [:]
        var auth = outputs["auth"] as? [String: Any] ?? [:]
        auth["authentication_flow_type"] = "USER_PASSWORD_AUTH"
        outputs["auth"] = auth
        let json = String(decoding: try JSONSerialization.data(withJSONObject: outputs), as: UTF8.self)
        let url = info.field("endpoint")
        return try CognitoAuth.fromAmplifyConfig(
            json: json, endpoints: EndpointOverrides(userPool: url, identityPool: nil, oauth: nil),
            storage: memoryStorage())
    }

    /// A confirmed user with an unverified email, signed up through `client` (the sign-up
    /// code read from the database).
    static func signedUpUser(_ client: AuthClient) async throws -> String {
        let user = uniqueUser("verify")
        _ = try await client.signUp(
            username: user, password: goodPassword,
            options: SignUpOptions(attributes: ["email": "\(user)@example.com"]))
        let code = try XCTUnwrap(try CognitoLocal.record(of: user, in: info())?["ConfirmationCode"] as? String)
        _ = try await client.confirmSignUp(username: user, code: code, clientMetadata: [:])
        return user
    }

    /// The attribute-verification code sent to `user`.
    static func attributeCode(for user: String) throws -> String? {
        try CognitoLocal.record(of: user, in: info())?["AttributeVerificationCode"] as? String
    }
}

/// The hosted UI: panva's oidc-provider (npm) with Cognito's routes, an app client and one
/// user. The app's redirect is `myapp://callback` (sign-out returns to `myapp://signout`).
enum Oidc {
    static func info() throws -> PeerInfo { try PeerInfo.load("oidc") }
    static var username: String { get throws { try info().field("username") } }
    static var password: String { get throws { try info().field("password") } }
    static let appRedirect = "myapp://callback"

    static func client(storage: SecureStorage = memoryStorage()) throws -> AuthClient {
        let info = try info()
        return try CognitoAuth.fromAmplifyConfig(
            json: try info.config(),
            endpoints: EndpointOverrides(userPool: nil, identityPool: nil, oauth: info.field("endpoint")),
            storage: storage)
    }

    /// Web sign-in options of a phone app: its custom-scheme redirect.
    static func appOptions(preferPrivateSession: Bool = false, loginHint: String? = nil) -> WebUiOptions {
        WebUiOptions(preferPrivateSession: preferPrivateSession, loginHint: loginHint, redirectUri: appRedirect)
    }

    static func login() throws -> Login { .signIn(username: try username, password: try password) }
}

/// OUR TEST SERVER, not an independent peer: tests/srp/cognito_test_server.py, a small
/// imitation of a Cognito user pool written for this project (started by `cognito-auth-peer
/// test-server`). It verifies SRP proofs (a wrong password is really refused) and checks MFA
/// and TOTP codes, and it serves the challenges moto lacks: SMS, email and TOTP codes, MFA
/// selection and set-up (TOTP, email), NEW_PASSWORD_REQUIRED, USER_AUTH first factors. A test
/// against it proves the client follows the protocol as that server implements it, nothing
/// more. One server serves the whole suite: tests add users with names of their own
/// (`uniqueUser`).
enum TestServer {
    static func info() throws -> PeerInfo { try PeerInfo.load("test-server") }
    static var endpoint: String { get throws { try info().field("endpoint") } }

    /// A client of its pool, configured from its `amplify_outputs.json` with `extraAuth` merged
    /// into the `auth` section (`password_policy`, `authentication_flow_type`, …).
    static func client(extraAuth: [String: Any] = [:], storage: SecureStorage = memoryStorage()) throws -> AuthClient {
        let info = try info()
        let text = try info.config()
        var outputs = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        var auth = outputs["auth"] as? [String: Any] ?? [:]
        auth.merge(extraAuth) { _, extra in extra }
        outputs["auth"] = auth
        let json = String(decoding: try JSONSerialization.data(withJSONObject: outputs), as: UTF8.self)
        return try CognitoAuth.fromAmplifyConfig(
            json: json,
            endpoints: EndpointOverrides(userPool: info.field("endpoint"), identityPool: nil, oauth: nil),
            storage: storage)
    }

    /// Creates a confirmed user (`POST /_test/users`). `spec` has `username` and `password`,
    /// and optionally `mfa` (`SMS_MFA`, `EMAIL_OTP`, `SOFTWARE_TOKEN_MFA`, `SELECT`, `SETUP`)
    /// with `mfa_code` (the code every SMS or email "sends"), `totp_secret`,
    /// `setup_totp_secret` (the key TOTP set-up hands out), `force_change_password` with
    /// `required_attributes`, `first_factors` (USER_AUTH), `attributes`.
    static func addUser(_ spec: [String: Any]) async throws {
        var request = URLRequest(url: URL(string: try endpoint + "/_test/users")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: spec)
        let (data, response) = try await HttpClient().send(request)
        guard response.statusCode == 200 else {
            throw PeerError("add user: HTTP \(response.statusCode): \(String(decoding: data, as: UTF8.self))")
        }
    }

    /// One Cognito operation the server received.
    struct Operation: Sendable, Equatable, CustomStringConvertible {
        /// `InitiateAuth`, `RespondToAuthChallenge`, `VerifySoftwareToken`, …
        let name: String
        /// The challenge answered (`SMS_MFA`, `PASSWORD_VERIFIER`, …), if any.
        let challenge: String?

        var description: String { challenge.map { "\(name)(\($0))" } ?? name }
    }

    /// Every operation received since the server started (`GET /_test/log`), in order.
    static func operations() async throws -> [Operation] {
        let (data, response) = try await HttpClient().send(URLRequest(url: URL(string: try endpoint + "/_test/log")!))
        guard response.statusCode == 200,
              let entries = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { throw PeerError("the test server's log: HTTP \(response.statusCode)") }
        return entries.map { Operation(name: $0["op"] as? String ?? "", challenge: $0["ChallengeName"] as? String) }
    }
}

/// A password that meets the test pools' policy.
let goodPassword = "Corr3ct-Horse!"

private let userCounter = Locked(0)

/// A user name no other test (or run) uses.
func uniqueUser(_ prefix: String) -> String {
    "\(prefix)\(ProcessInfo.processInfo.processIdentifier)x\(userCounter.withValue { $0 += 1; return $0 })x\(UInt64(Date().timeIntervalSince1970 * 1000))"
}

/// One Cognito JSON 1.1 call, unsigned (moto does not check signatures unless asked to).
func cognitoCall(endpoint: String, operation: String, body: [String: Any]) async throws -> [String: Any] {
    var request = URLRequest(url: URL(string: endpoint)!)
    request.httpMethod = "POST"
    request.setValue("application/x-amz-json-1.1", forHTTPHeaderField: "Content-Type")
    request.setValue("AWSCognitoIdentityProviderService.\(operation)", forHTTPHeaderField: "X-Amz-Target")
    request.httpBody = try JSONSerialization.data(withJSONObject: body)
    let (data, response) = try await HttpClient().send(request)
    guard response.statusCode == 200 else {
        throw PeerError("\(operation): HTTP \(response.statusCode): \(String(decoding: data, as: UTF8.self))")
    }
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
}

struct PeerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
