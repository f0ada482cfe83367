using System.Net;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Endorsements;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Applications;

/// <summary>A supervisor who has not answered a week after the request is reminded once, with a link that still answers it.</summary>
public sealed class EndorsementReminderTests : IDisposable
{
    private readonly TestSite _site = Enrolment.SiteWithCourse(endorsement: true);

    public void Dispose() => _site.Dispose();

    private const string Supervisor = "rosa.diaz@gob.cl";

    private async Task<int> RemindAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EndorsementReminderPass>().RunAsync(CancellationToken.None);
    }

    private Task<int> RemindersTo(string address) =>
        _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == address && m.Kind == ApplicationMails.EndorsementReminderKind));

    [Fact]
    public async Task A_supervisor_who_has_not_answered_in_a_week_is_reminded_once_and_the_reminder_answers_the_request()
    {
        var (browser, id) = await _site.AppliedAsync();

        _site.Clock.Advance(EndorsementReminderPass.RemindAfter - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await RemindAsync());
        _site.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RemindAsync());
        Assert.Equal(0, await RemindAsync());   // once

        var reminder = await _site.LastMailAsync(Supervisor, ApplicationMails.EndorsementReminderKind);
        Assert.Equal("Reminder: Test ana awaits your endorsement for “Policy Lab”", reminder.Subject);
        Assert.StartsWith("Dear Rosa Díaz,", reminder.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, await RemindersTo(Supervisor));
        var history = (await browser.GetPageAsync("/applications")).QuerySelector($"#application-{id} .application-history")!.TextContent;
        Assert.Contains("Supervisor reminded — rosa.diaz@gob.cl", history, StringComparison.Ordinal);
        var audit = await _site.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.ApplicationId == id && e.Action == "application.endorsement-reminded"));
        Assert.Equal("System", audit.ActorName);

        var link = TestAccounts.LinkIn(reminder, "/endorsements/");
        var answer = await _site.NewBrowser().SubmitAsync(link, link, new Dictionary<string, string> { ["endorse"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(EndorsementState.Endorsed, (await _site.ApplicationAsync(id)).Endorsement);
    }

    [Fact]
    public async Task Naming_the_supervisor_again_starts_a_new_week_and_its_reminder_carries_the_new_request()
    {
        var (browser, id) = await _site.AppliedAsync();
        _site.Clock.Advance(EndorsementReminderPass.RemindAfter);
        Assert.Equal(1, await RemindAsync());
        _site.Clock.Advance(TimeSpan.FromDays(1));
        var page = $"/applications/{id}/supervisor";
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(page, page,
            new Dictionary<string, string> { ["SupervisorName"] = "Rosa Díaz", ["SupervisorEmail"] = "rosa.diaz@hacienda.gob.cl" })).StatusCode);

        _site.Clock.Advance(EndorsementReminderPass.RemindAfter - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await RemindAsync());
        _site.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RemindAsync());

        Assert.Equal(1, await RemindersTo(Supervisor));
        var reminder = await _site.LastMailAsync("rosa.diaz@hacienda.gob.cl", ApplicationMails.EndorsementReminderKind);
        var link = TestAccounts.LinkIn(reminder, "/endorsements/");
        Assert.Equal(HttpStatusCode.OK, (await _site.NewBrowser().GetAsync(link)).StatusCode);
        var application = await _site.ApplicationAsync(id);
        Assert.Equal((2, 2), (application.EndorsementRequest, application.EndorsementReminded));
    }

    [Fact]
    public async Task An_applicant_who_deletes_their_account_takes_their_supervisor_s_address_out_of_the_history()
    {
        var (browser, id) = await _site.AppliedAsync();
        _site.Clock.Advance(EndorsementReminderPass.RemindAfter);
        Assert.Equal(1, await RemindAsync());

        await browser.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        var entries = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.ApplicationId == id && e.Action == "application.endorsement-reminded").ToListAsync());
        Assert.Equal((null, null), (Assert.Single(entries).Before, entries[0].After));
    }

    [Fact]
    public async Task A_request_weeks_old_or_of_a_course_that_no_longer_asks_is_not_chased()
    {
        var (_, old) = await _site.AppliedAsync("old@gob.cl");
        _site.Clock.Advance(EndorsementReminderPass.RemindWithin);
        var (_, recent) = await _site.AppliedAsync("recent@gob.cl");
        _site.Clock.Advance(EndorsementReminderPass.RemindAfter);
        Assert.Equal(1, await RemindAsync());
        Assert.Equal(recent, await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "application.endorsement-reminded").Select(e => e.ApplicationId).SingleAsync()));
        Assert.NotEqual(old, recent);

        var (_, unasked) = await _site.AppliedAsync("unasked@gob.cl");
        await _site.WithDbAsync(db => db.Courses.ExecuteUpdateAsync(set => set.SetProperty(c => c.SupervisorEndorsement, false)));
        _site.Clock.Advance(EndorsementReminderPass.RemindAfter);
        Assert.Equal(0, await RemindAsync());
        Assert.Equal(EndorsementState.Pending, (await _site.ApplicationAsync(unasked)).Endorsement);
    }

    [Fact]
    public async Task Nobody_is_reminded_once_the_supervisor_answered_the_applicant_withdrew_was_decided_or_the_course_started()
    {
        var (_, answered) = await _site.AppliedAsync("answered@gob.cl");
        var link = TestAccounts.LinkIn(await _site.LastMailAsync(Supervisor, ApplicationMails.EndorsementRequestKind), "/endorsements/");
        await _site.NewBrowser().SubmitAsync(link, link, new Dictionary<string, string> { ["endorse"] = "false" });
        var (withdrawing, withdrawn) = await _site.AppliedAsync("withdrawn@gob.cl");
        await withdrawing.SubmitAsync("/applications", $"/applications/{withdrawn}/withdraw", new Dictionary<string, string>());
        var (_, accepted) = await _site.AppliedAsync("accepted@gob.cl");
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.DecideAsync([accepted], Decision.Accept)).StatusCode);
        var (_, waiting) = await _site.AppliedAsync("waiting@gob.cl");
        Assert.Equal(EndorsementState.Declined, (await _site.ApplicationAsync(answered)).Endorsement);
        Assert.Equal(ApplicationState.Accepted, (await _site.ApplicationAsync(accepted)).State);

        _site.Clock.Advance(EndorsementReminderPass.RemindAfter);
        Assert.Equal(1, await RemindAsync());   // only the one still waiting for an answer
        Assert.Equal(1, await _site.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "application.endorsement-reminded" && e.ApplicationId == waiting)));

        // Once the course has started, nobody is chased: the endorsement no longer helps anyone decide.
        var (_, lateId) = await _site.AppliedAsync("late@gob.cl");
        var starts = await _site.WithDbAsync(db => db.Courses.Select(c => c.StartsUtc).SingleAsync());
        _site.Clock.SetUtcNow(new DateTimeOffset(starts, TimeSpan.Zero));
        Assert.Equal(0, await RemindAsync());
        Assert.Equal(0, await _site.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "application.endorsement-reminded" && e.ApplicationId == lateId)));
    }
}
