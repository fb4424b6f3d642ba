// The user's state as an Observation model for SwiftUI (iOS 17, macOS 14; and on Linux with
// Swift 5.9 or later).
//
//     @State private var auth = AuthStateModel(client: client)
//     var body: some View {
//         if auth.isSignedIn { HomeView() } else { SignInView() }
//     }

#if canImport(Observation)
import Foundation
import Observation

/// Follows one client's user state on the main actor: `userState` starts at the client's
/// `currentUserState` and changes with each sign-in, sign-out, expiry or federation, so a
/// view reading it is redrawn. Stops following when the model is released.
@available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
@MainActor
@Observable
public final class AuthStateModel {
    /// The client followed.
    public let client: AuthClient
    /// The user's state, as last reported by the client.
    public private(set) var userState: UserState
    /// Whether a user is signed in (to the user pool, or federated).
    public var isSignedIn: Bool { userState == .signedIn }

    @ObservationIgnored private var following: Task<Void, Never>?

    public init(client: AuthClient) {
        self.client = client
        userState = client.currentUserState
        let states = client.userStates()
        following = Task { [weak self] in
            for await state in states {
                guard let self else { return }
                self.userState = state
            }
        }
    }

    deinit {
        following?.cancel()
    }
}

@available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
extension AuthStateModel: CustomStringConvertible {
    nonisolated public var description: String { "AuthStateModel(client: \(client))" }
}
#endif
