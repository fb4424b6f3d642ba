// Auth events as an AsyncStream.

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
}
