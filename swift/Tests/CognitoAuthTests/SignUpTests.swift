// Sign-up through the Swift API, and the typed errors an app sees: against moto (call shapes,
// exception names; it accepts any code) and cognito-local (which checks the code it sent).

import CognitoAuth
import Foundation
import XCTest

final class SignUpTests: XCTestCase {
    func testSignUpReturnsTheConfirmationStepAndADuplicateIsUsernameExists() async throws {
        let client = try Moto.client()
        let user = uniqueUser("signup")
        let result = try await client.signUp(
            username: user, password: goodPassword,
            options: SignUpOptions(attributes: ["email": "\(user)@example.com"]))
        XCTAssertFalse(result.userId?.isEmpty ?? true)
        guard case .confirmSignUp = result.nextStep else { return XCTFail("\(result.nextStep)") }

        do {
            _ = try await client.signUp(username: user, password: goodPassword)
            XCTFail("signed up twice")
        } catch let error as AuthError {
            guard case .UsernameExists = error else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind(), "UsernameExists")
            XCTAssertTrue(error.description.hasPrefix("username exists: "), error.description)
        }
        let confirmed = try await client.confirmSignUp(username: user, code: "123456")
        XCTAssertEqual(confirmed.nextStep, .done)
    }

    func testAWeakPasswordIsInvalidPassword() async throws {
        let client = try Moto.client()
        do {
            _ = try await client.signUp(username: uniqueUser("weak"), password: "short")
            XCTFail("a weak password was accepted")
        } catch AuthError.InvalidPassword(let reason) {
            XCTAssertFalse(reason.isEmpty)
        }
    }

    func testConfirmationCodesAreReallyChecked() async throws {
        let client = try CognitoLocal.client()
        let user = uniqueUser("code")
        let result = try await client.signUp(username: user, password: goodPassword)
        guard case .confirmSignUp = result.nextStep else { return XCTFail("\(result.nextStep)") }
        let code = try XCTUnwrap(try CognitoLocal.confirmationCode(for: user), "cognito-local sent no code")
        let wrong = code == "000000" ? "111111" : "000000"
        do {
            _ = try await client.confirmSignUp(username: user, code: wrong)
            XCTFail("a wrong code was accepted")
        } catch AuthError.CodeMismatch {}
        let confirmed = try await client.confirmSignUp(username: user, code: code)
        XCTAssertEqual(confirmed.nextStep, .done)
        let signedIn = try await client.signIn(
            username: user, password: goodPassword, options: SignInOptions(flow: .userPassword))
        XCTAssertTrue(signedIn.isSignedIn)
    }

    func testTheGen1FileAndTheGen2FileReachTheSamePool() async throws {
        let gen1 = try CognitoAuth.fromAmplifyConfig(
            json: try Moto.info().config("amplifyconfiguration.json"), endpoints: try Moto.endpoints(),
            storage: memoryStorage())
        let gen2 = try Moto.client()
        XCTAssertEqual(gen1.fingerprint(), gen2.fingerprint())
        let result = try await gen1.signUp(username: uniqueUser("gen1"), password: goodPassword)
        guard case .confirmSignUp = result.nextStep else { return XCTFail("\(result.nextStep)") }
    }

    func testABrokenConfigurationIsAConfigurationErrorNamingTheKey() throws {
        XCTAssertThrowsError(try CognitoAuth.fromAmplifyConfig(json: "{not json", storage: memoryStorage())) {
            guard case AuthError.Configuration(let reason) = $0 else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.contains("not valid JSON"), reason)
        }
        let badPool = """
            {"version":"1.3","auth":{"aws_region":"us-east-1","user_pool_id":"nounderscore","user_pool_client_id":"c"}}
            """
        XCTAssertThrowsError(try CognitoAuth.fromAmplifyConfig(json: badPool, storage: memoryStorage())) {
            guard case AuthError.Configuration(let reason) = $0 else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.contains("auth.user_pool_id"), reason)
            // What a person reads: the sentence itself, not a dump of the enum case.
            XCTAssertEqual($0.localizedDescription, reason)
        }
        let config = AuthConfig(userPool: UserPoolConfig(
            poolId: "us-east-1_x", clientId: "c", region: "us-east-1", endpoint: "ftp://127.0.0.1/"))
        XCTAssertThrowsError(try CognitoAuth.create(config: config, storage: memoryStorage())) {
            guard case AuthError.Configuration(let reason) = $0 else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.contains("user pool endpoint"), reason)
        }
    }
}
