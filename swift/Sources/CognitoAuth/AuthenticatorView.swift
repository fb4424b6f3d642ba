// A thin SwiftUI view over AuthenticatorModel: it draws the core's screen and nothing else
// (texts, fields, errors, buttons and their order all come from the core). TOTP set-up shows
// the key's QR code and the key as selectable text; selection screens show their choices as
// full-width bordered buttons and the other buttons as links; "Sign in with Google/…" come
// last, bordered. Apple platforms only; not
// compiled on Linux, so not compiled here (README: what needs a Mac).

#if canImport(SwiftUI) && canImport(Observation)
import SwiftUI
#if canImport(CoreImage)
import CoreImage
import CoreImage.CIFilterBuiltins
#endif

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
                } else if let failure = model.failure {
                    // A call the screen could not take (the flow did not start, a presenter
                    // missing): said like a banner rather than lost.
                    Text(failure.message).foregroundStyle(.red).accessibilityAddTraits(.isStaticText)
                }
                if let message = screen.message { Text(message) }
                if let setup = model.totpSetup {
                    // The QR code's accessibility label is the screen's title: the core's
                    // string table has no text of its own for it.
                    TotpQrCode(uri: setup.setupUri, label: screen.title)
                    Text(setup.sharedSecret).font(.body.monospaced()).selectableText()
                        // Spelled out character by character rather than read as one word.
                        .accessibilityLabel(Text(setup.sharedSecret.map(String.init).joined(separator: " ")))
                }
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
                if model.choices.isEmpty {
                    ForEach(Array(model.otherActions.enumerated()), id: \.offset) { index, button in
                        Button(button.label) { Task { await model.perform(button.action) } }
                            .disabled(model.isBusy)
                            .fontWeight(index == 0 ? .semibold : .regular)
                    }
                } else {
                    ForEach(Array(model.choices.enumerated()), id: \.offset) { _, choice in
                        Button { Task { await model.perform(choice.action) } } label: {
                            Text(choice.label).frame(maxWidth: .infinity)
                        }
                        .buttonStyle(.bordered)
                        .disabled(model.isBusy)
                    }
                    ForEach(Array(model.otherActions.enumerated()), id: \.offset) { _, other in
                        Button(other.label) { Task { await model.perform(other.action) } }
                            .buttonStyle(.borderless)
                            .disabled(model.isBusy)
                    }
                }
                ForEach(Array(model.socialActions.enumerated()), id: \.offset) { _, social in
                    Button { Task { await model.perform(social.action) } } label: {
                        Text(social.label).frame(maxWidth: .infinity)
                    }
                    .buttonStyle(.bordered)
                    .disabled(model.isBusy)
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

/// The `otpauth://` URI as a QR code an authenticator app scans: drawn pixel for pixel
/// (no smoothing), with `label` as its accessibility label. Nothing where Core Image is absent
/// (watchOS): the key is shown as text beside it.
@available(iOS 17, macOS 14, tvOS 17, watchOS 10, *)
private struct TotpQrCode: View {
    let uri: String
    let label: String

    var body: some View {
        #if canImport(CoreImage)
        if let image = Self.qrCode(uri) {
            Image(image, scale: 1, label: Text(label))
                .interpolation(.none)
                .resizable()
                .scaledToFit()
                .frame(maxWidth: 200, maxHeight: 200)
                .frame(maxWidth: .infinity)
        }
        #else
        EmptyView()
        #endif
    }

    #if canImport(CoreImage)
    /// One Core Image context for every QR code (making one is costly; Apple documents
    /// CIContext as safe to share between threads).
    nonisolated(unsafe) private static let context = CIContext()

    private static func qrCode(_ text: String) -> CGImage? {
        let filter = CIFilter.qrCodeGenerator()
        filter.message = Data(text.utf8)
        filter.correctionLevel = "M"
        guard let output = filter.outputImage else { return nil }
        return context.createCGImage(output, from: output.extent)
    }
    #endif
}

extension View {
    /// Text the user can select and copy (the TOTP key), where the platform has selection.
    @ViewBuilder fileprivate func selectableText() -> some View {
        #if os(iOS) || os(macOS) || os(visionOS)
        textSelection(.enabled)
        #else
        self
        #endif
    }
}
#endif
