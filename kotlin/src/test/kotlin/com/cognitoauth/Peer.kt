package com.cognitoauth

import java.io.File
import java.nio.file.Files
import java.util.concurrent.atomic.AtomicLong

/**
 * A local peer started once per test JVM (shared by every test class) with the repository's
 * launcher `cognito-auth-peer <kind> --out DIR`: it prints one JSON line, writes the
 * configuration files into DIR and keeps the peer alive until its standard input closes —
 * which happens when this JVM exits, however it exits.
 */
class PeerProcess(kind: String) {
    private val dir: File = Files.createTempDirectory("cognito-auth-$kind").toFile()
    private val process: Process
    /** The JSON line the launcher printed. */
    private val info: String

    init {
        val bin = System.getProperty("cognito.peer.bin")
            ?: error("system property cognito.peer.bin is not set (run through `make kotlin-test`)")
        check(File(bin).canExecute()) { "$bin is missing: cargo build -p cognito-auth-testkit" }
        process = ProcessBuilder(bin, kind, "--out", dir.path)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start()
        info = process.inputStream.bufferedReader().readLine()
            ?: error("cognito-auth-peer $kind exited without printing its pool")
        Runtime.getRuntime().addShutdownHook(Thread { process.outputStream.close() })
    }

    /** A string field of the launcher's JSON line. */
    fun field(name: String): String =
        Regex("\"$name\":\"([^\"]+)\"").find(info)?.groupValues?.get(1) ?: error("no $name in $info")

    /** Text of a configuration file the launcher wrote (`amplify_outputs.json`, …). */
    fun config(name: String = "amplify_outputs.json"): String = File(dir, name).readText()
}

/** moto (PyPI): user pools and identity pools. */
object Peer {
    private val peer by lazy { PeerProcess("moto") }

    /** The peer's base URL (user pools and identity pools). */
    val endpoint: String get() = peer.field("endpoint")

    /** Text of a configuration file (`amplify_outputs.json`, `amplifyconfiguration.json`). */
    fun config(name: String = "amplify_outputs.json"): String = peer.config(name)

    /** The user pool's id. */
    val userPoolId: String get() = peer.field("user_pool_id")

    /** The pool's public app client (the one of the configuration files). */
    val clientId: String get() = peer.field("client_id")

    /** The pool's app client that has a secret, and the secret. */
    val secretClientId: String get() = peer.field("secret_client_id")
    val clientSecret: String get() = peer.field("client_secret")

    /** Endpoint overrides that send user- and identity-pool requests to the peer. */
    val endpoints: EndpointOverrides
        get() = EndpointOverrides(userPool = endpoint, identityPool = endpoint, oauth = null)

    /** A client for the peer's pool. */
    fun client(storage: SecureStorage = memoryStorage()): AuthClient =
        AuthClient.fromAmplifyConfigJson(config(), endpoints, storage)

    private val counter = AtomicLong()

    /** A user name no other test uses. */
    fun uniqueUser(prefix: String): String =
        "$prefix${ProcessHandle.current().pid()}x${counter.incrementAndGet()}x${System.nanoTime()}"

    /** A password that meets the test pool's policy. */
    const val GOOD_PASSWORD = "Corr3ct-Horse!"

    /** A confirmed user of the pool, signed up through the bindings (moto takes any code). */
    suspend fun signedUpUser(client: AuthClient, prefix: String = "kt"): String {
        val user = uniqueUser(prefix)
        client.signUp(user, GOOD_PASSWORD)
        client.confirmSignUp(user, "123456")
        return user
    }
}

/**
 * The hosted-UI provider (panva's oidc-provider, npm) with Cognito's routes, an app client
 * and one user. The client's first redirect URI is a loopback one (for desktop presenters);
 * the tests' presenters are a phone app's, so they ask for `myapp://callback` (sign-out then
 * returns to `myapp://signout`).
 */
object OidcPeer {
    private val peer by lazy { PeerProcess("oidc") }

    /** The provider's base URL (the OAuth endpoint override). */
    val endpoint: String get() = peer.field("endpoint")
    val username: String get() = peer.field("username")
    val password: String get() = peer.field("password")

    /** The app's custom-scheme redirect. */
    const val APP_REDIRECT = "myapp://callback"

    /** Web sign-in options of a phone app: its custom-scheme redirect. */
    fun appOptions(preferPrivateSession: Boolean = false, loginHint: String? = null) =
        WebUiOptions(redirectUri = APP_REDIRECT, preferPrivateSession = preferPrivateSession, loginHint = loginHint)

    /** A client whose hosted UI is the provider. */
    fun client(storage: SecureStorage = memoryStorage()): AuthClient =
        AuthClient.fromAmplifyConfigJson(
            peer.config(),
            EndpointOverrides(userPool = null, identityPool = null, oauth = endpoint),
            storage,
        )
}
