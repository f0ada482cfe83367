using System.Net;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Applications;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Sessions;

public sealed class SessionConcurrencyTests : IDisposable
{
    private const string Sessions = $"/courses/{Enrolment.Slug}/sessions";
    private readonly TestSite _site = Enrolment.SiteWithCourse(capacity: 10);

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Two_people_moving_a_session_at_once_raise_its_sequence_in_turn_and_both_updates_go_out()
    {
        await _site.CreateAsync("first@institute.org", Roles.Admin);
        await _site.CreateAsync("second@institute.org", Roles.Admin);
        var admins = new[] { await _site.SignedInBrowserAsync("first@institute.org"), await _site.SignedInBrowserAsync("second@institute.org") };
        await _site.AddApplicantsAsync(3, ApplicationState.Accepted);
        await admins[0].SubmitAsync(Sessions, Sessions, InvitationTests.SessionForm("2027-05-05T15:00"));
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var edit = $"{Sessions}/{id}/edit";
        var tokens = await Task.WhenAll(admins.Select(a => a.AntiforgeryTokenAsync(edit)));

        var moves = await Task.WhenAll(admins.Select((admin, i) => admin.PostAsync(edit, new FormUrlEncodedContent(
            new Dictionary<string, string>(InvitationTests.SessionForm(i == 0 ? "2027-05-06T16:00" : "2027-05-07T17:00")) { ["__RequestVerificationToken"] = tokens[i] }))));

        Assert.All(moves, m => Assert.Equal(HttpStatusCode.Redirect, m.StatusCode));
        var session = await _site.WithDbAsync(db => db.LiveSessions.AsNoTracking().SingleAsync());
        Assert.Equal(2, session.Sequence);
        // Three invitations, then three updates at SEQUENCE 1 and three at SEQUENCE 2: none lost to the other.
        var invites = await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == SessionMails.InviteKind).Select(m => m.IdempotencyKey).ToListAsync());
        Assert.Equal(9, invites.Count);
        Assert.Equal(3, invites.Count(k => k.Contains(":2:", StringComparison.Ordinal)));
    }
}
