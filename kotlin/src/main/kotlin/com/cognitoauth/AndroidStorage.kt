package com.cognitoauth

import java.io.File

/**
 * Android set-up behind [CognitoAuth.initialize]: the Keystore-backed store becomes the default
 * storage. Written against `Any` (an `android.content.Context`) through reflection, so this
 * library compiles and is tested on a desktop JVM without the Android SDK.
 */
internal object AndroidStorage {
    /** Folder of the sealed files inside `noBackupFilesDir`. */
    const val DIRECTORY = "cognito-auth"

    /** Set by [initialize]; until then an Android app gets an error instead of memory storage. */
    @Volatile
    var initialized: Boolean = false
        private set

    /** True on Android's runtime (ART), false on a desktop JVM. */
    val onAndroid: Boolean by lazy {
        System.getProperty("java.vm.vendor").orEmpty().contains("Android", ignoreCase = true) ||
            System.getProperty("java.vendor").orEmpty().contains("Android", ignoreCase = true)
    }

    fun initialize(context: Any, options: (directory: String) -> KeystoreStorageOptions) {
        val app = invoke(context, "getApplicationContext") ?: context
        val noBackup = invoke(app, "getNoBackupFilesDir") as? File
            ?: throw AuthException.Configuration(
                "CognitoAuth.initialize needs an android.content.Context (got ${context.javaClass.name})",
            )
        // Loading through the VM runs the library's JNI_OnLoad, which hands the store the VM.
        // JNA loads the same file with dlopen (which skips JNI_OnLoad); when this fails the store
        // finds the VM through JNI_GetCreatedJavaVMs instead.
        try {
            System.loadLibrary("cognito_auth_ffi")
        } catch (ignored: UnsatisfiedLinkError) {
            // Not on the library path under this name: JNA still loads it (see above).
        }
        val wanted = options(File(noBackup, DIRECTORY).path)
        synchronized(this) {
            // One store per key and directory: a second store could reset what the first wrote.
            val store = current?.takeIf { it.first == wanted }?.second
                // Runs on this (app) thread: the store looks up the Java classes it needs here.
                ?: keystoreStorage(wanted)
            current = wanted to store
            CognitoAuth.defaultStorage = { store }
            initialized = true
        }
    }

    /** The store [initialize] made, with its options. */
    private var current: Pair<KeystoreStorageOptions, SecureStorage>? = null

    /**
     * What a client gets when no storage is passed and [CognitoAuth.defaultStorage] was not set:
     * memory on a desktop JVM; on Android an error, because credentials kept only in memory
     * would silently sign the user out at every launch.
     */
    fun fallback(): SecureStorage {
        if (onAndroid && !initialized) {
            throw AuthException.Configuration(
                "call CognitoAuth.initialize(context) before creating a client on Android " +
                    "(or pass a SecureStorage): the default storage is the Android Keystore",
            )
        }
        return memoryStorage()
    }

    private fun invoke(target: Any, method: String): Any? =
        try {
            target.javaClass.getMethod(method).invoke(target)
        } catch (ignored: NoSuchMethodException) {
            null
        }
}
