using System.Net;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Email;

/// <summary>Two nodes' dispatchers over one SQLite file.</summary>
public sealed class OutboxConcurrencyTests : OutboxConcurrency
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Each_message_is_delivered_once_when_two_dispatchers_share_the_database(bool claimingAhead) =>
        DeliverOnceWithTwoNodesAsync(claimingAhead, database: [("Database:Provider", "Sqlite")]);
}

/// <summary>Two nodes' dispatchers over one PostgreSQL database, where their claims truly run at the same time.</summary>
[Collection(Infrastructure.PostgreSqlCollection.Name)]
public sealed class PostgreSqlOutboxConcurrencyTests(Infrastructure.PostgreSqlServer postgres) : OutboxConcurrency
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Each_message_is_delivered_once_when_two_dispatchers_share_the_database(bool claimingAhead) =>
        DeliverOnceWithTwoNodesAsync(claimingAhead, database: postgres.SiteSettings().Select(s => (s.Key, s.Value)).ToArray());
}

public abstract class OutboxConcurrency
{
    /// <param name="database">Settings of a database both nodes share; without a connection string, the first node's SQLite file.</param>
    protected static async Task DeliverOnceWithTwoNodesAsync(bool claimingAhead, (string Key, string Value)[] database)
    {
        const int count = 200;
        using var server = netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
        var port = server.Configuration.Port;
        // Small batches, so that the two nodes' passes interleave many times over the 200 messages.
        (string, string)[] settings = [("Mail:BatchSize", "15"), .. database];
        using var first = MailSite.Smtp(port, settings);
        await first.WithDbAsync(async db =>
        {
            // Enqueued through the real Outbox in one unit of work, as a course announcement would be.
            var outbox = new Outbox(db, first.Clock);
            for (var i = 0; i < count; i++)
            {
                await outbox.EnqueueAsync("test.mail", $"bulk-{i}", new MailRecipient($"participant{i}@example.org", null, "en"), MailSite.Mail($"bulk-{i}"));
            }
            return await db.SaveChangesAsync();
        });
        using var second = new MailSite(
            [
                new("Mail:Mode", "Smtp"), new("Mail:Smtp:Host", "127.0.0.1"), new("Mail:Smtp:Security", "None"), new("Mail:Connections", "1"),
                new("Mail:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Mail:BatchSize", "15"),
                .. database.Select(s => new KeyValuePair<string, string>(s.Key, s.Value)),
            ],
            databasePath: database.Any(d => d.Key == "ConnectionStrings:CourseHub") ? null : first.DatabasePath);

        // Both nodes started before either delivers: a node starts on first use, which on PostgreSQL (migrations
        // under the startup lock, the content import) can take longer than the other node needs for all 200.
        var (one, two) = (first.Dispatcher, second.Dispatcher);
        var passes = await Task.WhenAll(RunAsync(one, claimingAhead), RunAsync(two, claimingAhead));

        Assert.All(passes, p => Assert.True(p > 0, "both dispatchers took part"));
        Assert.Equal(count, passes.Sum()); // no message was claimed twice
        var statuses = await first.WithDbAsync(db => db.OutboxMessages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(count, Assert.Single(statuses, s => s.Key == OutboxStatus.Sent).Count);
        await MailSite.EventuallyAsync(() => server.ReceivedEmailCount >= count, $"the server has {count} messages");
        await Task.Delay(200);
        var messageIds = server.ReceivedEmail.Select(m => MailSite.Parse(m.Data).MessageId).ToList();
        Assert.Equal(count, messageIds.Count);
        Assert.Equal(count, messageIds.Distinct().Count());
        var attempts = await first.WithDbAsync(db => db.OutboxMessages.Select(m => m.Attempts).Distinct().ToListAsync());
        Assert.Equal([1], attempts);
    }

    /// <summary>
    /// One node's dispatcher until it finds nothing left to claim: single passes, or (as the background
    /// service runs) deliveries that claim the next batch while one is being sent.
    /// </summary>
    private static async Task<int> RunAsync(OutboxDispatcher dispatcher, bool claimingAhead)
    {
        await Task.Yield();
        var claimed = 0;
        int pass;
        while ((pass = claimingAhead ? await dispatcher.DeliverDueAsync() : await dispatcher.DispatchDueAsync()) > 0) claimed += pass;
        return claimed;
    }
}
