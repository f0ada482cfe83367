using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Unsubscribe;

/// <summary>
/// Records that an address wants no more non-essential mail, or wants it again: a click (or a mail program's
/// one-click unsubscribe) is not for good. Doing either again changes nothing.
/// </summary>
public sealed class UnsubscribeHandler(CourseHubDbContext db, TimeProvider clock)
{
    public Task<bool> IsUnsubscribedAsync(string address, CancellationToken cancellationToken) =>
        db.MailSuppressions.AnyAsync(s => s.Address == UnsubscribeTokens.Normalise(address), cancellationToken);

    public async Task ResubscribeAsync(string address, CancellationToken cancellationToken)
    {
        var normalised = UnsubscribeTokens.Normalise(address);
        await db.MailSuppressions.Where(s => s.Address == normalised).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task RunAsync(string address, CancellationToken cancellationToken)
    {
        var normalised = UnsubscribeTokens.Normalise(address);
        if (await db.MailSuppressions.AnyAsync(s => s.Address == normalised, cancellationToken)) return;

        db.MailSuppressions.Add(new MailSuppression { Address = normalised, CreatedUtc = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two posts at once (a mail client's one-click and the person's own click): the unique index
            // let one in, and that is the result both asked for.
            db.ChangeTracker.Clear();
            if (!await db.MailSuppressions.AnyAsync(s => s.Address == normalised, cancellationToken)) throw;
        }
    }
}
