// The session through the Swift API against moto (user and identity pools): restoring it
// from an app's own store without the network, a refresh shared by 50 tasks, federation,
// sign-out (local and global, checked against the server), and the events and user states
// an app's UI binds to.

import CognitoAuth
import Foundation
import XCTest

final class SessionTests: XCTestCase {
    /// A client of the moto pool whose requests can go nowhere: port 9 refuses connections.
    private func offlineClient(storage: SecureStorage) throws -> AuthClient {
        let dead = "http://127.0.0.1:9"
        return try CognitoAuth.fromAmplifyConfig(
            json: try Moto.info().config(),
            endpoints: EndpointOverrides(userPool: dead, identityPool: dead, oauth: nil),
            storage: storage)
    }

    private func namespace(_ client: AuthClient) -> String { "cognito-auth.\(client.fingerprint())" }

    func testASecondClientRestoresTheSessionFromASwiftStoreWithoutTheNetwork() async throws {
        let store = RecordingStorage()
        let first = try Moto.client(storage: store)
        let user = try await Moto.signedUpUser(first, prefix: "restore")
        _ = try await first.signIn(username: user, password: goodPassword)
        let original = await first.fetchAuthSession()
        let stored = try XCTUnwrap(store.item(namespace(first), "session"), "\(store.items.keys)")
        XCTAssertFalse(String(decoding: stored, as: UTF8.self).contains(goodPassword), "no password stored")

        // The app starts again with the same store and no network: everything comes back,
        // and the store is only read.
        let writesBefore = store.calls.filter { !$0.hasPrefix("get ") }.count
        let second = try offlineClient(storage: store)
        let state = try await second.userState()
        XCTAssertEqual(state, .signedIn)
        let me = try await second.getCurrentUser()
        XCTAssertEqual(me.username, user)
        let restored = await second.fetchAuthSession()
        XCTAssertTrue(restored.isSignedIn)
        XCTAssertEqual(try restored.tokens.get().accessToken(), try original.tokens.get().accessToken())
        XCTAssertEqual(try restored.identityId.get(), try original.identityId.get())
        XCTAssertEqual(
            try restored.awsCredentials.get().accessKeyId(), try original.awsCredentials.get().accessKeyId())
        let writesAfter = store.calls.filter { !$0.hasPrefix("get ") }
        XCTAssertEqual(writesAfter.count, writesBefore, "the restore wrote: \(writesAfter.suffix(3))")
    }

