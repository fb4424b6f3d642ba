// What only Apple's platforms have: the Keychain store (SecItem calls) and the
// ASWebAuthenticationSession presenter. On a Mac (`swift test` after `make xcframework`) these
// run; on Linux they skip, saying why, except what Linux can prove: the Keychain constructor
// fails with a typed error rather than handing out a store that cannot keep anything.

@testable import CognitoAuth
import Foundation
import XCTest
#if canImport(AuthenticationServices)
import AuthenticationServices
#endif

final class ApplePlatformTests: XCTestCase {
    #if canImport(Security)
    /// `swift test` runs an unsigned test bundle, which the data-protection keychain refuses
    /// (-34018, no application identifier): the refusal must arrive as AccessDenied with its
    /// hint, and the rest is skipped. In a signed host app (Xcode test host) all of it runs.
    private func keychainOrSkip(_ options: KeychainStorageOptions) async throws -> SecureStorage {
        let store = try keychainStorage(options: options)
        do {
            try await store.set(namespace: "probe", key: "k", value: Data("p".utf8))
            try await store.removeAll(namespace: "probe")
        } catch AuthError.Storage(let failure, let reason) {
            XCTAssertEqual(failure, .accessDenied, reason)
            XCTAssertTrue(reason.contains("-34018"), reason)
            throw XCTSkip("the data-protection keychain needs a signed test host: \(reason)")
        }
        return store
    }
    #endif

    func testKeychainRoundTripUpdateAndNamespaceWipe() async throws {
        #if canImport(Security)
        let service = "com.cognitoauth.tests.\(UUID().uuidString)"
        let store = try await keychainOrSkip(KeychainStorageOptions(service: service))
        try await store.set(namespace: "ns", key: "session", value: Data("one".utf8))
        let first = try await store.get(namespace: "ns", key: "session")
        XCTAssertEqual(first, Data("one".utf8))
        // Second write of the same item: SecItemUpdate in place, no delete-then-add.
        try await store.set(namespace: "ns", key: "session", value: Data("two".utf8))
        let second = try await store.get(namespace: "ns", key: "session")
        XCTAssertEqual(second, Data("two".utf8))
        try await store.set(namespace: "other", key: "session", value: Data("o".utf8))
        try await store.remove(namespace: "ns", key: "never-stored") // absent: not an error
        try await store.removeAll(namespace: "ns")
        let wiped = try await store.get(namespace: "ns", key: "session")
        XCTAssertNil(wiped)
        let kept = try await store.get(namespace: "other", key: "session")
        XCTAssertEqual(kept, Data("o".utf8))
        try await store.removeAll(namespace: "other")
        #else
        throw XCTSkip("the Keychain exists only on Apple platforms: run `swift test` on a Mac")
        #endif
    }

    func testItemsOfAPreviousInstallAreClearedOnFirstUse() async throws {
        #if canImport(Security)
        let service = "com.cognitoauth.tests.\(UUID().uuidString)"
        let flag = "\(service).keychain-store-installed"
        let previousInstall = try await keychainOrSkip(
            KeychainStorageOptions(service: service, clearAfterReinstall: false))
        try await previousInstall.set(namespace: "ns", key: "session", value: Data("old".utf8))
        // A fresh install: the app's preferences (and so the flag) are gone, the items are not.
        UserDefaults.standard.removeObject(forKey: flag)
        let fresh = try keychainStorage(options: KeychainStorageOptions(service: service))
        let leftover = try await fresh.get(namespace: "ns", key: "session")
        XCTAssertNil(leftover, "a reinstalled app starts signed out")
        try await fresh.set(namespace: "ns", key: "session", value: Data("new".utf8))
        let later = try keychainStorage(options: KeychainStorageOptions(service: service))
        let kept = try await later.get(namespace: "ns", key: "session")
        XCTAssertEqual(kept, Data("new".utf8), "cleared once, not at every launch")
        try await fresh.removeAll(namespace: "ns")
        UserDefaults.standard.removeObject(forKey: flag)
        #else
        throw XCTSkip("the Keychain exists only on Apple platforms: run `swift test` on a Mac")
        #endif
    }

    func testTheKeychainStoreIsATypedErrorWhereThereIsNoKeychain() throws {
        #if canImport(Security)
        XCTAssertNoThrow(try keychainStorage(options: nil)) // creating it touches no item
        #else
        XCTAssertThrowsError(try keychainStorage(options: nil)) {
            guard case AuthError.NotSupported = $0 else { return XCTFail("\($0)") }
        }
        #endif
    }

    func testTheWebAuthenticationSessionOutcomes() throws {
        #if canImport(AuthenticationServices)
        let callback = URL(string: "myapp://callback?code=abc&state=s")!
        // The session is private exactly when it was started ephemeral: only then does
        // sign-out skip /logout.
        for ephemeral in [false, true] {
            XCTAssertEqual(
                try WebAuthenticationSessionPresenter.outcome(callback: callback, error: nil, ephemeral: ephemeral)
                    .get(),
                WebAuthResult(callbackUrl: callback.absoluteString, privateSession: ephemeral))
        }
        let closed = ASWebAuthenticationSessionError(.canceledLogin)
        XCTAssertThrowsError(
            try WebAuthenticationSessionPresenter.outcome(callback: nil, error: closed, ephemeral: false).get()
        ) {
            guard case AuthError.Cancelled = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(
            try WebAuthenticationSessionPresenter.outcome(callback: nil, error: nil, ephemeral: true).get()
        ) {
            guard case AuthError.Internal = $0 else { return XCTFail("\($0)") }
        }
        #else
        throw XCTSkip("ASWebAuthenticationSession exists only on Apple platforms: run `swift test` on a Mac")
        #endif
    }
}
