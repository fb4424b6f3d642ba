package com.cognitoauth

import java.time.Instant

/*
 * Expiry times as java.time.Instant (Android: API 26, or core library desugaring). The epoch
 * seconds stay available as they were: `expiresAt()` / `expiration()`.
 */

/** When the ID and access tokens expire (`expiresAt()` seconds since the epoch). */
val UserPoolTokens.expiration: Instant
    get() = Instant.ofEpochSecond(expiresAt())

/** When the credentials expire (`expiration()` seconds since the epoch). */
val AwsCredentials.expiration: Instant
    get() = Instant.ofEpochSecond(expiration())

/** Whether the tokens have expired at [now]. */
@JvmOverloads
fun UserPoolTokens.isExpired(now: Instant = Instant.now()): Boolean = !now.isBefore(expiration)

/** Whether the credentials have expired at [now]. */
@JvmOverloads
fun AwsCredentials.isExpired(now: Instant = Instant.now()): Boolean = !now.isBefore(expiration)
