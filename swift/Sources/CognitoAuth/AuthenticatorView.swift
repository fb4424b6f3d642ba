// A thin SwiftUI view over AuthenticatorModel: it draws the core's screen and nothing else
// (texts, fields, errors, buttons and their order all come from the core). Apple platforms
// only; not compiled on Linux, so not compiled here (README: what needs a Mac).

#if canImport(SwiftUI) && canImport(Observation)
import SwiftUI

/// Shows the sign-in flow until a user is signed in, then `signedIn`.
@available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
public struct AuthenticatorView<SignedIn: View>: View {
    @Bindable private var model: AuthenticatorModel
    private let signedIn: () -> SignedIn

    /// The flow of `model`; `signedIn` is drawn once a user is signed in.
    public init(model: AuthenticatorModel, @ViewBuilder signedIn: @escaping () -> SignedIn) {
        self.model = model
        self.signedIn = signedIn
    }

    public var body: some View {
        Group {
            if let screen = model.screen {
                if case .signedIn = screen.step {
                    signedIn()
                } else {
                    form(screen)
                }
            } else {
                ProgressView().task { await model.start() }
            }
        }
    }

    @ViewBuilder private func form(_ screen: AuthenticatorScreen) -> some View {
        Form {
            Section {
                if let banner = screen.banner {
                    Text(banner).foregroundStyle(.red).accessibilityAddTraits(.isStaticText)
                }
                if let message = screen.message { Text(message) }
                ForEach(screen.fields, id: \.name) { field in
                    VStack(alignment: .leading) {
                        input(field)
                        if let error = field.error {
                            Text(error).font(.footnote).foregroundStyle(.red)
                        } else if let hint = field.hint {
                            Text(hint).font(.footnote).foregroundStyle(.secondary)
                        }
                    }
                }
            } header: {
                Text(screen.title).font(.title2)
            }
            Section {
                ForEach(Array(screen.actions.enumerated()), id: \.offset) { index, button in
                    Button(button.label) { Task { await model.perform(button.action) } }
                        .disabled(model.isBusy)
                        .fontWeight(index == 0 ? .semibold : .regular)
                }
            }
        }
    }

    @ViewBuilder private func input(_ field: FormField) -> some View {
        let text = Binding(
            get: { model.values[field.name] ?? "" },
            set: { model.values[field.name] = $0 })
        Group {
            switch field.kind {
            case .password, .confirmPassword:
                SecureField(field.label, text: text)
            default:
                TextField(field.label, text: text)
            }
        }
        .accessibilityLabel(field.accessibilityLabel)
        .disabled(model.isBusy)
    }
}
#endif
