/**
 * Per-user session data: module code uses {@link dev.poto.runtime.Sessions}; the server
 * installs one {@link dev.poto.runtime.session.SessionProvider} in every call's
 * {@link dev.poto.runtime.context.RequestContext}.
 *
 * <h2>Which provider</h2>
 *
 * <ul>
 *   <li>{@link dev.poto.runtime.session.InMemorySessionProvider} (the default): development, tests and
 *       single-instance servers. Fast, atomic per key (writes and {@code updateSessionValue}), bounded (max sessions with least-recently-used
 *       eviction, idle timeout with a background sweeper), observable ({@code getSessionStats()}).
 *       Sessions vanish on restart and are not shared between instances.
 *   <li>{@link dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider}: stateless servers, many
 *       instances, no shared store. The session rides in one AES-256-GCM cookie (Tink, user id bound
 *       as associated data) of at most 4 KB, sealed with an expiry. Limits: small sessions only
 *       ({@code session_too_large} beyond that), no statistics, no server-side logout of other
 *       devices, writes must happen before a stream starts, and two requests in flight from one
 *       browser are last-answer-wins for the session ({@code updateSessionValue} is atomic within one
 *       call only).
 *   <li>The Redis provider ({@code poto-session-redis}): several instances sharing sessions that may
 *       be large or written concurrently by one client ({@code updateSessionValue} is atomic across
 *       instances), with statistics and server-side deletion.
 * </ul>
 *
 * <p>Keysets for the cookie provider: {@link dev.poto.runtime.session.cookie.GenerateSessionKeyset} prints a
 * new one or rotates an existing one; {@link dev.poto.runtime.session.cookie.CookieSessionKeys} loads it from a
 * file or an environment variable.
 */
package dev.poto.runtime.session;

