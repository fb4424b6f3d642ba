package com.cognitoauth.compose

import androidx.compose.material3.Text
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.assertTextEquals
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.runComposeUiTest
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The building blocks on the desktop JVM, through Compose's UI test API (offscreen). */
@OptIn(ExperimentalTestApi::class)
class BuildingBlocksTest {
    private fun editableText(tag: String, test: androidx.compose.ui.test.SemanticsNodeInteractionsProvider): String =
        test.onNodeWithTag(tag).fetchSemanticsNode().config.getOrNull(SemanticsProperties.EditableText)?.text ?: ""

    @Test
    fun typing_and_pressing_the_primary_button_submits_the_values_by_field_name() = runComposeUiTest {
        val submitted = mutableListOf<Map<String, String>>()
        val pressed = mutableListOf<String>()
        setContent {
            AuthenticatorTheme {
                AuthScreenHost(SampleScreens.signIn(), onSubmit = { submitted += it }, onAction = { pressed += it.id })
            }
        }
        onNodeWithTag(AuthTags.field("username")).performTextInput("ana")
        onNodeWithTag(AuthTags.field("password")).performTextInput("Corr3ct-Horse!")
        onNodeWithTag(AuthTags.action(SUBMIT_ID)).performClick()
        onNodeWithTag(AuthTags.action("forgot_password")).performClick()
        waitForIdle()
        assertEquals(listOf(mapOf("username" to "ana", "password" to "Corr3ct-Horse!")), submitted)
        assertEquals(listOf("forgot_password"), pressed)
    }

    @Test
    fun a_password_is_masked_until_the_toggle_shows_it() = runComposeUiTest {
        setContent { AuthenticatorTheme { AuthScreenHost(SampleScreens.signIn(), onSubmit = {}, onAction = {}) } }
        val password = AuthTags.field("password")
        onNodeWithTag(password).performTextInput("s3cret!")
        onNodeWithTag(password).assert(SemanticsMatcher.keyIsDefined(SemanticsProperties.Password))
        assertEquals("\u2022".repeat(7), editableText(password, this))
        onNodeWithTag(AuthTags.toggle("password")).assert(hasDescription("Show password")).performClick()
        assertEquals("s3cret!", editableText(password, this))
        onNodeWithTag(password).assert(SemanticsMatcher.keyNotDefined(SemanticsProperties.Password))
        onNodeWithTag(AuthTags.toggle("password")).assert(hasDescription("Hide password")).performClick()
        assertEquals("\u2022".repeat(7), editableText(password, this))
        // The user name is never masked.
        onNodeWithTag(AuthTags.field("username")).performTextInput("ana")
        assertEquals("ana", editableText(AuthTags.field("username"), this))
    }

    @Test
    fun a_password_shown_on_one_screen_is_masked_again_on_the_next() = runComposeUiTest {
        var screen by mutableStateOf(SampleScreens.signIn())
        setContent { AuthenticatorTheme { AuthScreenHost(screen, onSubmit = {}, onAction = {}) } }
        onNodeWithTag(AuthTags.toggle("password")).performClick()
        onNodeWithTag(AuthTags.field("password")).assert(SemanticsMatcher.keyNotDefined(SemanticsProperties.Password))
        // The next screen (the same form refused) has a password field of the same name.
        screen = SampleScreens.signIn(username = "ana", banner = "The username or password is not right.")
        waitForIdle()
        onNodeWithTag(AuthTags.field("password")).assert(SemanticsMatcher.keyIsDefined(SemanticsProperties.Password))
        onNodeWithTag(AuthTags.toggle("password")).assert(hasDescription("Show password"))
    }

    @Test
    fun errors_show_under_their_own_field_and_the_banner_above_the_form() = runComposeUiTest {
        var screen by mutableStateOf(SampleScreens.signIn())
        setContent { AuthenticatorTheme { AuthScreenHost(screen, onSubmit = {}, onAction = {}) } }
        // Error texts are merged into their text field's node for screen readers: the unmerged tree has their tags.
        assertTrue(onAllNodes(hasTagPrefix("field:"), useUnmergedTree = true).fetchSemanticsNodes().none { it.tag().endsWith(":error") })
        onNodeWithTag(AuthTags.BANNER).assertDoesNotExist()

        screen = SampleScreens.signIn(username = "ana", passwordError = "Enter your password.", banner = "The username or password is not right.")
        waitForIdle()
        onNodeWithTag(AuthTags.fieldError("password"), useUnmergedTree = true).assertTextEquals("Enter your password.")
        onNodeWithTag(AuthTags.fieldError("username"), useUnmergedTree = true).assertDoesNotExist()
        // Under the password field: inside its node (which spans the outline and the text under
        // it), below the user name, above the primary button.
        val username = onNodeWithTag(AuthTags.field("username")).fetchSemanticsNode().boundsInRoot
        val field = onNodeWithTag(AuthTags.field("password")).fetchSemanticsNode().boundsInRoot
        val error = onNodeWithTag(AuthTags.fieldError("password"), useUnmergedTree = true).fetchSemanticsNode().boundsInRoot
        val button = onNodeWithTag(AuthTags.action(SUBMIT_ID)).fetchSemanticsNode().boundsInRoot
        assertTrue(
            field.contains(error.center) && error.top >= username.bottom && error.bottom <= button.top,
            "error at $error, user name $username, password $field, button $button",
        )
        // The field says it is in error, for screen readers.
        onNodeWithTag(AuthTags.field("password"))
            .assert(SemanticsMatcher.expectValue(SemanticsProperties.Error, "Password: Enter your password."))
        // The banner: announced with its prefix, above the fields.
        onNodeWithTag(AuthTags.BANNER).assert(hasDescription("Error: The username or password is not right."))
        val banner = onNodeWithTag(AuthTags.BANNER).fetchSemanticsNode().boundsInRoot
        assertTrue(banner.bottom <= username.top, "banner at $banner, user name at $username")
        // A new screen starts from the fields' values: the user name kept, the password empty.
        assertEquals("ana", editableText(AuthTags.field("username"), this))
        assertEquals("", editableText(AuthTags.field("password"), this))
    }

