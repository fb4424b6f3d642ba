package com.cognitoauth

import aws.sdk.kotlin.services.s3.S3Client
import aws.sdk.kotlin.services.s3.model.GetObjectRequest
import aws.sdk.kotlin.services.s3.model.PutObjectRequest
import aws.sdk.kotlin.services.s3.model.S3Exception
import aws.smithy.kotlin.runtime.auth.awscredentials.Credentials
import aws.smithy.kotlin.runtime.auth.awscredentials.CredentialsProvider
import aws.smithy.kotlin.runtime.auth.awscredentials.CredentialsProviderException
import aws.smithy.kotlin.runtime.collections.Attributes
import aws.smithy.kotlin.runtime.collections.emptyAttributes
import aws.smithy.kotlin.runtime.content.ByteStream
import aws.smithy.kotlin.runtime.content.decodeToString
import aws.smithy.kotlin.runtime.net.url.Url
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.net.HttpURLConnection
import java.net.URI

/**
 * Our SigV4-verifying S3 stand-in (`tests/sigv4/verifying_server.py`, started with
 * `cognito-auth-peer sigv4`): it recomputes each request's signature with botocore from the
 * secret the test registers for the key.
 */
object SigV4Peer {
    private val peer by lazy { PeerProcess("sigv4") }

    val endpoint: String get() = peer.field("endpoint")

    private fun call(method: String, path: String, body: String? = null): String {
        val conn = URI("$endpoint$path").toURL().openConnection() as HttpURLConnection
        conn.requestMethod = method
        if (body != null) {
            conn.doOutput = true
            conn.outputStream.use { it.write(body.toByteArray()) }
        }
        check(conn.responseCode in 200..299) { "$method $path: ${conn.responseCode}" }
        return conn.inputStream.use { it.readBytes().decodeToString() }
    }

    /** Tells the server a key, its secret and its session token. */
    fun register(credentials: AwsCredentials) {
        call(
            "POST",
            "/__keys",
            """{"access_key_id":"${credentials.accessKeyId()}","secret_access_key":"${credentials.secretAccessKey()}",""" +
                """"session_token":"${credentials.sessionToken()}"}""",
        )
    }

    /** (method, access key id, status, error code) of every request checked so far. */
    fun checked(): List<List<String?>> =
        Regex(
            """\{"method": "(\w+)", "path": "[^"]*", "access_key_id": (?:"([^"]*)"|null), "amz_date": [^,]*, """ +
                """"status": (\d+), "error": (?:"([^"]*)"|null)\}""",
        ).findAll(call("GET", "/__seen")).map { m ->
            listOf(m.groupValues[1], m.groupValues[2].ifEmpty { null }, m.groupValues[3], m.groupValues[4].ifEmpty { null })
        }.toList()
}

/**
 * The AWS SDK for Kotlin's S3 client signing with a Cognito session ([CognitoCredentialsProvider])
 * against the verifying server; credentials issued by moto's identity pool to a user signed
 * in on moto's user pool.
 */
class AwsCredentialsTest {
    private fun s3(provider: CredentialsProvider) = S3Client {
        region = "us-east-1"
        endpointUrl = Url.parse(SigV4Peer.endpoint)
        forcePathStyle = true
        credentialsProvider = provider
    }

    private suspend fun signedIn(): AuthClient {
        val client = Peer.client()
        val user = Peer.signedUpUser(client, "aws")
        client.signIn(user, Peer.GOOD_PASSWORD)
        return client
    }

    @Test
    fun `S3 requests signed with the session's credentials are accepted, a tampered secret is refused`(): Unit = runBlocking {
        signedIn().use { client ->
            val issued = client.fetchAuthSession(false).awsCredentials.getOrThrow()
            SigV4Peer.register(issued)
            val before = SigV4Peer.checked().size
            val provider = CognitoCredentialsProvider(client)

            s3(provider).use { s3 ->
                s3.putObject(
                    PutObjectRequest {
                        bucket = "photos"
                        key = "kotlin/hello world.txt"
                        body = ByteStream.fromString("hello from Kotlin")
                    },
                )
                val text = s3.getObject(
                    GetObjectRequest {
                        bucket = "photos"
                        key = "kotlin/hello world.txt"
                    },
                ) { it.body?.decodeToString() }
                assertEquals("hello from Kotlin", text)
            }

            // One character of the secret changed: the server refuses the signature.
            val tampered = object : CredentialsProvider {
                override suspend fun resolve(attributes: Attributes): Credentials {
                    val c = provider.resolve(attributes)
                    return Credentials(c.accessKeyId, c.secretAccessKey.drop(1) + "x", c.sessionToken, c.expiration)
                }
            }
            val refused = s3(tampered).use { s3 ->
                assertThrows<S3Exception> {
                    runBlocking {
                        s3.putObject(
                            PutObjectRequest {
                                bucket = "photos"
                                key = "forged"
                                body = ByteStream.fromString("nope")
                            },
                        )
                    }
                }
            }
            assertEquals("SignatureDoesNotMatch", refused.sdkErrorMetadata.errorCode)

            val akid = issued.accessKeyId()
            assertEquals(
                listOf(
                    listOf("PUT", akid, "200", null),
                    listOf("GET", akid, "200", null),
                    listOf("PUT", akid, "403", "SignatureDoesNotMatch"),
                ),
                SigV4Peer.checked().drop(before).filter { it[1] == akid },
            )

            // What the SDK got: the session's key and expiry; the secret parts never print.
            val resolved = provider.resolve(emptyAttributes())
            assertEquals(akid, resolved.accessKeyId)
            assertEquals(issued.expiration(), resolved.expiration?.epochSeconds)
            assertFalse(resolved.toString().contains(issued.secretAccessKey()), resolved.toString())
            assertFalse(resolved.toString().contains(issued.sessionToken()), resolved.toString())
        }
    }

    @Test
    fun `a session without credentials fails with the SDK's provider exception and the library's cause`(): Unit = runBlocking {
        // No identity pool in the configuration: nothing to sign with.
        val config = Peer.config().replace(Regex(""""identity_pool_id"\s*:\s*"[^"]*"\s*,?"""), "")
        AuthClient.fromAmplifyConfigJson(config, Peer.endpoints, memoryStorage()).use { client ->
            val e = assertThrows<CredentialsProviderException> {
                runBlocking { CognitoCredentialsProvider(client).resolve(emptyAttributes()) }
            }
            assertTrue(e.cause is AuthException.Configuration, "${e.cause}")
            assertTrue(e.message!!.startsWith("The Cognito session has no AWS credentials ("), e.message)
        }
    }
}
