package com.cognitoauth.compose

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.Stable
import androidx.compose.runtime.key
import androidx.compose.runtime.mutableStateMapOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.snapshots.SnapshotStateMap
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.unit.dp
import com.cognitoauth.AuthenticatorScreen
import com.cognitoauth.AuthenticatorStep
import com.cognitoauth.FormField
import com.cognitoauth.ScreenAction

/**
 * A screen being shown: the core's description of it, what the user typed so far, and what
 * the buttons do. A screen override ([AuthenticatorSlots.screens]) draws from it and calls
 * [submit] or [act]; the default drawing is [AuthScreenScaffold].
 */
@Stable
class AuthScreenState internal constructor(
    /** The screen to draw. */
    val screen: AuthenticatorScreen,
    private val typed: SnapshotStateMap<String, String>,
    /** Whether a request is on its way (buttons disabled, primary button spinning). */
    val busy: Boolean,
    private val onSubmit: (Map<String, String>) -> Unit,
    private val onAction: (ScreenAction) -> Unit,
) {
    /** The values typed, by field name (starting from each field's [FormField.value]). */
    val values: Map<String, String> get() = typed

    /** The text of the field [name]. */
    fun value(name: String): String = typed[name] ?: ""

    /** Sets the text of the field [name] (as the user types). */
    fun setValue(name: String, value: String) {
        typed[name] = value
    }

    /** Sends the form (the values of this screen's fields), unless busy. */
    fun submit() {
        if (!busy) onSubmit(screen.fields.associate { it.name to value(it.name) })
    }

    /** Presses [action]: sends the form if it [submits][ScreenAction.submits], else performs it. */
    fun act(action: ScreenAction) {
        if (busy) return
        if (action.submits) submit() else onAction(action)
    }
}

/**
 * What an app replaces in the sign-in UI (as Amplify UI's `components` slots).
 *
 * @property screens a drawing per screen, keyed by its step's [key][AuthenticatorStep.key]
 *   (`"SignIn"`, `"SignUp"`, `"SetupTotp"`, …): it takes the place of [AuthScreenScaffold].
 * @property header drawn above every screen's heading (a logo).
 * @property footer drawn below every screen's buttons (terms, a help link).
 */
class AuthenticatorSlots(
    val screens: Map<String, @Composable (AuthScreenState) -> Unit> = emptyMap(),
    val header: (@Composable () -> Unit)? = null,
    val footer: (@Composable () -> Unit)? = null,
)

/**
 * Draws [screen] with its form state: the app's override for its step if [slots] has one,
 * else [AuthScreenScaffold]. The typed values start from the fields' values and start again
 * whenever a new screen arrives (the core keeps what is to be kept — the user name after a
 * wrong password — and empties secrets).
 *
 * @param screen the screen to show.
 * @param onSubmit called with the values by field name when the form is sent.
 * @param onAction called when any other button is pressed.
 * @param modifier for the screen's container.
 * @param busy whether a request is on its way.
 * @param slots the app's replacements.
 */
@Composable
fun AuthScreenHost(
    screen: AuthenticatorScreen,
    onSubmit: (Map<String, String>) -> Unit,
    onAction: (ScreenAction) -> Unit,
    modifier: Modifier = Modifier,
    busy: Boolean = false,
    slots: AuthenticatorSlots = AuthenticatorSlots(),
) {
    val typed = remember(screen) {
        mutableStateMapOf<String, String>().apply { screen.fields.forEach { put(it.name, it.value) } }
    }
    val state = AuthScreenState(screen, typed, busy, onSubmit, onAction)
    val override = slots.screens[screen.step.key]
    Surface(modifier = modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
        // Each screen is drawn afresh: what a field or button remembered (a password shown,
        // a button's focus or press) must not carry over to the next screen's field or button
        // of the same name or place.
        key(screen) {
            if (override != null) {
                override(state)
            } else {
                AuthScreenScaffold(state, header = slots.header, footer = slots.footer)
            }
        }
    }
}

