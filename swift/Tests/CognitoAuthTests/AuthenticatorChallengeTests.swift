// The Authenticator's challenge screens through the SwiftUI view model on Linux, as a view
// would drive them (type into `values`, press buttons), against OUR TEST SERVER
// (tests/srp/cognito_test_server.py, `TestServer` in Support/Peers.swift): it checks SRP
// proofs and codes and serves what moto lacks — SMS codes, MFA selection, MFA set-up by email
// and by authenticator app, a new password with a required attribute, USER_AUTH first
// factors. What is asserted is what a renderer relies on: the step, the field names and
// kinds, the texts under fields, the buttons' labels and their split into choices and other
// buttons, the TOTP key and URI, and that a refused form sends nothing (the server's log).

import CognitoAuth
import Foundation
import XCTest

final class AuthenticatorChallengeTests: XCTestCase {
    #if canImport(Observation)
    static let wrongCode = "That code is not right. Check it and try again."

    func testAnSmsCodeWrongThenRight() async throws {
        guard #available(iOS 17, macOS 14, tvOS 17, watchOS 10, *) else { throw XCTSkip("needs Observation") }
        try await Self.smsCodeWrongThenRight()
    }

    @available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
    @MainActor
    private static func smsCodeWrongThenRight() async throws {
        let user = uniqueUser("sms")
        try await TestServer.addUser(["username": user, "password": goodPassword, "mfa": "SMS_MFA", "mfa_code": "111222"])
        let client = try TestServer.client()
        let model = AuthenticatorModel(client: client)
        await model.start()
        await model.signIn(user, goodPassword)
        guard case .confirmSignInWithCode(.sms, let delivery) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        XCTAssertEqual(delivery?.destination, "+*******1234")
        XCTAssertEqual(model.screen?.title, "Enter your code")
        XCTAssertEqual(model.screen?.message, "We sent a code to +*******1234.")
        XCTAssertEqual(model.fieldNames, ["code"])
        XCTAssertEqual(model.screen?.fields.first?.kind, .code)
        XCTAssertEqual(model.actionLabels, ["Confirm", "Back to sign in"])
        XCTAssertEqual(model.choices, [], "no choice on a code screen")
        XCTAssertEqual(model.otherActions, model.screen?.actions)
        XCTAssertNil(model.totpSetup)

        // Not six digits: refused here, nothing sent.
        let sent = try await TestServer.operations().count
        model.values["code"] = "1112"
        await model.submit()
        XCTAssertEqual(model.error(on: "code"), "The code is 6 digits.")
        let sentAfter = try await TestServer.operations().count
        XCTAssertEqual(sentAfter, sent, "a refused form sends nothing")

        // Six digits but not the code: the server refuses it, the error is under the field,
        // and the same challenge goes on.
        model.values["code"] = "111223"
        await model.submit()
        guard case .confirmSignInWithCode(.sms, _) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        XCTAssertEqual(model.error(on: "code"), wrongCode)
        XCTAssertNil(model.screen?.banner)
        XCTAssertEqual(model.values["code"], "", "a code is not handed back")
        let state = try await client.userState()
        XCTAssertEqual(state, .signedOut)

        model.values["code"] = "111222"
        await model.submit()
        guard case .signedIn(user) = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        XCTAssertEqual(model.screen?.message, "You are signed in as \(user).")
        let me = try await client.getCurrentUser().username
        XCTAssertEqual(me, user)
        let answers = try await TestServer.operations().suffix(2).map(\.description)
        XCTAssertEqual(answers, ["RespondToAuthChallenge(SMS_MFA)", "RespondToAuthChallenge(SMS_MFA)"])
    }

    func testMfaSelectionBySms() async throws {
        guard #available(iOS 17, macOS 14, tvOS 17, watchOS 10, *) else { throw XCTSkip("needs Observation") }
        try await Self.mfaSelection()
    }

