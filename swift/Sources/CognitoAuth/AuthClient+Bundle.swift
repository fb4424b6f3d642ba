// Configuration from the app's own files: `amplify_outputs.json` (Gen 2) or
// `amplifyconfiguration.json` (Gen 1) as shipped in the app bundle, in one call.

import Foundation

extension AuthClient {
    /// A client configured from `<resource>.json` in `bundle`: by default the app's
    /// `amplify_outputs.json`, as Amplify Gen 2 writes it (pass
    /// `resource: "amplifyconfiguration"` for a Gen 1 file). Storage defaults to the
    /// platform's (`CognitoAuth.defaultStorage`).
    ///
    ///     let auth = try AuthClient.fromBundle()
    ///
    /// Throws `AuthError.Configuration` naming the file when the bundle has no such resource,
    /// and the parser's `AuthError.Configuration` (naming the bad key) when it is malformed.
    public static func fromBundle(
        _ bundle: Bundle = .main,
        resource: String = "amplify_outputs",
        endpoints: EndpointOverrides? = nil,
        storage: SecureStorage? = nil,
        options: ClientOptions? = nil
    ) throws -> AuthClient {
        guard let url = bundle.url(forResource: resource, withExtension: "json") else {
            throw AuthError.Configuration(
                reason: "\(resource).json is not in the bundle at \(bundle.bundleURL.path)")
        }
        return try fromFile(url, endpoints: endpoints, storage: storage, options: options)
    }

    /// A client configured from an `amplify_outputs.json` or `amplifyconfiguration.json` file.
    /// Throws `AuthError.Configuration` naming the file when it cannot be read.
    public static func fromFile(
        _ url: URL,
        endpoints: EndpointOverrides? = nil,
        storage: SecureStorage? = nil,
        options: ClientOptions? = nil
    ) throws -> AuthClient {
        let json: String
        do {
            json = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw AuthError.Configuration(reason: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try CognitoAuth.fromAmplifyConfig(
            json: json, endpoints: endpoints, storage: storage, options: options)
    }
}
