using System.Diagnostics;
using System.Globalization;
using CourseHub.Web.Data;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Hosting;
using MailKit.Net.Smtp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using MimeKit;

namespace CourseHub.Benchmarks;

/// <summary>
/// A: N account mails enqueued through the real Outbox into a fresh SQLite database, then delivered by
/// the real OutboxDispatcher (DeliverDueAsync, as the background service calls it, until the sink has them all). B: a plain MailKit loop sending the
/// same N mails over one connection to the same sink. A's rate counts delivery only; the enqueue
/// (the feature's own SaveChanges) is timed and printed apart.
/// </summary>
public static class OutboxBenchmark
{
    private const double Target = 0.8;

    public static async Task<int> RunAsync(int count)
    {
        await using var sink = await SmtpSink.StartAsync();
        Console.WriteLine($"Outbox delivery benchmark: {count} messages per run, SMTP sink on 127.0.0.1:{sink.Port}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores available to the process, .NET {Environment.Version}");
        await using (var probe = BuildSite(Path.GetTempPath(), sink.Port))
        {
            var mail = probe.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MailOptions>>().Value;
            Console.WriteLine($"Dispatcher: batch size {mail.BatchSize}, {mail.Connections} SMTP connection(s) kept open from batch to batch (Mail__BatchSize, Mail__Connections to change)");
        }

        // Warm-up, not reported: three runs of each, so that both paths run fully optimised code (tier 1);
        // with two, the first measured round of A was still consistently the slowest.
        for (var warmUp = 0; warmUp < 3; warmUp++)
        {
            await RunOutboxAsync(sink, count);
            await RunMailKitAsync(sink, count);
        }

        Console.WriteLine($"   {"round",-6} {"A msgs/s",10} {"B msgs/s",10} {"A/B",6}   {"A enqueue",10} {"A calls",9}");
        var ratios = new List<double>();
        for (var round = 1; round <= 3; round++)
        {
            var a = await RunOutboxAsync(sink, count);
            var b = await RunMailKitAsync(sink, count);
            var ratio = a.PerSecond / b.PerSecond;
            ratios.Add(ratio);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {round,-6} {a.PerSecond,10:F0} {b.PerSecond,10:F0} {ratio,6:F2}   {a.Enqueue.TotalMilliseconds,8:F0}ms {a.Passes,9}"));
        }
        ratios.Sort();
        var median = ratios[1];
        var verdict = median >= Target ? "meets" : "BELOW";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   median A/B = {median:F2} (target >= {Target:F1}: {verdict})"));
        return 0;
    }

    private sealed record OutboxRun(double PerSecond, TimeSpan Enqueue, int Passes);

    private sealed record MailKitRun(double PerSecond);

    private static async Task<OutboxRun> RunOutboxAsync(SmtpSink sink, int count)
    {
        var work = Path.Combine(Path.GetTempPath(), "coursehub-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            await using var app = BuildSite(work, sink.Port);
            await app.MigrateDatabaseAsync();

            var clock = Stopwatch.StartNew();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
                var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
                foreach (var (to, mail) in Messages(app.Services.GetRequiredService<AccountMails>(), count))
                {
                    await outbox.EnqueueAsync(AccountMails.ConfirmEmailKind, $"confirm:{to}", to, mail);
                }
                await db.SaveChangesAsync();
            }
            var enqueue = clock.Elapsed;

            var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
            var target = sink.Received + count;
            Collect();
            var passes = 0;
            clock.Restart();
            while (sink.Received < target)
            {
                passes++;
                if (await dispatcher.DeliverDueAsync() == 0 && sink.Received < target)
                {
                    throw new InvalidOperationException($"The outbox ran dry with {target - sink.Received} messages not received.");
                }
            }
            return new OutboxRun(count / clock.Elapsed.TotalSeconds, enqueue, passes);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<MailKitRun> RunMailKitAsync(SmtpSink sink, int count)
    {
        var messages = Messages(new AccountMails(new MailLayout(Microsoft.Extensions.Options.Options.Create(new SiteOptions()),
            new Microsoft.Extensions.Localization.StringLocalizer<CourseHub.Web.SharedResource>(new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
                Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions { ResourcesPath = "Resources" }),
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)))), count);
        var target = sink.Received + count;
        Collect();
        var clock = Stopwatch.StartNew();
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", sink.Port, SecureSocketOptions.None);
            var from = new MailboxAddress("CourseHub", "courses@coursehub.local");
            foreach (var (to, mail) in messages)
            {
                var message = new MimeMessage { Subject = mail.Subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("localhost") };
                message.From.Add(from);
                message.To.Add(new MailboxAddress(to.Name, to.Address));
                message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();
                await client.SendAsync(message);
            }
            await client.DisconnectAsync(quit: true);
        }
        while (sink.Received < target) await Task.Delay(1);
        return new MailKitRun(count / clock.Elapsed.TotalSeconds);
    }

    /// <summary>Each timed phase starts on a clean heap, so neither pays for the other's garbage.</summary>
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>The same N messages for both sides: the real email-confirmation mail, one per person.</summary>
    private static List<(MailRecipient To, RenderedMail Mail)> Messages(AccountMails mails, int count) =>
        Enumerable.Range(0, count)
            .Select(i => (
                new MailRecipient($"participant{i}@example.org", $"Participant {i}", "en"),
                mails.ConfirmEmail("en", new Addressee($"Participant {i}"), $"http://localhost:5220/account/confirm?user={i}&code=0123456789abcdef")))
            .ToList();

    private static WebApplication BuildSite(string work, int port)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = work, EnvironmentName = "Benchmark" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:CourseHub"] = $"Data Source={Path.Combine(work, "outbox.db")}",
            ["Site:DataPath"] = work,
            ["Mail:Mode"] = "Smtp",
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
            ["Mail:DispatcherEnabled"] = "false",
        });
        builder.Logging.ClearProviders();
        // The site's own registrations, so the benchmark measures what runs in production.
        builder.AddCourseHubSite();
        builder.AddCourseHubData();
        builder.AddCourseHubMail();
        return builder.Build();
    }
}
