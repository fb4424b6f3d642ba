// An app that imports Amplify and CognitoAuth in one file: the bare names `AuthError`,
// `AuthSession`, `AuthUser`, `AuthDevice` and `AuthFlowType` are ambiguous there, and
// `CognitoAuth.<Name>` is ours. That this file compiles is most of the test.

import AmplifyStandIn
import CognitoAuth
import Foundation
import XCTest

final class AmplifyNamesTests: XCTestCase {
    func testModuleQualifiedNamesResolveBesideAmplifys() {
        let ours: CognitoAuth.AuthError = .SignedOut(reason: "no user is signed in")
        let theirs: AmplifyStandIn.AuthError = .service("x")
        XCTAssertEqual(ours.kind(), "SignedOut")
        XCTAssertFalse(String(describing: theirs).isEmpty)

        let user = CognitoAuth.AuthUser(userId: "sub", username: "bob")
        let device = CognitoAuth.AuthDevice(id: "d", name: nil, attributes: [:], createdAt: nil, lastAuthenticatedAt: nil)
        let flow: CognitoAuth.AuthFlowType = .userSrp
        let state: CognitoAuth.UserState = .signedOut
        XCTAssertEqual(user.username, "bob")
        XCTAssertEqual(device.id, "d")
        XCTAssertEqual(flow, .userSrp)
        XCTAssertEqual(state, .signedOut)

        // A function an app would write against both libraries.
        func signedIn(_ session: CognitoAuth.AuthSession) -> Bool { session.isSignedIn }
        func signedIn(_ session: any AmplifyStandIn.AuthSession) -> Bool { session.isSignedIn }
        XCTAssertTrue(signedIn(CognitoAuth.AuthSession(
            isSignedIn: true, userSub: .value(value: "sub"), tokens: .failure(error: ours),
            identityId: .failure(error: ours), awsCredentials: .failure(error: ours), refreshError: nil)))
        XCTAssertTrue(CognitoAuth.AuthClient.self == AuthClient.self)
    }
}
