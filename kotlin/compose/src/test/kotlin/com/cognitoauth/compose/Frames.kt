package com.cognitoauth.compose

import androidx.compose.foundation.layout.Column
import androidx.compose.material3.Button
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.test.ComposeUiTest
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.onRoot
import androidx.compose.ui.test.click
import androidx.compose.ui.test.performMouseInput
import androidx.compose.ui.test.performTouchInput
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.test.captureToImage
import java.io.File
import javax.imageio.ImageIO
import org.junit.jupiter.api.Assertions.assertTrue

/**
 * Steps frames until [found] holds, for tests whose answer comes from a server. With the clock
 * advancing by itself, the test host's idle check waits for the busy indicator's endless
 * animation to end and never returns: such tests set `mainClock.autoAdvance = false` and step
 * here (30 s: a hang guard, not a timing).
 */
@OptIn(ExperimentalTestApi::class)
fun ComposeUiTest.stepUntil(what: String, found: () -> Boolean) {
    val deadline = System.nanoTime() + 30_000_000_000L
    while (true) {
        mainClock.advanceTimeByFrame()
        if (found()) return
        check(System.nanoTime() < deadline) { "waited 30 s for $what" }
        Thread.sleep(10)
    }
}

/** Whether a node tagged [tag] is shown (also inside merged nodes, as field errors are). */
@OptIn(ExperimentalTestApi::class)
fun ComposeUiTest.shown(tag: String): Boolean =
    onAllNodes(hasTestTag(tag), useUnmergedTree = true).fetchSemanticsNodes().isNotEmpty()

/** Saves what is on screen as `<name>.png` in the screenshots directory (docs/screenshots), the same picture every run. */
@OptIn(ExperimentalTestApi::class)
fun ComposeUiTest.screenshot(name: String) {
    // A press leaves a ripple that fades over a few hundred ms: let it end, so the picture
    // does not depend on how many frames the server's answer took.
    // The test's last click leaves its pointer where it pressed, and whatever button sits
    // there now would be drawn hovered: move the mouse, then tap, at the top-left corner.
    onRoot().performMouseInput { moveTo(Offset(1f, 1f)) }
    onRoot().performTouchInput { click(Offset(1f, 1f)) }
    mainClock.advanceTimeBy(2_000)
    val dir = File(System.getProperty("screenshots.dir") ?: "target/screenshots").apply { mkdirs() }
    val file = File(dir, "$name.png")
    assertTrue(ImageIO.write(onRoot().captureToImage().toAwtImage(), "png", file), "no PNG writer")
    assertTrue(file.length() > 1000, "$file is empty")
}

/** An app's signed-in content for the tests: tagged `home`, with its own sign-out button (`home.sign_out`). */
@Composable
fun Home(signOut: () -> Unit) = Column {
    Text("Welcome", Modifier.testTag("home"))
    Button(onClick = signOut, modifier = Modifier.testTag("home.sign_out")) { Text("Sign out") }
}
