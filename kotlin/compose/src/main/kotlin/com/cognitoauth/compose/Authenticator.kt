package com.cognitoauth.compose

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.key
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import com.cognitoauth.AuthClient
import com.cognitoauth.AuthException
import com.cognitoauth.AuthenticatorAction
import com.cognitoauth.AuthenticatorOptions
import com.cognitoauth.AuthenticatorScreen
import com.cognitoauth.AuthenticatorStep
import com.cognitoauth.authEvents
import kotlinx.coroutines.launch
import com.cognitoauth.Authenticator as AuthenticatorFlow

/**
 * The drop-in sign-in UI: the core's Authenticator flow (docs/authenticator.md) drawn with the
 * building blocks until a user is signed in, then [signedInContent]. Every decision — which
 * screen, which fields, what is refused before a request, where a server error goes, every
 * text — is the core's; this only draws the screen it hands out and sends back what was typed
 * or pressed. It follows the client's events, so a sign-out or an expiry elsewhere brings the
 * sign-in back.
 *
 * @param client the client to sign in with.
 * @param options texts replacing the core's (by key, `authenticatorDefaultStrings()`; the
 *   [AuthenticatorTheme]'s string table is applied too, these win over it), the TOTP issuer,
 *   hiding sign-up, the first screen (`initialScreen`). Read when the flow starts: a new
 *   table (another language) takes effect with a new `client` key or the next launch.
 * @param slots an override per screen (by step name: `SignIn`, `SignUp`, …), a header, a footer.
 * @param signedInContent drawn while a user is signed in; call `signOut` to sign out.
 */
@Composable
fun Authenticator(
    client: AuthClient,
    modifier: Modifier = Modifier,
    options: AuthenticatorOptions? = null,
    slots: AuthenticatorSlots = AuthenticatorSlots(),
    signedInContent: @Composable (signOut: () -> Unit) -> Unit,
) {
    var flow by remember(client) { mutableStateOf<AuthenticatorFlow?>(null) }
    var screen by remember(client) { mutableStateOf<AuthenticatorScreen?>(null) }
    // Bumped by every answer: the same screen twice (a second wrong password) must still
    // start its form afresh, and screens compare by value.
    var answers by remember(client) { mutableIntStateOf(0) }
    var busy by remember(client) { mutableStateOf(false) }
    var failure by remember(client) { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()

    // One call at a time; what fails outside the screen (a panic, a call the screen does not
    // offer) shows as the banner.
    fun run(call: suspend (AuthenticatorFlow) -> AuthenticatorScreen) {
        val current = flow ?: return
        if (busy) return
        busy = true
        scope.launch {
            try {
                screen = call(current)
                answers++
                failure = null
            } catch (e: AuthException) {
                failure = e.message
            } finally {
                busy = false
            }
        }
    }

    // One string table for both: the app's replacements of the core's texts go to the core.
    val overrides = LocalAuthenticatorStrings.current.coreOverrides()
    LaunchedEffect(client) {
        try {
            val base = options ?: AuthenticatorOptions()
            val started = AuthenticatorFlow.start(client, base.copy(strings = overrides + base.strings))
            flow = started
            screen = started.screen()
        } catch (e: AuthException) {
            failure = e.message
        }
    }
    LaunchedEffect(flow) {
        val current = flow ?: return@LaunchedEffect
        client.authEvents().collect { if (!busy) screen = current.refresh() }
    }

    val shown = screen
    when {
        shown == null -> Box(modifier.fillMaxSize(), contentAlignment = Alignment.Center) {
            CircularProgressIndicator()
        }
        shown.step is AuthenticatorStep.SignedIn ->
            signedInContent { run { it.action(AuthenticatorAction.SignOut) } }
        else -> key(answers) {
            AuthScreenHost(
                screen = if (failure != null && shown.banner == null) shown.copy(banner = failure) else shown,
                busy = busy,
                slots = slots,
                modifier = modifier,
                onSubmit = { values -> run { it.submit(values) } },
                onAction = { pressed -> run { it.action(pressed.action) } },
            )
        }
    }
}
