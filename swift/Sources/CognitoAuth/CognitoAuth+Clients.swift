// Entry points of the Swift layer: the generated `AuthClient` with the platform's default
// storage filled in. Every operation of `AuthClient` is already `async throws` (UniFFI
// generates it from the Rust core); failures are `AuthError` cases named like the core's error
// kinds (`.InvalidPassword(reason:)`, `.UsernameExists(reason:)`, …).

import Foundation

public enum CognitoAuth {
    private static let lock = NSLock()
    // Guarded by `lock`.
    nonisolated(unsafe) private static var storageFactory: @Sendable () throws -> SecureStorage =
        platformDefaultStorage

    /// Storage used when a client is created without one.
    ///
    /// - Apple platforms: the Keychain store (generic-password items readable only by this
    ///   app, `AfterFirstUnlockThisDeviceOnly`). Share credentials with an app extension
    ///   through an access group listed in both targets' entitlements:
    ///
    ///       CognitoAuth.defaultStorage = {
    ///           try keychainStorage(options: KeychainStorageOptions(accessGroup: "TEAMID.com.example.shared"))
    ///       }
    ///
    /// - Linux: an encrypted file store (`FileStorageLocation.default()`): sealed files under
    ///   `$XDG_DATA_HOME`, their key in a 0600 file under `$XDG_CONFIG_HOME`. Never memory:
    ///   a session that silently vanished at exit would look like a sign-out bug.
    ///
    /// Or install any `SecureStorage` of your own.
    public static var defaultStorage: @Sendable () throws -> SecureStorage {
        get { lock.lock(); defer { lock.unlock() }; return storageFactory }
        set { lock.lock(); defer { lock.unlock() }; storageFactory = newValue }
    }

    @Sendable private static func platformDefaultStorage() throws -> SecureStorage {
        #if canImport(Security)
        return try keychainStorage(options: nil)
        #else
        return try FileStorageLocation.default().storage()
        #endif
    }

    /// A client from the text of `amplify_outputs.json` (Gen 2) or
    /// `amplifyconfiguration.json` (Gen 1); `endpoints` points requests at emulators or proxies;
    /// `options.namespace` names this configuration's records when an app uses several;
    /// `options.operationTimeoutMs` bounds each call, retries included (default 30 000).
    public static func fromAmplifyConfig(
        json: String,
        endpoints: EndpointOverrides? = nil,
        storage: SecureStorage? = nil,
        options: ClientOptions? = nil
    ) throws -> AuthClient {
        try AuthClient.fromAmplifyConfigJson(
            json: json, endpoints: endpoints, storage: CauseKeepingStorage.wrap(storage ?? defaultStorage()),
            options: options)
    }

    /// A client for a configuration built in code. `clientSecret` is the app client's secret,
    /// for clients that have one (an argument, so that printing `config` never shows it).
    public static func create(
        config: AuthConfig,
        storage: SecureStorage? = nil,
        clientSecret: String? = nil,
        options: ClientOptions? = nil
    ) throws -> AuthClient {
        try AuthClient(
            config: config, storage: CauseKeepingStorage.wrap(storage ?? defaultStorage()), clientSecret: clientSecret,
            options: options)
    }
}
