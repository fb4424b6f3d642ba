// What an app's own store looks like: a Swift `SecureStorage` that records every call.

import CognitoAuth
import Foundation

final class RecordingStorage: SecureStorage, @unchecked Sendable {
    private let storedItems = Locked<[String: Data]>([:])
    private let recordedCalls = Locked<[String]>([])
    private let failureToThrow: Locked<Error?>

    init(failure: Error? = nil) { failureToThrow = Locked(failure) }

    var calls: [String] { recordedCalls.current }
    var items: [String: Data] { storedItems.current }
    var failure: Error? {
        get { failureToThrow.current }
        set { failureToThrow.withValue { $0 = newValue } }
    }

    func item(_ namespace: String, _ key: String) -> Data? { items["\(namespace)/\(key)"] }

    func put(_ namespace: String, _ key: String, _ value: Data?) {
        storedItems.withValue { $0["\(namespace)/\(key)"] = value }
    }

    private func record(_ call: String) throws {
        recordedCalls.withValue { $0.append(call) }
        if let failure = failure { throw failure }
    }

    func get(namespace: String, key: String) async throws -> Data? {
        try record("get \(namespace) \(key)")
        return item(namespace, key)
    }

    func set(namespace: String, key: String, value: Data) async throws {
        try record("set \(namespace) \(key)")
        put(namespace, key, value)
    }

    func remove(namespace: String, key: String) async throws {
        try record("remove \(namespace) \(key)")
        put(namespace, key, nil)
    }

    func removeAll(namespace: String) async throws {
        try record("removeAll \(namespace)")
        storedItems.withValue { items in items = items.filter { !$0.key.hasPrefix("\(namespace)/") } }
    }
}

/// Collects what an `AsyncStream` yields, on a task of its own.
final class Collector<Element: Sendable>: @unchecked Sendable {
    private let elements = Locked<[Element]>([])
    private var task: Task<Void, Never>?

    init(_ stream: AsyncStream<Element>) {
        let elements = self.elements
        task = Task {
            for await element in stream {
                elements.withValue { $0.append(element) }
            }
        }
    }

    var values: [Element] { elements.current }

    /// Waits (a hang guard of `seconds`, not a timing assertion) until `count` elements came.
    func wait(for count: Int, seconds: Double = 60) async -> [Element] {
        await waitUntil(seconds: seconds) { $0.count >= count }
    }

    /// Waits (hang guard as above) until the values so far satisfy `condition`.
    func waitUntil(seconds: Double = 60, _ condition: ([Element]) -> Bool) async -> [Element] {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition(values) && Date() < deadline {
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return values
    }

    /// Waits until the stream has finished (hang guard as above).
    func finished(seconds: Double = 60) async -> [Element] {
        let deadline = Date().addingTimeInterval(seconds)
        while let task = task, Date() < deadline {
            let done = await withTaskGroup(of: Bool.self) { group in
                group.addTask { await task.value; return true }
                group.addTask { try? await Task.sleep(nanoseconds: 50_000_000); return false }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            if done { break }
        }
        return values
    }

    func stop() { task?.cancel() }
}
