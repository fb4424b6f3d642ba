// A browser without JavaScript for the local OIDC provider's pages, as the Rust and Kotlin
// suites have: cookies kept by hand, redirects followed one at a time, the login form, the
// logout confirmation and auto-submitting `form_post` pages submitted. It stops at the first
// redirect to a non-http scheme (`myapp://…`) and returns that URL.

import CognitoAuth
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What the user does on the provider's login page.
enum Login {
    /// Fills in the form and submits it.
    case signIn(username: String, password: String)
    /// Presses Cancel (the provider answers `error=access_denied`).
    case cancel
}

/// HTTP without automatic redirects or cookies: the caller sees every response. One session
/// for the whole run (a session keeps its delegate until invalidated); cookies are kept by
/// each `HttpBrowser`, never by the session.
final class HttpClient: Sendable {
    private final class NoRedirects: NSObject, URLSessionTaskDelegate {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        try await withCheckedThrowingContinuation { continuation in
            Self.session.dataTask(with: request) { data, response, error in
                if let error = error {
                    continuation.resume(throwing: PeerError("\(request.url!): \(error)"))
                } else if let response = response as? HTTPURLResponse {
                    continuation.resume(returning: (data ?? Data(), response))
                } else {
                    continuation.resume(throwing: PeerError("\(request.url!): no HTTP response"))
                }
            }.resume()
        }
    }
}

final class HttpBrowser: @unchecked Sendable {
    private let http = HttpClient()
    private let cookies = Locked<[String: HTTPCookie]>([:])

    private struct Form {
        let action: String
        let inputs: [(String, String)]
    }

    func navigate(_ url: String, _ login: Login) async throws -> String {
        var request = URLRequest(url: URL(string: url)!)
        for _ in 0..<25 {
            let current = request.url!
            addCookies(to: &request)
            let (data, response) = try await http.send(request)
            keepCookies(from: response, for: current)
            let status = response.statusCode
            if (300..<400).contains(status) {
                guard let location = response.value(forHTTPHeaderField: "Location"),
                      let next = URL(string: location, relativeTo: current)?.absoluteURL
                else { throw PeerError("\(current): redirect without Location") }
                if next.scheme != "http" && next.scheme != "https" { return next.absoluteString }
                request = URLRequest(url: next)
                continue
            }
            let body = String(decoding: data, as: UTF8.self)
            guard status < 400 else { throw PeerError("\(current): HTTP \(status): \(body.prefix(300))") }
            if let loginForm = form(body, marker: "id=\"login\"") {
                guard !body.contains("id=\"message\"") else { throw PeerError("login refused: \(body.prefix(300))") }
                switch login {
                case let .signIn(username, password):
                    request = post(resolve(loginForm.action, current), [("username", username), ("password", password)])
                case .cancel:
                    guard let cancel = form(body, marker: "id=\"cancel\"") else { throw PeerError("no cancel form") }
                    request = post(resolve(cancel.action, current), [])
                }
                continue
            }
            if let logout = form(body, marker: "id=\"op.logoutForm\"") {
                request = post(resolve(logout.action, current), logout.inputs + [("logout", "yes")])
                continue
            }
            if body.contains("document.forms[0].submit()"), let auto = form(body, marker: "method=\"post\"") {
                request = post(resolve(auto.action, current), auto.inputs)
                continue
            }
            throw PeerError("\(current): a page that needs nothing more: \(body.prefix(300))")
        }
        throw PeerError("more than 25 steps")
    }

    private func resolve(_ action: String, _ base: URL) -> URL {
        URL(string: action, relativeTo: base)?.absoluteURL ?? base
    }

    private func post(_ url: URL, _ fields: [(String, String)]) -> URLRequest {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encode = { (s: String) in s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s }
        request.httpBody = Data(fields.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&").utf8)
        return request
    }

    private func keepCookies(from response: HTTPURLResponse, for url: URL) {
        var fields: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name] = value }
        }
        let received = HTTPCookie.cookies(withResponseHeaderFields: fields, for: url)
        cookies.withValue { cookies in
            for cookie in received {
                let key = "\(cookie.name);\(cookie.path)"
                let expired = cookie.expiresDate.map { $0 < Date() } ?? false
                cookies[key] = expired ? nil : cookie
            }
        }
    }

    private func addCookies(to request: inout URLRequest) {
        let path = request.url!.path.isEmpty ? "/" : request.url!.path
        let matching = cookies.current.values.filter { path.hasPrefix($0.path) }
        if !matching.isEmpty {
            request.setValue(matching.map { "\($0.name)=\($0.value)" }.joined(separator: "; "),
                             forHTTPHeaderField: "Cookie")
        }
    }

    /// The first form whose opening tag contains `marker`, with its action and hidden inputs.
    private func form(_ html: String, marker: String) -> Form? {
        var rest = html[...]
        while let start = rest.range(of: "<form") {
            guard let end = rest.range(of: "</form>", range: start.upperBound..<rest.endIndex) else { return nil }
            let whole = rest[start.lowerBound..<end.lowerBound]
            let tagEnd = whole.firstIndex(of: ">") ?? whole.endIndex
            let tag = String(whole[..<tagEnd])
            rest = rest[end.upperBound...]
            guard tag.contains(marker) else { continue }
            var inputs: [(String, String)] = []
            var body = whole[tagEnd...]
            while let input = body.range(of: "<input") {
                let close = body[input.upperBound...].firstIndex(of: ">") ?? body.endIndex
                let element = String(body[input.lowerBound..<close])
                body = body[close...]
                if attribute(element, "type") == "hidden", let name = attribute(element, "name") {
                    inputs.append((name, attribute(element, "value") ?? ""))
                }
            }
            return Form(action: attribute(tag, "action") ?? "", inputs: inputs)
        }
        return nil
    }

    private func attribute(_ tag: String, _ name: String) -> String? {
        guard let start = tag.range(of: " \(name)=\"") else { return nil }
        let value = tag[start.upperBound...].prefix { $0 != "\"" }
        return value
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
    }
}

/// A `WebAuthPresenter` written in Swift, as an app writes one: shows the page in its
/// browser (a fresh, private one when asked for an ephemeral session, reported as private)
/// and returns the URL the browser was sent to at the app's scheme. With `canBePrivate`
/// false it behaves like a presenter that cannot give a private session (Custom Tabs, a
/// system browser): always the shared browser, reported as shared.
final class BrowserPresenter: WebAuthPresenter, @unchecked Sendable {
    private let login: Login
    private let canBePrivate: Bool
    let browser = HttpBrowser()
    private let recorded = Locked<[(url: String, scheme: String, ephemeral: Bool)]>([])

    init(_ login: Login, canBePrivate: Bool = true) {
        self.login = login
        self.canBePrivate = canBePrivate
    }

    /// (url, callbackUrlScheme, prefersEphemeralSession) of every call.
    var calls: [(url: String, scheme: String, ephemeral: Bool)] { recorded.current }

    func present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Bool) async throws
        -> WebAuthResult
    {
        recorded.withValue { $0.append((url, callbackUrlScheme, prefersEphemeralSession)) }
        let ephemeral = prefersEphemeralSession && canBePrivate
        let callback = try await (ephemeral ? HttpBrowser() : browser).navigate(url, login)
        return WebAuthResult(callbackUrl: callback, privateSession: ephemeral)
    }
}

/// A `WebAuthPresenter` that fails the way an app's does.
final class FailingPresenter: WebAuthPresenter, @unchecked Sendable {
    let error: Error
    init(_ error: Error) { self.error = error }

    func present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Bool) async throws
        -> WebAuthResult
    {
        throw error
    }
}
