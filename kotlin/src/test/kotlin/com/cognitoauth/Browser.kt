package com.cognitoauth

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.net.CookieManager
import java.net.CookiePolicy
import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.Collections

/** What the user does on the provider's login page. */
sealed class Login {
    /** Fills in the form and submits it. */
    data class SignIn(val username: String, val password: String) : Login()

    /** Presses Cancel (the provider answers `error=access_denied`). */
    object Cancel : Login()
}

/**
 * A browser without JavaScript for the local OIDC provider's pages, as the Rust tests' one
 * (tests/support/src/browser.rs): a cookie manager, redirects followed by hand, the login
 * form, the logout confirmation and auto-submitting `form_post` pages submitted. It stops at
 * the first redirect to a non-http scheme (`myapp://…`) and returns that URL.
 */
class HttpBrowser {
    private val http: HttpClient = HttpClient.newBuilder()
        .cookieHandler(CookieManager(null, CookiePolicy.ACCEPT_ALL))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build()

    private class Form(val action: String, val inputs: List<Pair<String, String>>)

    suspend fun navigate(url: String, login: Login): String {
        var request = get(URI(url))
        repeat(25) {
            val current = request.uri()
            // Blocking send on the IO pool: with sendAsync the client could become unreachable
            // while awaited and be shut down by the GC (its selector closes the connection).
            val response = try {
                withContext(Dispatchers.IO) { http.send(request, HttpResponse.BodyHandlers.ofString()) }
            } catch (e: java.io.IOException) {
                throw java.io.IOException("$current: $e", e)
            }
            val status = response.statusCode()
            if (status in 300..399) {
                val location = response.headers().firstValue("location")
                    .orElseThrow { IllegalStateException("$current: redirect without Location") }
                val next = current.resolve(location)
                if (next.scheme != "http" && next.scheme != "https") return next.toString()
                request = get(next)
                return@repeat
            }
            val body = response.body()
            check(status < 400) { "$current: HTTP $status: ${body.take(300)}" }
            val loginForm = form(body, "id=\"login\"")
            if (loginForm != null) {
                check(!body.contains("id=\"message\"")) { "login refused: ${body.take(300)}" }
                request = when (login) {
                    is Login.SignIn -> post(
                        current.resolve(loginForm.action),
                        listOf("username" to login.username, "password" to login.password),
                    )
                    Login.Cancel -> {
                        val cancel = form(body, "id=\"cancel\"") ?: error("no cancel form")
                        post(current.resolve(cancel.action), emptyList())
                    }
                }
                return@repeat
            }
            val logout = form(body, "id=\"op.logoutForm\"")
            if (logout != null) {
                request = post(current.resolve(logout.action), logout.inputs + ("logout" to "yes"))
                return@repeat
            }
            val autoSubmit = form(body, "method=\"post\"")
            if (body.contains("document.forms[0].submit()") && autoSubmit != null) {
                request = post(current.resolve(autoSubmit.action), autoSubmit.inputs)
                return@repeat
            }
            error("$current: a page that needs nothing more: ${body.take(300)}")
        }
        error("more than 25 steps")
    }

    private fun get(uri: URI): HttpRequest = HttpRequest.newBuilder(uri).GET().build()

    private fun post(uri: URI, fields: List<Pair<String, String>>): HttpRequest {
        val body = fields.joinToString("&") { (k, v) ->
            URLEncoder.encode(k, "UTF-8") + "=" + URLEncoder.encode(v, "UTF-8")
        }
        return HttpRequest.newBuilder(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build()
    }

    /** The first form whose opening tag contains [marker], with its action and hidden inputs. */
    private fun form(html: String, marker: String): Form? {
        val match = Regex("<form[^>]*>(.*?)</form>", RegexOption.DOT_MATCHES_ALL).findAll(html)
            .firstOrNull { it.value.substringBefore('>').contains(marker) } ?: return null
        val tag = match.value.substringBefore('>')
        val inputs = Regex("<input[^>]*>").findAll(match.groupValues[1])
            .map { it.value }
            .filter { attr(it, "type") == "hidden" }
            .mapNotNull { input -> attr(input, "name")?.let { it to (attr(input, "value") ?: "") } }
            .toList()
        return Form(attr(tag, "action") ?: "", inputs)
    }

    private fun attr(tag: String, name: String): String? =
        Regex("""\s$name="([^"]*)"""").find(tag)?.groupValues?.get(1)
            ?.replace("&amp;", "&")?.replace("&quot;", "\"")?.replace("&#39;", "'")
            ?.replace("&lt;", "<")?.replace("&gt;", ">")
}

/**
 * A [WebAuthPresenter] written in Kotlin, as an app writes one: shows the page in its
 * browser (a fresh, private one when asked for an ephemeral session, reported as such) and
 * returns the URL the browser was sent to at the app's scheme.
 */
class BrowserPresenter(private val login: Login, val browser: HttpBrowser = HttpBrowser()) : WebAuthPresenter {
    /** (url, callbackUrlScheme, prefersEphemeralSession) of every call. */
    val calls: MutableList<Triple<String, String, Boolean>> = Collections.synchronizedList(mutableListOf())

    override suspend fun present(url: String, callbackUrlScheme: String, prefersEphemeralSession: Boolean): WebAuthResult {
        calls.add(Triple(url, callbackUrlScheme, prefersEphemeralSession))
        val browser = if (prefersEphemeralSession) HttpBrowser() else browser
        return WebAuthResult(callbackUrl = browser.navigate(url, login), privateSession = prefersEphemeralSession)
    }
}
