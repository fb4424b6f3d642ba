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
