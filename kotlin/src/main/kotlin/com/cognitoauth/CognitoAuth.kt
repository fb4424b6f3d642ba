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
     * Storage used when a client is created without one. In memory by default (credentials
     * are lost when the process ends); the Android set-up replaces it with the Keystore-backed
     * store, and apps may install their own [SecureStorage].
     */
    @Volatile
    var defaultStorage: () -> SecureStorage = { memoryStorage() }

    /**
     * A client from the text of `amplify_outputs.json` (Gen 2) or `amplifyconfiguration.json`
     * (Gen 1). [endpoints] points requests at emulators or proxies.
     *
     * @throws AuthException.Configuration when the file is malformed or incomplete.
     */
    @JvmStatic
    @JvmOverloads
    fun fromAmplifyConfig(
        json: String,
        endpoints: EndpointOverrides? = null,
        storage: SecureStorage = defaultStorage(),
    ): AuthClient = AuthClient.fromAmplifyConfigJson(json, endpoints, storage)

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
    ): AuthClient = AuthClient(config, storage, clientSecret)
}
