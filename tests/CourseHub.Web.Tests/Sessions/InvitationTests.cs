using System.Net;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Applications;
using CourseHub.Web.Tests.Email;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;

namespace CourseHub.Web.Tests.Sessions;

/// <summary>Scheduling, moving and cancelling a session, as the participants' mail servers receive it.</summary>
public sealed class InvitationTests : IDisposable
{
    private readonly SimpleSmtpServer _smtp = netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
    private readonly TestSite _site;

    public InvitationTests()
    {
        _site = Enrolment.SiteWithCourse(capacity: 10, settings: new Dictionary<string, string>
        {
            ["Mail:Mode"] = "Smtp", ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Security"] = "None",
            ["Mail:Connections"] = "1",   // netDumbster serves one connection at a time
            ["Mail:Smtp:Port"] = _smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:DispatcherEnabled"] = "false",
        });
    }

    public void Dispose()
    {
        _site.Dispose();
        _smtp.Dispose();
    }

    private const string Sessions = $"/courses/{Enrolment.Slug}/sessions";

    /// <summary>A session's form as the scheduling page posts it.</summary>
    internal static Dictionary<string, string> SessionForm(string startsLocal) => new()
    {
        ["Title"] = "Master class: open data", ["Organisation"] = "ECLAC", ["Speaker"] = "",
        ["StartsLocal"] = startsLocal, ["Minutes"] = "90", ["JoinUrl"] = "https://zoom.us/j/123456", ["Room"] = "", ["Description"] = "",
    };

    private async Task<List<MimeMessage>> DeliverAsync(int expected)
    {
        _smtp.ClearReceivedEmail();
        await _site.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        await MailSite.EventuallyAsync(() => _smtp.ReceivedEmailCount >= expected, $"{expected} mails arrived");
        Assert.Equal(expected, _smtp.ReceivedEmailCount);
        return _smtp.ReceivedEmail.Select(m => MailSite.Parse(m.Data)).ToList();
    }

    private static string CalendarText(MimeMessage mail) =>
        mail.BodyParts.OfType<TextPart>().First(p => p.ContentType.MimeType == "text/calendar" && !p.IsAttachment).Text;

    private static (ContentType Type, Calendar Calendar) CalendarPart(MimeMessage mail)
    {
        var part = mail.BodyParts.OfType<TextPart>().First(p => p.ContentType.MimeType == "text/calendar" && !p.IsAttachment);
        return (part.ContentType, Calendar.Load(part.Text)!);
    }

    [Fact]
    public async Task Scheduling_moving_and_cancelling_reach_every_accepted_participant_as_request_update_and_cancel()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        await _site.AddApplicantsAsync(3, ApplicationState.Accepted);
        await _site.AddApplicantsAsync(1, ApplicationState.Waitlisted, prefix: "waiting");
        await DeliverAsync(0);

