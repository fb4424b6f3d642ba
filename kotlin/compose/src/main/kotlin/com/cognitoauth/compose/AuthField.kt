package com.cognitoauth.compose

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.text.input.VisualTransformation
import com.cognitoauth.FieldKind
import com.cognitoauth.FormField

/** Test tags of the building blocks, for UI tests (and an app's own). */
object AuthTags {
    /** The text field of the field named [name]. */
    fun field(name: String): String = "field:$name"

    /** The error text under the field named [name]. */
    fun fieldError(name: String): String = "field:$name:error"

    /** The show/hide toggle of the masked field named [name]. */
    fun toggle(name: String): String = "field:$name:toggle"

    /** The button of the action [id]. */
    fun action(id: String): String = "action:$id"

    /** The screen-level error banner. */
    const val BANNER: String = "banner"

    /** The screen's heading. */
    const val TITLE: String = "title"

    /** The screen's message under the heading. */
    const val MESSAGE: String = "message"

    /** The TOTP set-up's QR code. */
    const val TOTP_QR: String = "totp:qr"

    /** The TOTP set-up's key, as text. */
    const val TOTP_KEY: String = "totp:key"
}

/** The keyboard a field of [kind] asks for. */
fun keyboardTypeOf(kind: FieldKind): KeyboardType = when (kind) {
    FieldKind.EMAIL -> KeyboardType.Email
    FieldKind.PHONE -> KeyboardType.Phone
    FieldKind.PASSWORD, FieldKind.CONFIRM_PASSWORD -> KeyboardType.Password
    FieldKind.CODE -> KeyboardType.NumberPassword
    FieldKind.USERNAME, FieldKind.TEXT -> KeyboardType.Text
}

/**
 * One input of a screen: an outlined text field labelled from [field], with the keyboard of
 * its kind, masked with a show/hide toggle when it is a password, and its error (or else its
 * hint) below it. A screen reader reads [FormField.accessibilityLabel], is told of the error
 * (semantics `error`), and announces the error when it appears (polite live region).
 *
 * Tags: [AuthTags.field], [AuthTags.fieldError], [AuthTags.toggle].
 *
 * @param field what to show.
 * @param value the current text.
 * @param onValueChange called with the new text as the user types.
 * @param modifier for the text field.
 * @param enabled false while the screen is busy.
 * @param imeAction the keyboard's action key (Next between fields, Done on the last).
 * @param onImeAction called when that key is pressed (the last field submits the form).
 */
@Composable
fun AuthField(
    field: FormField,
    value: String,
    onValueChange: (String) -> Unit,
    modifier: Modifier = Modifier,
    enabled: Boolean = true,
    imeAction: ImeAction = ImeAction.Next,
    onImeAction: () -> Unit = {},
) {
    val strings = LocalAuthenticatorStrings.current
    var revealed by rememberSaveable(field.name) { mutableStateOf(false) }
    val masked = field.kind.masked && !revealed
    val error = field.error
    val hint = field.hint
    OutlinedTextField(
        value = value,
        onValueChange = onValueChange,
        modifier = modifier
            .fillMaxWidth()
            .testTag(AuthTags.field(field.name))
            .semantics {
                contentDescription = field.accessibilityLabel
                if (error != null) error(strings.format("a11y.field_error", "label" to field.label, "error" to error))
            },
        enabled = enabled,
        label = { Text(field.label) },
        singleLine = true,
        isError = error != null,
        visualTransformation = if (masked) PasswordVisualTransformation() else VisualTransformation.None,
        keyboardOptions = KeyboardOptions(
            capitalization = if (field.kind == FieldKind.TEXT) KeyboardCapitalization.Words else KeyboardCapitalization.None,
            autoCorrectEnabled = false,
            keyboardType = keyboardTypeOf(field.kind),
            imeAction = imeAction,
        ),
        keyboardActions = KeyboardActions(onAny = { onImeAction() }),
        trailingIcon = if (field.kind.masked) {
            {
                TextButton(
                    onClick = { revealed = !revealed },
                    enabled = enabled,
                    modifier = Modifier
                        .testTag(AuthTags.toggle(field.name))
                        .semantics {
                            contentDescription = strings[if (revealed) "a11y.hide_password" else "a11y.show_password"]
                        },
                ) { Text(strings[if (revealed) "action.hide" else "action.show"]) }
            }
        } else {
            null
        },
        supportingText = when {
            error != null -> {
                {
                    Text(
                        error,
                        modifier = Modifier
                            .testTag(AuthTags.fieldError(field.name))
                            .semantics { liveRegion = LiveRegionMode.Polite },
                    )
                }
            }
            hint != null -> {
                { Text(hint) }
            }
            else -> null
        },
    )
}
