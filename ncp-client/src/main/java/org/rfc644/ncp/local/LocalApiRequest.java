package org.rfc644.ncp.local;

/**
 * A request from a client that the daemon answers with exactly one {@link OkFrame} or
 * {@link ErrorFrame} carrying the same request id. SEND is not one: it has no id and no reply.
 */
public sealed interface LocalApiRequest extends LocalApiFrame
        permits PingRequest, OpenRequest, ListenRequest, AcceptRequest, AllocateRequest,
        ReleaseRequest, StatusRequest, HostsRequest, CloseRequest, InterruptRequest {

    /** The id chosen by the client, echoed in the reply. */
    int requestId();
}
