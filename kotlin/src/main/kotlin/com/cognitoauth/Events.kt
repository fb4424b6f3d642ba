package com.cognitoauth

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

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
