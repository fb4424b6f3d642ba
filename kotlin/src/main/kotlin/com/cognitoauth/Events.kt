package com.cognitoauth

import java.lang.ref.WeakReference
import java.util.WeakHashMap
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch

/**
 * The client's auth events as a cold [Flow]: each collector subscribes when it starts and
 * sees every event from then on, in order. The flow completes when the client is closed;
 * cancelling the collector cancels the pending read in Rust.
 */
fun AuthClient.authEvents(): Flow<AuthEvent> = flow {
    events().use { stream ->
        while (true) {
            val event = stream.next() ?: break
            emit(event)
        }
    }
}

/**
 * The user's state as a hot [StateFlow], one per client: `userState.value` is the current
 * state without suspending, collectors see each change. It starts as [UserState.UNKNOWN] until
 * the stored session has been read (a moment after first use), then follows the client's
 * events: after a call that changes the state (sign-in, sign-out, …) the new value arrives
 * with its event, so wait with `userState.first { it == UserState.SIGNED_IN }` rather than
 * read `value` on the next line. The suspend `userState()` reads the state directly.
 *
 * The flow stops following once the client is closed or collected by the garbage collector.
 */
val AuthClient.userState: StateFlow<UserState>
    get() = synchronized(UserStates.flows) { UserStates.flows.getOrPut(this) { UserStates.follow(this) } }

private object UserStates {
    /** Weak keys: a flow does not keep its client alive. */
    val flows = WeakHashMap<AuthClient, StateFlow<UserState>>()

    /** The library's own scope for the followers (they end with their client's events). */
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    fun follow(client: AuthClient): StateFlow<UserState> {
        val state = MutableStateFlow(UserState.UNKNOWN)
        // Subscribed before the first read: a change in between still arrives as an event.
        val stream = client.events()
        val weak = WeakReference(client)
        scope.launch {
            stream.use {
                try {
                    state.value = weak.get()?.userState() ?: return@launch
                    while (it.next() != null) {
                        state.value = weak.get()?.userState() ?: break
                    }
                } catch (closed: AuthException) {
                    // The client was closed: the last state stays.
                }
            }
        }
        return state.asStateFlow()
    }
}
