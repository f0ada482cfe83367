using System.Collections.Concurrent;
using System.Text.Json;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CourseHub.Web.Infrastructure.Email;

/// <summary>
/// Delivers the outbox. Each pass claims a batch of due messages with a conditional update, so that
/// dispatchers on several nodes sharing the database never take the same message; sends the batch over
/// one connection; and records every outcome in one transaction. A message is marked sent only after
/// the server accepted it, and a connection failure leaves it queued: nothing is lost, and nothing is
/// sent twice unless a dispatcher dies between the server's answer and the write that records it.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    MailMessageBuilder builder,
    IOptions<MailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int MaxErrorLength = 1000;

    private readonly MailOptions _options = options.Value;

    /// <summary>
    /// Outcomes a pass could not record (the database was busy). They are written before the next pass
    /// claims anything, while their claim still holds, so a sent message is not sent again.
    /// </summary>
    private readonly ConcurrentQueue<(string ClaimToken, List<Outcome> Outcomes)> _unrecorded = new();

    private enum Result { Sent, Suppressed, Retry, Failed, Released }

    private readonly record struct Outcome(long Id, Result Result, int Attempts = 0, string? Error = null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatcherEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more are probably due: go again at once rather than after a poll.
                while (await DispatchDueAsync(stoppingToken) >= _options.BatchSize) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (IsDatabaseBusy(ex))
            {
                logger.LogWarning("The database is busy; the outbox is tried again in {Interval}.", _options.PollInterval);
            }
            catch (Exception ex)
            {
                // The loop must outlive any one pass: a crashed BackgroundService stops the whole site.
                logger.LogError(ex, "An outbox pass failed; the outbox is tried again in {Interval}.", _options.PollInterval);
            }

            try
            {
                await Task.Delay(_options.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: claims up to a batch of due messages, sends them and records the outcomes.</summary>
    /// <returns>The number of messages claimed (sent, failed, suppressed or put back).</returns>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();

        while (_unrecorded.TryDequeue(out var pending))
        {
            try
            {
                await RecordAsync(db, pending.ClaimToken, pending.Outcomes);
            }
            catch
            {
                _unrecorded.Enqueue(pending);
                throw;
            }
        }

        var claimToken = Guid.NewGuid().ToString("N");
        var claimed = await ClaimAsync(db, claimToken, cancellationToken);
        if (claimed.Count == 0) return 0;

        var outcomes = new List<Outcome>(claimed.Count);
        try
        {
            await SendAsync(db, claimed, outcomes, cancellationToken);
        }
        catch
        {
            // Stopping (or the unexpected): the answers so far are recorded, and what was not answered
            // goes back to the queue as it was, for this node or another.
            var answered = outcomes.Select(o => o.Id).ToHashSet();
            outcomes.AddRange(claimed.Where(m => !answered.Contains(m.Id)).Select(m => new Outcome(m.Id, Result.Released)));
            await RecordOrKeepAsync(db, claimToken, outcomes);
            throw;
        }
        await RecordOrKeepAsync(db, claimToken, outcomes);

        var sent = outcomes.Count(o => o.Result == Result.Sent);
        if (sent < claimed.Count)
        {
            logger.LogInformation("Outbox pass: {Sent} of {Claimed} messages sent, {Retry} to retry, {Failed} failed, {Suppressed} suppressed.",
                sent, claimed.Count, outcomes.Count(o => o.Result == Result.Retry), outcomes.Count(o => o.Result == Result.Failed),
                outcomes.Count(o => o.Result == Result.Suppressed));
        }
        return claimed.Count;
    }

    private async Task<List<OutboxMessage>> ClaimAsync(CourseHubDbContext db, string claimToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimedUntil = now + _options.ClaimTimeout;
        // Another dispatcher may claim the very candidates this one picked; then the next ones are due
        // too, so look again a few times before leaving the rest to the next poll.
        for (var round = 0; round < 3; round++)
        {
            var candidates = await db.OutboxMessages
                .Where(m => (m.Status == OutboxStatus.Queued && m.NextAttemptUtc <= now)
                    || (m.Status == OutboxStatus.Sending && m.ClaimedUntilUtc <= now))
                .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id)
                .Select(m => m.Id)
                .Take(_options.BatchSize)
                .ToListAsync(cancellationToken);
            if (candidates.Count == 0) return [];

            // The condition is repeated in the UPDATE's WHERE: a candidate another dispatcher claimed
            // since the SELECT no longer matches, so each message is claimed by exactly one dispatcher.
            // The attempt is counted here, at the claim, so it counts even if this process dies.
            var count = await db.OutboxMessages
                .Where(m => candidates.Contains(m.Id)
                    && ((m.Status == OutboxStatus.Queued && m.NextAttemptUtc <= now)
                        || (m.Status == OutboxStatus.Sending && m.ClaimedUntilUtc <= now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Sending)
                    .SetProperty(m => m.ClaimToken, claimToken)
                    .SetProperty(m => m.ClaimedUntilUtc, claimedUntil)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1), CancellationToken.None);
            if (count == 0) continue;

            return await db.OutboxMessages.AsNoTracking()
                .Where(m => candidates.Contains(m.Id) && m.ClaimToken == claimToken)
                .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id)
                .ToListAsync(CancellationToken.None);
        }
        return [];
    }

    private async Task SendAsync(CourseHubDbContext db, List<OutboxMessage> claimed, List<Outcome> outcomes, CancellationToken cancellationToken)
    {
        var suppressed = await SuppressedAddressesAsync(db, claimed, cancellationToken);
        IMailSession? session = null;
        try
        {
            for (var i = 0; i < claimed.Count; i++)
            {
                var message = claimed[i];
                if (!message.Essential && suppressed.Contains(UnsubscribeTokens.Normalise(message.ToAddress)))
                {
                    outcomes.Add(new Outcome(message.Id, Result.Suppressed));
                    continue;
                }

                MimeMessage mime;
                try
                {
                    mime = builder.Build(message);
                }
                catch (Exception ex) when (ex is JsonException or FormatException or ParseException or ArgumentException)
                {
                    outcomes.Add(new Outcome(message.Id, Result.Failed, message.Attempts, $"The message could not be built: {ex.Message}"));
                    continue;
                }

                try
                {
                    session ??= await transport.OpenAsync(cancellationToken);
                    await session.SendAsync(mime, cancellationToken);
                    outcomes.Add(new Outcome(message.Id, Result.Sent));
                }
                catch (MailDeliveryException ex) when (ex.Failure == MailFailure.Unreachable)
                {
                    // Never given up for this: the message is fine, the server is away. It waits with
                    // backoff (capped at RetryMaxDelay) until the server is back.
                    outcomes.Add(new Outcome(message.Id, Result.Retry, message.Attempts, ex.Message));
                    var connected = session is not null;
                    foreach (var rest in claimed.Skip(i + 1))
                    {
                        // Without a connection the rest could not be tried either: they wait likewise.
                        // After a dropped connection they were not tried: they go back as they were.
                        outcomes.Add(connected
                            ? new Outcome(rest.Id, Result.Released)
                            : new Outcome(rest.Id, Result.Retry, rest.Attempts, ex.Message));
                    }
                    logger.LogWarning("Mail cannot be delivered now; the batch waits: {Error}", ex.Message);
                    return;
                }
                catch (MailDeliveryException ex)
                {
                    var giveUp = ex.Failure == MailFailure.Permanent || message.Attempts >= _options.MaxAttempts;
                    outcomes.Add(new Outcome(message.Id, giveUp ? Result.Failed : Result.Retry, message.Attempts, ex.Message));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failure no transport foresaw is retried like a temporary one, so it ends in Failed
                    // (visible to an admin) instead of looping for ever.
                    var giveUp = message.Attempts >= _options.MaxAttempts;
                    outcomes.Add(new Outcome(message.Id, giveUp ? Result.Failed : Result.Retry, message.Attempts, $"Unexpected error: {ex.Message}"));
                    logger.LogError(ex, "Sending outbox message {Id} failed unexpectedly.", message.Id);
                }
            }
        }
        finally
        {
            if (session is not null) await session.DisposeAsync();
        }
    }

    private static async Task<HashSet<string>> SuppressedAddressesAsync(CourseHubDbContext db, List<OutboxMessage> claimed, CancellationToken cancellationToken)
    {
        var addresses = claimed.Where(m => !m.Essential).Select(m => UnsubscribeTokens.Normalise(m.ToAddress)).Distinct().ToList();
        if (addresses.Count == 0) return [];
        var found = await db.MailSuppressions.Where(s => addresses.Contains(s.Address)).Select(s => s.Address).ToListAsync(cancellationToken);
        return found.ToHashSet(StringComparer.Ordinal);
    }

    private async Task RecordOrKeepAsync(CourseHubDbContext db, string claimToken, List<Outcome> outcomes)
    {
        try
        {
            await RecordAsync(db, claimToken, outcomes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _unrecorded.Enqueue((claimToken, outcomes));
            throw;
        }
    }

    /// <summary>
    /// Writes the outcomes of a batch in a handful of statements (one per kind of outcome, not one per
    /// message) and one transaction. Only rows still claimed by this pass are touched.
    /// </summary>
    private async Task RecordAsync(CourseHubDbContext db, string claimToken, List<Outcome> outcomes)
    {
        if (outcomes.Count == 0) return;
        // Not cancellable: the messages went out, and forgetting that would send them again.
        var none = CancellationToken.None;
        var now = clock.GetUtcNow().UtcDateTime;
        IQueryable<OutboxMessage> Claimed(IEnumerable<Outcome> group)
        {
            var ids = group.Select(o => o.Id).ToList();
            return db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.ClaimToken == claimToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(none);
        foreach (var group in outcomes.GroupBy(o => o.Result))
        {
            switch (group.Key)
            {
                case Result.Sent:
                    await Claimed(group).ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Status, OutboxStatus.Sent)
                        .SetProperty(m => m.SentUtc, now)
                        .SetProperty(m => m.ClaimToken, (string?)null)
                        .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), none);
                    break;
                case Result.Suppressed:
                    await Claimed(group).ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Status, OutboxStatus.Suppressed)
                        .SetProperty(m => m.LastError, "The recipient unsubscribed from non-essential mail.")
                        .SetProperty(m => m.ClaimToken, (string?)null)
                        .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), none);
                    break;
                case Result.Released:
                    await Claimed(group).ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Status, OutboxStatus.Queued)
                        .SetProperty(m => m.Attempts, m => m.Attempts - 1)
                        .SetProperty(m => m.ClaimToken, (string?)null)
                        .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), none);
                    break;
                case Result.Failed:
                    foreach (var byError in group.GroupBy(o => o.Error))
                    {
                        var error = Truncate(byError.Key);
                        await Claimed(byError).ExecuteUpdateAsync(s => s
                            .SetProperty(m => m.Status, OutboxStatus.Failed)
                            .SetProperty(m => m.LastError, error)
                            .SetProperty(m => m.ClaimToken, (string?)null)
                            .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), none);
                    }
                    break;
                case Result.Retry:
                    foreach (var same in group.GroupBy(o => (o.Attempts, o.Error)))
                    {
                        var error = Truncate(same.Key.Error);
                        var next = now + _options.RetryDelay(same.Key.Attempts);
                        await Claimed(same).ExecuteUpdateAsync(s => s
                            .SetProperty(m => m.Status, OutboxStatus.Queued)
                            .SetProperty(m => m.NextAttemptUtc, next)
                            .SetProperty(m => m.LastError, error)
                            .SetProperty(m => m.ClaimToken, (string?)null)
                            .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), none);
                    }
                    break;
            }
        }
        await transaction.CommitAsync(none);
    }

    private static string? Truncate(string? error) =>
        error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;

    /// <summary>SQLite's "database is busy/locked": another writer held the file longer than the busy timeout.</summary>
    public static bool IsDatabaseBusy(Exception ex)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: 5 or 6 }) return true;
        }
        return false;
    }
}
