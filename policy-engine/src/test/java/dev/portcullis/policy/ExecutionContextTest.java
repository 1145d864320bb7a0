package dev.portcullis.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.policy.gateway.GatewayScheme;
import dev.portcullis.policy.rules.Phase;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionContextTest {
    @Test
    void misuseIsRejectedWithTheFieldAndTypeNamed() {
        ExecutionContext ctx = GatewayScheme.scheme().newContext();
        assertEquals("field 'net.dst.port' is Int, not Bytes", assertThrows(IllegalArgumentException.class,
                () -> ctx.setBytes(GatewayScheme.NET_DST_PORT, "22")).getMessage());
        Scheme other = Scheme.builder().add("net.dst.port", FieldType.INT, EnumSet.of(Phase.NETWORK)).build();
        Field foreign = other.field("net.dst.port").orElseThrow();
        assertEquals("field 'net.dst.port' does not belong to this context's scheme",
                assertThrows(IllegalArgumentException.class, () -> ctx.setInt(foreign, 1)).getMessage());
        assertEquals("field 'http.request.domains': array contains null", assertThrows(IllegalArgumentException.class,
                () -> ctx.setBytesArray(GatewayScheme.HTTP_DOMAINS, Arrays.asList("a", null))).getMessage());
        assertEquals("invalid field name 'Bad Name': expected dotted lower-case identifiers such as http.request.host",
                assertThrows(IllegalArgumentException.class, () -> Scheme.builder().add("Bad Name", FieldType.INT,
                        EnumSet.of(Phase.HTTP))).getMessage());
    }

    @Test
    void clearMakesValuesAbsentAgain() throws Exception {
        CompiledFilter f = FilterCompiler.compile(GatewayScheme.scheme(), "not(net.dst.port == 22)", null,
                Phase.NETWORK, null);
        ExecutionContext ctx = GatewayScheme.scheme().newContext();
        ctx.setInt(GatewayScheme.NET_DST_PORT, 22);
        ctx.setBytesArray(GatewayScheme.HTTP_DOMAINS, List.of("a"));
        assertFalse(f.execute(ctx));
        assertTrue(ctx.isSet(GatewayScheme.NET_DST_PORT));
        ctx.clear();
        assertFalse(ctx.isSet(GatewayScheme.NET_DST_PORT));
        assertFalse(ctx.isSet(GatewayScheme.HTTP_DOMAINS));
        assertTrue(f.execute(ctx));
    }

    @Test
    void compiledFilterKnowsItsFieldsAndPhases() throws Exception {
        CompiledFilter host = FilterCompiler.compile(GatewayScheme.scheme(), "http.request.host == \"a\"", null,
                Phase.HTTP, null);
        CompiledFilter path = FilterCompiler.compile(GatewayScheme.scheme(), "http.request.uri.path == \"/\"", null,
                Phase.HTTP, null);
        assertTrue(host.usableIn(Phase.TLS_INSPECTION));
        assertFalse(path.usableIn(Phase.TLS_INSPECTION));
        CompiledFilter both = CompiledFilter.allOf(List.of(host, path), Phase.HTTP);
        assertEquals(2, both.fields().size());
        assertEquals("(http.request.host == \"a\") and (http.request.uri.path == \"/\")", both.toString());
        assertThrows(IllegalArgumentException.class, () -> CompiledFilter.allOf(List.of(host,
                FilterCompiler.reference(GatewayScheme.scheme(), "", null, Phase.HTTP, null)), Phase.HTTP));
    }
}
