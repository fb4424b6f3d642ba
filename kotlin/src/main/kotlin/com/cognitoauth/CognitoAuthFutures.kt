package com.cognitoauth

import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.future.future

/**
 * Every operation of an [AuthClient] for Java: each returns a [CompletableFuture] that
 * completes with the result or exceptionally with the [AuthException] (wrapped in a
 * `CompletionException` by `join()`, an `ExecutionException` by `get()`). Cancelling a future
 * cancels the call (as cancelling a Kotlin coroutine does). Android: `CompletableFuture`
 * needs API 24.
 *
 * ```java
 * CognitoAuthFutures auth = CognitoAuthFutures.of(client);
 * auth.signIn("alice", "password").thenAccept(result -> …);
 * ```
 */
class CognitoAuthFutures @JvmOverloads constructor(
    /** The client the calls go to (still usable directly, from Kotlin). */
    val client: AuthClient,
    private val scope: CoroutineScope = CoroutineScope(SupervisorJob() + Dispatchers.Default),
) {
    private fun <T> call(block: suspend AuthClient.() -> T): CompletableFuture<T> = scope.future { client.block() }

    private fun callVoid(block: suspend AuthClient.() -> Unit): CompletableFuture<Void?> =
        scope.future {
            client.block()
            null
        }

    /** See [AuthClient.userState]. */
    fun userState(): CompletableFuture<UserState> = call { userState() }

    /** See [AuthClient.signUp]. */
    @JvmOverloads
    fun signUp(username: String, password: String?, options: SignUpOptions? = null): CompletableFuture<SignUpResult> =
        call { signUp(username, password, options) }

    /** See [AuthClient.confirmSignUp]. */
    @JvmOverloads
    fun confirmSignUp(
        username: String,
        code: String,
        clientMetadata: Map<String, String> = emptyMap(),
    ): CompletableFuture<SignUpResult> = call { confirmSignUp(username, code, clientMetadata) }

    /** See [AuthClient.resendSignUpCode]. */
    @JvmOverloads
    fun resendSignUpCode(username: String, clientMetadata: Map<String, String> = emptyMap()): CompletableFuture<CodeDelivery?> =
        call { resendSignUpCode(username, clientMetadata) }

    /** See [AuthClient.signIn]. */
    @JvmOverloads
    fun signIn(username: String, password: String?, options: SignInOptions? = null): CompletableFuture<SignInResult> =
        call { signIn(username, password, options) }

    /** See [AuthClient.confirmSignIn]. */
    @JvmOverloads
    fun confirmSignIn(response: String, options: ConfirmSignInOptions? = null): CompletableFuture<SignInResult> =
        call { confirmSignIn(response, options) }

    /** See [AuthClient.pendingSignIn]. */
    fun pendingSignIn(): CompletableFuture<SignInResult?> = call { pendingSignIn() }

    /** See [AuthClient.autoSignIn]. */
    fun autoSignIn(): CompletableFuture<SignInResult> = call { autoSignIn() }

    /** See [AuthClient.fetchAuthSession]. */
    @JvmOverloads
    fun fetchAuthSession(forceRefresh: Boolean = false): CompletableFuture<AuthSession> = call { fetchAuthSession(forceRefresh) }

    /** See [AuthClient.getCurrentUser]. */
    fun getCurrentUser(): CompletableFuture<AuthUser> = call { getCurrentUser() }

    /** See [AuthClient.getTokens]. */
    @JvmOverloads
    fun getTokens(waitForSignIn: Boolean = false): CompletableFuture<UserPoolTokens> = call { getTokens(waitForSignIn) }

    /** See [AuthClient.waitForSignIn]. */
    fun waitForSignIn(): CompletableFuture<Void?> = callVoid { waitForSignIn() }

    /** See [AuthClient.resetPassword]. */
    @JvmOverloads
    fun resetPassword(username: String, clientMetadata: Map<String, String> = emptyMap()): CompletableFuture<ResetPasswordNextStep> =
        call { resetPassword(username, clientMetadata) }

    /** See [AuthClient.confirmResetPassword]. */
    @JvmOverloads
    fun confirmResetPassword(
        username: String,
        newPassword: String,
        code: String,
        clientMetadata: Map<String, String> = emptyMap(),
    ): CompletableFuture<Void?> = callVoid { confirmResetPassword(username, newPassword, code, clientMetadata) }

    /** See [AuthClient.updatePassword]. */
    fun updatePassword(oldPassword: String, newPassword: String): CompletableFuture<Void?> =
        callVoid { updatePassword(oldPassword, newPassword) }

    /** See [AuthClient.fetchUserAttributes]. */
    fun fetchUserAttributes(): CompletableFuture<Map<String, String>> = call { fetchUserAttributes() }

    /** See [AuthClient.updateUserAttributes]. */
    @JvmOverloads
    fun updateUserAttributes(
        updates: Map<String, String>,
        clientMetadata: Map<String, String> = emptyMap(),
    ): CompletableFuture<Map<String, AttributeUpdateStep>> = call { updateUserAttributes(updates, clientMetadata) }

    /** See [AuthClient.sendUserAttributeVerificationCode]. */
    @JvmOverloads
    fun sendUserAttributeVerificationCode(
        attribute: String,
        clientMetadata: Map<String, String> = emptyMap(),
    ): CompletableFuture<CodeDelivery?> = call { sendUserAttributeVerificationCode(attribute, clientMetadata) }

    /** See [AuthClient.confirmUserAttribute]. */
    fun confirmUserAttribute(attribute: String, code: String): CompletableFuture<Void?> = callVoid { confirmUserAttribute(attribute, code) }

    /** See [AuthClient.deleteUser]. */
    fun deleteUser(): CompletableFuture<Void?> = callVoid { deleteUser() }

    /** See [AuthClient.setUpTotp]. */
    fun setUpTotp(): CompletableFuture<TotpSetupDetails> = call { setUpTotp() }

    /** See [AuthClient.verifyTotpSetup]. */
    @JvmOverloads
    fun verifyTotpSetup(code: String, friendlyDeviceName: String? = null): CompletableFuture<Void?> =
        callVoid { verifyTotpSetup(code, friendlyDeviceName) }

    /** See [AuthClient.fetchMfaPreference]. */
    fun fetchMfaPreference(): CompletableFuture<MfaPreference> = call { fetchMfaPreference() }

    /** See [AuthClient.updateMfaPreference]. */
    @JvmOverloads
    fun updateMfaPreference(
        sms: MfaPreferenceValue? = null,
        totp: MfaPreferenceValue? = null,
        email: MfaPreferenceValue? = null,
    ): CompletableFuture<Void?> = callVoid { updateMfaPreference(sms, totp, email) }

    /** See [AuthClient.rememberDevice]. */
    fun rememberDevice(): CompletableFuture<Void?> = callVoid { rememberDevice() }

    /** See [AuthClient.forgetDevice]. */
    @JvmOverloads
    fun forgetDevice(deviceId: String? = null): CompletableFuture<Void?> = callVoid { forgetDevice(deviceId) }

    /** See [AuthClient.fetchDevices]. */
    fun fetchDevices(): CompletableFuture<List<AuthDevice>> = call { fetchDevices() }

    /** See [AuthClient.federateToIdentityPool]. */
    @JvmOverloads
    fun federateToIdentityPool(
        providerToken: String,
        provider: FederationProvider,
        developerIdentityId: String? = null,
    ): CompletableFuture<FederationResult> = call { federateToIdentityPool(providerToken, provider, developerIdentityId) }

    /** See [AuthClient.clearFederationToIdentityPool]. */
    fun clearFederationToIdentityPool(): CompletableFuture<Void?> = callVoid { clearFederationToIdentityPool() }

    /** See [AuthClient.signInWithWebUi]. */
    @JvmOverloads
    fun signInWithWebUi(presenter: WebAuthPresenter, options: WebUiOptions? = null): CompletableFuture<Void?> =
        callVoid { signInWithWebUi(presenter, options) }

    /** See [AuthClient.beginWebSignIn]. */
    @JvmOverloads
    fun beginWebSignIn(options: WebUiOptions? = null): CompletableFuture<String> = call { beginWebSignIn(options) }

    /** See [AuthClient.completeWebSignIn]. */
    fun completeWebSignIn(callbackUrl: String): CompletableFuture<Void?> = callVoid { completeWebSignIn(callbackUrl) }

    /** See [AuthClient.cancelWebSignIn]. */
    fun cancelWebSignIn(): CompletableFuture<Boolean> = call { cancelWebSignIn() }

    /** See [AuthClient.signRequest]. */
    @JvmOverloads
    fun signRequest(request: RequestToSign, service: String, region: String? = null): CompletableFuture<SignedHeaders> =
        call { signRequest(request, service, region) }

    /** See [AuthClient.signOut]. Never completes exceptionally; see [SignOutResult]. */
    @JvmOverloads
    fun signOut(global: Boolean = false): CompletableFuture<SignOutResult> = call { signOut(global) }

    /** See [AuthClient.revokeToken]. */
    fun revokeToken(refreshToken: SecretToken): CompletableFuture<Void?> = callVoid { revokeToken(refreshToken) }

    /** See [AuthClient.globalSignOut]. */
    fun globalSignOut(accessToken: SecretToken): CompletableFuture<Void?> = callVoid { globalSignOut(accessToken) }

    override fun toString(): String = "CognitoAuthFutures($client)"

    companion object {
        /** [client]'s operations as [CompletableFuture]s. */
        @JvmStatic
        fun of(client: AuthClient): CognitoAuthFutures = CognitoAuthFutures(client)
    }
}

/** This client's operations as [CompletableFuture]s, for Java callers. */
fun AuthClient.asJava(): CognitoAuthFutures = CognitoAuthFutures(this)
