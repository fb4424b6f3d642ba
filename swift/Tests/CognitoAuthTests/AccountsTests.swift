// Several accounts of one configuration through the Swift API against moto: three users
// signed in side by side, the client's events and state following a switch, one account
// signed out through a client of its own, and the active account restored by a new client
// on the same store (a restart).

import CognitoAuth
import Foundation
import XCTest

final class AccountsTests: XCTestCase {
    func testThreeAccountsSideBySideSwitchSignOutOneAndRestart() async throws {
        let store = RecordingStorage()
        let first = try Moto.client(storage: store)
        var users: [String] = []
        for account in [nil, "work", "home"] as [String?] {
            if let account { try await first.switchAccount(name: account, create: true) }
            let user = try await Moto.signedUpUser(first, prefix: "acct")
            _ = try await first.signIn(username: user, password: goodPassword)
            users.append(user)
        }
        let listed = try await first.accounts()
        XCTAssertEqual(listed.map(\.name), ["default", "work", "home"])
        XCTAssertEqual(listed.map(\.username), users)
        XCTAssertEqual(listed.map(\.active), [false, false, true])

        // A switch moves the client, its events and its state to the other account.
        let events = try first.events()
        try await first.switchAccount(name: "work")
        let event = try await events.next()
        XCTAssertEqual(event, .activeAccountChanged)
        let me = try await first.getCurrentUser()
        XCTAssertEqual(me.username, users[1])

        // "home" is signed out through a client of its own; the others stay signed in.
        let home = try first.forAccount(name: "home")
        _ = await home.signOut()
        let states = try await first.accounts().map(\.state)
        XCTAssertEqual(states, [.signedIn, .signedIn, .guest])
        do {
            try await home.switchAccount(name: "default")
            XCTFail("a client of one account cannot switch")
        } catch AuthError.InvalidState {}

        // A restart: a new client on the same store (an app's store: no session shared with
        // the first client) comes back on "work".
        let next = try Moto.client(storage: store)
        let active = try await next.accounts().filter(\.active).map(\.name)
        XCTAssertEqual(active, ["work"])
        let again = try await next.getCurrentUser()
        XCTAssertEqual(again.username, users[1])
        do {
            try await next.switchAccount(name: "nobody")
            XCTFail("no such account")
        } catch AuthError.InvalidParameter(let reason) {
            XCTAssertTrue(reason.contains("no account named"), reason)
        }
    }
}
