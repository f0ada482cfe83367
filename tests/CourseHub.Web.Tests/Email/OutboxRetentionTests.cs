using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Email;

public sealed class OutboxRetentionTests
{
    [Fact]
    public async Task Delivered_mail_is_erased_after_its_keeping_time_and_failed_mail_is_kept_for_a_retry()
    {
        using var site = MailSite.Pickup();
        var old = await site.EnqueueAsync("old");
        var recent = await site.EnqueueAsync("recent");
        var failed = await site.EnqueueAsync("failed");
        await site.DispatchUntilIdleAsync();
        await site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == old).ExecuteUpdateAsync(set => set.SetProperty(m => m.SentUtc, site.Now.AddDays(-91))));
        await site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == recent).ExecuteUpdateAsync(set => set.SetProperty(m => m.SentUtc, site.Now.AddDays(-89))));
        await site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == failed).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.Status, OutboxStatus.Failed).SetProperty(m => m.SentUtc, (DateTime?)null).SetProperty(m => m.CreatedUtc, site.Now.AddDays(-200))));

        var erased = await site.WithScopeAsync(services => services.GetRequiredService<OutboxRetentionPass>().RunAsync(CancellationToken.None));

        Assert.Equal(1, erased);
        Assert.Equal([recent, failed], await site.WithDbAsync(db => db.OutboxMessages.OrderBy(m => m.Id).Select(m => m.Id).ToListAsync()));
    }

    [Fact]
    public async Task A_deleted_account_s_cancellation_goes_once_sent_and_after_the_keeping_time_if_it_failed()
    {
        using var site = MailSite.Pickup();
        var sent = await site.EnqueueAsync("sent");
        var failedLongAgo = await site.EnqueueAsync("failed long ago");
        var failedToday = await site.EnqueueAsync("failed today");
        await site.DispatchUntilIdleAsync();
        await site.WithDbAsync(db => db.OutboxMessages.ExecuteUpdateAsync(set => set.SetProperty(m => m.EraseOnceSent, true)));
        await site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id != sent).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.Status, OutboxStatus.Failed).SetProperty(m => m.SentUtc, (DateTime?)null)));
        await site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == failedLongAgo).ExecuteUpdateAsync(set => set.SetProperty(m => m.CreatedUtc, site.Now.AddDays(-91))));

        var erased = await site.WithScopeAsync(services => services.GetRequiredService<OutboxRetentionPass>().RunAsync(CancellationToken.None));

        Assert.Equal(2, erased);
        Assert.Equal([failedToday], await site.WithDbAsync(db => db.OutboxMessages.Select(m => m.Id).ToListAsync()));
    }
}
