using System.Collections.Concurrent;
using System.Diagnostics;
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
/// one connection; and records the outcomes with one statement per kind (usually just "sent"). A
/// message is marked sent only after the server accepted it, and a connection failure leaves it
/// queued: nothing is lost, and nothing is sent twice unless a dispatcher dies between the server's
/// answer and the write that records it.
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
    private readonly ConcurrentQueue<(string ClaimToken, List<Outcome> Outcomes, int ClaimedCount)> _unrecorded = new();

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
                await RecordAsync(db, pending.ClaimToken, pending.Outcomes, pending.ClaimedCount);
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
            await RecordOrKeepAsync(db, claimToken, outcomes, claimed.Count);
            throw;
        }
        await RecordOrKeepAsync(db, claimToken, outcomes, claimed.Count);

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
        // Queued and due, or claimed by a dispatcher whose claim ran out. A message in Sending was due
        // when it was claimed (the claim leaves NextAttemptUtc as it was), so one range of the
        // (Status, NextAttemptUtc) index finds both, however many sent messages the table holds.
        var due = db.OutboxMessages.Where(m =>
            (m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Sending) && m.NextAttemptUtc <= now
            && (m.Status == OutboxStatus.Queued || m.ClaimedUntilUtc <= now));
        var batch = due.OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id).Select(m => m.Id).Take(_options.BatchSize);

        // One statement: UPDATE … WHERE Id IN (the next batch) AND (still due). The condition is in the
        // UPDATE's own WHERE, so a message another dispatcher claimed meanwhile no longer matches, and
        // each message is claimed by exactly one dispatcher (SQLite runs the statement alone; PostgreSQL
        // re-checks the condition on a row another transaction changed). The attempt is counted here,
        // at the claim, so it counts even if this process dies while sending.
        var count = await due
            .Where(m => batch.Contains(m.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sending)
                .SetProperty(m => m.ClaimToken, claimToken)
                .SetProperty(m => m.ClaimedUntilUtc, claimedUntil)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        if (count == 0) return [];

        // Sending rows are few (the batches in flight), and the status index finds them.
        return await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Sending && m.ClaimToken == claimToken)
            .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id)
            .ToListAsync(CancellationToken.None);
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

    private async Task RecordOrKeepAsync(CourseHubDbContext db, string claimToken, List<Outcome> outcomes, int claimedCount)
    {
        try
        {
            await RecordAsync(db, claimToken, outcomes, claimedCount);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _unrecorded.Enqueue((claimToken, outcomes, claimedCount));
            throw;
        }
    }

    /// <summary>
    /// Writes the outcomes of a batch with one statement per kind of outcome (not one per message):
    /// usually a single "these were sent". Only rows still claimed by this pass are touched.
    /// </summary>
    private async Task RecordAsync(CourseHubDbContext db, string claimToken, List<Outcome> outcomes, int claimedCount)
    {
        if (outcomes.Count == 0) return;
        // Not cancellable: the messages went out, and forgetting that would send them again.
        var none = CancellationToken.None;
        var now = clock.GetUtcNow().UtcDateTime;
        var statements = outcomes
            .GroupBy(o => o.Result switch
            {
                Result.Retry => (o.Result, o.Attempts, Truncate(o.Error)),
                Result.Failed => (o.Result, 0, Truncate(o.Error)),
                _ => (o.Result, 0, null),
            })
            .ToList();

        await using var transaction = statements.Count > 1 ? await db.Database.BeginTransactionAsync(none) : null;
        foreach (var statement in statements)
        {
            var ids = statement.Select(o => o.Id).ToList();
            // The usual case, every claimed message with one outcome, needs no list of ids.
            var rows = statements.Count == 1 && outcomes.Count == claimedCount
                ? db.OutboxMessages.Where(m => m.ClaimToken == claimToken && m.Status == OutboxStatus.Sending)
                : db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.ClaimToken == claimToken);
            var (result, attempts, error) = statement.Key;
            var next = now + _options.RetryDelay(attempts);
            await (result switch
            {
                Result.Sent => rows.ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Sent)
                    .SetProperty(m => m.SentUtc, now)
                    .SetProperty(m => m.ClaimToken, (string?)null)
                    .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), none),
                Result.Suppressed => rows.ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Suppressed)
                    .SetProperty(m => m.LastError, "The recipient unsubscribed from non-essential mail.")
                    .SetProperty(m => m.ClaimToken, (string?)null)
                    .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), none),
                Result.Released => rows.ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Queued)
                    .SetProperty(m => m.Attempts, m => m.Attempts - 1)
                    .SetProperty(m => m.ClaimToken, (string?)null)
                    .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), none),
                Result.Failed => rows.ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Failed)
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.ClaimToken, (string?)null)
                    .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), none),
                Result.Retry => rows.ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Queued)
                    .SetProperty(m => m.NextAttemptUtc, next)
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.ClaimToken, (string?)null)
                    .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), none),
                _ => throw new UnreachableException(),
            });
        }
        if (transaction is not null) await transaction.CommitAsync(none);
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