/**
 * The default drawing of a screen: optional header, heading, message, banner, the TOTP set-up
 * piece on that step ([AuthTotpSetup]), fields, then the buttons, then an optional footer;
 * centred, at most 480 dp wide, scrolling when taller than the window. On a selection screen
 * (an MFA method, a first factor) each option is an outlined button and the other actions are
 * links; elsewhere the first action is the primary button and the others are links. Social
 * sign-in buttons ("Sign in with Google") come last, as outlined buttons.
 *
 * @param state the screen and its form state.
 * @param modifier for the column.
 * @param header drawn above the heading.
 * @param footer drawn below the buttons.
 */
@Composable
fun AuthScreenScaffold(
    state: AuthScreenState,
    modifier: Modifier = Modifier,
    header: (@Composable () -> Unit)? = null,
    footer: (@Composable () -> Unit)? = null,
) {
    val screen = state.screen
    Box(Modifier.fillMaxSize(), contentAlignment = Alignment.TopCenter) {
        Column(
            modifier = modifier
                .widthIn(max = 480.dp)
                .fillMaxWidth()
                .verticalScroll(rememberScrollState())
                .padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            header?.invoke()
            Text(
                screen.title,
                style = MaterialTheme.typography.headlineSmall,
                modifier = Modifier.testTag(AuthTags.TITLE).semantics { heading() },
            )
            screen.message?.let {
                Text(it, style = MaterialTheme.typography.bodyMedium, modifier = Modifier.testTag(AuthTags.MESSAGE))
            }
            screen.banner?.let { AuthBanner(it) }
            (screen.step as? AuthenticatorStep.SetupTotp)?.let { AuthTotpSetup(it.setupUri, it.sharedSecret) }
            screen.fields.forEachIndexed { index, field ->
                val last = index == screen.fields.lastIndex
                AuthField(
                    field = field,
                    value = state.value(field.name),
                    onValueChange = { state.setValue(field.name, it) },
                    enabled = !state.busy,
                    imeAction = if (last) ImeAction.Done else ImeAction.Next,
                    onImeAction = { if (last) state.submit() },
                )
            }
            val (social, buttons) = screen.actions.partition { it.isSocial }
            val (choices, others) = buttons.partition { it.isChoice }
            ChoiceButtons(choices, state)
            val primary = if (choices.isEmpty()) others.firstOrNull() else null
            if (primary != null) {
                AuthPrimaryButton(
                    label = primary.label,
                    onClick = { state.act(primary) },
                    busy = state.busy,
                    modifier = Modifier.testTag(AuthTags.action(primary.id)),
                )
            }
            others.filter { it !== primary }.forEach { action ->
                TextButton(
                    onClick = { state.act(action) },
                    enabled = !state.busy,
                    modifier = Modifier.fillMaxWidth().testTag(AuthTags.action(action.id)),
                ) { Text(action.label) }
            }
            ChoiceButtons(social, state)
            footer?.invoke()
        }
    }
}

/** [actions] as [AuthChoiceButton]s, tagged by their ids. */
@Composable
private fun ChoiceButtons(actions: List<ScreenAction>, state: AuthScreenState) = actions.forEach { action ->
    AuthChoiceButton(
        label = action.label,
        onClick = { state.act(action) },
        enabled = !state.busy,
        modifier = Modifier.testTag(AuthTags.action(action.id)),
    )
}

/**
 * One option of a selection screen (an MFA method, a way to sign in): a full-width outlined
 * button, so the options read as a list of equals rather than one primary and the rest links.
 *
 * @param label the option's text.
 * @param onClick called when it is pressed.
 * @param modifier for the button (its test tag).
 * @param enabled false while the screen is busy.
 */
@Composable
fun AuthChoiceButton(label: String, onClick: () -> Unit, modifier: Modifier = Modifier, enabled: Boolean = true) {
    OutlinedButton(onClick = onClick, enabled = enabled, modifier = modifier.fillMaxWidth()) { Text(label) }
}
