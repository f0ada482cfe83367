using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CourseHub.Web.Tests.Email;

/// <summary>
/// A real SMTP server on loopback (the SmtpServer package) whose answers the test scripts: a 550 for
/// some recipients, a 451 for the next DATA, or the same reply to every DATA.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private ScriptedSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Messages the server accepted (answered 250 to their DATA).</summary>
    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    /// <summary>Recipients refused at RCPT TO with 550.</summary>
    public ConcurrentDictionary<string, bool> RejectedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Replies to the next DATA commands, in order; when empty, see <see cref="ReplyToEveryData"/>.</summary>
    public ConcurrentQueue<SmtpResponse> NextDataReplies { get; } = new();

    /// <summary>When set, every DATA gets this reply (after the scripted ones); otherwise 250.</summary>
    public SmtpResponse? ReplyToEveryData { get; set; }

    public static SmtpResponse TryLater { get; } = new(SmtpReplyCode.Aborted, "4.3.0 Try again later");

    public static async Task<ScriptedSmtpServer> StartAsync()
    {
        var server = new ScriptedSmtpServer(MailSite.FreePort());
        await server.WaitUntilListeningAsync();
        return server;
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
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

    private sealed class Store(ScriptedSmtpServer server) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (!server.NextDataReplies.TryDequeue(out var reply)) reply = server.ReplyToEveryData ?? SmtpResponse.Ok;
            if (reply.ReplyCode == SmtpReplyCode.Ok)
            {
                server.Received.Enqueue(MimeMessage.Load(new MemoryStream(buffer.ToArray())));
            }
            return Task.FromResult(reply);
        }
    }

    private sealed class Filter(ScriptedSmtpServer server) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.RejectedRecipients.ContainsKey($"{to.User}@{to.Host}"));
    }
}