    @available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
    @MainActor
    private static func mfaSelection() async throws {
        let user = uniqueUser("sel")
        try await TestServer.addUser(["username": user, "password": goodPassword, "mfa": "SELECT", "mfa_code": "424242"])
        let model = AuthenticatorModel(client: try TestServer.client())
        await model.start()
        await model.signIn(user, goodPassword)
        guard case .selectMfaType(let allowed) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        XCTAssertEqual(allowed, [.sms, .totp])
        XCTAssertEqual(model.screen?.title, "Choose how to verify it is you")
        XCTAssertEqual(model.fieldNames, [])
        XCTAssertEqual(model.choices.map(\.label), ["Text message (SMS)", "Authenticator app"])
        XCTAssertEqual(model.choices.map(\.action), [.selectMfaType(mfaType: .sms), .selectMfaType(mfaType: .totp)])
        XCTAssertEqual(model.otherActions.map(\.action), [.backToSignIn])
        XCTAssertEqual(model.otherActions.map(\.label), ["Back to sign in"])

        await model.perform(.selectMfaType(mfaType: .sms))
        guard case .confirmSignInWithCode(.sms, _) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        let lastOperation = try await TestServer.operations().last?.description
        XCTAssertEqual(lastOperation, "RespondToAuthChallenge(SELECT_MFA_TYPE)")
        XCTAssertEqual(model.choices, [])
        model.values["code"] = "424242"
        await model.submit()
        guard case .signedIn(user) = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
    }

    func testEmailMfaSetUpRefusesABadAddressThenSignsIn() async throws {
        guard #available(iOS 17, macOS 14, tvOS 17, watchOS 10, *) else { throw XCTSkip("needs Observation") }
        try await Self.emailSetup()
    }

    @available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
    @MainActor
    private static func emailSetup() async throws {
        let user = uniqueUser("setupmail")
        try await TestServer.addUser(["username": user, "password": goodPassword, "mfa": "SETUP", "mfa_code": "135790"])
        let model = AuthenticatorModel(client: try TestServer.client())
        await model.start()
        await model.signIn(user, goodPassword)
        guard case .selectMfaSetup(let allowed) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        XCTAssertEqual(allowed, [.totp, .email], "SMS cannot be set up from sign-in")
        XCTAssertEqual(model.screen?.title, "Set up two-step verification")
        XCTAssertEqual(model.choices.map(\.label), ["Authenticator app", "Email"])
        XCTAssertEqual(model.otherActions.map(\.label), ["Back to sign in"])

        await model.perform(.selectMfaType(mfaType: .email))
        guard case .setupEmailMfa = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        XCTAssertEqual(model.screen?.title, "Add an email address for codes")
        XCTAssertEqual(model.fieldNames, ["email"])
        XCTAssertEqual(model.screen?.fields.first?.kind, .email)
        XCTAssertEqual(model.actionLabels, ["Continue", "Back to sign in"])

        let sent = try await TestServer.operations().count
        model.values["email"] = "\(user)-at-example"
        await model.submit()
        guard case .setupEmailMfa = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        XCTAssertEqual(model.error(on: "email"), "Enter an email address such as name@example.com.")
        XCTAssertEqual(model.values["email"], "\(user)-at-example", "what was typed is kept to correct")
        let sentAfter = try await TestServer.operations().count
        XCTAssertEqual(sentAfter, sent, "a refused address sends nothing")

        model.values["email"] = "\(user)@example.com"
        await model.submit()
        guard case .confirmSignInWithCode(.email, _) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        XCTAssertEqual(model.screen?.message, "We sent a code to a***@e***.com.")
        let lastOperation = try await TestServer.operations().last?.description
        XCTAssertEqual(lastOperation, "RespondToAuthChallenge(MFA_SETUP)")
        model.values["code"] = "135790"
        await model.submit()
        guard case .signedIn(user) = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
    }

    func testTotpSetUpShowsTheKeyAndUriThenSignsInWithAComputedCode() async throws {
        guard #available(iOS 17, macOS 14, tvOS 17, watchOS 10, *) else { throw XCTSkip("needs Observation") }
        try await Self.totpSetup()
    }

