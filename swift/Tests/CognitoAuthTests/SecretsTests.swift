// Records print every field (`String(describing:)`, `dump`), and objects print their exported
// Rust `Debug`. Every value that can hold a secret is built here from real flows (moto, and
// the OIDC provider for the hosted UI), printed every way Swift prints, and searched for
// every secret of those flows.

import CognitoAuth
import Foundation
import XCTest

final class SecretsTests: XCTestCase {
    /// Every way a value reaches a log: print, debugPrint, string interpolation, dump, and
    /// its `description` and `debugDescription` read directly.
    private func printed(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        var texts = [String(describing: value), String(reflecting: value), "\(value)", dumped]
        if let value = value as? CustomStringConvertible { texts.append(value.description) }
        if let value = value as? CustomDebugStringConvertible { texts.append(value.debugDescription) }
        return texts
    }

    func testNoRecordObjectOrErrorPrintsASecret() async throws {
        let info = try Moto.info()
        let clientSecret = info.field("client_secret")
        var secrets = [goodPassword, clientSecret]
        var values: [(String, Any)] = []

        let config = AuthConfig(userPool: UserPoolConfig(
            poolId: info.field("user_pool_id"), clientId: info.field("secret_client_id"),
            region: "us-east-1", endpoint: info.field("endpoint")))
        values.append(("AuthConfig", config))

        // A user-pool sign-in, its session, TOTP set-up, a signed request, the sign-out.
        let client = try Moto.client()
        values.append(("AuthClient", client))
        values.append(("AuthEventStream", try client.events()))
        values.append(("SecureStorage (Rust)", memoryStorage()))
        let user = uniqueUser("secret")
        values.append(("SignUpResult", try await client.signUp(username: user, password: goodPassword)))
        _ = try await client.confirmSignUp(username: user, code: "123456")
        values.append(("SignInResult", try await client.signIn(username: user, password: goodPassword)))
        let session = await client.fetchAuthSession()
        values.append(("AuthSession", session))
        values.append(("AuthUser", try await client.getCurrentUser()))
        values.append(("UserState", client.currentUserState))
        let tokens = try session.tokens.get()
        let credentials = try session.awsCredentials.get()
        values.append(("UserPoolTokens", tokens))
        values.append(("AwsCredentials", credentials))
        secrets += [tokens.idToken(), tokens.accessToken(), try XCTUnwrap(tokens.refreshToken()),
                    credentials.secretAccessKey()]
        if !credentials.sessionToken().isEmpty { secrets.append(credentials.sessionToken()) }
        let totp = try await client.setUpTotp()
        values.append(("TotpSetupDetails", totp))
        secrets.append(totp.sharedSecret())
        let signed = try await client.signRequest(
            request: RequestToSign(method: "GET", url: "https://execute-api.us-east-1.amazonaws.com/prod/items"),
            service: "execute-api")
        values.append(("SignedHeaders", signed))
        secrets.append(try XCTUnwrap(signed.value(name: "authorization")))
        // A request carrying the app's own bearer token.
        values.append(("RequestToSign", RequestToSign(
            method: "GET", url: "https://api.example.com/items",
            headers: [HttpHeader(name: "Authorization", value: "Bearer \(tokens.accessToken())")])))
        values.append(("SignOutResult", await client.signOut()))

        // A wrong password: the error says so without repeating it.
        do {
            _ = try await client.signIn(
                username: user, password: "Wr0ng-but-secret!", options: SignInOptions(flow: .userPassword))
        } catch {
            values.append(("AuthError", error))
            values.append(("localizedDescription", error.localizedDescription))
        }
        secrets.append("Wr0ng-but-secret!")

        // The secret client signs in with its secret.
        let secretClient = try CognitoAuth.create(config: config, storage: memoryStorage(), clientSecret: clientSecret)
        let secretUser = uniqueUser("withsecret")
        _ = try await secretClient.signUp(username: secretUser, password: goodPassword)
        _ = try await secretClient.confirmSignUp(username: secretUser, code: "123456")
        values.append(("SignInResult (secret client)", try await secretClient.signIn(username: secretUser, password: goodPassword)))

        // Federation with a provider token.
        let federating = try Moto.client()
        let providerToken = "provider-token-\(uniqueUser("p"))"
        secrets.append(providerToken)
        let federated = try await federating.federateToIdentityPool(providerToken: providerToken, provider: .google)
        values.append(("FederationResult", federated))
        secrets.append(federated.credentials.secretAccessKey())
        values.append(("AuthSession (federated)", await federating.fetchAuthSession()))

        // The hosted UI: its tokens, and the PKCE verifier (only ever in the store).
        let store = RecordingStorage()
        let web = try Oidc.client(storage: store)
        let url = try await web.beginWebSignIn(options: Oidc.appOptions())
        let pending = try XCTUnwrap(store.items.first { $0.key.hasSuffix("/hosted_ui.pending") }?.value)
        let pendingJson = try XCTUnwrap(JSONSerialization.jsonObject(with: pending) as? [String: Any])
        let verifier = try XCTUnwrap(pendingJson["code_verifier"] as? String)
        XCTAssertGreaterThanOrEqual(verifier.count, 43)
        secrets.append(verifier)
        values.append(("authorize URL", url))
        let callbackUrl = try await HttpBrowser().navigate(url, try Oidc.login())
        let code = try XCTUnwrap(URLComponents(string: callbackUrl)?.queryItems?.first { $0.name == "code" }?.value)
        secrets.append(code)
        values.append(("WebAuthResult", WebAuthResult(callbackUrl: callbackUrl, privateSession: false)))
        try await web.completeWebSignIn(callbackUrl: callbackUrl)
        let webSession = await web.fetchAuthSession()
        values.append(("AuthSession (hosted UI)", webSession))
        let webTokens = try webSession.tokens.get()
        secrets += [webTokens.idToken(), webTokens.accessToken(), try XCTUnwrap(webTokens.refreshToken())]

        XCTAssertTrue(secrets.allSatisfy { $0.count >= 8 }, "\(secrets.count) secrets")
        for (what, value) in values {
            for text in printed(value) {
                for secret in secrets {
                    XCTAssertFalse(text.contains(secret), "\(what) prints a secret: \(text)")
                }
            }
        }
        // The objects still say what they are, and no print shows a handle or an address.
        XCTAssertTrue(String(describing: tokens).contains("expirationDate"), String(describing: tokens))
        XCTAssertTrue(String(reflecting: tokens).contains("expires_at"), String(reflecting: tokens))
        let printedSession = String(describing: session)
        XCTAssertTrue(printedSession.hasPrefix(#"AuthSession(isSignedIn: true, userSub: ""#), printedSession)
        XCTAssertTrue(printedSession.contains(", tokens: UserPoolTokens(expirationDate: 20"), printedSession)
        XCTAssertTrue(printedSession.contains(#"awsCredentials: AwsCredentials(accessKeyId: ""#), printedSession)
        let signedOut = String(describing: await client.fetchAuthSession())
        XCTAssertTrue(signedOut.contains("tokens: failure(SignedOut: "), signedOut)
        for (what, value) in values {
            for text in printed(value) {
                XCTAssertFalse(text.contains("handle"), "\(what): \(text)")
            }
        }
        XCTAssertTrue(String(describing: signed).contains("authorization"), String(describing: signed))
    }
}
