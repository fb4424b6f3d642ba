package com.cognitoauth.bench

import com.cognitoauth.AuthClient
import com.cognitoauth.EndpointOverrides
import com.cognitoauth.getOrThrow
import com.cognitoauth.memoryStorage
import com.cognitoauth.version
import java.io.File
import java.lang.management.ManagementFactory
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.condition.EnabledIfSystemProperty

/**
 * The cost of the FFI boundary on the JVM, for `make bench` (bench/run.py): calls through the
 * UniFFI Kotlin bindings and JNA into the release cdylib, timed by a plain harness — JIT
 * warm-up first, then rounds of many iterations; the median round and the spread are reported.
 * Not a test: it asserts nothing about time, and runs only with `-Dcognito.bench.out=FILE`
 * (Maven profile `bench`), writing one JSON object per case to FILE.
 */
@EnabledIfSystemProperty(named = "cognito.bench.out", matches = ".+")
class FfiBenchmark {
    private val out = File(System.getProperty("cognito.bench.out"))
    private val rounds = (System.getProperty("cognito.bench.rounds") ?: "9").toInt()
    private val warmupMillis = (System.getProperty("cognito.bench.warmup.ms") ?: "1500").toLong()
    private val roundMillis = (System.getProperty("cognito.bench.round.ms") ?: "300").toLong()
    /** CPU time of the whole JVM (every thread: the bindings' Rust runtime threads too). */
    private val os = ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean

    /** A configuration with a user pool only; nothing here touches the network. */
    private val config = """{"version":"1.3","auth":{"aws_region":"us-east-1",
        "user_pool_id":"us-east-1_AbCdEfGhI","user_pool_client_id":"3q7n0ek5u1jvq6h1k8e0c2s9ab"}}"""

    /** Runs inside one coroutine, so suspend calls are timed without runBlocking's own cost. */
    private fun report(case: String, body: suspend () -> Unit) = runBlocking {
        // Warm-up: until the JIT has had its time, and to size a round.
        var iters = 1L
        val warmEnd = System.nanoTime() + warmupMillis * 1_000_000
        var perOp = 0.0
        while (System.nanoTime() < warmEnd) {
            val t = System.nanoTime()
            for (i in 0 until iters) body()
            perOp = (System.nanoTime() - t).toDouble() / iters
            if (perOp * iters < 50_000_000) iters *= 2
        }
        val n = maxOf(1L, (roundMillis * 1_000_000 / maxOf(perOp, 1.0)).toLong())
        val wall = DoubleArray(rounds)
        val processCpu = DoubleArray(rounds)
        for (r in 0 until rounds) {
            val c = os.processCpuTime
            val t = System.nanoTime()
            for (i in 0 until n) body()
            wall[r] = (System.nanoTime() - t).toDouble() / n
            processCpu[r] = (os.processCpuTime - c).toDouble() / n
        }
        wall.sort()
        processCpu.sort()
        out.appendText(
            """{"case":"$case","iters":$n,"rounds":$rounds,"wall_ns":${wall[rounds / 2]},""" +
                """"wall_min_ns":${wall.first()},"wall_max_ns":${wall.last()},""" +
                """"cpu_ns":${processCpu[rounds / 2]}}""" + "\n",
        )
    }

    @Test
    fun boundary() {
        // A sync function: arguments none, a String back (one RustBuffer each way).
        report("kotlin_version") { check(version().isNotEmpty()) }
        AuthClient.fromAmplifyConfigJson(config, null, memoryStorage()).use { client ->
            // A sync method on an object (handle clone + String back).
            report("kotlin_fingerprint") { check(client.fingerprint().isNotEmpty()) }
            // A suspend method: a Rust future polled from a coroutine, reading the session
            // the client holds in memory (the shape of a cached fetchAuthSession).
            runBlocking { client.userState() }
            report("kotlin_user_state") { client.userState() }
        }
        signedIn()
    }

    /**
     * With `-Dcognito.bench.config` (bench/run.py passes the moto pool and user of its sign-in
     * comparison): cached `fetchAuthSession` after a real SRP sign-in, as the Rust runner's
     * `fetch_cached`, and SRP sign-ins through the binding, each on a new client.
     */
    private fun signedIn() {
        val configFile = System.getProperty("cognito.bench.config") ?: return
        val config = File(configFile).readText()
        val endpoint = System.getProperty("cognito.bench.endpoint")
        val username = System.getProperty("cognito.bench.username")
        val password = System.getProperty("cognito.bench.password")
        val endpoints = EndpointOverrides(userPool = endpoint, identityPool = null, oauth = null)
        AuthClient.fromAmplifyConfigJson(config, endpoints, memoryStorage()).use { client ->
            runBlocking { check(client.signIn(username, password).isSignedIn) }
            report("kotlin_fetch_cached") { check(client.fetchAuthSession(false).isSignedIn) }
            report("kotlin_fetch_cached_token") {
                check(client.fetchAuthSession(false).tokens.getOrThrow().accessToken().isNotEmpty())
            }
        }
        report("kotlin_signin") {
            AuthClient.fromAmplifyConfigJson(config, endpoints, memoryStorage()).use { client ->
                check(client.signIn(username, password).isSignedIn)
            }
        }
    }
}
