// The Keychain store on a Mac (`swift test`): the Rust store's SecItem calls against the real
// data-protection keychain. `swift test` runs an unsigned test bundle, which the
// data-protection keychain refuses (-34018, no application identifier): the test then checks
// that the refusal arrives as the typed AccessDenied error with its hint, and skips the rest.
// In a signed host app (Xcode test host) the whole round trip runs.

import CognitoAuth
import Foundation
import XCTest

final class KeychainStorageTests: XCTestCase {
    func testKeychainRoundTripUpdateAndNamespaceWipe() async throws {
        let service = "com.cognitoauth.tests.\(UUID().uuidString)"
        let store = try keychainStorage(options: KeychainStorageOptions(service: service))
        do {
            try await store.set(namespace: "ns", key: "session", value: Data("one".utf8))
        } catch AuthError.Storage(let failure, let reason) {
            XCTAssertEqual(failure, .accessDenied, reason)
            XCTAssertTrue(reason.contains("-34018"), reason)
            throw XCTSkip("the data-protection keychain needs a signed test host: \(reason)")
        }

        let first = try await store.get(namespace: "ns", key: "session")
        XCTAssertEqual(first, Data("one".utf8))
        // Second write of the same item: SecItemUpdate in place, no delete-then-add.
        try await store.set(namespace: "ns", key: "session", value: Data("two".utf8))
        let second = try await store.get(namespace: "ns", key: "session")
        XCTAssertEqual(second, Data("two".utf8))

        try await store.set(namespace: "ns", key: "device.alice", value: Data("d".utf8))
        try await store.set(namespace: "other", key: "session", value: Data("o".utf8))
        try await store.remove(namespace: "ns", key: "device.alice")
        let removed = try await store.get(namespace: "ns", key: "device.alice")
        XCTAssertNil(removed)
        try await store.remove(namespace: "ns", key: "never-stored") // absent: not an error

        try await store.removeAll(namespace: "ns")
        let wiped = try await store.get(namespace: "ns", key: "session")
        XCTAssertNil(wiped)
        let kept = try await store.get(namespace: "other", key: "session")
        XCTAssertEqual(kept, Data("o".utf8))
        try await store.removeAll(namespace: "other")
    }

    func testItemsOfAPreviousInstallAreClearedOnFirstUse() async throws {
        let service = "com.cognitoauth.tests.\(UUID().uuidString)"
        let flag = "\(service).keychain-store-installed"
        let previousInstall = try keychainStorage(
            options: KeychainStorageOptions(service: service, clearAfterReinstall: false))
        do {
            try await previousInstall.set(namespace: "ns", key: "session", value: Data("old".utf8))
        } catch AuthError.Storage(let failure, let reason) {
            XCTAssertEqual(failure, .accessDenied, reason)
            throw XCTSkip("the data-protection keychain needs a signed test host: \(reason)")
        }
        // A fresh install: the app's preferences (and so the flag) are gone, the items are not.
        UserDefaults.standard.removeObject(forKey: flag)
        let fresh = try keychainStorage(options: KeychainStorageOptions(service: service))
        let leftover = try await fresh.get(namespace: "ns", key: "session")
        XCTAssertNil(leftover, "a reinstalled app starts signed out")
        XCTAssertTrue(UserDefaults.standard.bool(forKey: flag))

        try await fresh.set(namespace: "ns", key: "session", value: Data("new".utf8))
        let later = try keychainStorage(options: KeychainStorageOptions(service: service))
        let kept = try await later.get(namespace: "ns", key: "session")
        XCTAssertEqual(kept, Data("new".utf8), "cleared once, not at every launch")
        try await fresh.removeAll(namespace: "ns")
        UserDefaults.standard.removeObject(forKey: flag)
    }

    func testTheDefaultStorageIsTheKeychain() throws {
        // Creating the store touches no item; the first read or write does.
        XCTAssertNoThrow(try CognitoAuth.defaultStorage())
    }
}
