package com.cognitoauth

/*
 * The parts of an [AuthSession] each carry a value or the error that part failed with, so a
 * failing part (no identity pool, offline) never hides the others. These helpers read a part
 * the usual Kotlin ways: throw its error, or give null.
 */

/** The value, or throws the part's [AuthException]. */
fun SessionValue.getOrThrow(): String = when (this) {
    is SessionValue.Value -> value
    is SessionValue.Failure -> throw error
}

/** The value, or null when the part failed. */
fun SessionValue.getOrNull(): String? = (this as? SessionValue.Value)?.value

/** The tokens, or throws the part's [AuthException]. */
fun SessionTokens.getOrThrow(): UserPoolTokens = when (this) {
    is SessionTokens.Value -> tokens
    is SessionTokens.Failure -> throw error
}

/** The tokens, or null when the part failed. */
fun SessionTokens.getOrNull(): UserPoolTokens? = (this as? SessionTokens.Value)?.tokens

/** The credentials, or throws the part's [AuthException]. */
fun SessionCredentials.getOrThrow(): AwsCredentials = when (this) {
    is SessionCredentials.Value -> credentials
    is SessionCredentials.Failure -> throw error
}

/** The credentials, or null when the part failed. */
fun SessionCredentials.getOrNull(): AwsCredentials? = (this as? SessionCredentials.Value)?.credentials

/**
 * Every signed header as (name, value) pairs in sending order, for an HTTP client's request
 * builder. The values include the session token: do not log them.
 */
fun SignedHeaders.toList(): List<Pair<String, String>> {
    val seen = HashMap<String, Int>()
    return names().map { name ->
        val index = seen.merge(name, 1, Int::plus)!! - 1
        name to values(name)[index]
    }
}
