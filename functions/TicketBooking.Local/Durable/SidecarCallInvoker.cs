using Grpc.Core;

namespace TicketBooking.Local.Durable;

/// <summary>
/// How the Durable Task worker and client reach the <see cref="DurableSidecar"/>: every call goes to the channel the
/// sidecar opens once it listens. The sidecar binds its port first (one the operating system picks, so nothing can take
/// it between choosing and binding) and only then is its address known; a call made before that waits for it, up to
/// <see cref="StartTimeout"/>, instead of failing with "connection refused".
/// </summary>
internal sealed class SidecarCallInvoker(Task<CallInvoker> listening) : CallInvoker
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private CallInvoker Inner => listening.IsCompletedSuccessfully ? listening.Result : listening.WaitAsync(StartTimeout).GetAwaiter().GetResult();

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        Inner.BlockingUnaryCall(method, host, options, request);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options,
        TRequest request) =>
        Inner.AsyncUnaryCall(method, host, options, request);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host,
        CallOptions options, TRequest request) =>
        Inner.AsyncServerStreamingCall(method, host, options, request);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method,
        string? host, CallOptions options) =>
        Inner.AsyncClientStreamingCall(method, host, options);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method,
        string? host, CallOptions options) =>
        Inner.AsyncDuplexStreamingCall(method, host, options);
}
