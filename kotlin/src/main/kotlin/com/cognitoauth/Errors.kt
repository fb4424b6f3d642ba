package com.cognitoauth

import kotlinx.coroutines.CancellationException

/*
 * What an app reads of an [AuthException]. The kind is the class
 * (`catch (e: AuthException.NotAuthorized)`, or [AuthException.kind]); `message` is the human
 * sentence ("Incorrect username or password."), `recoverySuggestion` what to do about it and
 * `cause` the Kotlin exception behind it when there was one (a store's `IOException`).
 * `toString()` keeps the core's text with its kind (`not authorized: …`), for logs.
 *
 * The generated exception classes call the two internal functions below: the project's
 * `uniffi-bindgen` rewrites UniFFI's `reason=…` message and adds `cause`
 * (bindings/uniffi/src/bin/uniffi-bindgen.rs).
 */

/**
 * What the user or the app can do about the failure, as a sentence ("Check the user name and
 * password, or sign in again."), or null when nothing better than trying again is known. The
 * text is the Rust core's, so Kotlin and Swift say the same (Amplify's `recoverySuggestion`).
 */
val AuthException.recoverySuggestion: String?
    get() = recoverySuggestion()

/** The message of a generated [AuthException]: the reason as a sentence, after its name if any. */
internal fun authExceptionMessage(reason: String, name: String?): String {
    val text = reason.trim()
    if (text.isEmpty()) return name ?: ""
    val sentence = text.replaceFirstChar { it.uppercaseChar() }
        .let { if (it.last() in ".!?") it else "$it." }
    return if (name.isNullOrEmpty()) sentence else "$name: $sentence"
}

/** The Kotlin exception an [AuthException] came from, when the layer kept it. */
internal fun authExceptionCause(e: AuthException): Throwable? = when (e) {
    is AuthException.Storage -> ErrorCauses.find(e.reason)
    else -> null
}

/**
 * Exceptions thrown by app code that Rust called (a [SecureStorage]), by the text they reach
 * the caller with: only text crosses the FFI, so the exception itself waits here until the
 * failed call's [AuthException] asks for its `cause`. The last few are kept.
 */
internal object ErrorCauses {
    private const val KEPT = 32
    private val recent = object : LinkedHashMap<String, Throwable>(KEPT, 0.75f, true) {
        override fun removeEldestEntry(eldest: MutableMap.MutableEntry<String, Throwable>?) = size > KEPT
    }

    @Synchronized
    fun remember(reason: String, cause: Throwable) {
        recent[reason] = cause
    }

    @Synchronized
    fun find(reason: String): Throwable? = recent[reason]

    /** [e] as the storage failure Rust sees, its exception kept for the caller's `cause`. */
    fun storageFailure(e: Throwable): AuthException.Storage {
        val reason = "the app's SecureStorage failed: $e"
        remember(reason, e)
        return AuthException.Storage(StorageFailure.UNAVAILABLE, reason)
    }
}

/**
 * An app's [SecureStorage] as the client sees it: an exception other than an [AuthException]
 * becomes `AuthException.Storage(UNAVAILABLE)` whose `cause` is that exception.
 */
internal class CauseKeepingStorage(val inner: SecureStorage) : SecureStorage {
    override suspend fun get(namespace: String, key: String): ByteArray? = keep { inner.get(namespace, key) }

    override suspend fun set(namespace: String, key: String, value: ByteArray) = keep { inner.set(namespace, key, value) }

    override suspend fun remove(namespace: String, key: String) = keep { inner.remove(namespace, key) }

    override suspend fun removeAll(namespace: String) = keep { inner.removeAll(namespace) }

    override fun toString(): String = inner.toString()

    private inline fun <T> keep(block: () -> T): T =
        try {
            block()
        } catch (e: AuthException) {
            throw e
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            throw ErrorCauses.storageFailure(e)
        }

    companion object {
        /** Rust stores need no wrapper: they never throw anything but an [AuthException]. */
        fun wrap(storage: SecureStorage): SecureStorage =
            if (storage is SecureStorageImpl || storage is CauseKeepingStorage) storage else CauseKeepingStorage(storage)
    }
}
