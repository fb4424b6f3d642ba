// Entry points of the Swift layer: the generated `AuthClient` with the platform's default
// storage filled in. Every operation of `AuthClient` is already `async throws` (UniFFI
// generates it from the Rust core); failures are `AuthError` cases named like the core's error
// kinds (`.InvalidPassword(reason:)`, `.UsernameExists(reason:)`, …).

import Foundation

public enum CognitoAuth {
    private static let lock = NSLock()
    private static var storageFactory: @Sendable () -> SecureStorage = { memoryStorage() }

    /// Storage used when a client is created without one. In memory until the Keychain store
    /// lands (platform storage work); apps may install their own `SecureStorage`.
    public static var defaultStorage: @Sendable () -> SecureStorage {
        get { lock.lock(); defer { lock.unlock() }; return storageFactory }
        set { lock.lock(); defer { lock.unlock() }; storageFactory = newValue }
    }

    /// A client from the text of `amplify_outputs.json` (Gen 2) or
    /// `amplifyconfiguration.json` (Gen 1); `endpoints` points requests at emulators or proxies.
    public static func fromAmplifyConfig(
        json: String,
        endpoints: EndpointOverrides? = nil,
        storage: SecureStorage? = nil
    ) throws -> AuthClient {
        try AuthClient.fromAmplifyConfigJson(
            json: json, endpoints: endpoints, storage: storage ?? defaultStorage())
    }

    /// A client for a configuration built in code. `clientSecret` is the app client's secret,
    /// for clients that have one (an argument, so that printing `config` never shows it).
    public static func create(
        config: AuthConfig,
        storage: SecureStorage? = nil,
        clientSecret: String? = nil
    ) throws -> AuthClient {
        try AuthClient(config: config, storage: storage ?? defaultStorage(), clientSecret: clientSecret)
    }
}
