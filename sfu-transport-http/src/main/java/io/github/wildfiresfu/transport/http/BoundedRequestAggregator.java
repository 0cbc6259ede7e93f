package io.github.wildfiresfu.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Joins a request's body up to a limit. Instead of Netty's plain-text 413, an oversized request
 * is passed on as {@link HttpApiHandler.OversizedRequest}, so that it is answered in order with
 * a Janus error and the CORS headers; the aggregator discards the rest of its body and the
 * connection stays usable.
 */
final class BoundedRequestAggregator extends HttpObjectAggregator {

    BoundedRequestAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (oversized instanceof HttpRequest request) {
            ctx.fireChannelRead(new HttpApiHandler.OversizedRequest(request.protocolVersion(), request.method(),
                    request.headers().copy(), HttpUtil.isKeepAlive(request)));
            return;
        }
        super.handleOversizedMessage(ctx, oversized);
    }
}
