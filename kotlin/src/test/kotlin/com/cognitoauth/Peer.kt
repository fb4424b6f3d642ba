package com.cognitoauth

import java.io.File
import java.nio.file.Files
import java.util.concurrent.atomic.AtomicLong

/**
 * The local Cognito peer the JVM tests run against: moto (PyPI), started once per test JVM by
 * the repository's launcher `cognito-auth-peer moto --out DIR`. The launcher creates a fresh
 * pool, prints one JSON line, writes DIR/amplify_outputs.json and keeps moto alive until its
 * standard input closes — which happens when this JVM exits, however it exits.
 */
object Peer {
    private val dir: File = Files.createTempDirectory("cognito-auth-kotlin").toFile()
    private val process: Process
    /** The peer's base URL (user pools and identity pools). */
    val endpoint: String

    init {
        val bin = System.getProperty("cognito.peer.bin")
            ?: error("system property cognito.peer.bin is not set (run through `make kotlin-test`)")
        check(File(bin).canExecute()) { "$bin is missing: cargo build -p cognito-auth-testkit" }
        process = ProcessBuilder(bin, "moto", "--out", dir.path)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start()
        val line = process.inputStream.bufferedReader().readLine()
            ?: error("cognito-auth-peer exited without printing its pool")
        endpoint = Regex("\"endpoint\":\"([^\"]+)\"").find(line)?.groupValues?.get(1)
            ?: error("no endpoint in $line")
        Runtime.getRuntime().addShutdownHook(Thread { process.outputStream.close() })
    }

    /** Text of a configuration file the launcher wrote (`amplify_outputs.json`, …). */
    fun config(name: String = "amplify_outputs.json"): String = File(dir, name).readText()

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
}
