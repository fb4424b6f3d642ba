package com.cognitoauth

import com.cognitoauth.presenter.CustomTabsPresenter
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Panics, cancellation, the event Flow and the presenter skeleton. */
class RuntimeTest {
    @Test
    fun `a Rust panic in a sync call is an AuthException, and the JVM lives on`() {
        val e = assertThrows<AuthException.Internal> { ffiTestPanicSync("sync boom") }
        assertTrue(e.reason.contains("sync boom"), e.reason)
        assertEquals(version(), version()) // the library still answers
    }

    @Test
    fun `a Rust panic in a suspend call is an AuthException`() {
        val e = assertThrows<AuthException.Internal> {
            runBlocking { ffiTestPanicAsync("async boom") }
        }
        assertTrue(e.reason.contains("async boom"), e.reason)
    }

    @Test
    fun `suspend calls run on the library's own runtime and start no other`(): Unit = runBlocking {
        // Linux: the process's threads by name (15 characters at most), including the native
        // ones the JVM does not know. UniFFI's `async_runtime = "tokio"` wrapper would start a
        // second runtime, with a thread `async-compat/tokio-1`, on the first call from here.
        val tasks = File("/proc/self/task")
        assumeTrue(tasks.isDirectory, "needs /proc (Linux)")
        Peer.client().use { assertEquals(UserState.GUEST, it.userState()) }
        val names = tasks.listFiles()!!.mapNotNull { runCatching { File(it, "comm").readText().trim() }.getOrNull() }
        assertTrue(names.any { it.startsWith("cognito-auth") }, "the library's runtime: $names")
        assertFalse(names.any { it.startsWith("async-compat") }, "a second runtime: $names")
    }

    @Test
    fun `the event Flow completes when the client is closed`(): Unit = runBlocking {
        val client = Peer.client()
        val collected = async(start = CoroutineStart.UNDISPATCHED) { client.authEvents().toList() }
        client.close()
        // Sign-in and sign-out (other domains) produce the events; here the stream must end.
        assertEquals(emptyList<AuthEvent>(), collected.await())
    }

    @Test
    fun `cancelling a collector cancels the pending read and the client stays usable`(): Unit = runBlocking {
        Peer.client().use { client ->
            val job = launch(start = CoroutineStart.UNDISPATCHED) { client.authEvents().collect { } }
            yield()
            job.cancel()
            job.join()
            assertTrue(job.isCancelled)
            assertEquals(UserState.GUEST, client.userState())
        }
    }

    @Test
    fun `the Custom Tabs presenter returns the redirect or a typed cancel`(): Unit = runBlocking {
        val opened = mutableListOf<String>()
        val presenter = CustomTabsPresenter { opened.add(it) }
        val signIn = async(start = CoroutineStart.UNDISPATCHED) {
            presenter.present("https://auth.example/authorize?x=1", "myapp", false)
        }
        assertEquals(listOf("https://auth.example/authorize?x=1"), opened)
        assertFalse(presenter.handleRedirect("otherapp://callback?code=1"))
        assertTrue(presenter.handleRedirect("myapp://callback?code=abc"))
        assertEquals(WebAuthResult("myapp://callback?code=abc", privateSession = false), signIn.await())

        val cancelled = async(start = CoroutineStart.UNDISPATCHED) {
            runCatching { presenter.present("https://auth.example/authorize", "myapp", true) }
        }
        presenter.cancel()
        val e = cancelled.await().exceptionOrNull()
        assertTrue(e is AuthException.Cancelled, "$e")
    }

    @Test
    fun `the background refresh fetches what is due with no caller`(): Unit = runBlocking {
        Peer.client().use { client ->
            // A guest is owed credentials nobody has fetched: no cached session yet.
            assertEquals(UserState.GUEST, client.userState())
            assertEquals(null, client.cachedAuthSession())
            client.startBackgroundRefresh(20u)
            var fresh: AuthSession? = null
            repeat(500) {
                if (fresh == null) {
                    fresh = client.cachedAuthSession()
                    if (fresh == null) kotlinx.coroutines.delay(10)
                }
            }
            assertTrue(fresh?.awsCredentials?.getOrNull() != null, "fetched in the background: $fresh")
            client.stopBackgroundRefresh()
        }
    }
}