    @available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
    @MainActor
    private static func totpSetup() async throws {
        let user = uniqueUser("setuptotp")
        let key = "JBSWY3DPEHPK3PXP"
        try await TestServer.addUser([
            "username": user, "password": goodPassword, "mfa": "SETUP", "mfa_code": "135790", "setup_totp_secret": key,
        ])
        let client = try TestServer.client()
        let options = AuthenticatorOptions(strings: [:], totpIssuer: "My App", hideSignUp: false)
        let model = AuthenticatorModel(client: client, options: options)
        await model.start()
        await model.signIn(user, goodPassword)
        await model.perform(.selectMfaType(mfaType: .totp))
        guard case .setupTotp(let sharedSecret, let setupUri) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        XCTAssertEqual(sharedSecret, key)
        XCTAssertEqual(setupUri, "otpauth://totp/My%20App:\(user)?secret=\(key)&issuer=My%20App")
        XCTAssertEqual(model.totpSetup?.sharedSecret, key)
        XCTAssertEqual(model.totpSetup?.setupUri, setupUri)
        // What an authenticator app reads from the QR code.
        let uri = try XCTUnwrap(URLComponents(string: setupUri))
        XCTAssertEqual(uri.scheme, "otpauth")
        XCTAssertEqual(uri.host, "totp")
        XCTAssertEqual(uri.path, "/My App:\(user)")
        XCTAssertEqual(uri.queryItems, [URLQueryItem(name: "secret", value: key), URLQueryItem(name: "issuer", value: "My App")])
        XCTAssertEqual(model.screen?.title, "Set up an authenticator app")
        XCTAssertEqual(
            model.screen?.message,
            "Scan the QR code with an authenticator app, or type the key into it, then enter the code it shows.")
        XCTAssertEqual(model.fieldNames, ["code"])
        XCTAssertEqual(model.actionLabels, ["Confirm", "Back to sign in"])
        XCTAssertEqual(model.choices, [])
        // The key is for the screen, not for a log: no way Swift prints the screen shows it.
        let screen = try XCTUnwrap(model.screen)
        var dumped = ""
        dump(screen, to: &dumped)
        for printed in [String(describing: screen), String(reflecting: screen), "\(screen.step)", dumped] {
            XCTAssertFalse(printed.contains(key), printed)
            XCTAssertTrue(printed.contains("setupTotp(sharedSecret: ***, setupUri: ***)"), printed)
        }

        // A code the key does not give now: refused under the field, the set-up goes on.
        let right = try await freshTotp(key)
        model.values["code"] = otherCode(than: right)
        await model.submit()
        XCTAssertEqual(model.error(on: "code"), wrongCode, "\(String(describing: model.screen))")
        XCTAssertEqual(model.totpSetup?.sharedSecret, key, "still on the set-up, key shown")

        model.values["code"] = try await freshTotp(key)
        await model.submit()
        guard case .signedIn(user) = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        XCTAssertNil(model.totpSetup)
        let operations = try await TestServer.operations().map(\.description)
        XCTAssertEqual(
            Array(operations.suffix(4)),
            ["AssociateSoftwareToken", "VerifySoftwareToken", "VerifySoftwareToken", "RespondToAuthChallenge(MFA_SETUP)"])
    }

    func testNewPasswordRequiredWithARequiredEmail() async throws {
        guard #available(iOS 17, macOS 14, tvOS 17, watchOS 10, *) else { throw XCTSkip("needs Observation") }
        try await Self.newPasswordRequired()
    }

    @available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
    @MainActor
    private static func newPasswordRequired() async throws {
        let user = uniqueUser("newpw")
        let temporary = "Temp-Passw0rd"
        let newPassword = "N3w-Password!"
        try await TestServer.addUser([
            "username": user, "password": temporary, "force_change_password": true, "required_attributes": ["email"],
        ])
        let policy: [String: Any] = ["password_policy": [
            "min_length": 10, "require_numbers": true, "require_symbols": true,
            "require_uppercase": true, "require_lowercase": true,
        ]]
        let model = AuthenticatorModel(client: try TestServer.client(extraAuth: policy))
        await model.start()
        await model.signIn(user, temporary)
        guard case .newPasswordRequired = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        XCTAssertEqual(model.screen?.title, "Change your password")
        XCTAssertEqual(model.screen?.message, "Your account needs a new password before you sign in.")
        XCTAssertEqual(model.fieldNames, ["password", "confirm_password", "email"])
        XCTAssertEqual(model.screen?.fields.map(\.kind), [.password, .confirmPassword, .email])
        XCTAssertEqual(model.screen?.fields.first?.label, "New password")
        XCTAssertEqual(
            model.screen?.fields.first?.hint,
            "The password needs at least 10 characters, one digit, one lowercase letter, one uppercase letter and one symbol.")
        XCTAssertEqual(model.actionLabels, ["Change password", "Back to sign in"])

        let sent = try await TestServer.operations().count
        // Too weak, and the required email left empty: each field says why.
        model.values["password"] = "short1"
        model.values["confirm_password"] = "short1"
        await model.submit()
        XCTAssertEqual(
            model.error(on: "password"),
            "The password needs at least 10 characters, one uppercase letter and one symbol.")
        XCTAssertEqual(model.error(on: "email"), "Enter your email address.")
        // The two passwords differ.
        model.values["password"] = newPassword
        model.values["confirm_password"] = "N3w-Password?"
        model.values["email"] = "\(user)@example.com"
        await model.submit()
        guard case .newPasswordRequired = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        XCTAssertEqual(model.error(on: "confirm_password"), "The passwords do not match.")
        XCTAssertNil(model.error(on: "password"))
        XCTAssertNil(model.error(on: "email"))
        XCTAssertEqual(model.values["password"], "", "passwords are not handed back")
        XCTAssertEqual(model.values["email"], "\(user)@example.com")
        let sentAfter = try await TestServer.operations().count
        XCTAssertEqual(sentAfter, sent, "refused forms send nothing")

        model.values["password"] = newPassword
        model.values["confirm_password"] = newPassword
        await model.submit()
        guard case .signedIn(user) = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        let lastOperation = try await TestServer.operations().last?.description
        XCTAssertEqual(
            lastOperation, "RespondToAuthChallenge(NEW_PASSWORD_REQUIRED)")

        // The new password is the password now; the temporary one is not.
        await model.perform(.signOut)
        await model.signIn(user, temporary)
        XCTAssertEqual(model.screen?.banner, "The username or password is not right.")
        await model.signIn(user, newPassword)
        guard case .signedIn(user) = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
    }