    func testFiftyConcurrentFetchesWithExpiredTokensShareOneRefresh() async throws {
        let store = RecordingStorage()
        let first = try Moto.client(storage: store)
        let user = try await Moto.signedUpUser(first, prefix: "storm")
        _ = try await first.signIn(username: user, password: goodPassword)
        let old = try await first.fetchAuthSession().tokens.get().accessToken()

        // Age the stored tokens, as the clock would: they expired ten seconds ago.
        let ns = namespace(first)
        var record = try XCTUnwrap(
            JSONSerialization.jsonObject(with: XCTUnwrap(store.item(ns, "session"))) as? [String: Any])
        var pool = try XCTUnwrap(record["user_pool"] as? [String: Any])
        var tokens = try XCTUnwrap(pool["tokens"] as? [String: Any])
        XCTAssertNotNil(tokens["expires_at"], "\(tokens.keys)")
        tokens["expires_at"] = Int(Date().timeIntervalSince1970) - 10
        pool["tokens"] = tokens
        record["user_pool"] = pool
        store.put(ns, "session", try JSONSerialization.data(withJSONObject: record))

        let client = try Moto.client(storage: store)
        let events = Collector(client.authEvents())
        let accessTokens = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<50 {
                group.addTask { try? await client.fetchAuthSession().tokens.get().accessToken() }
            }
            var all: [String?] = []
            for await token in group { all.append(token) }
            return all
        }
        XCTAssertEqual(accessTokens.count, 50)
        XCTAssertTrue(accessTokens.allSatisfy { $0 != nil }, "every caller got tokens")
        XCTAssertEqual(Set(accessTokens.compactMap { $0 }).count, 1, "one refresh served everyone")
        XCTAssertNotEqual(accessTokens.first!, old, "refreshed")
        // One refresh, so one event; a second one would arrive within this wait.
        let seen = await events.wait(for: 2, seconds: 1)
        XCTAssertEqual(seen, [.tokensRefreshed])
        events.stop()
    }

    func testFederationWithSocialAndDeveloperIdentitiesAndClearingIt() async throws {
        let client = try Moto.client()
        let google = try await client.federateToIdentityPool(providerToken: "google-id-token", provider: .google)
        let federatedSession = await client.fetchAuthSession()
        XCTAssertEqual(try federatedSession.identityId.get(), google.identityId)
        XCTAssertFalse(google.credentials.accessKeyId().isEmpty)
        let state = try await client.userState()
        XCTAssertEqual(state, .signedIn)
        do {
            _ = try await client.getCurrentUser()
            XCTFail("a federated session has no user-pool user")
        } catch AuthError.InvalidState {}
        do {
            _ = try await client.signIn(username: "someone", password: goodPassword)
            XCTFail("signed in while federated")
        } catch AuthError.InvalidState {}
        try await client.clearFederationToIdentityPool()
        let cleared = try await client.userState()
        XCTAssertEqual(cleared, .guest)

        // A developer-provided identity id skips GetId.
        let developer = try await client.federateToIdentityPool(
            providerToken: "developer-token", provider: .custom(loginKey: "cognito-identity.amazonaws.com"),
            developerIdentityId: google.identityId)
        XCTAssertEqual(developer.identityId, google.identityId)
        do {
            _ = try await client.federateToIdentityPool(providerToken: "", provider: .google)
            XCTFail("an empty provider token was accepted")
        } catch AuthError.InvalidParameter {}
        try await client.clearFederationToIdentityPool()
        do {
            try await client.clearFederationToIdentityPool()
            XCTFail("cleared a federation that was not there")
        } catch AuthError.InvalidState {}
    }

    func testLocalSignOutKeepsTheServerSessionAndGlobalSignOutEndsIt() async throws {
        let endpoint = try Moto.endpoint
        func serverAccepts(_ accessToken: String) async throws -> Bool {
            do {
                _ = try await cognitoCall(endpoint: endpoint, operation: "GetUser", body: ["AccessToken": accessToken])
                return true
            } catch let error as PeerError where error.description.contains("NotAuthorized") {
                return false
            }
        }
        let client = try Moto.client()
        let user = try await Moto.signedUpUser(client, prefix: "signout")

        _ = try await client.signIn(username: user, password: goodPassword)
        let local = try await client.getTokens().accessToken()
        // moto answers RevokeToken with HTTP 500: signed out here, the failure reported.
        let localResult = await client.signOut()
        XCTAssertFalse(localResult.isComplete, "\(localResult)")
        XCTAssertTrue(localResult.isSignedOutLocally)
        XCTAssertNotNil(localResult.revokeTokenError, "\(localResult)")
        XCTAssertNil(localResult.globalSignOutError)
        let after = await client.fetchAuthSession()
        XCTAssertFalse(after.isSignedIn)
        XCTAssertThrowsError(try after.tokens.get()) {
            guard case AuthError.SignedOut = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertNotNil(after.identityId.getOrNil(), "a guest identity")
        let localStillValid = try await serverAccepts(local)
        XCTAssertTrue(localStillValid, "a local sign-out does not end the server's session")

        _ = try await client.signIn(username: user, password: goodPassword)
        let global = try await client.getTokens().accessToken()
        let globalResult = await client.signOut(global: true)
        XCTAssertNil(globalResult.globalSignOutError, "\(globalResult)")
        let globalStillValid = try await serverAccepts(global)
        XCTAssertFalse(globalStillValid, "a global sign-out ends every session of the user")
        let state = try await client.userState()
        XCTAssertEqual(state, .guest)
    }

    func testAPartialSignOutKeepsWhatARetryNeedsAndTheRetryFinishesIt() async throws {
        let endpoint = try Moto.endpoint
        let store = RecordingStorage()
        let online = try Moto.client(storage: store)
        let user = try await Moto.signedUpUser(online, prefix: "partial")
        _ = try await online.signIn(username: user, password: goodPassword)
        let accessToken = try await online.getTokens().accessToken()

        // The same session, offline: signed out here, GlobalSignOut and RevokeToken failed.
        let offline = try offlineClient(storage: store)
        let result = await offline.signOut(global: true)
        XCTAssertTrue(result.isSignedOutLocally, "\(result)")
        XCTAssertFalse(result.isComplete)
        XCTAssertEqual(result.globalSignOutError?.kind(), "Network", "\(result)")
        XCTAssertEqual(try XCTUnwrap(result.accessToken).value(), accessToken)
        XCTAssertNil(result.failure)
        let printedResult = String(describing: result)
        XCTAssertTrue(printedResult.hasPrefix("partial("), printedResult)
        XCTAssertTrue(printedResult.contains("globalSignOutError: Network: "), printedResult)
        XCTAssertTrue(printedResult.contains("accessToken: ***"), printedResult)
        for text in [printedResult, String(reflecting: result), String(describing: result.accessToken!)] {
            XCTAssertFalse(text.contains(accessToken), text)
        }
        let state = try await offline.userState()
        XCTAssertEqual(state, .guest)
        let accepted = try await cognitoCall(endpoint: endpoint, operation: "GetUser", body: ["AccessToken": accessToken])
        XCTAssertNotNil(accepted["Username"], "still valid at the server")

        // Online again: the retry signs the user out everywhere with the kept token.
        let retried = await online.retrySignOut(result)
        XCTAssertNil(retried.globalSignOutError, "\(retried)")
        XCTAssertNil(retried.accessToken)
        do {
            _ = try await cognitoCall(endpoint: endpoint, operation: "GetUser", body: ["AccessToken": accessToken])
            XCTFail("the server still accepts the access token")
        } catch let error as PeerError where error.description.contains("NotAuthorized") {}
        // moto answers RevokeToken with HTTP 500: that part stays partial, token kept.
        if let refreshToken = result.refreshToken {
            XCTAssertNotNil(retried.revokeTokenError, "\(retried)")
            XCTAssertEqual(retried.refreshToken?.value(), refreshToken.value())
        }
        let again = await online.retrySignOut(.complete)
        XCTAssertTrue(again.isComplete)
    }

    func testEventsAndUserStatesArriveInOrder() async throws {
        let client = try Moto.client()
        // Subscribed before anything happens.
        let events = Collector(client.authEvents())
        let states = Collector(client.userStates())
        /// States are the latest value (a view shows only that), so a change that is undone
        /// before it is read may be skipped: each step waits until its state is shown.
        func shows(_ state: UserState) async -> Bool {
            await states.waitUntil { $0.last == state }.last == state
        }
        let initiallyGuest = await shows(.guest)
        XCTAssertTrue(initiallyGuest)
        let user = try await Moto.signedUpUser(client, prefix: "events")
        _ = try await client.signIn(username: user, password: goodPassword)
        let signedIn = await shows(.signedIn)
        XCTAssertTrue(signedIn)
        _ = await client.fetchAuthSession(forceRefresh: true)
        _ = await client.signOut()
        let signedOut = await shows(.guest)
        XCTAssertTrue(signedOut)
        _ = try await client.federateToIdentityPool(providerToken: "google-id-token", provider: .google)
        let federated = await shows(.signedIn)
        XCTAssertTrue(federated)
        try await client.clearFederationToIdentityPool()

        let expected: [AuthEvent] = [.signedIn, .tokensRefreshed, .signedOut, .federated, .federationCleared]
        let seenEvents = await events.wait(for: expected.count)
        XCTAssertEqual(seenEvents, expected)
        // Guest before, signed in, guest after the sign-out, signed in while federated, guest;
        // a refresh changes no state, and no state is repeated.
        let seenStates = await states.wait(for: 5)
        XCTAssertEqual(seenStates, [.guest, .signedIn, .guest, .signedIn, .guest])
        events.stop()
        states.stop()
    }

    func testTheStreamsFinishWhenTheClientIsReleased() async throws {
        var client: AuthClient? = try Moto.client()
        let events = Collector(client!.authEvents())
        let states = Collector(client!.userStates())
        _ = await states.wait(for: 1)
        client = nil
        let seenEvents = await events.finished()
        XCTAssertEqual(seenEvents, [])
        let seenStates = await states.finished()
        XCTAssertEqual(seenStates, [.guest])
    }

    func testTheBackgroundRefreshFetchesWhatIsDueWithNoCaller() async throws {
        let client = try Moto.client()
        // A guest is owed credentials nobody has fetched: no cached session yet.
        _ = try await client.userState()
        XCTAssertNil(client.cachedAuthSession())
        try client.startBackgroundRefresh(checkIntervalMs: 20)
        var fresh: AuthSession?
        for _ in 0..<500 where fresh == nil {
            fresh = client.cachedAuthSession()
            if fresh == nil { try await Task.sleep(nanoseconds: 10_000_000) }
        }
        XCTAssertNotNil(fresh?.awsCredentials.getOrNil(), "fetched in the background")
        client.stopBackgroundRefresh()
    }
}
