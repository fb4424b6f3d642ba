package com.cognitoauth;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The API as a Java caller sees it: CompletableFutures, getters, static helpers. */
class JavaFuturesTest {
    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, SECONDS);
    }

    private static AuthClient client() {
        return CognitoAuth.fromAmplifyConfig(Peer.INSTANCE.config("amplify_outputs.json"), Peer.INSTANCE.getEndpoints());
    }

    @Test
    void everyOperationIsAFutureAndFailuresAreAuthExceptions() throws Exception {
        CognitoAuthFutures auth;
        try (AuthClient client = client()) {
            auth = CognitoAuthFutures.of(client);
            String user = Peer.INSTANCE.uniqueUser("java");
            SignUpResult signUp = await(auth.signUp(user, Peer.GOOD_PASSWORD));
            assertInstanceOf(SignUpNextStep.ConfirmSignUp.class, signUp.getNextStep());
            assertEquals(SignUpNextStep.Done.INSTANCE, await(auth.confirmSignUp(user, "123456")).getNextStep());

            ExecutionException wrong = assertThrows(ExecutionException.class,
                () -> await(auth.signIn(user, "Wr0ng-passw0rd!",
                    new SignInOptions(SignInFlow.UserPassword.INSTANCE, java.util.Map.of()))));
            AuthException.NotAuthorized e = assertInstanceOf(AuthException.NotAuthorized.class, wrong.getCause());
            assertFalse(e.getMessage().startsWith("reason="), e.getMessage());
            assertEquals("Check the user name and password, or sign in again.", e.recoverySuggestion());
            assertEquals(e.recoverySuggestion(), ErrorsKt.getRecoverySuggestion(e));

            SignInResult signIn = await(auth.signIn(user, Peer.GOOD_PASSWORD));
            assertTrue(signIn.isSignedIn());
            assertEquals("Done", signIn.getNextStep().toString());
            assertEquals(UserState.SIGNED_IN, await(auth.userState()));
            assertEquals(user, await(auth.getCurrentUser()).getUsername());

            AuthSession session = await(auth.fetchAuthSession());
            UserPoolTokens tokens = SessionKt.getOrThrow(session.getTokens());
            Instant expiration = TimesKt.getExpiration(tokens);
            assertEquals(tokens.expiresAt(), expiration.getEpochSecond());
            assertFalse(TimesKt.isExpired(tokens));
            assertNotNull(await(auth.fetchUserAttributes()).get("sub"));
            kotlinx.coroutines.flow.StateFlow<UserState> state = EventsKt.getUserState(client);
            assertNotNull(state.getValue());

            SignOutResult out = await(auth.signOut());
            SignOutResult.Partial partial = assertInstanceOf(SignOutResult.Partial.class, out);
            assertNotNull(partial.getRefreshToken());
            assertEquals("SecretToken(***)", partial.getRefreshToken().toString());
            ExecutionException retry = assertThrows(ExecutionException.class,
                () -> await(auth.revokeToken(partial.getRefreshToken())));
            assertInstanceOf(AuthException.class, retry.getCause());
            assertEquals(UserState.GUEST, await(auth.userState()));
        }
        // The client is closed now: the futures fail with the library's own error.
        ExecutionException closed = assertThrows(ExecutionException.class, () -> await(auth.userState()));
        AuthException.InvalidState invalid = assertInstanceOf(AuthException.InvalidState.class, closed.getCause());
        assertTrue(invalid.getMessage().contains("was closed"), invalid.getMessage());
    }

    @Test
    void aClientFromAStream() throws Exception {
        byte[] json = Peer.INSTANCE.config("amplify_outputs.json").getBytes(StandardCharsets.UTF_8);
        try (AuthClient client = CognitoAuth.fromStream(new ByteArrayInputStream(json), Peer.INSTANCE.getEndpoints())) {
            assertEquals(UserState.GUEST, await(CognitoAuthFuturesKt.asJava(client).userState()));
        }
        AuthException.Configuration bad = assertThrows(AuthException.Configuration.class,
            () -> CognitoAuth.fromStream(new ByteArrayInputStream(new byte[] {'{'})));
        assertFalse(bad.getMessage().isEmpty());
    }
}
