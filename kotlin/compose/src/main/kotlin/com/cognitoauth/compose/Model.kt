package com.cognitoauth.compose

// STAND-INS for the core's exported screen types. The core's `Authenticator` (branch
// `authenticator`: core/src/authenticator/, bindings/uniffi/src/authenticator.rs) exports
// `AuthenticatorScreen`, `FormField`, `FieldKind`, `ScreenAction` and `AuthenticatorAction`
// through UniFFI, but they are not on this branch yet. These mirror them field for field so
// that wiring the renderer is a mapping (or a replacement by the generated types), not a
// redesign:
//   FormField(name, kind, label, accessibility_label, hint, value, required, error) -> FieldSpec
//   ScreenAction(action, label)                                                      -> ActionSpec
//   AuthenticatorScreen(step, title, message, fields, actions, banner)               -> ScreenSpec

/**
 * What a field holds: the renderer picks keyboard and masking from it. Mirrors the core's
 * `FieldKind`.
 */
enum class FieldKind {
    /** A user name (no spaces); "Email or phone number" pools label it so. */
    Username,

    /** An email address. */
    Email,

    /** A phone number in E.164 form. */
    Phone,

    /** A password (masked, with a show/hide toggle). */
    Password,

    /** The password typed again (masked, with a show/hide toggle). */
    ConfirmPassword,

    /** A one-time code (digits). */
    Code,

    /** Any other text (a user attribute, a custom-challenge answer). */
    Text,
    ;

    /** Whether the value is a secret shown masked until the user asks to see it. */
    val masked: Boolean get() = this == Password || this == ConfirmPassword
}

/**
 * One input of a screen, as the core describes it: every text in it is already taken from
 * the string table. Mirrors the core's `FormField`.
 *
 * @property name the key of the value in the submitted map (`username`, `password`, `code`, …).
 * @property kind what it holds.
 * @property label the visible label.
 * @property accessibilityLabel what a screen reader says for it (`"Username, required"`).
 * @property hint help shown under the field while it has no error (the password policy).
 * @property value the initial value (the core never echoes secrets back: empty for them).
 * @property required whether the core refuses the form without it.
 * @property error the message to show under the field, if the last submission was refused.
 */
data class FieldSpec(
    val name: String,
    val kind: FieldKind,
    val label: String,
    val accessibilityLabel: String = label,
    val hint: String? = null,
    val value: String = "",
    val required: Boolean = true,
    val error: String? = null,
)

/**
 * A button of a screen. Mirrors the core's `ScreenAction`; [id] stands for its
 * `AuthenticatorAction` (`submit`, `forgot_password`, `go_to_sign_up`, `back_to_sign_in`,
 * `resend_code`, `sign_out`, …).
 *
 * @property id which action; [SUBMIT] sends the form.
 * @property label the button's text.
 */
data class ActionSpec(val id: String, val label: String) {
    /** Whether pressing it sends the form's values. */
    val submits: Boolean get() = id == SUBMIT

    companion object {
        /** The id of the action that sends the form. */
        const val SUBMIT: String = "submit"
    }
}

/**
 * One screen of the flow. Mirrors the core's `AuthenticatorScreen`; [step] stands for its
 * `AuthenticatorStep` (the name of the variant: `SignIn`, `SignUp`, `ConfirmSignUp`, …), which
 * is also the key a screen override is registered under ([AuthenticatorSlots.screens]).
 *
 * @property step which screen.
 * @property title the heading.
 * @property message information under the heading ("We sent a code to …").
 * @property fields the inputs, in order.
 * @property actions the buttons; the first one is the primary button, the others are links.
 * @property banner a screen-level error ("The username or password is not right.").
 */
data class ScreenSpec(
    val step: String,
    val title: String,
    val message: String? = null,
    val fields: List<FieldSpec> = emptyList(),
    val actions: List<ActionSpec> = emptyList(),
    val banner: String? = null,
)
