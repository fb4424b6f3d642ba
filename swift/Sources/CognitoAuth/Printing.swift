// How every public type prints. Records and enums print as Swift literals without the module
// prefix (`SignInResult(isSignedIn: false, nextStep: confirmWithTotpCode)`, absent optionals
// left out); objects print what they hold that is not a secret and `***` for what is
// (`UserPoolTokens(expirationDate: …, idToken: ***, …)`), never a handle or an address.
// `dump` reads the same fields through `customMirror`. `String(reflecting:)` of the token,
// credential, TOTP and signed-header objects is the Rust core's `Debug` (secrets as `***`).
//
// Nothing here holds a secret except what is masked: a callback URL's query (the
// authorization code) and the values of credential-bearing HTTP headers.

import Foundation

// MARK: - Rendering

/// `Name(label: value, …)` from the value's mirror: absent optionals left out, strings
/// quoted, nested records and enums by their own `description`.
func printedFields(of value: Any) -> String {
    let mirror = Mirror(reflecting: value)
    let fields: [(String, Any?)] = mirror.children.map { ($0.label ?? "_", $0.value) }
    return printed(String(describing: mirror.subjectType), fields)
}

/// `name(label: value, …)`, leaving out the fields whose value is `nil`.
func printed(_ name: String, _ fields: [(String, Any?)]) -> String {
    "\(name)(\(printedParts(fields).joined(separator: ", ")))"
}

/// `case(label: value, …)`, or `case` alone when it carries nothing.
func printedCase(_ name: String, _ fields: [(String, Any?)] = []) -> String {
    let parts = printedParts(fields)
    return parts.isEmpty ? name : "\(name)(\(parts.joined(separator: ", ")))"
}

private func printedParts(_ fields: [(String, Any?)]) -> [String] {
    fields.compactMap { label, value -> String? in
        guard let value = unwrapped(value) else { return nil }
        return "\(label): \(printedValue(value))"
    }
}

/// The value inside any depth of optionals, or `nil`.
private func unwrapped(_ value: Any?) -> Any? {
    guard let value else { return nil }
    let mirror = Mirror(reflecting: value)
    guard mirror.displayStyle == .optional else { return value }
    return unwrapped(mirror.children.first?.value)
}

func printedValue(_ value: Any) -> String {
    switch value {
    case let text as String:
        return String(reflecting: text)
    case let date as Date:
        return date.ISO8601Format()
    case let error as AuthError:
        return printedError(error)
    case let map as [String: String]:
        if map.isEmpty { return "[:]" }
        let pairs = map.keys.sorted().map { "\(String(reflecting: $0)): \(String(reflecting: map[$0]!))" }
        return "[\(pairs.joined(separator: ", "))]"
    default:
        // Arrays and sets element by element (their own description would use each
        // element's debug form, with the module's name).
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .collection || mirror.displayStyle == .set {
            return "[\(mirror.children.map { printedValue($0.value) }.joined(separator: ", "))]"
        }
        return String(describing: value)
    }
}

/// Marks a secret in printed text.
let masked = "***"

/// `url` with every query and fragment value replaced by `***` (an OAuth callback carries
/// the authorization code and state there).
func maskedURL(_ url: String) -> String {
    guard var parts = URLComponents(string: url) else { return masked }
    if let items = parts.queryItems {
        parts.percentEncodedQuery = items.map { "\($0.name)=\(masked)" }.joined(separator: "&")
    }
    if parts.fragment != nil { parts.percentEncodedFragment = masked }
    return parts.string ?? masked
}

/// Header names whose values are credentials.
private let credentialHeaders: Set<String> = [
    "authorization", "x-amz-security-token", "cookie", "set-cookie", "proxy-authorization",
]

// MARK: - Objects: what they hold that is not secret

extension AuthClient: CustomStringConvertible, CustomReflectable {
    /// `AuthClient(fingerprint: "…")`: the backend it talks to.
    public var description: String { printed("AuthClient", [("fingerprint", fingerprint())]) }
    public var customMirror: Mirror { Mirror(self, children: ["fingerprint": fingerprint()]) }
}

