package com.cognitoauth.compose

import com.cognitoauth.AuthClient
import com.cognitoauth.EndpointOverrides
import com.cognitoauth.memoryStorage
import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.ByteBuffer
import java.nio.file.Files
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/**
 * A local server started once per test JVM with the repository's launcher
 * `cognito-auth-peer <kind> --out DIR [args]` (as the main module's tests do, kotlin/src/test/.../Peer.kt):
 * it prints one JSON line, writes amplify_outputs.json into DIR and stays up until its
 * standard input closes, which happens when this JVM exits.
 */
open class LocalPeer(private val kind: String, private val args: List<String> = emptyList()) {
    private val dir: File = Files.createTempDirectory("cognito-auth-compose-$kind").toFile()
    private val info: String by lazy {
        val bin = System.getProperty("cognito.peer.bin")
            ?: error("system property cognito.peer.bin is not set (run through `make compose-test`)")
        check(File(bin).canExecute()) { "$bin is missing: cargo build -p cognito-auth-testkit" }
        val process = ProcessBuilder(listOf(bin, kind, "--out", dir.path) + args)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start()
        Runtime.getRuntime().addShutdownHook(Thread { process.outputStream.close() })
        process.inputStream.bufferedReader().readLine() ?: error("cognito-auth-peer $kind exited without printing its pool")
    }

    /** `http://127.0.0.1:<port>`. */
    val endpoint: String
        get() = field("endpoint")

    /** The `amplify_outputs.json` the launcher wrote for the peer's pool. */
    fun outputs(): String = File(dir, "amplify_outputs.json").also { info }.readText()

    /** `amplify_outputs.json` with [auth] (JSON members, `"k": v, …`) added to its `auth` object. */
    fun outputsWith(auth: String): String {
        val outputs = outputs()
        val at = Regex("\"auth\"\\s*:\\s*\\{").find(outputs) ?: error("no auth object in $outputs")
        return outputs.replaceRange(at.range, "\"auth\":{$auth,")
    }

    /** A string member [name] of the launcher's line (`pool.json`). */
    protected fun field(name: String): String =
        Regex("\"$name\":\"([^\"]+)\"").find(info)?.groupValues?.get(1) ?: error("no $name in $info")

    /** A client of the peer's pool configured from [outputs], with its session in memory. */
    fun client(outputs: String = outputs()): AuthClient = AuthClient.fromAmplifyConfigJson(
        outputs,
        EndpointOverrides(userPool = endpoint, identityPool = endpoint, oauth = null),
        memoryStorage(),
    )
}

/**
 * The local hosted UI: oidc-provider (npm, a certified OpenID Connect provider) with Cognito's
 * routes, an app client and one user; its `amplify_outputs.json` has the `oauth` section.
 */
object OidcPeer : LocalPeer("oidc") {
    /** A client whose hosted UI is the provider, configured from [outputs]. */
    fun oauthClient(outputs: String = outputs()): AuthClient = AuthClient.fromAmplifyConfigJson(
        outputs,
        EndpointOverrides(userPool = null, identityPool = null, oauth = endpoint),
        memoryStorage(),
    )
}

/** A password that meets the test pools' policy. */
const val GOOD_PASSWORD = "Corr3ct-Horse!"

/** moto (PyPI): user pools that accept any SRP proof and any confirmation code. */
object MotoPeer : LocalPeer("moto")

/**
 * cognito-local (npm): it really checks the codes it sends, and keeps them in its database
 * (`data_dir/.cognito/db/<pool>.json`), where the tests read them as a user reads a message.
 * Its pool verifies `email` by code; it has no SRP, so its clients sign in with
 * `USER_PASSWORD_AUTH` ([passwordOutputs]).
 */
object CognitoLocalPeer : LocalPeer("cognito-local", listOf("--auto-verify", "email")) {
    /** [outputs] whose sign-in flow is `USER_PASSWORD_AUTH`. */
    fun passwordOutputs(): String = outputsWith("\"authentication_flow_type\":\"USER_PASSWORD_AUTH\"")

    /** The sign-up confirmation code sent to [user], if any. */
    fun confirmationCode(user: String): String? = userRecordField(user, "ConfirmationCode")

    /** The attribute-verification code sent to [user], if any. */
    fun attributeCode(user: String): String? = userRecordField(user, "AttributeVerificationCode")

    private fun userRecordField(user: String, name: String): String? {
        val db = File(field("data_dir"), ".cognito/db/${field("user_pool_id")}.json").readText()
        // Users are keyed by name; a record holds no braces inside strings (names, codes, dates).
        val start = Regex("\"${Regex.escape(user)}\"\\s*:\\s*\\{").find(db)?.range?.last ?: return null
        var depth = 0
        val end = (start until db.length).first { i ->
            when (db[i]) {
                '{' -> depth++
                '}' -> depth--
            }
            depth == 0
        }
        val record = db.substring(start, end + 1)
        return Regex("\"$name\"\\s*:\\s*\"([^\"]+)\"").find(record)?.groupValues?.get(1)
    }
}

/**
 * OUR TEST SERVER (tests/srp/cognito_test_server.py, not an independent peer): it verifies
 * SRP proofs, so a wrong password is refused, and checks MFA and TOTP codes; it serves the
 * challenges moto lacks (MFA selection and set-up, new password, USER_AUTH). What it proves:
 * the Compose screens drive those flows as that server implements them.
 */
object TestServerPeer : LocalPeer("test-server") {
    private val http = HttpClient.newHttpClient()

    /** Creates a user (fields: tests/support/src/test_server.rs, `add_user`). */
    fun addUser(spec: String) {
        val response = http.send(
            HttpRequest.newBuilder(URI("$endpoint/_test/users")).POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
            HttpResponse.BodyHandlers.ofString(),
        )
        check(response.statusCode() == 200) { "add user: ${response.statusCode()} ${response.body()}" }
    }

    /** How many user-pool requests the server has received. */
    fun requests(): Int {
        val log = http.send(HttpRequest.newBuilder(URI("$endpoint/_test/log")).build(), HttpResponse.BodyHandlers.ofString())
        return Regex("\"op\"").findAll(log.body()).count()
    }
}

/**
 * The current RFC 6238 code of [base32Key] (SHA-1, 30 s, six digits); near the end of a
 * window it waits for the next one, so the server sees the same window.
 */
fun freshTotp(base32Key: String): String {
    val left = 30 - (System.currentTimeMillis() / 1000) % 30
    if (left < 3) Thread.sleep((left + 1) * 1000)
    val alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    var bits = 0L
    var count = 0
    val key = buildList {
        for (c in base32Key.trimEnd('=')) {
            val v = alphabet.indexOf(c)
            require(v >= 0) { "not base32: $c" }
            bits = (bits shl 5) or v.toLong()
            count += 5
            if (count >= 8) {
                count -= 8
                add(((bits shr count) and 0xff).toByte())
            }
        }
    }.toByteArray()
    val counter = System.currentTimeMillis() / 1000 / 30
    val mac = Mac.getInstance("HmacSHA1").apply { init(SecretKeySpec(key, "HmacSHA1")) }
        .doFinal(ByteBuffer.allocate(8).putLong(counter).array())
    val offset = mac.last().toInt() and 0x0f
    val value = ByteBuffer.wrap(mac, offset, 4).int and 0x7fffffff
    return "%06d".format(value % 1_000_000)
}