    func testUserAuthFirstFactorSelection() async throws {
        guard #available(iOS 17, macOS 14, tvOS 17, watchOS 10, *) else { throw XCTSkip("needs Observation") }
        try await Self.firstFactorSelection()
    }

    @available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
    @MainActor
    private static func firstFactorSelection() async throws {
        let user = uniqueUser("uauth")
        try await TestServer.addUser([
            "username": user, "password": goodPassword, "mfa_code": "777111",
            "first_factors": ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"],
        ])
        let model = AuthenticatorModel(client: try TestServer.client(extraAuth: ["authentication_flow_type": "USER_AUTH"]))
        await model.start()
        guard case .signIn = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        XCTAssertEqual(model.fieldNames, ["username"], "no password asked before the factor")

        model.values["username"] = user
        await model.submit()
        guard case .selectFirstFactor(let available) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        XCTAssertEqual(available, [.passwordSrp, .emailOtp], "one password choice, proven by SRP")
        XCTAssertEqual(model.screen?.title, "Choose how to sign in")
        XCTAssertEqual(model.choices.map(\.label), ["Password", "Code by email"])
        XCTAssertEqual(
            model.choices.map(\.action),
            [.selectFirstFactor(factor: .passwordSrp), .selectFirstFactor(factor: .emailOtp)])
        XCTAssertEqual(model.otherActions.map(\.label), ["Back to sign in"])

        await model.perform(.selectFirstFactor(factor: .passwordSrp))
        guard case .confirmSignInWithPassword = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        XCTAssertEqual(model.screen?.title, "Enter your password")
        XCTAssertEqual(model.fieldNames, ["password"])
        XCTAssertEqual(model.screen?.fields.first?.kind, .password)
        XCTAssertEqual(model.actionLabels, ["Sign in", "Back to sign in"])
        model.values["password"] = goodPassword
        await model.submit()
        guard case .signedIn(user) = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
        let operations = try await TestServer.operations().map(\.description)
        XCTAssertEqual(
            Array(operations.suffix(2)),
            ["RespondToAuthChallenge(SELECT_CHALLENGE)", "RespondToAuthChallenge(PASSWORD_VERIFIER)"],
            "the password was proven by SRP")

        // The other choice: a code by email.
        await model.perform(.signOut)
        model.values["username"] = user
        await model.submit()
        await model.perform(.selectFirstFactor(factor: .emailOtp))
        guard case .confirmSignInWithCode(.email, _) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        model.values["code"] = "777111"
        await model.submit()
        guard case .signedIn(user) = model.screen?.step else { return XCTFail("\(String(describing: model.screen))") }
    }
    #endif
}

/// Six digits, each unlike the one at its place in `code`.
private func otherCode(than code: String) -> String {
    String(code.compactMap(\.wholeNumberValue).map { Character(String(($0 + 1) % 10)) })
}

#if canImport(Observation)
@available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
extension AuthenticatorModel {
    fileprivate var fieldNames: [String] { screen?.fields.map(\.name) ?? [] }
    fileprivate var actionLabels: [String] { screen?.actions.map(\.label) ?? [] }
    fileprivate func error(on name: String) -> String? { screen?.fields.first { $0.name == name }?.error }

    /// Types the user name and password into the sign-in screen and sends them.
    fileprivate func signIn(_ user: String, _ password: String) async {
        values["username"] = user
        values["password"] = password
        await submit()
    }
}
#endif