    @Test
    fun screen_readers_get_a_label_for_every_field_and_button() = runComposeUiTest {
        setContent { AuthenticatorTheme { AuthScreenHost(SampleScreens.signUp(), onSubmit = {}, onAction = {}) } }
        for (label in listOf("Username, required", "Password, required", "Confirm password, required", "Email, required", "First name, optional")) {
            onNodeWithContentDescription(label).assertExists()
        }
        onNodeWithContentDescription("Create account").assertExists()
        onNodeWithTag(AuthTags.TITLE).assert(SemanticsMatcher.keyIsDefined(SemanticsProperties.Heading))
    }

    @Test
    fun the_apps_string_table_replaces_labels_and_accessibility_texts() = runComposeUiTest {
        val strings = AuthenticatorStrings(
            mapOf(
                "field.username" to "Nom d'utilisateur",
                "a11y.required" to "{label}, obligatoire",
                "a11y.show_password" to "Afficher le mot de passe",
                "action.show" to "Afficher",
            ),
        )
        setContent { AuthenticatorTheme(strings = strings) { AuthScreenHost(SampleScreens.signIn(strings), onSubmit = {}, onAction = {}) } }
        onNodeWithText("Nom d'utilisateur").assertExists()
        onNodeWithText("Username").assertDoesNotExist()
        onNodeWithContentDescription("Nom d'utilisateur, obligatoire").assertExists()
        onNodeWithContentDescription("Afficher le mot de passe").assertExists()
        onNodeWithText("Afficher").assertExists()
        // What the core owns goes to AuthenticatorOptions.strings; the renderer's own stay here.
        assertEquals(setOf("field.username", "a11y.required"), strings.coreOverrides().keys)
    }

    @Test
    fun the_primary_button_is_disabled_and_says_so_while_busy() = runComposeUiTest {
        var busy by mutableStateOf(true)
        val submitted = mutableListOf<Map<String, String>>()
        setContent { AuthenticatorTheme { AuthScreenHost(SampleScreens.confirmCode(), onSubmit = { submitted += it }, onAction = {}, busy = busy) } }
        val button = onNodeWithTag(AuthTags.action(SUBMIT_ID))
        button.assertIsNotEnabled().assert(SemanticsMatcher.expectValue(SemanticsProperties.StateDescription, "Please wait"))
        onNodeWithTag(AuthTags.field("code")).assertIsNotEnabled()
        busy = false
        waitForIdle()
        button.assertIsEnabled().assert(SemanticsMatcher.keyNotDefined(SemanticsProperties.StateDescription))
        onNodeWithTag(AuthTags.field("code")).performTextInput("123456")
        button.performClick()
        waitForIdle()
        assertEquals(listOf(mapOf("code" to "123456")), submitted)
    }

    @Test
    fun an_app_overrides_one_screen_and_keeps_the_others() = runComposeUiTest {
        var screen by mutableStateOf(SampleScreens.signIn())
        val submitted = mutableListOf<Map<String, String>>()
        val slots = AuthenticatorSlots(
            screens = mapOf(
                "SignIn" to { state ->
                    Text("My own sign-in: ${state.screen.fields.size} fields")
                    androidx.compose.material3.Button(onClick = {
                        state.setValue("username", "custom")
                        state.submit()
                    }) { Text("Go") }
                },
            ),
            footer = { Text("Terms of use") },
        )
        setContent { AuthenticatorTheme { AuthScreenHost(screen, onSubmit = { submitted += it }, onAction = {}, slots = slots) } }
        onNodeWithText("My own sign-in: 2 fields").assertExists()
        onNodeWithTag(AuthTags.field("username")).assertDoesNotExist()
        onNodeWithText("Go").performClick()
        waitForIdle()
        assertEquals(listOf(mapOf("username" to "custom", "password" to "")), submitted)
        // Another screen has no override: the default scaffold, with the app's footer.
        screen = SampleScreens.confirmCode()
        waitForIdle()
        onNodeWithTag(AuthTags.field("code")).assertExists()
        onNodeWithText("Terms of use").assertExists()
    }

    private fun hasDescription(text: String) =
        SemanticsMatcher.expectValue(SemanticsProperties.ContentDescription, listOf(text))

    private fun hasTagPrefix(prefix: String) =
        SemanticsMatcher("tag starts with $prefix") { it.config.getOrNull(SemanticsProperties.TestTag)?.startsWith(prefix) == true }

    private fun androidx.compose.ui.semantics.SemanticsNode.tag(): String =
        config.getOrNull(SemanticsProperties.TestTag) ?: ""
}
