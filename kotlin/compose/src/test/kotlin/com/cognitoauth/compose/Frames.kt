package com.cognitoauth.compose

import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.test.ComposeUiTest
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasTestTag
import androidx.compose.ui.test.onRoot
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
    mainClock.advanceTimeBy(2_000)
    val dir = File(System.getProperty("screenshots.dir") ?: "target/screenshots").apply { mkdirs() }
    val file = File(dir, "$name.png")
    assertTrue(ImageIO.write(onRoot().captureToImage().toAwtImage(), "png", file), "no PNG writer")
    assertTrue(file.length() > 1000, "$file is empty")
}
