// Taking over the session Amplify left on the device, once, so users of an app that replaces
// Amplify stay signed in (docs/migration.md). The core parses and checks; on Apple platforms
// this file reads Amplify Swift v2's Keychain items itself.

import Foundation
#if canImport(Security)
import Security
#endif

extension AuthClient {
    /// Imports the session another library stored (`ImportSource.amplifySwift(items:)`,
    /// `.amplifyAndroid(entries:)`, `.amplifyJs(entries:)`), once: `.imported` when the user is
    /// now signed in here, `.skipped(reason:)` otherwise (`reason.message` says why; also when
    /// this library already has a session). Nothing of the other library is deleted.
    /// Throws only when this library's store fails.
    public func importSession(_ source: ImportSource) async throws -> ImportOutcome {
        try await importSession(source: source)
    }
}

extension SkipReason: CustomStringConvertible {
    /// Why nothing was imported, as one sentence (names and ids only, never a secret).
    public var message: String { skipReasonMessage(reason: self) }
    public var description: String { message }
}

extension ImportSource: CustomStringConvertible, CustomReflectable {
    /// `ImportSource { format: AmplifySwift, entries: 3 }`: never a value (they are credentials).
    public var description: String { debugDescription }
    public var customMirror: Mirror { Mirror(self, children: ["format": format()]) }
}

#if canImport(Security)
/// Amplify Swift v2's Keychain items (`AWSCognitoAuthCredentialStore` over its `KeychainStore`):
/// generic passwords of service `com.amplify.awsCognitoAuthPlugin`, or
/// `com.amplify.awsCognitoAuthPluginShared` when the app configured a Keychain access group.
public enum AmplifySwiftKeychain {
    /// The service of Amplify's own Keychain items.
    public static let service = "com.amplify.awsCognitoAuthPlugin"
    /// The service used with a Keychain access group.
    public static let sharedService = "com.amplify.awsCognitoAuthPluginShared"

    /// Every item of Amplify's service, account → data; empty when there is none.
    /// - Parameter accessGroup: the access group Amplify was configured with, if any.
    /// - Throws: `AuthError.Storage` when the Keychain refuses the query.
    public static func items(accessGroup: String? = nil) throws -> [String: Data] {
        var query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: accessGroup == nil ? service : sharedService,
            kSecMatchLimit as String: kSecMatchLimitAll,
            kSecReturnAttributes as String: true,
            kSecReturnData as String: true,
        ]
        if let accessGroup { query[kSecAttrAccessGroup as String] = accessGroup }
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        if status == errSecItemNotFound { return [:] }
        guard status == errSecSuccess else {
            let failure: StorageFailure = status == errSecMissingEntitlement ? .accessDenied : .unavailable
            throw AuthError.Storage(
                failure: failure,
                reason: "Amplify's Keychain items could not be read (OSStatus \(status))")
        }
        var items: [String: Data] = [:]
        for item in result as? [[String: Any]] ?? [] {
            if let account = item[kSecAttrAccount as String] as? String,
               let data = item[kSecValueData as String] as? Data {
                items[account] = data
            }
        }
        return items
    }
}

extension AuthClient {
    /// Imports the session Amplify Swift v2 left in the Keychain (see `AmplifySwiftKeychain`),
    /// once. `accessGroup`: the Keychain access group Amplify was configured with, if any.
    public func importAmplifySwiftSession(accessGroup: String? = nil) async throws -> ImportOutcome {
        try await importSession(.amplifySwift(items: AmplifySwiftKeychain.items(accessGroup: accessGroup)))
    }
}
#endif
