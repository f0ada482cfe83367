using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CourseHub.Web.Infrastructure.Email;

/// <summary>
/// Erases delivered mail once <see cref="MailOptions.KeepSent"/> has passed: long enough to answer "did it go out?"
/// on the outbox page, and no longer, since its text names people (a supervisor's request). A deleted account's last
/// calendar cancellations go as soon as they are sent (or after the keeping time, if they failed). Other failed mail
/// stays until an admin retries it.
/// </summary>
public sealed class OutboxRetentionPass(CourseHubDbContext db, IOptions<MailOptions> options, TimeProvider clock)
{
    private const int Batch = 500;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - options.Value.KeepSent;
        // Loaded and removed, not ExecuteDelete: a message is split over two tables, which a bulk delete cannot span.
        var old = await db.OutboxMessages
            .Where(m => (m.Status == OutboxStatus.Sent && (m.SentUtc < before || m.EraseOnceSent))
                || (m.Status == OutboxStatus.Suppressed && m.CreatedUtc < before)
                // Nobody retries mail to an account deleted since: a cancellation that failed goes after the keeping time too.
                || (m.Status == OutboxStatus.Failed && m.EraseOnceSent && m.CreatedUtc < before))
            .OrderBy(m => m.Id).Take(Batch)
            .ToListAsync(cancellationToken);
        if (old.Count == 0) return 0;
        db.OutboxMessages.RemoveRange(old);
        await db.SaveChangesAsync(cancellationToken);
        return old.Count;
    }
}

public sealed class OutboxRetention(IServiceScopeFactory scopes, ILogger<OutboxRetention> logger) : Hosting.EveryMinute(scopes, logger)
{
    protected override string Done => "delivered mails erased after their keeping time";

    protected override Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<OutboxRetentionPass>().RunAsync(cancellationToken);
}
