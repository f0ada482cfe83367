using System.Net;
using CourseHub.Web.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;

namespace CourseHub.Web.Tests.Email;

public sealed class OutboxRetryTests
{
    [Fact]
    public async Task Message_waits_while_the_smtp_server_is_down_and_is_delivered_once_when_it_returns()
    {
        var port = MailSite.FreePort();
        using var site = MailSite.Smtp(port);
        var id = await site.EnqueueAsync("application-received");
        var enqueuedAt = site.Now;

        Assert.Equal(1, await site.Dispatcher.DispatchDueAsync());

        var waiting = await site.MessageAsync(id);
        Assert.Equal(OutboxStatus.Queued, waiting.Status);
        Assert.Equal(1, waiting.Attempts);
        Assert.Equal(enqueuedAt.AddSeconds(30), waiting.NextAttemptUtc);
        Assert.Contains("Could not connect", waiting.LastError);
        Assert.Null(waiting.SentUtc);

        // Not due yet: a pass leaves it alone.
        Assert.Equal(0, await site.Dispatcher.DispatchDueAsync());

        using var server = netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(port).Build();
        site.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await site.Dispatcher.DispatchDueAsync());

        // Later passes, even much later, send nothing again.
        Assert.Equal(0, await site.Dispatcher.DispatchDueAsync());
        site.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await site.Dispatcher.DispatchDueAsync());

        await MailSite.EventuallyAsync(() => server.ReceivedEmailCount >= 1, "the server has the message");
        await Task.Delay(200);
        Assert.Equal(1, server.ReceivedEmailCount);
        var sent = await site.MessageAsync(id);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
    }

    [Fact]
    public async Task Batch_claimed_ahead_goes_back_untouched_when_the_server_is_down()
    {
        using var site = MailSite.Smtp(MailSite.FreePort(), ("Mail:BatchSize", "10"));
        for (var i = 0; i < 25; i++) await site.EnqueueAsync($"outage-{i}");
        var enqueuedAt = site.Now;

        // The first batch could not connect; the second, claimed while it was tried, was never tried.
        Assert.Equal(10, await site.Dispatcher.DeliverDueAsync());

        var messages = await site.WithDbAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync());
        Assert.All(messages, m => Assert.Equal(OutboxStatus.Queued, m.Status));
        Assert.All(messages, m => Assert.Null(m.ClaimToken));
        var tried = messages.Take(10).ToList();
        Assert.All(tried, m => Assert.Equal((1, enqueuedAt.AddSeconds(30)), (m.Attempts, m.NextAttemptUtc)));
        Assert.All(tried, m => Assert.Contains("Could not connect", m.LastError));
        var untried = messages.Skip(10).ToList();
        Assert.All(untried, m => Assert.Equal((0, enqueuedAt, (string?)null), (m.Attempts, m.NextAttemptUtc, m.LastError)));
    }

    [Fact]
    public async Task Unreachable_server_never_exhausts_the_attempts_of_a_message()
    {
        using var site = MailSite.Smtp(MailSite.FreePort(), ("Mail:MaxAttempts", "2"));
        var id = await site.EnqueueAsync("long-outage");

        for (var pass = 0; pass < 4; pass++)
        {
            await site.Dispatcher.DispatchDueAsync();
            site.Clock.Advance(TimeSpan.FromHours(1));
        }

        var message = await site.MessageAsync(id);
        Assert.Equal(OutboxStatus.Queued, message.Status);
        Assert.Equal(4, message.Attempts);
    }

    [Fact]
    public async Task Temporary_rejection_is_retried_after_the_backoff_and_then_delivered()
    {
        await using var server = await ScriptedSmtpServer.StartAsync();
        server.NextDataReplies.Enqueue(ScriptedSmtpServer.TryLater);
        using var site = MailSite.Smtp(server.Port);
        var id = await site.EnqueueAsync("greylisted");

        await site.Dispatcher.DispatchDueAsync();

        var deferred = await site.MessageAsync(id);
        Assert.Equal(OutboxStatus.Queued, deferred.Status);
        Assert.Equal(1, deferred.Attempts);
        Assert.Equal(site.Now.AddSeconds(30), deferred.NextAttemptUtc);
        Assert.StartsWith("451", deferred.LastError);
        Assert.Empty(server.Received);

        site.Clock.Advance(TimeSpan.FromSeconds(30));
        await site.DispatchUntilIdleAsync();

        var delivered = await site.MessageAsync(id);
        Assert.Equal(OutboxStatus.Sent, delivered.Status);
        Assert.Equal(2, delivered.Attempts);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task Permanent_rejection_fails_the_message_at_once_and_the_batch_goes_on()
    {
        await using var server = await ScriptedSmtpServer.StartAsync();
        server.RejectedRecipients["gone@example.org"] = true;
        using var site = MailSite.Smtp(server.Port);
        var rejected = await site.EnqueueAsync("to-gone", to: "gone@example.org");
        var accepted = await site.EnqueueAsync("to-ana", to: "ana.perez@example.org");

        Assert.Equal(2, await site.Dispatcher.DispatchDueAsync());

        var failed = await site.MessageAsync(rejected);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.StartsWith("550", failed.LastError);
        Assert.Equal(OutboxStatus.Sent, (await site.MessageAsync(accepted)).Status);
        Assert.Equal("ana.perez@example.org", Assert.Single(server.Received).To.Mailboxes.Single().Address);

        site.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await site.Dispatcher.DispatchDueAsync());
    }

    [Fact]
    public async Task Message_fails_after_max_attempts_with_backoff_doubling_between_them()
    {
        await using var server = await ScriptedSmtpServer.StartAsync();
        server.ReplyToEveryData = ScriptedSmtpServer.TryLater;
        using var site = MailSite.Smtp(server.Port, ("Mail:MaxAttempts", "3"), ("Mail:RetryBaseDelay", "00:01:00"), ("Mail:RetryMaxDelay", "00:03:00"));
        var id = await site.EnqueueAsync("always-deferred");

        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await site.Dispatcher.DispatchDueAsync();
            var message = await site.MessageAsync(id);
            Assert.Equal(OutboxStatus.Queued, message.Status);
            Assert.Equal(attempt, message.Attempts);
            delays.Add(message.NextAttemptUtc - site.Now);
            site.Clock.Advance(message.NextAttemptUtc - site.Now);
        }
        await site.Dispatcher.DispatchDueAsync();

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)], delays);
        var failed = await site.MessageAsync(id);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Equal(3, failed.Attempts);
        Assert.StartsWith("451", failed.LastError);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Message_left_sending_by_a_crashed_dispatcher_is_taken_over_when_its_claim_expires()
    {
        await using var server = await ScriptedSmtpServer.StartAsync();
        using var site = MailSite.Smtp(server.Port);
        var id = await site.EnqueueAsync("orphan");
        var claimedUntil = site.Now.AddMinutes(5);
        await site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Sending)
            .SetProperty(m => m.ClaimToken, "a-dispatcher-that-died")
            .SetProperty(m => m.ClaimedUntilUtc, claimedUntil)
            .SetProperty(m => m.Attempts, 1)));

        Assert.Equal(0, await site.Dispatcher.DispatchDueAsync());
        site.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await site.Dispatcher.DispatchDueAsync());

        var message = await site.MessageAsync(id);
        Assert.Equal(OutboxStatus.Sent, message.Status);
        Assert.Equal(2, message.Attempts);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task Dispatcher_loop_outlives_a_busy_database_and_delivers_on_a_later_pass()
    {
        await using var server = await ScriptedSmtpServer.StartAsync();
        using var site = new MailSite(
            [
                new("Mail:Mode", "Smtp"), new("Mail:Smtp:Host", "127.0.0.1"), new("Mail:Smtp:Security", "None"), new("Mail:Connections", "1"),
                new("Mail:Smtp:Port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("Mail:DispatcherEnabled", "true"), new("Mail:PollInterval", "00:00:01"), new("Database:Provider", "Sqlite"),
            ],
            // A one-second busy timeout, so that the locked database shows up quickly.
            configure: (self, builder) => builder.UseSetting("ConnectionStrings:CourseHub", $"Data Source={self.DatabasePath};Default Timeout=1"));
        // Due only in ten (fake) seconds, so the loop's first pass, whenever it runs, leaves it alone.
        var id = await site.WithDbAsync(async db =>
        {
            var message = new OutboxMessage
            {
                Kind = "test.mail", IdempotencyKey = "during-a-lock", ToAddress = "ana.perez@example.org", Subject = "Lock",
                TextBody = "Text", HtmlBody = "<p>Html</p>", Status = OutboxStatus.Queued,
                CreatedUtc = site.Now, NextAttemptUtc = site.Now.AddSeconds(10),
            };
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });

        await using (var locker = new SqliteConnection($"Data Source={site.DatabasePath}"))
        {
            await locker.OpenAsync();
            await using var writeLock = await locker.BeginTransactionAsync(); // BEGIN IMMEDIATE: holds the write lock
            await AdvanceUntilAsync(site, () => site.Logs.Any(l => l.Contains("database is busy", StringComparison.Ordinal)), "the loop meets the lock");
            Assert.Equal(OutboxStatus.Queued, (await site.MessageAsync(id)).Status);
        }

        await AdvanceUntilAsync(site, () => !server.Received.IsEmpty, "the loop delivers once the lock is gone");
        await MailSite.EventuallyAsync(() => site.MessageAsync(id).GetAwaiter().GetResult().Status == OutboxStatus.Sent, "the message is marked sent");
        Assert.Single(server.Received);
    }

    /// <summary>Moves the fake clock a poll interval at a time until the background loop has done something.</summary>
    private static async Task AdvanceUntilAsync(MailSite site, Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting until {what}. Log: {string.Join(" | ", site.Logs)}");
            site.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }
    }
}
