package com.cognitoauth.compose

import androidx.compose.material3.ColorScheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Shapes
import androidx.compose.material3.Typography
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.graphics.Color

/** The default look of the sign-in screens; an app passes its own to [AuthenticatorTheme]. */
object AuthenticatorDefaults {
    /** Light colors (Amplify UI's teal as the primary color). */
    val lightColors: ColorScheme = lightColorScheme(
        primary = Color(0xFF047D95),
        onPrimary = Color.White,
        primaryContainer = Color(0xFFD7F3F9),
        onPrimaryContainer = Color(0xFF00303A),
    )

    /** Dark colors. */
    val darkColors: ColorScheme = darkColorScheme(
        primary = Color(0xFF5CC8DE),
        onPrimary = Color(0xFF00363F),
    )
}

/**
 * The theme hook of the sign-in UI: Material 3's [MaterialTheme] with the colors, typography
 * and shapes an app passes (each optional), and the string table the building blocks read
 * ([LocalAuthenticatorStrings]).
 *
 * An app that already has a `MaterialTheme` passes its own `MaterialTheme.colorScheme` (etc.)
 * to keep its look.
 *
 * @param colorScheme colors; [AuthenticatorDefaults.lightColors] by default.
 * @param typography text styles.
 * @param shapes corner shapes of fields, buttons and the banner.
 * @param strings the texts ([AuthenticatorStrings]); English by default.
 * @param content the screens.
 */
@Composable
fun AuthenticatorTheme(
    colorScheme: ColorScheme = AuthenticatorDefaults.lightColors,
    typography: Typography = MaterialTheme.typography,
    shapes: Shapes = MaterialTheme.shapes,
    strings: AuthenticatorStrings = LocalAuthenticatorStrings.current,
    content: @Composable () -> Unit,
) {
    MaterialTheme(colorScheme = colorScheme, typography = typography, shapes = shapes) {
        CompositionLocalProvider(LocalAuthenticatorStrings provides strings, content = content)
    }
}
