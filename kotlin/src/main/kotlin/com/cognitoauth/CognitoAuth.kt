package com.cognitoauth

/**
 * Entry points of the Kotlin layer: the generated [AuthClient] with the platform's default
 * storage filled in.
 *
 * Every operation of [AuthClient] is already a `suspend` function (UniFFI generates them
 * from the Rust core's async methods); failures are [AuthException] subclasses named like the
 * core's error kinds (`AuthException.InvalidPassword`, `AuthException.UsernameExists`, …).
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
    ): AuthClient = AuthClient.fromAmplifyConfigJson(json, endpoints, storage, options)

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
    ): AuthClient = AuthClient(config, storage, clientSecret, options)
}
