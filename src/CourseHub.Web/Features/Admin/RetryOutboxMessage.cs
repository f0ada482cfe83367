using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Admin;

public enum RetryResult
{
    Retried,
    NotFound,
    /// <summary>Only failed messages can be retried: the others are still on their way, or done.</summary>
    NotFailed,
}

/// <summary>An admin's "Retry" on a failed message: back in the queue, due now, with a fresh set of attempts.</summary>
public sealed class RetryOutboxMessage(CourseHubDbContext db, TimeProvider clock)
{
    public async Task<RetryResult> RunAsync(long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Conditional on Failed, so a double click or two admins at once queue the message once, and a
        // message cannot be pulled back from another state. LastError stays, as the reason it failed.
        var retried = await db.OutboxMessages
            .Where(m => m.Id == id && m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Queued)
                .SetProperty(m => m.NextAttemptUtc, now)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.ClaimToken, (string?)null)
                .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), cancellationToken);
        if (retried == 1) return RetryResult.Retried;
        return await db.OutboxMessages.AnyAsync(m => m.Id == id, cancellationToken) ? RetryResult.NotFailed : RetryResult.NotFound;
    }
}
