package io.github.wildfiresfu.janus;

import static io.github.wildfiresfu.janus.CoreFixture.compact;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error path of the core API, code and whole shape. The expected replies are the ones
 * Debian's Janus 1.1.2 gave for the same requests over HTTP on this machine (2026-11-24, echotest
 * standing in for the test plugin), with the ids replaced: {@code %1$d} is the session, {@code %2$d}
 * a handle of it. Backticks stand for double quotes to keep the table readable.
 */
class JanusCoreErrorTest {

    private final CoreFixture f = new CoreFixture();
    private final long session = f.createSession();
    private final long handle = f.attach(session);

    static Stream<Arguments> janus112Errors() {
        return Stream.of(
                // Envelope: parse errors, mandatory elements, types (no transaction in the reply).
                row("not JSON", "hello",
                        "{`janus`:`error`,`error`:{`code`:454,`reason`:`JSON error: on line 1: '[' or '{' expected near 'hello'`}}"),
                row("string", "`x`",
                        "{`janus`:`error`,`error`:{`code`:454,`reason`:`JSON error: on line 1: '[' or '{' expected near '\\`x\\`'`}}"),
                row("number", "123",
                        "{`janus`:`error`,`error`:{`code`:454,`reason`:`JSON error: on line 1: '[' or '{' expected near '123'`}}"),
                row("literal after blanks", "   true",
                        "{`janus`:`error`,`error`:{`code`:454,`reason`:`JSON error: on line 1: '[' or '{' expected near 'true'`}}"),
                row("trailing token", "{`janus`:`ping`,`transaction`:`t`} x",
                        "{`janus`:`error`,`error`:{`code`:454,`reason`:`JSON error: on line 1: end of file expected near 'x'`}}"),
                row("two objects", "{}{}",
                        "{`janus`:`error`,`error`:{`code`:454,`reason`:`JSON error: on line 1: end of file expected near '{'`}}"),
                row("array", "[1,2]", "{`janus`:`error`,`error`:{`code`:455,`reason`:`JSON error: not an object`}}"),
                row("empty object", "{}",
                        "{`janus`:`error`,`error`:{`code`:456,`reason`:`Missing mandatory element (transaction)`}}"),
                row("no transaction", "{`janus`:`info`}",
                        "{`janus`:`error`,`error`:{`code`:456,`reason`:`Missing mandatory element (transaction)`}}"),
                row("no janus", "{`transaction`:`t`}",
                        "{`janus`:`error`,`error`:{`code`:456,`reason`:`Missing mandatory element (janus)`}}"),
                row("janus not a string", "{`janus`:1,`transaction`:`t`}",
                        "{`janus`:`error`,`error`:{`code`:467,`reason`:`Invalid element type (janus should be a string)`}}"),
                row("janus null", "{`janus`:null,`transaction`:`t`}",
                        "{`janus`:`error`,`error`:{`code`:467,`reason`:`Invalid element type (janus should be a string)`}}"),
                row("transaction not a string", "{`janus`:`info`,`transaction`:5}",
                        "{`janus`:`error`,`error`:{`code`:467,`reason`:`Invalid element type (transaction should be a string)`}}"),
                row("transaction null", "{`janus`:`ping`,`transaction`:null}",
                        "{`janus`:`error`,`error`:{`code`:467,`reason`:`Invalid element type (transaction should be a string)`}}"),
                row("create id negative", "{`janus`:`create`,`transaction`:`t`,`id`:-5}",
                        "{`janus`:`error`,`error`:{`code`:467,`reason`:`Invalid element type (id should be a positive integer)`}}"),
                row("create id string", "{`janus`:`create`,`transaction`:`t`,`id`:`5`}",
                        "{`janus`:`error`,`error`:{`code`:467,`reason`:`Invalid element type (id should be a positive integer)`}}"),
                row("create id fraction", "{`janus`:`create`,`transaction`:`t`,`id`:5.5}",
                        "{`janus`:`error`,`error`:{`code`:467,`reason`:`Invalid element type (id should be a positive integer)`}}"),
                row("create id null", "{`janus`:`create`,`transaction`:`t`,`id`:null}",
                        "{`janus`:`error`,`error`:{`code`:467,`reason`:`Invalid element type (id should be a positive integer)`}}"),
                row("id checked on every verb", "{`janus`:`keepalive`,`session_id`:%1$d,`transaction`:`t`,`id`:-1}",
                        "{`janus`:`error`,`session_id`:%1$d,`error`:{`code`:467,`reason`:`Invalid element type (id should be a positive integer)`}}"),
                // Root level: only info, ping and create.
                row("unknown verb at root", "{`janus`:`foo`,`transaction`:`t`}",
                        "{`janus`:`error`,`transaction`:`t`,`error`:{`code`:457,`reason`:`Unhandled request 'foo' at this path`}}"),
                row("verb case kept in reason", "{`janus`:`Foo`,`transaction`:`t`}",
                        "{`janus`:`error`,`transaction`:`t`,`error`:{`code`:457,`reason`:`Unhandled request 'Foo' at this path`}}"),
                row("attach at root", "{`janus`:`attach`,`transaction`:`t`}",
                        "{`janus`:`error`,`transaction`:`t`,`error`:{`code`:457,`reason`:`Unhandled request 'attach' at this path`}}"),
                row("keepalive at root", "{`janus`:`keepalive`,`transaction`:`t`}",
                        "{`janus`:`error`,`transaction`:`t`,`error`:{`code`:457,`reason`:`Unhandled request 'keepalive' at this path`}}"),
                row("session id as string is no session id", "{`janus`:`keepalive`,`transaction`:`t`,`session_id`:`%1$d`}",
                        "{`janus`:`error`,`transaction`:`t`,`error`:{`code`:457,`reason`:`Unhandled request 'keepalive' at this path`}}"),
                row("create with a taken id", "{`janus`:`create`,`transaction`:`t`,`id`:%1$d}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:468,`reason`:`Session ID already in use`}}"),
                // Session and handle lookup.
                row("unknown session", "{`janus`:`keepalive`,`session_id`:999,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:999,`transaction`:`t`,`error`:{`code`:458,`reason`:`No such session 999`}}"),
                row("negative session id reads as unsigned", "{`janus`:`keepalive`,`transaction`:`t`,`session_id`:-1}",
                        "{`janus`:`error`,`session_id`:-1,`transaction`:`t`,`error`:{`code`:458,`reason`:`No such session 18446744073709551615`}}"),
                row("handle without session", "{`janus`:`keepalive`,`transaction`:`t`,`handle_id`:%2$d}",
                        "{`janus`:`error`,`transaction`:`t`,`error`:{`code`:458,`reason`:`Session not found`}}"),
                row("session 0 with handle", "{`janus`:`keepalive`,`transaction`:`t`,`session_id`:0,`handle_id`:%2$d}",
                        "{`janus`:`error`,`transaction`:`t`,`error`:{`code`:458,`reason`:`Session not found`}}"),
                row("unknown handle", "{`janus`:`message`,`session_id`:%1$d,`handle_id`:999,`transaction`:`t`,`body`:{}}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:459,`reason`:`No such handle 999 in session %1$d`}}"),
                row("negative handle id reads as unsigned", "{`janus`:`keepalive`,`transaction`:`t`,`session_id`:%1$d,`handle_id`:-1}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:459,`reason`:`No such handle 18446744073709551615 in session %1$d`}}"),
                row("handle id 0", "{`janus`:`keepalive`,`transaction`:`t`,`session_id`:%1$d,`handle_id`:0}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:459,`reason`:`Handle not found`}}"),
                row("handle id string", "{`janus`:`keepalive`,`transaction`:`t`,`session_id`:%1$d,`handle_id`:`x`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:459,`reason`:`Handle not found`}}"),
                // Verbs at the wrong level.
                row("unknown verb at session", "{`janus`:`foo`,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:453,`reason`:`Unknown request 'foo'`}}"),
                row("unknown verb at handle", "{`janus`:`foo`,`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:453,`reason`:`Unknown request 'foo'`}}"),
                row("info at session", "{`janus`:`info`,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:453,`reason`:`Unknown request 'info'`}}"),
                row("ping at session", "{`janus`:`ping`,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:453,`reason`:`Unknown request 'ping'`}}"),
                row("create at session", "{`janus`:`create`,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:453,`reason`:`Unknown request 'create'`}}"),
                row("attach at handle", "{`janus`:`attach`,`plugin`:`janus.plugin.test`,`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:457,`reason`:`Unhandled request 'attach' at this path`}}"),
                row("destroy at handle", "{`janus`:`destroy`,`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:457,`reason`:`Unhandled request 'destroy' at this path`}}"),
                row("detach at session", "{`janus`:`detach`,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:457,`reason`:`Unhandled request 'detach' at this path`}}"),
                row("hangup at session", "{`janus`:`hangup`,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:457,`reason`:`Unhandled request 'hangup' at this path`}}"),
                row("message at session", "{`janus`:`message`,`session_id`:%1$d,`transaction`:`t`,`body`:{}}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:457,`reason`:`Unhandled request 'message' at this path`}}"),
                row("trickle at session", "{`janus`:`trickle`,`session_id`:%1$d,`transaction`:`t`,`candidate`:{}}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:457,`reason`:`Unhandled request 'trickle' at this path`}}"),
                // attach
                row("attach without plugin", "{`janus`:`attach`,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:456,`reason`:`Missing mandatory element (plugin)`}}"),
                row("attach plugin not a string", "{`janus`:`attach`,`plugin`:5,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`Invalid element type (plugin should be a string)`}}"),
                row("attach unknown plugin", "{`janus`:`attach`,`plugin`:`janus.plugin.nope`,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:460,`reason`:`No such plugin 'janus.plugin.nope'`}}"),
                row("attach opaque_id not a string", "{`janus`:`attach`,`plugin`:`janus.plugin.test`,`opaque_id`:5,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`Invalid element type (opaque_id should be a string)`}}"),
                row("attach opaque_id null", "{`janus`:`attach`,`plugin`:`janus.plugin.test`,`opaque_id`:null,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`Invalid element type (opaque_id should be a string)`}}"),
                row("attach loop_index negative", "{`janus`:`attach`,`plugin`:`janus.plugin.test`,`loop_index`:-1,`session_id`:%1$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`Invalid element type (loop_index should be a positive integer)`}}"),
                // message and JSEP
                row("message without body", "{`janus`:`message`,`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:456,`reason`:`Missing mandatory element (body)`}}"),
                row("message body array", "{`janus`:`message`,`body`:[],`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`Invalid element type (body should be an object)`}}"),
                row("message body null", "{`janus`:`message`,`body`:null,`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`Invalid element type (body should be an object)`}}"),
                row("jsep a string", "{`janus`:`message`,`body`:{},`jsep`:`x`,`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:455,`reason`:`Invalid jsep object`}}"),
                row("jsep null", "{`janus`:`message`,`body`:{},`jsep`:null,`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:455,`reason`:`Invalid jsep object`}}"),
                row("jsep without type", "{`janus`:`message`,`body`:{},`jsep`:{`sdp`:`x`},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:456,`reason`:`JSEP error: missing mandatory element (type)`}}"),
                row("jsep without sdp", "{`janus`:`message`,`body`:{},`jsep`:{`type`:`offer`},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:456,`reason`:`JSEP error: missing mandatory element (sdp)`}}"),
                row("jsep type not a string", "{`janus`:`message`,`body`:{},`jsep`:{`type`:1,`sdp`:`x`},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`JSEP error: invalid element type (type should be a string)`}}"),
                row("jsep sdp not a string", "{`janus`:`message`,`body`:{},`jsep`:{`type`:`offer`,`sdp`:5},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`JSEP error: invalid element type (sdp should be a string)`}}"),
                row("jsep trickle not a boolean", "{`janus`:`message`,`body`:{},`jsep`:{`type`:`offer`,`sdp`:`x`,`trickle`:`yes`},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`JSEP error: invalid element type (trickle should be a boolean)`}}"),
                row("jsep unknown type", "{`janus`:`message`,`body`:{},`jsep`:{`type`:`pranswer`,`sdp`:`x`},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:464,`reason`:`JSEP error: unknown message type 'pranswer'`}}"),
                // trickle (the candidate checks are what Janus answers once a PeerConnection exists)
                row("trickle without candidate", "{`janus`:`trickle`,`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:456,`reason`:`Missing mandatory element (candidate|candidates)`}}"),
                row("trickle with both", "{`janus`:`trickle`,`candidate`:{},`candidates`:[],`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:454,`reason`:`Can't have both candidate and candidates`}}"),
                row("trickle candidates not an array", "{`janus`:`trickle`,`candidates`:{},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`candidates is not an array`}}"),
                row("trickle empty candidate", "{`janus`:`trickle`,`candidate`:{},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:456,`reason`:`Trickle error: missing mandatory element (sdpMid or sdpMLineIndex)`}}"),
                row("trickle sdpMid not a string", "{`janus`:`trickle`,`candidate`:{`sdpMid`:0,`candidate`:`c`},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`Trickle error: invalid element type (sdpMid should be a string)`}}"),
                row("trickle sdpMLineIndex negative", "{`janus`:`trickle`,`candidate`:{`sdpMLineIndex`:-1,`candidate`:`c`},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`Trickle error: invalid element type (sdpMLineIndex should be a positive integer)`}}"),
                row("trickle sdpMLineIndex string", "{`janus`:`trickle`,`candidate`:{`sdpMLineIndex`:`0`,`candidate`:`c`},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`Trickle error: invalid element type (sdpMLineIndex should be a positive integer)`}}"),
                row("trickle without candidate line", "{`janus`:`trickle`,`candidate`:{`sdpMid`:`0`},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:456,`reason`:`Trickle error: missing mandatory element (candidate)`}}"),
                row("trickle candidate line not a string", "{`janus`:`trickle`,`candidate`:{`sdpMid`:`0`,`candidate`:5},`session_id`:%1$d,`handle_id`:%2$d,`transaction`:`t`}",
                        "{`janus`:`error`,`session_id`:%1$d,`transaction`:`t`,`error`:{`code`:467,`reason`:`Trickle error: invalid element type (candidate should be a string)`}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("janus112Errors")
    void answersLikeJanus112(String name, String request, String expected) {
        ObjectNode reply = f.call(String.format(request, session, handle));
        assertThat(compact(reply)).isEqualTo(compact(CoreFixture.json(expected, session, handle)));
    }

    @Test
    void conflictingPathAndBodyIdsAreRejectedWithoutTransaction() {
        ObjectNode sessionConflict = f.call(f.transport, "{\"janus\":\"keepalive\",\"session_id\":5,\"transaction\":\"t\"}",
                new RequestPath(session, 0));
        assertThat(compact(sessionConflict)).isEqualTo(CoreFixture.expected(
                "{\"janus\":\"error\",\"error\":{\"code\":457,\"reason\":\"Conflicting session ID (payload and path)\"}}"));
        ObjectNode handleConflict = f.call(f.transport, "{\"janus\":\"keepalive\",\"handle_id\":5,\"transaction\":\"t\"}",
                new RequestPath(session, handle));
        assertThat(compact(handleConflict)).isEqualTo(CoreFixture.expected(
                "{\"janus\":\"error\",\"error\":{\"code\":457,\"reason\":\"Conflicting handle ID (payload and path)\"}}"));
    }

    @Test
    void otherParseErrorsKeepJanussPrefixAndLine() {
        assertThat(f.call("{\"janus\":").path("error").path("reason").asText()).startsWith("JSON error: on line 1: ");
        ObjectNode multiLine = f.call("{\n\"janus\":\n}");
        assertThat(multiLine.path("error").path("code").asInt()).isEqualTo(454);
        assertThat(multiLine.path("error").path("reason").asText()).startsWith("JSON error: on line 3: ");
        assertThat(f.call("").path("error").path("reason").asText())
                .isEqualTo("JSON error: on line 1: '[' or '{' expected near end of file");
    }

    @Test
    void detachAndDestroyTwiceReportTheMissingHandleAndSession() {
        f.callf("{\"janus\":\"detach\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"t\"}", session, handle);
        assertThat(compact(f.callf("{\"janus\":\"detach\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"t\"}",
                session, handle))).isEqualTo(CoreFixture.expected("{\"janus\":\"error\",\"session_id\":%d,\"transaction\":\"t\","
                + "\"error\":{\"code\":459,\"reason\":\"No such handle %d in session %d\"}}", session, handle, session));
        f.callf("{\"janus\":\"destroy\",\"session_id\":%d,\"transaction\":\"t\"}", session);
        assertThat(compact(f.callf("{\"janus\":\"destroy\",\"session_id\":%d,\"transaction\":\"t\"}", session)))
                .isEqualTo(CoreFixture.expected("{\"janus\":\"error\",\"session_id\":%d,\"transaction\":\"t\","
                        + "\"error\":{\"code\":458,\"reason\":\"No such session %d\"}}", session, session));
    }

    static Stream<Arguments> pluginFailures() {
        return Stream.of(
                Arguments.of("error", "bad request"),
                Arguments.of("nothing", "Plugin didn't give a result"),
                Arguments.of("nodata", "Plugin didn't provide any content for this synchronous response"),
                Arguments.of("throw", "Plugin returned a severe (unknown) error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pluginFailures")
    void pluginFailuresAre462(String request, String reason) {
        ObjectNode reply = f.callf("{\"janus\":\"message\",\"body\":{\"request\":\"%s\"},\"session_id\":%d,\"handle_id\":%d,"
                + "\"transaction\":\"t\"}", request, session, handle);
        assertThat(compact(reply)).isEqualTo(CoreFixture.expected("{\"janus\":\"error\",\"session_id\":%d,"
                + "\"transaction\":\"t\",\"error\":{\"code\":462,\"reason\":\"%s\"}}", session, reason));
    }

    @Test
    void refusedAttachIs461AndLeavesNoHandle() {
        ObjectNode reply = f.callf("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.test\",\"opaque_id\":\"refuse\","
                + "\"session_id\":%d,\"transaction\":\"t\"}", session);
        assertThat(compact(reply)).isEqualTo(CoreFixture.expected("{\"janus\":\"error\",\"session_id\":%d,"
                + "\"transaction\":\"t\",\"error\":{\"code\":461,\"reason\":\"Couldn't attach to plugin: error '461'\"}}",
                session));
        assertThat(f.core.handleCount()).isEqualTo(1);
    }

    @Test
    void notAcceptingNewSessionsIs472WithJanussDefaultText() {
        CoreFixture closed = new CoreFixture(JanusCoreSettings.builder().acceptNewSessions(false).build());
        assertThat(compact(closed.call("{\"janus\":\"create\",\"transaction\":\"t\"}"))).isEqualTo(CoreFixture.expected(
                "{\"janus\":\"error\",\"transaction\":\"t\",\"error\":{\"code\":472,"
                        + "\"reason\":\"Currently not accepting new sessions\"}}"));
        assertThat(closed.core.sessionCount()).isZero();
    }

    private static Arguments row(String name, String request, String expected) {
        return Arguments.of(name, request.replace('`', '"'), expected.replace('`', '"'));
    }
}