        var created = await admin.SubmitAsync(Sessions, Sessions, SessionForm("2027-05-05T15:00"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var invites = await DeliverAsync(3);
        Assert.Equal(["applicant0@gob.test", "applicant1@gob.test", "applicant2@gob.test"], invites.Select(m => m.To.Mailboxes.Single().Address).Order());
        var (type, calendar) = CalendarPart(invites[0]);
        Assert.Equal("REQUEST", type.Parameters["method"]);
        Assert.Equal("REQUEST", calendar.Method);
        var uid = calendar.Events.Single().Uid;
        Assert.Equal(0, calendar.Events.Single().Sequence);
        Assert.Equal(new DateTime(2027, 5, 5, 19, 0, 0, DateTimeKind.Utc), calendar.Events.Single().DtStart!.AsUtc);
        var attachment = Assert.IsType<MimePart>(invites[0].Attachments.Single(a => a.ContentDisposition?.FileName == "invite.ics"));
        using (var copy = new MemoryStream())
        {
            await attachment.Content!.DecodeToAsync(copy);
            Assert.Equal(uid, Calendar.Load(System.Text.Encoding.UTF8.GetString(copy.ToArray()))!.Events.Single().Uid);
        }

        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        await admin.SubmitAsync($"{Sessions}/{id}/edit", $"{Sessions}/{id}/edit", SessionForm("2027-05-06T16:00"));
        var updates = await DeliverAsync(3);
        Assert.All(updates, mail =>
        {
            var (updateType, update) = CalendarPart(mail);
            Assert.Equal("REQUEST", updateType.Parameters["method"]);
            Assert.Equal(uid, update.Events.Single().Uid);
            Assert.Equal(1, update.Events.Single().Sequence);
            Assert.Equal(new DateTime(2027, 5, 6, 20, 0, 0, DateTimeKind.Utc), update.Events.Single().DtStart!.AsUtc);
        });

        await admin.SubmitAsync(Sessions, $"{Sessions}/{id}/cancel", new Dictionary<string, string>());
        var cancels = await DeliverAsync(3);
        Assert.All(cancels, mail =>
        {
            var (cancelType, cancel) = CalendarPart(mail);
            Assert.Equal("CANCEL", cancelType.Parameters["method"]);
            Assert.Equal("CANCEL", cancel.Method);
            Assert.Equal(uid, cancel.Events.Single().Uid);
            Assert.Equal(2, cancel.Events.Single().Sequence);
            Assert.Equal("CANCELLED", cancel.Events.Single().Status);
        });
    }

    [Fact]
    public async Task Invites_go_in_the_participants_language_with_the_organiser_and_attendee_set()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        await _site.AddApplicantsAsync(3, ApplicationState.Accepted);
        await _site.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Email == "applicant2@gob.test")).PreferredLanguage = "pt";
            return await db.SaveChangesAsync();
        });

        await admin.SubmitAsync(Sessions, Sessions, SessionForm("2027-05-05T15:00"));
        var invites = await DeliverAsync(3);

        Assert.StartsWith("Invitation:", invites.Single(m => m.To.Mailboxes.Single().Address == "applicant0@gob.test").Subject);
        var portuguese = invites.Single(m => m.To.Mailboxes.Single().Address == "applicant2@gob.test");
        Assert.StartsWith("Convite:", portuguese.Subject);
        Assert.Contains("Prezado(a)", portuguese.TextBody, StringComparison.Ordinal);
        var spanish = invites.Single(m => m.To.Mailboxes.Single().Address == "applicant1@gob.test");
        Assert.Matches("^Invitación: «[^»]+» \\(Policy Lab\\)$", spanish.Subject);   // the title quoted: its own colon is not the subject's
        var calendarEvent = CalendarPart(spanish).Calendar.Events.Single();
        // The text a calendar shows names the zone by its place in the attendee's language, as the mail does.
        Assert.Contains("(GMT-4, hora de Santiago)", calendarEvent.Description, StringComparison.Ordinal);
        Assert.Equal("mailto:applicant1@gob.test", calendarEvent.Attendees.Single().Value!.ToString(), ignoreCase: true);
        Assert.Equal("REQ-PARTICIPANT", calendarEvent.Attendees.Single().Role);
        Assert.NotNull(calendarEvent.Organizer);
        // The calendar's own text speaks the participant's language too.
        Assert.Contains("\nCuándo: ", calendarEvent.Description);
        Assert.Contains("\nQuando: ", CalendarPart(portuguese).Calendar.Events.Single().Description);
        Assert.Contains("\nWhen: ", CalendarPart(invites.Single(m => m.To.Mailboxes.Single().Address == "applicant0@gob.test")).Calendar.Events.Single().Description);
    }

    [Fact]
    public async Task A_participant_accepted_later_gets_every_upcoming_session_and_one_who_leaves_gets_cancels_alone()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted, prefix: "early");
        await admin.SubmitAsync(Sessions, Sessions, SessionForm("2027-05-05T15:00"));
        var second = SessionForm("2027-05-12T15:00");
        second["Title"] = "Master class: open government";
        await admin.SubmitAsync(Sessions, Sessions, second);
        await DeliverAsync(2);

        var late = await _site.AddApplicantsAsync(1, prefix: "late");
        await admin.DecideAsync(late, Decision.Accept);
        var welcome = await DeliverAsync(3);
        var lateInvites = welcome.Where(m => m.To.Mailboxes.Single().Address == "late0@gob.test" && m.BodyParts.OfType<TextPart>().Any(p => p.ContentType.MimeType == "text/calendar")).ToList();
        Assert.Equal(2, lateInvites.Count);
        Assert.All(lateInvites, m => Assert.Equal("REQUEST", CalendarPart(m).Type.Parameters["method"]));

        await admin.DecideAsync(late, Decision.Reject);
        var goodbye = await DeliverAsync(3);
        var cancels = goodbye.Where(m => m.BodyParts.OfType<TextPart>().Any(p => p.ContentType.MimeType == "text/calendar")).ToList();
        Assert.Equal(2, cancels.Count);
        Assert.All(cancels, m =>
        {
            Assert.Equal("late0@gob.test", m.To.Mailboxes.Single().Address);
            Assert.Equal("CANCEL", CalendarPart(m).Type.Parameters["method"]);
            // The join link is for participants: the notice to someone who no longer is one leaves it out.
            Assert.DoesNotContain("zoom.us", CalendarText(m), StringComparison.Ordinal);
            Assert.DoesNotContain("zoom.us", m.TextBody, StringComparison.Ordinal);
        });
        Assert.All(lateInvites, m => Assert.Contains("zoom.us", CalendarText(m), StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_moved_to_the_waitlist_and_accepted_again_is_invited_with_a_version_newer_than_the_cancellation()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        var person = await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        await admin.SubmitAsync(Sessions, Sessions, SessionForm("2027-05-05T15:00"));
        await DeliverAsync(1);

        await admin.DecideAsync(person, Decision.Waitlist);
        var cancel = (await DeliverAsync(2)).Select(CalendarPartOrNull).Single(c => c is not null)!.Value;
        await admin.DecideAsync(person, Decision.Accept);
        var invite = (await DeliverAsync(2)).Select(CalendarPartOrNull).Single(c => c is not null)!.Value;

        Assert.Equal(("CANCEL", "REQUEST"), (cancel.Type.Parameters["method"], invite.Type.Parameters["method"]));
        var (cancelled, invited) = (cancel.Calendar.Events.Single(), invite.Calendar.Events.Single());
        Assert.Equal(cancelled.Uid, invited.Uid);
        // Calendars that apply only a higher SEQUENCE (Google's) would otherwise keep the session cancelled.
        Assert.True(invited.Sequence > cancelled.Sequence, $"invited at {invited.Sequence}, cancelled at {cancelled.Sequence}");
        // The session itself did not change: the list still says no update was sent to its participants.
        Assert.Equal("0", (await admin.GetPageAsync(Sessions)).QuerySelector("tbody tr td:nth-child(4)")!.TextContent.Trim());
    }

    private static (ContentType Type, Calendar Calendar)? CalendarPartOrNull(MimeMessage mail) =>
        mail.BodyParts.OfType<TextPart>().Any(p => p.ContentType.MimeType == "text/calendar" && !p.IsAttachment) ? CalendarPart(mail) : null;
}
