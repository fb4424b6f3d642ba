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

    /** A case: its name and one operation. */
    private class Case(val name: String, val body: suspend () -> Unit) {
        var iters = 1L
        val wall = ArrayList<Double>()
        val cpu = ArrayList<Double>()
    }

    /**
     * Times [cases] interleaved: warm-up of each (JIT, and sizing a round), then round after
     * round of every case in turn. Interleaving matters here: JNA's per-call cost grows with the
     * native allocations its cleaner has not freed yet, so cases timed one after the other would
     * each see a different JVM. Runs inside one coroutine, so suspend calls are timed without
     * runBlocking's own cost.
     */
    private fun measure(cases: List<Case>) = runBlocking {
        for (case in cases) {
            var iters = 1L
            val warmEnd = System.nanoTime() + warmupMillis * 1_000_000
            var perOp = 0.0
            while (System.nanoTime() < warmEnd) {
                val t = System.nanoTime()
                for (i in 0 until iters) case.body()
                perOp = (System.nanoTime() - t).toDouble() / iters
                if (perOp * iters < 50_000_000) iters *= 2
            }
            case.iters = maxOf(1L, (roundMillis * 1_000_000 / maxOf(perOp, 1.0)).toLong())
        }
        repeat(rounds) {
            for (case in cases) {
                val c = os.processCpuTime
                val t = System.nanoTime()
                for (i in 0 until case.iters) case.body()
                case.wall += (System.nanoTime() - t).toDouble() / case.iters
                case.cpu += (os.processCpuTime - c).toDouble() / case.iters
            }
        }
        for (case in cases) {
            val wall = case.wall.sorted()
            val cpu = case.cpu.sorted()
            out.appendText(
                """{"case":"${case.name}","iters":${case.iters},"rounds":$rounds,""" +
                    """"wall_ns":${wall[rounds / 2]},"wall_min_ns":${wall.first()},""" +
                    """"wall_max_ns":${wall.last()},"cpu_ns":${cpu[rounds / 2]}}""" + "\n",
            )
        }
    }

    @Test
    fun boundary() {
        val cases = ArrayList<Case>()
        // A sync function: arguments none, a String back (one RustBuffer each way).
        cases += Case("kotlin_version") { check(version().isNotEmpty()) }
        val offline = AuthClient.fromAmplifyConfigJson(config, null, memoryStorage())
        // A sync method on an object (handle clone + String back).
        cases += Case("kotlin_fingerprint") { check(offline.fingerprint().isNotEmpty()) }
        // A suspend method: a Rust future polled from a coroutine, reading the session the
        // client holds in memory (the shape of a cached fetchAuthSession).
        runBlocking { offline.userState() }
        cases += Case("kotlin_user_state") { offline.userState() }
        val signedIn = signedInCases()
        try {
            measure(cases + signedIn.first)
            signedIn.second?.let { measure(listOf(it)) }
        } finally {
            offline.close()
        }
    }

    /**
     * With `-Dcognito.bench.config` (bench/run.py passes the moto pool and user of its sign-in
     * comparison): cached `fetchAuthSession` after a real SRP sign-in, as the Rust runner's
     * `fetch_cached`, the same through `cachedAuthSession()`, and (timed apart: milliseconds
     * each) SRP sign-ins through the binding, each on a new client.
     */
    private fun signedInCases(): Pair<List<Case>, Case?> {
        val configFile = System.getProperty("cognito.bench.config") ?: return Pair(emptyList(), null)
        val config = File(configFile).readText()
        val endpoint = System.getProperty("cognito.bench.endpoint")
        val username = System.getProperty("cognito.bench.username")
        val password = System.getProperty("cognito.bench.password")
        val endpoints = EndpointOverrides(userPool = endpoint, identityPool = null, oauth = null)
        // Lives until the JVM exits (the test's last act).
        val client = AuthClient.fromAmplifyConfigJson(config, endpoints, memoryStorage())
        runBlocking { check(client.signIn(username, password).isSignedIn) }
        val cached = listOf(
            Case("kotlin_fetch_cached") { check(client.fetchAuthSession(false).isSignedIn) },
            Case("kotlin_fetch_cached_token") {
                check(client.fetchAuthSession(false).tokens.getOrThrow().accessToken().isNotEmpty())
            },
            // The same session from the plain (non-suspending) call.
            Case("kotlin_cached_session") { check(client.cachedAuthSession()!!.isSignedIn) },
            Case("kotlin_cached_session_token") {
                check(client.cachedAuthSession()!!.tokens.getOrThrow().accessToken().isNotEmpty())
            },
        )
        val signIn = Case("kotlin_signin") {
            AuthClient.fromAmplifyConfigJson(config, endpoints, memoryStorage()).use { c ->
                check(c.signIn(username, password).isSignedIn)
            }
        }
        return Pair(cached, signIn)
    }
}
