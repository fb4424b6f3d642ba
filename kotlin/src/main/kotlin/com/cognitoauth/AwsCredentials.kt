package com.cognitoauth

import aws.smithy.kotlin.runtime.auth.awscredentials.Credentials
import aws.smithy.kotlin.runtime.auth.awscredentials.CredentialsProvider
import aws.smithy.kotlin.runtime.auth.awscredentials.CredentialsProviderException
import aws.smithy.kotlin.runtime.collections.Attributes
import aws.smithy.kotlin.runtime.collections.mutableAttributes
import aws.smithy.kotlin.runtime.identity.IdentityAttributes
import aws.smithy.kotlin.runtime.time.Instant

/*
 * The session's identity-pool credentials for the AWS SDK for Kotlin. The SDK is an optional
 * dependency of this library (kotlin/README.md, "AWS SDK"): this file is the only one that
 * uses it, and an app that never touches CognitoCredentialsProvider needs no SDK class.
 */

/**
 * An AWS SDK for Kotlin [CredentialsProvider] backed by a Cognito session: any SDK client
 * (`S3Client { credentialsProvider = CognitoCredentialsProvider(auth) }`) signs with the
 * temporary credentials of whoever is signed in — a user-pool user, a federated user or a
 * guest.
 *
 * Each [resolve] is [AuthClient.fetchAuthSession]: cached credentials come back without a
 * request while they are fresh, renewal goes through the session's single refresh, and the
 * credentials carry their expiry. A session with no credentials to give (signed out without
 * guest access, expired, no identity pool) or one that cannot get them (offline, refused)
 * throws [CredentialsProviderException] with a sentence for a message and the library's
 * [AuthException] as its cause, so SDK credential chains move on to their next provider.
 * The credentials' `toString()` never shows the secret or the session token (the SDK's own
 * `Credentials(...)` would).
 */
class CognitoCredentialsProvider(private val client: AuthClient) : CredentialsProvider {
    override suspend fun resolve(attributes: Attributes): Credentials {
        val session = client.fetchAuthSession(false)
        val credentials = when (val part = session.awsCredentials) {
            is SessionCredentials.Value -> part.credentials
            is SessionCredentials.Failure -> throw credentialsException(part.error)
        }
        val token = credentials.sessionToken()
        return SessionAwsCredentials(
            accessKeyId = credentials.accessKeyId(),
            secretAccessKey = credentials.secretAccessKey(),
            sessionToken = token.ifEmpty { null },
            expiration = Instant.fromEpochSeconds(credentials.expiration(), 0),
        )
    }

    override fun toString(): String = "CognitoCredentialsProvider"

    companion object {
        /** The provider name the SDK records with the credentials. */
        const val PROVIDER_NAME: String = "CognitoIdentityPool"

        /** The SDK's exception for a session error; the [AuthException] is its cause. */
        fun credentialsException(error: AuthException): CredentialsProviderException {
            val notLoaded = error is AuthException.SignedOut || error is AuthException.SessionExpired ||
                error is AuthException.InvalidState || error is AuthException.Configuration
            val message = if (notLoaded) {
                "The Cognito session has no AWS credentials (${error.message})."
            } else {
                "The Cognito session's AWS credentials could not be fetched (${error.message})."
            }
            return CredentialsProviderException(message, error)
        }
    }
}

/** The SDK's credentials of a session; the secret parts never print. */
private class SessionAwsCredentials(
    override val accessKeyId: String,
    override val secretAccessKey: String,
    override val sessionToken: String?,
    override val expiration: Instant?,
) : Credentials {
    override val providerName: String get() = CognitoCredentialsProvider.PROVIDER_NAME
    override val attributes: Attributes =
        mutableAttributes().apply { set(IdentityAttributes.ProviderName, CognitoCredentialsProvider.PROVIDER_NAME) }

    override fun toString(): String =
        "Credentials(accessKeyId=$accessKeyId, secretAccessKey=***, sessionToken=***, " +
            "expiration=$expiration, providerName=$providerName)"
}
