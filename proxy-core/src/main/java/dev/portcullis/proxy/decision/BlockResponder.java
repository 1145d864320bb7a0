package dev.portcullis.proxy.decision;

import dev.portcullis.config.policy.BlockPageSettings;
import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ErrorResponses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Answers blocked and redirected requests: a block page naming the rule and reason, or a 307. */
public final class BlockResponder {
    private final BlockPages pages;

    /** @param settings the block page title and footer of the (one) policy in force, read per block */
    public BlockResponder(Supplier<BlockPageSettings> settings) {
        this(org -> settings.get());
    }

    /** @param pages each organisation's block page title and footer, read per block */
    public BlockResponder(BlockPages pages) {
        this.pages = pages;
    }

    /** A block page with the settings of the only (or first) organisation. */
    public FullHttpResponse blocked(ByteBufAllocator alloc, GateVerdict verdict, String url, HttpHeaders requestHeaders,
                                    String requestId, boolean close) {
        return blocked(alloc, null, verdict, url, requestHeaders, requestId, close);
    }

    /** A block page with the settings of organisation {@code org} (null: not attributed). */
    public FullHttpResponse blocked(ByteBufAllocator alloc, String org, GateVerdict verdict, String url,
                                    HttpHeaders requestHeaders, String requestId, boolean close) {
        String reason = verdict.reason() == null ? "blocked by policy" : verdict.reason();
        String rule = verdict.ruleName() == null ? "(none)" : verdict.ruleName();
        boolean html = verdict.blockPage() && wantsHtml(requestHeaders);
        BlockPageSettings page = pages.pageFor(org);
        String title = page.title() == null ? "Blocked by your organisation" : page.title();
        String footer = page.footer() == null ? "" : page.footer();
        String body;
        String type;
        if (html) {
            type = "text/html; charset=utf-8";
            body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title)
                    + "</title></head>\n<body><h1>" + escape(title) + "</h1>\n<p>" + escape(reason) + "</p>\n"
                    + "<dl><dt>Address</dt><dd>" + escape(url) + "</dd><dt>Rule</dt><dd>" + escape(rule)
                    + "</dd><dt>Request id</dt><dd>" + escape(requestId) + "</dd></dl>\n<footer>" + escape(footer)
                    + "</footer></body></html>\n";
        } else {
            type = "text/plain; charset=utf-8";
            body = "403 Forbidden: " + reason + "\nurl: " + url + "\nrule: " + rule + "\nrequest id: " + requestId
                    + "\n";
        }
        ByteBuf content = alloc.buffer(body.length() + 16);
        content.writeCharSequence(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN,
                content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(ErrorResponses.ERROR_HEADER, ErrorCode.POLICY_BLOCK.code())
                .set(ErrorResponses.REQUEST_ID_HEADER, requestId);
        if (verdict.ruleId() != null) {
            response.headers().set("X-Portcullis-Rule", verdict.ruleId());
        }
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    public FullHttpResponse redirect(ByteBufAllocator alloc, GateVerdict verdict, String requestId, boolean close) {
        FullHttpResponse response = ErrorResponses.text(alloc, HttpResponseStatus.TEMPORARY_REDIRECT, null,
                "307 Temporary Redirect: " + verdict.redirectLocation() + "\n", requestId, close);
        response.headers().set(HttpHeaderNames.LOCATION, verdict.redirectLocation());
        return response;
    }

    private static boolean wantsHtml(HttpHeaders headers) {
        String accept = headers == null ? null : headers.get(HttpHeaderNames.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
