// The Swift error behind a storage failure. Only text crosses the FFI: an app's
// `SecureStorage` that throws its own error (a file system's `CocoaError`, say) would reach
// the caller as `AuthError.Storage` with that error's description and nothing more. The
// layer's entry points (`CognitoAuth.fromAmplifyConfig`, `create`, `AuthClient.fromBundle`,
// `fromFile`) wrap an app's store so that such an error becomes
// `AuthError.Storage(.unavailable, "the app's SecureStorage failed: …")` and waits here, by
// that text, until the failed call's error asks for its `underlyingError`. An `AuthError` a
// store throws passes as it is (its kind matters to the core); Rust stores are not wrapped.

import Foundation

extension AuthError {
    /// The Swift error an app's `SecureStorage` threw, for a `.Storage` error that came from
    /// one (and while it is among the last few kept); `nil` otherwise. Also the bridged
    /// `NSError`'s `NSUnderlyingErrorKey`.
    public var underlyingError: Error? {
        guard case .Storage(_, let reason) = self else { return nil }
        return StorageErrorCauses.find(reason)
    }
}

/// The last few errors thrown by app stores, by the reason they reached Rust with.
enum StorageErrorCauses {
    private static let kept = 32
    private static let lock = NSLock()
    // Guarded by `lock`: oldest first.
    nonisolated(unsafe) private static var recent: [(reason: String, error: Error)] = []

    static func remember(_ error: Error, as reason: String) {
        lock.lock()
        defer { lock.unlock() }
        recent.removeAll { $0.reason == reason }
        recent.append((reason, error))
        if recent.count > kept { recent.removeFirst(recent.count - kept) }
    }

    static func find(_ reason: String) -> Error? {
        lock.lock()
        defer { lock.unlock() }
        return recent.last { $0.reason == reason }?.error
    }
}

/// An app's `SecureStorage` as the client sees it: an error other than an `AuthError`
/// becomes `AuthError.Storage(.unavailable)` whose `underlyingError` is that error.
final class CauseKeepingStorage: SecureStorage, @unchecked Sendable {
    let inner: SecureStorage

    private init(_ inner: SecureStorage) { self.inner = inner }

    /// `storage` wrapped, unless it is a Rust store (which throws only `AuthError`s) or
    /// already wrapped.
    static func wrap(_ storage: SecureStorage) -> SecureStorage {
        storage is SecureStorageImpl || storage is CauseKeepingStorage ? storage : CauseKeepingStorage(storage)
    }

    func get(namespace: String, key: String) async throws -> Data? {
        try await keep { try await inner.get(namespace: namespace, key: key) }
    }

    func set(namespace: String, key: String, value: Data) async throws {
        try await keep { try await inner.set(namespace: namespace, key: key, value: value) }
    }

    func remove(namespace: String, key: String) async throws {
        try await keep { try await inner.remove(namespace: namespace, key: key) }
    }

    func removeAll(namespace: String) async throws {
        try await keep { try await inner.removeAll(namespace: namespace) }
    }

    private func keep<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AuthError {
            throw error
        } catch {
            let reason = "the app's SecureStorage failed: \(error)"
            StorageErrorCauses.remember(error, as: reason)
            throw AuthError.Storage(failure: .unavailable, reason: reason)
        }
    }
}

extension CauseKeepingStorage: CustomStringConvertible {
    var description: String { String(describing: inner) }
}
