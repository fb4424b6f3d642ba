// Auth events and the user's state as async sequences, for `for await` loops and SwiftUI's
// `.task { }`.

import Foundation

extension AuthClient {
    /// Auth events from now on (sign-in, sign-out, refresh, expiry, federation), in order.
    /// The stream finishes when the client is released. Ending the iteration stops reading;
    /// a read already waiting in Rust ends with the next event or the client's release
    /// (UniFFI does not cancel Rust futures from Swift).
    public func authEvents() -> AsyncStream<AuthEvent> {
        let source: AuthEventStream
        do {
            source = try events()
        } catch {
            return AsyncStream { $0.finish() }
        }
        return AsyncStream { continuation in
            let task = Task {
                while !Task.isCancelled {
                    guard let event = try? await source.next() else { break }
                    continuation.yield(event)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The user's state now, then each time it changes (after a sign-in, a sign-out, an
    /// expired session, a federation…), never the same value twice in a row. Bind a view to
    /// it:
    ///
    ///     .task { for await state in client.userStates() { self.state = state } }
    ///
    /// Subscribes to events before reading the first state, so no change is missed between
    /// the two. Finishes with the client, or at the first state that cannot be read.
    public func userStates() -> AsyncStream<UserState> {
        let events: AuthEventStream
        do {
            events = try self.events()
        } catch {
            return AsyncStream { $0.finish() }
        }
        return AsyncStream { continuation in
            // Weak: the stream must not keep the client alive (its release ends the events).
            let task = Task { [weak self] in
                var last: UserState?
                /// Reads the state and yields it if it changed; false when it cannot be read.
                func publish() async -> Bool {
                    guard let client = self, let state = try? await client.userState() else {
                        return false
                    }
                    if state != last {
                        last = state
                        continuation.yield(state)
                    }
                    return true
                }
                var open = await publish()
                while open, !Task.isCancelled {
                    let event = try? await events.next()
                    open = event != nil ? await publish() : false
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

extension AuthClient {
    /// The user's state now, without waiting: `.unknown` until the stored session has been
    /// read (a moment after the first use of this property), then the state after each
    /// event, for as long as the client lives. A change made by a call arrives with its
    /// event, just after the call returns: to wait for one, iterate `userStates()`;
    /// `await userState()` reads the state directly.
    public var currentUserState: UserState { UserStateFollower.follower(of: self).state }
}

/// The last state of one client, kept by following its `userStates()`. One per client,
/// found through a registry that holds clients weakly; the following task ends with the
/// client's events (the stream holds it weakly too).
final class UserStateFollower: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var last: UserState = .unknown

    var state: UserState {
        get { lock.lock(); defer { lock.unlock() }; return last }
        set { lock.lock(); defer { lock.unlock() }; last = newValue }
    }

    private init(states: AsyncStream<UserState>) {
        Task { [weak self] in
            for await state in states {
                guard let self else { return }
                self.state = state
            }
        }
    }

    private struct Entry {
        weak var client: AuthClient?
        let follower: UserStateFollower
    }

    private static let registryLock = NSLock()
    // Guarded by `registryLock`.
    nonisolated(unsafe) private static var registry: [ObjectIdentifier: Entry] = [:]

    static func follower(of client: AuthClient) -> UserStateFollower {
        registryLock.lock()
        defer { registryLock.unlock() }
        // Released clients leave their entry (and their identifier may be reused).
        registry = registry.filter { $0.value.client != nil }
        if let entry = registry[ObjectIdentifier(client)], entry.client === client {
            return entry.follower
        }
        let follower = UserStateFollower(states: client.userStates())
        registry[ObjectIdentifier(client)] = Entry(client: client, follower: follower)
        return follower
    }
}
