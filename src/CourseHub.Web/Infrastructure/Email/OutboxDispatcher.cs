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
/// answer and the write that records it. When more is due than one batch, <see cref="DeliverDueAsync"/>
/// keeps the connection open from batch to batch and does the database work beside the sending.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    MailMessageBuilder builder,
    IOptions<MailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>Why a suppressed message was not sent; the outbox page shows it in the reader's language.</summary>
    public const string UnsubscribedNote = "The recipient unsubscribed from non-essential mail.";
    private const int MaxErrorLength = 1000;

    // How often a claim that lost every message to another dispatcher picks again before giving the pass up.
    private const int MostPicks = 5;

    private readonly MailOptions _options = options.Value;

    /// <summary>
    /// Outcomes a pass could not record (the database was busy). They are written before the next pass
    /// claims anything, while their claim still holds, so a sent message is not sent again.
    /// </summary>
    private readonly ConcurrentQueue<(Batch Batch, List<Outcome> Outcomes)> _unrecorded = new();

    private enum Result { Sent, Suppressed, Retry, Failed, Released }

    private readonly record struct Outcome(long Id, Result Result, int Attempts = 0, string? Error = null);

    /// <summary>Messages claimed together under one token, with the suppressed addresses among them.</summary>
    private sealed record Batch(string ClaimToken, List<OutboxMessage> Messages, HashSet<string> Suppressed)
    {
        public static readonly Batch None = new("", [], []);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatcherEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
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
        await RecordUnrecordedAsync();
        var batch = await ClaimAsync(cancellationToken);
        if (batch.Messages.Count == 0) return 0;

        await using var connections = new Connections(transport, _options.Connections);
        var (outcomes, _) = await SendOrReleaseAsync(batch, connections, cancellationToken);
        await RecordOrKeepAsync(batch, outcomes);
        return batch.Messages.Count;
    }

    /// <summary>
    /// Passes until nothing is due, keeping the connections open from batch to batch. While a batch is
    /// on the wire, the previous one is recorded and the next one claimed, so the sender does not wait
    /// for the disk between batches. That database work runs one step at a time (SQLite has one writer)
    /// on the thread pool (Microsoft.Data.Sqlite's "async" calls complete synchronously). A batch is
    /// claimed ahead only after a full one, when more is likely due; what was claimed ahead but not
    /// sent goes back to the queue as it was.
    /// </summary>
    /// <returns>The number of messages claimed (sent, failed, suppressed or put back).</returns>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        await RecordUnrecordedAsync();
        var claimed = 0;
        await using var connections = new Connections(transport, _options.Connections);
        var database = Task.Run(() => ClaimAsync(cancellationToken), CancellationToken.None);
        (Batch Batch, List<Outcome> Outcomes)? unrecorded = null;
        try
        {
            while (true)
            {
                var batch = await database;
                database = Task.FromResult(Batch.None);
                if (batch.Messages.Count == 0) break;
                claimed += batch.Messages.Count;

                var previous = unrecorded;
                unrecorded = null;
                var claimNext = batch.Messages.Count >= _options.BatchSize;
                database = Task.Run(async () =>
                {
                    if (previous is { } done) await RecordOrKeepAsync(done.Batch, done.Outcomes);
                    return claimNext ? await ClaimAsync(cancellationToken) : Batch.None;
                }, CancellationToken.None);

                var (outcomes, reachable) = await SendOrReleaseAsync(batch, connections, cancellationToken);
                unrecorded = (batch, outcomes);
                // The server is away: the rest waits for the next poll rather than failing batch after batch.
                if (!reachable) break;
            }
        }
        finally
        {
            await ReleaseClaimedAheadAsync(database);
            if (unrecorded is { } last) await RecordOrKeepAsync(last.Batch, last.Outcomes);
        }
        return claimed;
    }

    private async Task ReleaseClaimedAheadAsync(Task<Batch> next)
    {
        Batch ahead;
        try
        {
            ahead = await next;
        }
        catch (Exception ex)
        {
            // Already thrown to the caller if it stopped the loop. Nothing was claimed, or the claim runs
            // out after ClaimTimeout and the messages are taken again; an unrecorded outcome waits in
            // the queue of outcomes written before the next claim.
            logger.LogDebug(ex, "The outbox's database work beside the sending failed.");
            return;
        }
        if (ahead.Messages.Count == 0) return;
        try
        {
            await RecordOrKeepAsync(ahead, ahead.Messages.Select(m => new Outcome(m.Id, Result.Released)).ToList());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Outbox messages claimed ahead could not be put back now; they are put back before the next pass.");
        }
    }

    private async Task RecordUnrecordedAsync()
    {
        while (_unrecorded.TryDequeue(out var pending))
        {
            try
            {
                await RecordAsync(pending.Batch, pending.Outcomes);
            }
            catch
            {
                _unrecorded.Enqueue(pending);
                throw;
            }
        }
    }

    private async Task<Batch> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
        var claimToken = Guid.NewGuid().ToString("N");
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
        // Two dispatchers that pick the same batch at once (PostgreSQL runs their statements side by side) leave
        // one of them with nothing claimed although more is due: it picks again, from what is still due, rather
        // than going idle until its next poll.
        int count;
        var picks = 0;
        do
        {
            count = await due
                .Where(m => batch.Contains(m.Id))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Sending)
                    .SetProperty(m => m.ClaimToken, claimToken)
                    .SetProperty(m => m.ClaimedUntilUtc, claimedUntil)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        }
        while (count == 0 && ++picks < MostPicks && await due.AnyAsync(cancellationToken));
        if (count == 0) return Batch.None;

        // Sending rows are few (the batches in flight), and the status index finds them.
        var messages = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Sending && m.ClaimToken == claimToken)
            .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id)
            .ToListAsync(CancellationToken.None);
        var claimed = new Batch(claimToken, messages, []);
        try
        {
            claimed.Suppressed.UnionWith(await SuppressedAddressesAsync(db, messages, cancellationToken));
        }
        catch
        {
            await RecordOrKeepAsync(claimed, messages.Select(m => new Outcome(m.Id, Result.Released)).ToList());
            throw;
        }
        return claimed;
    }

    /// <summary>
    /// Sends a batch. Stopping (or the unexpected) records the answers so far, and what was not answered
    /// goes back to the queue as it was, for this node or another.
    /// </summary>
    private async Task<(List<Outcome> Outcomes, bool Reachable)> SendOrReleaseAsync(Batch batch, Connections connections, CancellationToken cancellationToken)
    {
        var outcomes = new List<Outcome>(batch.Messages.Count);
        bool reachable;
        try
        {
            reachable = await SendAsync(batch, connections, outcomes, cancellationToken);
        }
        catch
        {
            var answered = outcomes.Select(o => o.Id).ToHashSet();
            outcomes.AddRange(batch.Messages.Where(m => !answered.Contains(m.Id)).Select(m => new Outcome(m.Id, Result.Released)));
            await RecordOrKeepAsync(batch, outcomes);
            throw;
        }

        var sent = outcomes.Count(o => o.Result == Result.Sent);
        if (sent < batch.Messages.Count)
        {
            logger.LogInformation("Outbox pass: {Sent} of {Claimed} messages sent, {Retry} to retry, {Failed} failed, {Suppressed} suppressed.",
                sent, batch.Messages.Count, outcomes.Count(o => o.Result == Result.Retry), outcomes.Count(o => o.Result == Result.Failed),
                outcomes.Count(o => o.Result == Result.Suppressed));
        }
        return (outcomes, reachable);
    }

    /// <summary>
    /// Sends a batch over the connections at once, each taking every n-th message. The outcomes of every
    /// lane are kept, also when one lane stops the whole batch by throwing.
    /// </summary>
    /// <returns>False when the destination could not be reached: the rest of the batch waits.</returns>
    private async Task<bool> SendAsync(Batch batch, Connections connections, List<Outcome> outcomes, CancellationToken cancellationToken)
    {
        var lanes = Enumerable.Range(0, connections.Count)
            .Select(lane => batch.Messages.Where((_, i) => i % connections.Count == lane).ToList())
            .Where(messages => messages.Count > 0)
            .ToList();
        var laneOutcomes = lanes.Select(messages => new List<Outcome>(messages.Count)).ToList();
        try
        {
            var reachable = await Task.WhenAll(lanes.Select((messages, lane) =>
                SendLaneAsync(batch, messages, connections[lane], laneOutcomes[lane], cancellationToken)));
            return reachable.All(r => r);
        }
        finally
        {
            foreach (var lane in laneOutcomes) outcomes.AddRange(lane);
        }
    }

    /// <returns>False when the destination could not be reached: the rest of the lane waits.</returns>
    private async Task<bool> SendLaneAsync(Batch batch, List<OutboxMessage> claimed, Connection connection, List<Outcome> outcomes, CancellationToken cancellationToken)
    {
        for (var i = 0; i < claimed.Count; i++)
        {
            var message = claimed[i];
            if (!message.Essential && batch.Suppressed.Contains(UnsubscribeTokens.Normalise(message.ToAddress)))
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
                await connection.SendAsync(mime, cancellationToken);
                outcomes.Add(new Outcome(message.Id, Result.Sent));
            }
            catch (MailDeliveryException ex) when (ex.Failure == MailFailure.Unreachable)
            {
                // Never given up for this: the message is fine, the server is away. It waits with
                // backoff (capped at RetryMaxDelay) until the server is back.
                outcomes.Add(new Outcome(message.Id, Result.Retry, message.Attempts, ex.Message));
                var connected = connection.WasOpened;
                foreach (var rest in claimed.Skip(i + 1))
                {
                    // Without a connection the rest could not be tried either: they wait likewise.
                    // After a dropped connection they were not tried: they go back as they were.
                    outcomes.Add(connected
                        ? new Outcome(rest.Id, Result.Released)
                        : new Outcome(rest.Id, Result.Retry, rest.Attempts, ex.Message));
                }
                logger.LogWarning("Mail cannot be delivered now; the batch waits: {Error}", ex.Message);
                return false;
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
        return true;
    }

    /// <summary>One connection to the destination, opened at its first message and kept for the batches that follow.</summary>
    private sealed class Connection(IMailTransport transport) : IAsyncDisposable
    {
        private IMailSession? _session;

        public bool WasOpened => _session is not null;

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            _session ??= await transport.OpenAsync(cancellationToken);
            await _session.SendAsync(message, cancellationToken);
        }

        public ValueTask DisposeAsync() => _session?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    /// <summary>The connections a delivery shares its batches over; each opens at its first message.</summary>
    private sealed class Connections(IMailTransport transport, int count) : IAsyncDisposable
    {
        private readonly Connection[] _connections = Enumerable.Range(0, count).Select(_ => new Connection(transport)).ToArray();

        public int Count => _connections.Length;

        public Connection this[int lane] => _connections[lane];

        public async ValueTask DisposeAsync()
        {
            foreach (var connection in _connections) await connection.DisposeAsync();
        }
    }

    private static async Task<HashSet<string>> SuppressedAddressesAsync(CourseHubDbContext db, List<OutboxMessage> claimed, CancellationToken cancellationToken)
    {
        var addresses = claimed.Where(m => !m.Essential).Select(m => UnsubscribeTokens.Normalise(m.ToAddress)).Distinct().ToList();
        if (addresses.Count == 0) return [];
        var found = await db.MailSuppressions.Where(s => addresses.Contains(s.Address)).Select(s => s.Address).ToListAsync(cancellationToken);
        return found.ToHashSet(StringComparer.Ordinal);
    }

    private async Task RecordOrKeepAsync(Batch batch, List<Outcome> outcomes)
    {
        try
        {
            await RecordAsync(batch, outcomes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _unrecorded.Enqueue((batch, outcomes));
            throw;
        }
    }

    /// <summary>
    /// Writes the outcomes of a batch with one statement per kind of outcome (not one per message):
    /// usually a single "these were sent". Only rows still claimed by this pass are touched.
    /// </summary>
    private async Task RecordAsync(Batch batch, List<Outcome> outcomes)
    {
        if (outcomes.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
        var claimToken = batch.ClaimToken;
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
            var rows = statements.Count == 1 && outcomes.Count == batch.Messages.Count
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
                    .SetProperty(m => m.LastError, UnsubscribedNote)
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
