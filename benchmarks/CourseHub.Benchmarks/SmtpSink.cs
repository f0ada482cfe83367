using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CourseHub.Benchmarks;

/// <summary>An SMTP server on 127.0.0.1 that accepts every message and counts it.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private long _received;

    private SmtpSink(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new CountingStore(this));
        services.Add(new NoDelayListenerFactory());
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public long Received => Interlocked.Read(ref _received);

    public static async Task<SmtpSink> StartAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var sink = new SmtpSink(port);
        for (var tries = 0; ; tries++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return sink;
            }
            catch (SocketException) when (tries < 200)
            {
                await Task.Delay(25);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private sealed class CountingStore(SmtpSink sink) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref sink._received);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    /// <summary>
    /// The package's listener leaves Nagle's algorithm on, so a pipelined client waits ~40 ms (delayed
    /// ACK) for the second of two replies: every sender would then measure the sink, not itself.
    /// </summary>
    private sealed class NoDelayListenerFactory : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new Listener(listener);
        }
    }

    private sealed class Listener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var socket = await listener.AcceptSocketAsync(cancellationToken);
            socket.NoDelay = true;
            context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
            context.Properties[EndpointListener.RemoteEndPointKey] = socket.RemoteEndPoint!;
            return new PlainPipe(new NetworkStream(socket, ownsSocket: true));
        }

        public void Dispose() => listener.Stop();
    }

    private sealed class PlainPipe(NetworkStream stream) : ISecurableDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(stream);
        public PipeWriter Output { get; } = PipeWriter.Create(stream);
        public bool IsSecure => false;
        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The benchmark sink speaks plain SMTP only.");

        public void Dispose() => stream.Dispose();
    }
}
