// Where credentials live: an app's own `SecureStorage` written in Swift and used by the Rust
// core, the Rust stores used from Swift, and the default store of this platform.

import CognitoAuth
import Foundation
import XCTest

final class StorageTests: XCTestCase {
    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("cognito-auth-swift-\(UUID().uuidString)", isDirectory: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testTheRustCoreKeepsItsRecordsInASwiftStore() async throws {
        let store = RecordingStorage()
        let client = try Moto.client(storage: store)
        let namespace = "cognito-auth.\(client.fingerprint())"
        let state = try await client.userState()
        XCTAssertEqual(state, .guest)
        // Start-up: which configuration used the store last, then the session, then the active account.
        XCTAssertEqual(store.calls, [
            "get cognito-auth active-namespace",
            "set cognito-auth active-namespace",
            "get \(namespace) session",
            "get \(namespace).accounts index",
        ])
        XCTAssertEqual(store.item("cognito-auth", "active-namespace"), Data(namespace.utf8))
    }

    func testCredentialsOfAnotherConfigurationAreWipedFromASwiftStore() async throws {
        let store = RecordingStorage()
        store.put("cognito-auth", "active-namespace", Data("cognito-auth.previous".utf8))
        store.put("cognito-auth.previous", "session", Data("old tokens".utf8))
        let client = try Moto.client(storage: store)
        _ = try await client.userState()
        XCTAssertTrue(store.calls.contains("removeAll cognito-auth.previous"), "\(store.calls)")
        XCTAssertNil(store.item("cognito-auth.previous", "session"))
    }

    func testASwiftErrorThrownByTheStoreArrivesAsATypedError() async throws {
        let user = try await Moto.signedUpUser(try Moto.client(), prefix: "failing")
        let store = RecordingStorage(failure: PeerError("disk full"))
        let client = try Moto.client(storage: store)
        // Unreadable is not empty: nobody is known to be signed in, or out, even though the
        // pool allows guests.
        let state = try await client.userState()
        XCTAssertEqual(state, .unknown)
        do {
            _ = try await client.signIn(username: user, password: goodPassword)
            XCTFail("signed in without a store")
        } catch let error as AuthError {
            // Any other error means "unavailable": the core asks again later.
            guard case .Storage(let failure, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failure, .unavailable)
            XCTAssertTrue(reason.contains("disk full"), reason)
            // The store's own error is the underlying error, for Swift and for NSError.
            let cause = try XCTUnwrap(error.underlyingError as? PeerError, "\(String(describing: error.underlyingError))")
            XCTAssertEqual(cause.description, "disk full")
            let underlying = try XCTUnwrap((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)
            XCTAssertEqual(underlying.localizedDescription, (cause as NSError).localizedDescription)
            XCTAssertEqual(error.recoverySuggestion, "Try again once the device is unlocked or has free space.")
        }
        XCTAssertNil(AuthError.NotAuthorized(reason: "x").underlyingError)
    }

    func testAnAuthErrorThrownByTheStoreKeepsItsKind() async throws {
        let store = RecordingStorage(failure: AuthError.Storage(failure: .corrupt, reason: "bad MAC"))
        let client = try Moto.client(storage: store)
        do {
            _ = try await client.signIn(username: uniqueUser("corrupt"), password: goodPassword)
            XCTFail("signed in without a store")
        } catch AuthError.Storage(let failure, let reason) {
            XCTAssertEqual(failure, .corrupt)
            XCTAssertEqual(reason, "bad MAC")
            XCTAssertNil(AuthError.Storage(failure: failure, reason: reason).underlyingError)
        }
    }

    func testTwoNamedConfigurationsShareOneStoreWithoutWipingEachOther() async throws {
        // The moto pool's two app clients are two configurations, as an app with a "work" and
        // a "home" backend has; the store is the app's one default store.
        let info = try Moto.info()
        let store = memoryStorage()
        func client(_ clientId: String, _ name: String) throws -> AuthClient {
            let config = AuthConfig(userPool: UserPoolConfig(
                poolId: info.field("user_pool_id"), clientId: clientId, region: "us-east-1",
                endpoint: info.field("endpoint")))
            let secret = clientId == info.field("secret_client_id") ? info.field("client_secret") : nil
            return try CognitoAuth.create(
                config: config, storage: store, clientSecret: secret, options: ClientOptions(namespace: name))
        }
        let user = try await Moto.signedUpUser(try Moto.client(), prefix: "named")
        _ = try await client(info.field("client_id"), "work").signIn(username: user, password: goodPassword)
        _ = try await client(info.field("secret_client_id"), "home").signIn(username: user, password: goodPassword)
        for (id, name) in [(info.field("client_id"), "work"), (info.field("secret_client_id"), "home")] {
            let state = try await client(id, name).userState()
            XCTAssertEqual(state, .signedIn, name)
        }
        XCTAssertThrowsError(try client(info.field("client_id"), "not/a name")) {
            guard case AuthError.Configuration = $0 else { return XCTFail("\($0)") }
        }
    }

    func testARustStoreWorksFromSwiftAndWhenHandedBackToTheClient() async throws {
        let store = memoryStorage()
        try await store.set(namespace: "ns", key: "k", value: Data([1, 2, 3]))
        let value = try await store.get(namespace: "ns", key: "k")
        XCTAssertEqual(value, Data([1, 2, 3]))
        try await store.removeAll(namespace: "ns")
        let gone = try await store.get(namespace: "ns", key: "k")
        XCTAssertNil(gone)

        let client = try Moto.client(storage: store)
        _ = try await client.userState()
        let marker = try await store.get(namespace: "cognito-auth", key: "active-namespace")
        XCTAssertEqual(marker, Data("cognito-auth.\(client.fingerprint())".utf8))
    }

    func testTheEncryptedFileStoreSealsWhatItKeepsAndSurvivesARestart() async throws {
        let root = try scratch()
        let location = FileStorageLocation(
            directory: root.appendingPathComponent("data/store", isDirectory: true),
            keyFile: root.appendingPathComponent("config/store.key"))
        let user = try await Moto.signedUpUser(try Moto.client(), prefix: "file")
        do {
            let client = try Moto.client(storage: try location.storage())
            _ = try await client.signIn(username: user, password: goodPassword)
        }
        // The files hold no token in clear; the key file is the owner's alone.
        let files = try FileManager.default.contentsOfDirectory(atPath: location.directory.path)
        XCTAssertFalse(files.isEmpty)
        for file in files where !file.hasPrefix(".") {
            let text = try String(decoding: Data(contentsOf: location.directory.appendingPathComponent(file)), as: UTF8.self)
            XCTAssertFalse(text.contains(user), "\(file) holds the user name in clear")
            XCTAssertFalse(text.contains("eyJ"), "\(file) holds a JWT in clear")
        }
        let keyAttributes = try FileManager.default.attributesOfItem(atPath: location.keyFile.path)
        XCTAssertEqual((keyAttributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)

        // A new process: the same location restores the user.
        let restarted = try Moto.client(storage: try location.storage())
        let me = try await restarted.getCurrentUser()
        XCTAssertEqual(me.username, user)

        // Another key cannot open the files, and says so: refused, never taken for damage
        // that a new sign-in could overwrite.
        let otherKey = FileStorageLocation(directory: location.directory, keyFile: root.appendingPathComponent("other.key"))
        let stranger = try otherKey.storage()
        do {
            _ = try await stranger.get(namespace: "cognito-auth.\(restarted.fingerprint())", key: "session")
            XCTFail("read sealed data with another key")
        } catch AuthError.Storage(let failure, let reason) {
            XCTAssertEqual(failure, .accessDenied)
            XCTAssertTrue(reason.contains("another key"), reason)
        }
        let strangerClient = try Moto.client(storage: stranger)
        let state = try await strangerClient.userState()
        XCTAssertEqual(state, .unknown)
    }

    func testADamagedKeyFileIsAnErrorAndIsNotReplaced() throws {
        let root = try scratch()
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let keyFile = root.appendingPathComponent("store.key")
        try Data("not a key".utf8).write(to: keyFile)
        let location = FileStorageLocation(directory: root.appendingPathComponent("store"), keyFile: keyFile)
        XCTAssertThrowsError(try location.storage()) {
            guard case AuthError.Storage(let failure, let reason) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(failure, .corrupt)
            XCTAssertTrue(reason.contains("store.key"), reason)
        }
        XCTAssertEqual(try String(contentsOf: keyFile, encoding: .utf8), "not a key")
    }

    func testTheDefaultLocationFollowsXdg() {
        let xdg = FileStorageLocation.default(
            app: "demo", environment: ["HOME": "/home/u", "XDG_DATA_HOME": "/data", "XDG_CONFIG_HOME": "/conf"])
        XCTAssertEqual(xdg.directory.path, "/data/cognito-auth/demo")
        XCTAssertEqual(xdg.keyFile.path, "/conf/cognito-auth/demo.key")
        // Relative XDG values are invalid and ignored.
        let plain = FileStorageLocation.default(app: "demo", environment: ["HOME": "/home/u", "XDG_DATA_HOME": "rel"])
        XCTAssertEqual(plain.directory.path, "/home/u/.local/share/cognito-auth/demo")
        XCTAssertEqual(plain.keyFile.path, "/home/u/.config/cognito-auth/demo.key")
    }

    func testTheDefaultStorageOfThisPlatformPersists() async throws {
        #if canImport(Security)
        throw XCTSkip("on Apple platforms the default is the Keychain (KeychainAndPresenterTests)")
        #else
        // Linux: the encrypted file store at the XDG locations, never process memory. A value
        // written through one instance is read through a fresh one (a new launch).
        let root = try scratch()
        setenv("XDG_DATA_HOME", root.appendingPathComponent("data").path, 1)
        setenv("XDG_CONFIG_HOME", root.appendingPathComponent("config").path, 1)
        defer { unsetenv("XDG_DATA_HOME"); unsetenv("XDG_CONFIG_HOME") }
        let namespace = "swift-default-\(UUID().uuidString)"
        try await CognitoAuth.defaultStorage().set(namespace: namespace, key: "k", value: Data("v".utf8))
        let again = try await CognitoAuth.defaultStorage().get(namespace: namespace, key: "k")
        XCTAssertEqual(again, Data("v".utf8))
        let expected = FileStorageLocation.default()
        XCTAssertTrue(FileManager.default.fileExists(atPath: expected.keyFile.path), expected.keyFile.path)
        XCTAssertTrue(expected.directory.path.hasPrefix(root.path), expected.directory.path)
        #endif
    }
}
