using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace CourseHub.Web.Tests.Email;

/// <summary>
/// The real site with mail settings of the test's choosing, and the background dispatcher switched
/// off: the test runs each pass itself with <see cref="OutboxDispatcher.DispatchDueAsync"/>, or delivers
/// everything due as the background service does with <see cref="OutboxDispatcher.DeliverDueAsync"/>.
/// </summary>
public sealed class MailSite : IDisposable
{
    private readonly TestSite _site;

    public MailSite(IEnumerable<KeyValuePair<string, string>> settings, string? databasePath = null, Action<MailSite, IWebHostBuilder>? configure = null)
    {
        settings = settings.ToList();
        _site = new(withRepositoryContent: false,
            settings: settings.Where(s => s.Key == "Database:Provider").ToDictionary(s => s.Key, s => s.Value));
        App = _site.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Mail:DispatcherEnabled", "false");
            if (databasePath is not null) builder.UseSetting("ConnectionStrings:CourseHub", $"Data Source={databasePath}");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureLogging(logging => logging.AddProvider(new CapturedLogs(Logs, LogLevel.Information, "CourseHub", (_, level, message) => $"{level}: {message}")));
            configure?.Invoke(this, builder);
        });
    }

    public static MailSite Smtp(int port, params (string Key, string Value)[] settings) => new(
        [
            new("Mail:Mode", "Smtp"),
            new("Mail:Smtp:Host", "127.0.0.1"),
            // netDumbster serves one connection at a time; a second would wait for the first to close.
            new("Mail:Connections", "1"),
            new("Mail:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Mail:Smtp:Security", "None"),
            .. settings.Select(s => new KeyValuePair<string, string>(s.Key, s.Value)),
        ]);

    public static MailSite Pickup(params (string Key, string Value)[] settings) =>
        new(settings.Select(s => new KeyValuePair<string, string>(s.Key, s.Value)));

    public WebApplicationFactory<Program> App { get; }
    public FakeTimeProvider Clock => _site.Clock;
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;
    public string DatabasePath => _site.DatabasePath;
    /// <summary>The site's Site:DataPath; the pickup folder is "mail" inside it.</summary>
    public string DataPath => Path.GetDirectoryName(_site.DatabasePath)!;
    public ConcurrentQueue<string> Logs { get; } = new();

    public OutboxDispatcher Dispatcher => App.Services.GetRequiredService<OutboxDispatcher>();

    public static RenderedMail Mail(string key) => new(
        $"Session confirmed: {key}",
        $"Dear Ana Pérez,\n\nYour place in the session {key} is confirmed.\n",
        $"<p>Dear Ana Pérez,</p><p>Your place in the session <strong>{key}</strong> is confirmed.</p>");

    /// <summary>Enqueues through the real <see cref="Outbox"/> and commits, as feature code does.</summary>
    public async Task<long> EnqueueAsync(string key, string to = "ana.perez@example.org", bool essential = true,
        MailCalendar? calendar = null, IReadOnlyList<MailAttachment>? attachments = null, string kind = "test.mail")
    {
        await using var scope = App.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
        await outbox.EnqueueAsync(kind, key, new MailRecipient(to, "Ana Pérez", "en"), Mail(key), essential, calendar, attachments);
        await db.SaveChangesAsync();
        return await db.OutboxMessages.Where(m => m.IdempotencyKey == key).Select(m => m.Id).SingleAsync();
    }

    public async Task<T> WithDbAsync<T>(Func<CourseHubDbContext, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CourseHubDbContext>());
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<OutboxMessage> MessageAsync(long id) =>
        WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>Delivers until nothing is due, as the background service does; returns how many messages were claimed.</summary>
    public Task<int> DispatchUntilIdleAsync() => Dispatcher.DeliverDueAsync();

    public void Dispose()
    {
        App.Dispose();
        _site.Dispose();
    }

    /// <summary>A loopback port nobody listens on: connecting to it is refused, as with a server that is down.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Mail as the test SMTP server received it, parsed back with MimeKit.</summary>
    public static MimeMessage Parse(string raw) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)));

    /// <summary>Waits (in real time) for something another thread does, such as a server storing a message.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }
}
