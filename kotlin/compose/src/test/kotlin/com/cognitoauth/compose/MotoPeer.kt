package com.cognitoauth.compose

import com.cognitoauth.AuthClient
import com.cognitoauth.EndpointOverrides
import com.cognitoauth.memoryStorage
import java.io.File
import java.nio.file.Files

/**
 * moto (PyPI), started once per test JVM with the repository's launcher
 * `cognito-auth-peer moto --out DIR` (as the main module's tests do, kotlin/src/test/.../Peer.kt):
 * it prints one JSON line, writes amplify_outputs.json into DIR and stays up until its
 * standard input closes, which happens when this JVM exits.
 */
object MotoPeer {
    private val dir: File = Files.createTempDirectory("cognito-auth-compose-moto").toFile()
    private val info: String by lazy {
        val bin = System.getProperty("cognito.peer.bin")
            ?: error("system property cognito.peer.bin is not set (run through `make compose-test`)")
        check(File(bin).canExecute()) { "$bin is missing: cargo build -p cognito-auth-testkit" }
        val process = ProcessBuilder(bin, "moto", "--out", dir.path)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start()
        Runtime.getRuntime().addShutdownHook(Thread { process.outputStream.close() })
        process.inputStream.bufferedReader().readLine() ?: error("cognito-auth-peer moto exited without printing its pool")
    }

    private val endpoint: String
        get() = Regex("\"endpoint\":\"([^\"]+)\"").find(info)?.groupValues?.get(1) ?: error("no endpoint in $info")

    /** A client of the peer's pool, with its session in memory. */
    fun client(): AuthClient = AuthClient.fromAmplifyConfigJson(
        File(dir, "amplify_outputs.json").also { info }.readText(),
        EndpointOverrides(userPool = endpoint, identityPool = endpoint, oauth = null),
        memoryStorage(),
    )

    /** A password that meets the test pool's policy. */
    const val GOOD_PASSWORD = "Corr3ct-Horse!"
}
