package com.cognitoauth

import java.io.File
import java.io.IOException
import java.io.InputStream
import java.nio.file.Files
import java.nio.file.Path

/**
 * Entry points of the Kotlin layer: the generated [AuthClient] with the platform's default
 * storage filled in.
 *
 * Every operation of [AuthClient] is already a `suspend` function (UniFFI generates them
 * from the Rust core's async methods); failures are [AuthException] subclasses named like the
 * core's error kinds (`AuthException.InvalidPassword`, `AuthException.UsernameExists`, …).
 * From Java, wrap a client with [CognitoAuthFutures.of] for `CompletableFuture`s.
 */
object CognitoAuth {
    /**
     * Storage used when a client is created without one. On Android, [initialize] sets it to
     * the Keystore-backed store (until then creating a client without storage fails rather than
     * keep credentials in memory); on a desktop JVM it is memory. Apps may install their own
     * [SecureStorage] here or pass one to each client.
     */
    @Volatile
    var defaultStorage: () -> SecureStorage = { AndroidStorage.fallback() }

    /**
     * Android set-up, once before the first client (e.g. in `Application.onCreate`):
     * credentials are then kept in files under `noBackupFilesDir/cognito-auth`, sealed with an
     * AES-256-GCM key held by the Android Keystore (alias [alias]), and clients created without
     * a storage use that store. [context] is an `android.content.Context`.
     *
     * @throws AuthException.Storage when the Keystore cannot be used (AES keys need Android 6.0,
     *   API 23): pass your own [SecureStorage] then.
     */
    @JvmStatic
    @JvmOverloads
    fun initialize(context: Any, alias: String = "cognito-auth.store-key") {
        AndroidStorage.initialize(context) { dir -> KeystoreStorageOptions(directory = dir, alias = alias) }
    }

    /**
     * A client from the text of `amplify_outputs.json` (Gen 2) or `amplifyconfiguration.json`
     * (Gen 1). [endpoints] points requests at emulators or proxies: the only way to plain
     * `http://` (a local peer), since a file may name only https endpoints and domains.
     *
     * @throws AuthException.Configuration when the file is malformed or incomplete.
     */
    @JvmStatic
    @JvmOverloads
    fun fromAmplifyConfig(
        json: String,
        endpoints: EndpointOverrides? = null,
        storage: SecureStorage = defaultStorage(),
        options: ClientOptions? = null,
    ): AuthClient = AuthClient.fromAmplifyConfigJson(json, endpoints, CauseKeepingStorage.wrap(storage), options)

    /**
     * A client from an `amplify_outputs.json` / `amplifyconfiguration.json` file (read as UTF-8).
     *
     * @throws AuthException.Configuration when the file cannot be read (its `cause` is the
     *   `IOException`), is malformed or incomplete.
     */
    @JvmStatic
    @JvmOverloads
    fun fromFile(
        path: Path,
        endpoints: EndpointOverrides? = null,
        storage: SecureStorage = defaultStorage(),
        options: ClientOptions? = null,
    ): AuthClient = fromAmplifyConfig(read("the file $path") { String(Files.readAllBytes(path), Charsets.UTF_8) }, endpoints, storage, options)

    /** [fromFile] for a [File]. */
    @JvmStatic
    @JvmOverloads
    fun fromFile(
        file: File,
        endpoints: EndpointOverrides? = null,
        storage: SecureStorage = defaultStorage(),
        options: ClientOptions? = null,
    ): AuthClient = fromFile(file.toPath(), endpoints, storage, options)

    /**
     * A client from the configuration's text in [input] (UTF-8), read to its end and closed:
     * an asset, a raw resource, a download.
     *
     * @throws AuthException.Configuration when it cannot be read (`cause`: the `IOException`),
     *   is malformed or incomplete.
     */
    @JvmStatic
    @JvmOverloads
    fun fromStream(
        input: InputStream,
        endpoints: EndpointOverrides? = null,
        storage: SecureStorage = defaultStorage(),
        options: ClientOptions? = null,
    ): AuthClient = fromAmplifyConfig(read("the stream") { input.use { String(it.readBytes(), Charsets.UTF_8) } }, endpoints, storage, options)

    /**
     * Android, in one call: a client from a raw resource (`R.raw.amplify_outputs`) of
     * [context] (an `android.content.Context`). Without a [storage], calls [initialize] first
     * when it was not called yet, so credentials are kept in the Android Keystore store.
     *
     * @throws AuthException.Configuration when the resource cannot be read (`cause`: the
     *   exception), is malformed or incomplete.
     */
    @JvmStatic
    @JvmOverloads
    fun fromRawResource(
        context: Any,
        resourceId: Int,
        options: ClientOptions? = null,
        storage: SecureStorage? = null,
        endpoints: EndpointOverrides? = null,
    ): AuthClient {
        if (storage == null && AndroidStorage.onAndroid && !AndroidStorage.initialized) initialize(context)
        val input = read("raw resource $resourceId") {
            val resources = context.javaClass.getMethod("getResources").invoke(context)
                ?: throw IOException("the context has no resources")
            resources.javaClass.getMethod("openRawResource", Int::class.javaPrimitiveType)
                .invoke(resources, resourceId) as InputStream
        }
        return fromStream(input, endpoints, storage ?: defaultStorage(), options)
    }

    private inline fun <T> read(what: String, block: () -> T): T =
        try {
            block()
        } catch (e: Exception) {
            val cause = (e as? java.lang.reflect.InvocationTargetException)?.targetException ?: e
            throw AuthException.Configuration("could not read $what: $cause").apply { initCause(cause) }
        }

    /**
     * A client for a configuration built in code. [clientSecret] is the app client's secret,
     * for clients that have one (an argument, so that printing [config] never shows it).
     */
    @JvmStatic
    @JvmOverloads
    fun create(
        config: AuthConfig,
        storage: SecureStorage = defaultStorage(),
        clientSecret: String? = null,
        options: ClientOptions? = null,
    ): AuthClient = AuthClient(config, CauseKeepingStorage.wrap(storage), clientSecret, options)
}
