// The Authenticator's opt-in contact verification through the SwiftUI view model, on Linux,
// against cognito-local (a pool that verifies email by code; it checks the code it sends):
// the contact offered as a choice, a wrong code under the field, the real one, signed in
// with `email_verified` set.

import CognitoAuth
import Foundation
import XCTest

final class AuthenticatorVerifyContactTests: XCTestCase {
    #if canImport(Observation)
    func testAnUnverifiedEmailIsOfferedAsAChoiceAndVerifiedWithItsCode() async throws {
        guard #available(iOS 17, macOS 14, tvOS 17, watchOS 10, *) else { throw XCTSkip("needs Observation") }
        try await Self.verify(try CognitoLocalVerifying.client())
    }

    @available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
    @MainActor
    private static func verify(_ client: AuthClient) async throws {
        let user = try await CognitoLocalVerifying.signedUpUser(client)
        let options = AuthenticatorOptions(strings: [:], totpIssuer: nil, hideSignUp: false, verifyContact: true)
        let model = AuthenticatorModel(client: client, options: options)
        await model.start()
        model.values["username"] = user
        model.values["password"] = goodPassword
        await model.submit()
        guard case .verifyContact(let unverified) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        XCTAssertEqual(unverified, [.email])
        XCTAssertEqual(model.choices.map(\.label), ["Verify my email address"])
        XCTAssertEqual(model.otherActions.map(\.label), ["Skip for now"])

        await model.perform(model.choices[0].action)
        guard case .confirmVerifyContact(contact: .email, _) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        let code = try XCTUnwrap(try CognitoLocalVerifying.attributeCode(for: user), "cognito-local sent no code")
        model.values["code"] = code == "000000" ? "111111" : "000000"
        await model.submit()
        XCTAssertEqual(
            model.screen?.fields.first { $0.name == "code" }?.error,
            "That code is not right. Check it and try again.")
        let before = try await client.fetchUserAttributes()
        XCTAssertNotEqual(before["email_verified"], "true")

        model.values["code"] = code
        await model.submit()
        guard case .signedIn(let username) = model.screen?.step else {
            return XCTFail("\(String(describing: model.screen))")
        }
        XCTAssertEqual(username, user)
        let after = try await client.fetchUserAttributes()
        XCTAssertEqual(after["email_verified"], "true")
    }
    #endif
}
