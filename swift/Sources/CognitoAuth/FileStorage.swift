// The encrypted file store's place on disk: the default storage on Linux, and a choice for
// macOS command-line tools that cannot use the data-protection Keychain.

import Foundation

/// Where an encrypted file store keeps its sealed files and its key.
public struct FileStorageLocation: Sendable, Equatable {
    /// Directory of the sealed files (one per configuration, AES-256-GCM, mode 0600).
    public var directory: URL
    /// File holding the 256-bit key (base64, mode 0600), created on first use. Keep it out of
    /// `directory`, so that a copy of the sealed files alone (a backup, a synced folder)
    /// opens nothing.
    public var keyFile: URL

    public init(directory: URL, keyFile: URL) {
        self.directory = directory
        self.keyFile = keyFile
    }

    /// The XDG locations for `app` (default: the process name):
    /// `$XDG_DATA_HOME/cognito-auth/<app>/` (or `~/.local/share/…`) for the files and
    /// `$XDG_CONFIG_HOME/cognito-auth/<app>.key` (or `~/.config/…`) for the key.
    public static func `default`(
        app: String = ProcessInfo.processInfo.processName,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> FileStorageLocation {
        let home = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory(), isDirectory: true)
        func base(_ variable: String, _ fallback: String) -> URL {
            // XDG: a relative path in the variable is invalid and must be ignored.
            if let value = environment[variable], value.hasPrefix("/") {
                return URL(fileURLWithPath: value, isDirectory: true)
            }
            return home.appendingPathComponent(fallback, isDirectory: true)
        }
        let name = app.isEmpty ? "app" : app
        return FileStorageLocation(
            directory: base("XDG_DATA_HOME", ".local/share")
                .appendingPathComponent("cognito-auth", isDirectory: true)
                .appendingPathComponent(name, isDirectory: true),
            keyFile: base("XDG_CONFIG_HOME", ".config")
                .appendingPathComponent("cognito-auth", isDirectory: true)
                .appendingPathComponent("\(name).key")
        )
    }

    /// The store: `AuthError.Storage` when the key file exists but holds no key (it is never
    /// replaced: that would make every sealed file unreadable).
    public func storage() throws -> SecureStorage {
        try encryptedFileStorage(directory: directory.path, keyFile: keyFile.path)
    }
}
