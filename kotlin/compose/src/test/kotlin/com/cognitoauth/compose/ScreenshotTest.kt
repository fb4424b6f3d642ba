package com.cognitoauth.compose

import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.test.ComposeUiTest
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onRoot
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.runDesktopComposeUiTest
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File
import javax.imageio.ImageIO

/**
 * PNG of each building-block screen for the README, into the `screenshots.dir` system property
 * (docs/screenshots, set by the POM). Rendered offscreen by Compose's desktop test host
 * (skiko, software raster): no window and no display are involved.
 */
@OptIn(ExperimentalTestApi::class)
class ScreenshotTest {
    private val dir = File(System.getProperty("screenshots.dir") ?: "target/screenshots").apply { mkdirs() }

    /** Draws [content], types [typing] into its fields, runs [then], and saves the PNG. */
    private fun shoot(
        name: String,
        typing: Map<String, String> = emptyMap(),
        then: ComposeUiTest.() -> Unit = {},
        content: @Composable () -> Unit,
    ) =
        runDesktopComposeUiTest(width = 400, height = 720) {
            setContent(content)
            typing.forEach { (field, text) -> onNodeWithTag(AuthTags.field(field)).performTextInput(text) }
            then()
            waitForIdle()
            val image = onRoot().captureToImage().toAwtImage()
            val file = File(dir, "$name.png")
            assertTrue(ImageIO.write(image, "png", file), "no PNG writer")
            assertTrue(file.length() > 1000, "$file is empty")
        }

    @Test
    fun sign_in() = shoot("sign-in", mapOf("username" to "ana", "password" to "Corr3ct-Horse!")) {
        AuthenticatorTheme { AuthScreenHost(SampleScreens.signIn(), onSubmit = {}, onAction = {}) }
    }

    @Test
    fun sign_in_refused() = shoot("sign-in-refused") {
        AuthenticatorTheme {
            AuthScreenHost(
                SampleScreens.signIn(username = "ana", banner = "The username or password is not right.", passwordError = "Enter your password."),
                onSubmit = {}, onAction = {},
            )
        }
    }

    @Test
    fun sign_up_refused() = shoot("sign-up-refused", mapOf("password" to "password", "confirm_password" to "passw0rd")) {
        AuthenticatorTheme { AuthScreenHost(SampleScreens.signUp(withErrors = true), onSubmit = {}, onAction = {}) }
    }

    @Test
    fun confirm_code_busy() {
        // Typed first, then busy (a disabled field takes no input), as after pressing Confirm.
        var busy by mutableStateOf(false)
        shoot(
            "confirm-code-busy", mapOf("code" to "123456"),
            then = {
                busy = true
                // The indeterminate indicator starts as a dot: a fixed step of the test clock
                // draws its arc (the same frame on every run).
                mainClock.autoAdvance = false
                mainClock.advanceTimeBy(500)
            },
        ) {
            AuthenticatorTheme { AuthScreenHost(SampleScreens.confirmCode(), onSubmit = {}, onAction = {}, busy = busy) }
        }
    }

    @Test
    fun confirm_code_wrong() = shoot("confirm-code-wrong") {
        AuthenticatorTheme {
            AuthScreenHost(SampleScreens.confirmCode(error = "That code is not right. Check it and try again."), onSubmit = {}, onAction = {})
        }
    }

    @Test
    fun signed_in() = shoot("signed-in") {
        AuthenticatorTheme { AuthScreenHost(SampleScreens.signedIn(username = "ana"), onSubmit = {}, onAction = {}) }
    }

    @Test
    fun sign_in_dark_and_translated() {
        val strings = AuthenticatorStrings(
            mapOf(
                "sign_in.title" to "Connexion",
                "field.username" to "Nom d'utilisateur",
                "field.password" to "Mot de passe",
                "action.sign_in" to "Se connecter",
                "action.forgot_password" to "Mot de passe oublié ?",
                "action.go_to_sign_up" to "Créer un compte",
                "action.show" to "Afficher",
            ),
        )
        shoot("sign-in-dark-fr") {
            AuthenticatorTheme(colorScheme = AuthenticatorDefaults.darkColors, strings = strings) {
                AuthScreenHost(SampleScreens.signIn(strings), onSubmit = {}, onAction = {})
            }
        }
    }
}