extension AuthEventStream: CustomStringConvertible, CustomReflectable {
    public var description: String { "AuthEventStream" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension UserPoolTokens: CustomStringConvertible, CustomReflectable {
    /// `UserPoolTokens(expirationDate: …, idToken: ***, accessToken: ***, refreshToken: ***)`.
    public var description: String {
        printed("UserPoolTokens", [
            ("expirationDate", expirationDate), ("idToken", Masked()), ("accessToken", Masked()),
            ("refreshToken", refreshToken() == nil ? nil : Masked()),
        ])
    }
    public var customMirror: Mirror {
        Mirror(self, children: ["expirationDate": expirationDate, "hasRefreshToken": refreshToken() != nil])
    }
}

extension AwsCredentials: CustomStringConvertible, CustomReflectable {
    /// `AwsCredentials(accessKeyId: "ASIA…", expirationDate: …, secretAccessKey: ***,
    /// sessionToken: ***)`: the access key id alone opens nothing.
    public var description: String {
        printed("AwsCredentials", [
            ("accessKeyId", accessKeyId()), ("expirationDate", expirationDate),
            ("secretAccessKey", Masked()), ("sessionToken", Masked()),
        ])
    }
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyId": accessKeyId(), "expirationDate": expirationDate])
    }
}

extension TotpSetupDetails: CustomStringConvertible, CustomReflectable {
    /// `TotpSetupDetails(username: "…", sharedSecret: ***)`.
    public var description: String {
        printed("TotpSetupDetails", [("username", username()), ("sharedSecret", Masked())])
    }
    public var customMirror: Mirror { Mirror(self, children: ["username": username()]) }
}

extension SignedHeaders: CustomStringConvertible, CustomReflectable {
    /// `SignedHeaders(names: [...])`: the values carry the signature and session token.
    public var description: String { printed("SignedHeaders", [("names", names())]) }
    public var customMirror: Mirror { Mirror(self, children: ["names": names()]) }
}

extension SecureStorageImpl: CustomStringConvertible, CustomReflectable {
    /// A store implemented in Rust (memory, encrypted files, Keychain, Keystore).
    public var description: String { "SecureStorage(rust)" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension WebAuthPresenterImpl: CustomStringConvertible, CustomReflectable {
    /// A presenter implemented in Rust (the desktop loopback presenter).
    public var description: String { "WebAuthPresenter(rust)" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension SecretToken: CustomStringConvertible, CustomReflectable {
    /// `***`: a token kept for a retry after a partial sign-out.
    public var description: String { masked }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// Prints as `***`.
private struct Masked: CustomStringConvertible {
    var description: String { masked }
}

// MARK: - Records

extension AuthSession: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension AuthUser: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension AuthDevice: CustomStringConvertible {
    /// `AuthDevice(id: "…", name: "…", createdDate: …, lastAuthenticatedDate: …, attributes: […])`.
    public var description: String {
        printed("AuthDevice", [
            ("id", id), ("name", name), ("createdDate", createdDate),
            ("lastAuthenticatedDate", lastAuthenticatedDate), ("attributes", attributes),
        ])
    }
}

extension CodeDelivery: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension FederationResult: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension MfaPreference: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension SignInResult: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension SignUpResult: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension WebAuthResult: CustomStringConvertible, CustomReflectable {
    /// The callback URL with its query values (the authorization code, the state) masked.
    public var description: String {
        printed("WebAuthResult", [("callbackUrl", maskedURL(callbackUrl)), ("privateSession", privateSession)])
    }
    public var customMirror: Mirror {
        Mirror(self, children: ["callbackUrl": maskedURL(callbackUrl), "privateSession": privateSession])
    }
}

extension HttpHeader: CustomStringConvertible, CustomReflectable {
    /// `authorization`, `x-amz-security-token` and cookies print `***`.
    public var description: String { printed("HttpHeader", [("name", name), ("value", printableValue)]) }
    public var customMirror: Mirror { Mirror(self, children: ["name": name, "value": printableValue]) }
    private var printableValue: String { credentialHeaders.contains(name.lowercased()) ? masked : value }
}

extension RequestToSign: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension AuthConfig: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension UserPoolConfig: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension IdentityPoolConfig: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension OAuthConfig: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension EndpointOverrides: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension ClientOptions: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension SignInOptions: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension ConfirmSignInOptions: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension SignUpOptions: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension WebUiOptions: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension KeychainStorageOptions: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

extension KeystoreStorageOptions: CustomStringConvertible {
    public var description: String { printedFields(of: self) }
}

// MARK: - Enums with payloads

extension SessionValue: CustomStringConvertible {
    /// The value, quoted, or `failure(<kind>: <message>)`.
    public var description: String {
        switch self {
        case .value(let value): return String(reflecting: value)
        case .failure(let error): return printedFailure(error)
        }
    }
}

extension SessionTokens: CustomStringConvertible {
    public var description: String {
        switch self {
        case .value(let tokens): return tokens.description
        case .failure(let error): return printedFailure(error)
        }
    }
}

extension SessionCredentials: CustomStringConvertible {
    public var description: String {
        switch self {
        case .value(let credentials): return credentials.description
        case .failure(let error): return printedFailure(error)
        }
    }
}

/// `failure(NotAuthorized: Incorrect username or password.)`.
func printedFailure(_ error: AuthError) -> String { "failure(\(printedError(error)))" }

/// `NotAuthorized: Incorrect username or password.`: kind and message.
func printedError(_ error: AuthError) -> String { "\(error.kind()): \(error.message)" }

extension SignInNextStep: CustomStringConvertible {
    public var description: String {
        switch self {
        case .confirmWithSmsMfaCode(let delivery):
            return printedCase("confirmWithSmsMfaCode", [("delivery", delivery)])
        case .confirmWithTotpCode: return "confirmWithTotpCode"
        case .confirmWithOtp(let delivery): return printedCase("confirmWithOtp", [("delivery", delivery)])
        case .continueWithMfaSelection(let allowed):
            return printedCase("continueWithMfaSelection", [("allowed", allowed)])
        case .continueWithMfaSetupSelection(let allowed):
            return printedCase("continueWithMfaSetupSelection", [("allowed", allowed)])
        case .continueWithTotpSetup(let details):
            return printedCase("continueWithTotpSetup", [("details", details)])
        case .continueWithEmailMfaSetup: return "continueWithEmailMfaSetup"
        case .confirmWithNewPassword(let requiredAttributes):
            return printedCase("confirmWithNewPassword", [("requiredAttributes", requiredAttributes)])
        case .confirmWithCustomChallenge(let parameters):
            return printedCase("confirmWithCustomChallenge", [("parameters", parameters)])
        case .continueWithFirstFactorSelection(let available):
            return printedCase("continueWithFirstFactorSelection", [("available", available)])
        case .confirmWithPassword: return "confirmWithPassword"
        case .challengeNotSupported(let challenge):
            return printedCase("challengeNotSupported", [("challenge", challenge)])
        case .resetPassword: return "resetPassword"
        case .confirmSignUp: return "confirmSignUp"
        case .done: return "done"
        }
    }
}

extension AuthenticatorStep: CustomStringConvertible, CustomReflectable {
    /// `signIn`, `confirmSignInWithCode(medium: sms, delivery: CodeDelivery(…))`, …; TOTP
    /// set-up as `setupTotp(sharedSecret: ***, setupUri: ***)`: the key, and the URI that
    /// carries it, are for the screen, never for a log.
    public var description: String {
        switch self {
        case .signIn: return "signIn"
        case .signUp: return "signUp"
        case .confirmSignUp(let delivery): return printedCase("confirmSignUp", [("delivery", delivery)])
        case .forgotPassword: return "forgotPassword"
        case .confirmResetPassword(let delivery):
            return printedCase("confirmResetPassword", [("delivery", delivery)])
        case .newPasswordRequired: return "newPasswordRequired"
        case .confirmSignInWithCode(let medium, let delivery):
            return printedCase("confirmSignInWithCode", [("medium", medium), ("delivery", delivery)])
        case .setupTotp: return printedCase("setupTotp", [("sharedSecret", Masked()), ("setupUri", Masked())])
        case .selectMfaType(let allowed): return printedCase("selectMfaType", [("allowed", allowed)])
        case .selectMfaSetup(let allowed): return printedCase("selectMfaSetup", [("allowed", allowed)])
        case .setupEmailMfa: return "setupEmailMfa"
        case .selectFirstFactor(let available):
            return printedCase("selectFirstFactor", [("available", available)])
        case .confirmSignInWithPassword: return "confirmSignInWithPassword"
        case .customChallenge(let parameters): return printedCase("customChallenge", [("parameters", parameters)])
        case .verifyContact(let unverified): return printedCase("verifyContact", [("unverified", unverified)])
        case .confirmVerifyContact(let contact, let delivery):
            return printedCase("confirmVerifyContact", [("contact", contact), ("delivery", delivery)])
        case .signedIn(let username): return printedCase("signedIn", [("username", username)])
        }
    }
    /// `dump` shows the description alone (the associated values would show the TOTP key).
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension SignUpNextStep: CustomStringConvertible {
    public var description: String {
        switch self {
        case .confirmSignUp(let delivery): return printedCase("confirmSignUp", [("delivery", delivery)])
        case .completeAutoSignIn: return "completeAutoSignIn"
        case .done: return "done"
        }
    }
}

extension ResetPasswordNextStep: CustomStringConvertible {
    public var description: String {
        switch self {
        case .confirmResetPasswordWithCode(let delivery):
            return printedCase("confirmResetPasswordWithCode", [("delivery", delivery)])
        case .done: return "done"
        }
    }
}

extension AttributeUpdateStep: CustomStringConvertible {
    public var description: String {
        switch self {
        case .confirmAttributeWithCode(let delivery):
            return printedCase("confirmAttributeWithCode", [("delivery", delivery)])
        case .done: return "done"
        }
    }
}

extension SignOutResult: CustomStringConvertible {
    /// `complete`, `partial(globalSignOutError: Network: …, accessToken: ***)` or
    /// `failed(error: Storage: …)`: errors as kind and message, tokens as `***`.
    public var description: String {
        switch self {
        case .complete: return "complete"
        case .partial(let revokeTokenError, let globalSignOutError, let hostedUiError,
                      let refreshToken, let accessToken, let signOutUrl):
            return printedCase("partial", [
                ("revokeTokenError", revokeTokenError.map { Unquoted(printedError($0)) }),
                ("globalSignOutError", globalSignOutError.map { Unquoted(printedError($0)) }),
                ("hostedUiError", hostedUiError.map { Unquoted(printedError($0)) }),
                ("refreshToken", refreshToken.map { _ in Masked() }),
                ("accessToken", accessToken.map { _ in Masked() }),
                ("signOutUrl", signOutUrl),
            ])
        case .failed(let error): return printedCase("failed", [("error", Unquoted(printedError(error)))])
        }
    }
}

/// Text printed as it is (not quoted like a string value).
struct Unquoted: CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
