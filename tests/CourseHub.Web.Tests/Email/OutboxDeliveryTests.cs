using System.Net;
using System.Text;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;

namespace CourseHub.Web.Tests.Email;

public sealed class OutboxDeliveryTests
{
    // iCalendar lines end in CRLF (RFC 5545), as Ical.Net writes them.
    private static readonly string Invite = """
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//CourseHub//Tests//EN
        METHOD:REQUEST
        BEGIN:VEVENT
        UID:session-42@coursehub.local
        SEQUENCE:0
        DTSTAMP:20261126T150000Z
        DTSTART:20271006T180000Z
        DTEND:20271006T193000Z
        SUMMARY:Inauguration
        ORGANIZER;CN=CourseHub:mailto:courses@coursehub.local
        ATTENDEE;CN=Ana Pérez;RSVP=TRUE:mailto:ana.perez@example.org
        END:VEVENT
        END:VCALENDAR

        """.ReplaceLineEndings("\r\n");

    private static SimpleSmtpServer StartSmtpServer() =>
        netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();

    [Fact]
    public async Task Smtp_server_receives_text_html_calendar_part_and_ics_attachment()
    {
        using var server = StartSmtpServer();
        using var site = MailSite.Smtp(server.Configuration.Port);
        var programme = Encoding.UTF8.GetBytes("%PDF-1.4 programme");
        var id = await site.EnqueueAsync("session-42-invite", calendar: new MailCalendar(Invite, "REQUEST"),
            attachments: [new MailAttachment("programme.pdf", "application/pdf", programme)]);

        Assert.Equal(1, await site.Dispatcher.DispatchDueAsync());

        await MailSite.EventuallyAsync(() => server.ReceivedEmailCount == 1, "the server has the message");
        var mail = MailSite.Parse(server.ReceivedEmail.Single().Data);
        Assert.Equal("Session confirmed: session-42-invite", mail.Subject);
        Assert.Equal("ana.perez@example.org", mail.To.Mailboxes.Single().Address);
        Assert.Equal("courses@coursehub.local", mail.From.Mailboxes.Single().Address);
        Assert.Contains("Ana Pérez", mail.TextBody);
        Assert.Contains("<strong>session-42-invite</strong>", mail.HtmlBody);

        var mixed = Assert.IsType<Multipart>(mail.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(["text/plain", "text/html", "text/calendar"], alternative.Select(p => p.ContentType.MimeType));
        var calendar = (TextPart)alternative[2];
        Assert.Equal("REQUEST", calendar.ContentType.Parameters["method"]);
        Assert.Equal("utf-8", calendar.ContentType.Charset, ignoreCase: true);
        // A text part's line breaks are the reader's convention; the attachment below is byte for byte.
        Assert.Equal(Invite.ReplaceLineEndings("\n"), calendar.Text.ReplaceLineEndings("\n"));

        var files = mail.Attachments.OfType<MimePart>().ToDictionary(a => a.FileName ?? "");
        Assert.Equal(["invite.ics", "programme.pdf"], files.Keys.Order());
        Assert.Equal(Invite, Encoding.UTF8.GetString(Content(files["invite.ics"])));
        Assert.Equal(programme, Content(files["programme.pdf"]));

        var stored = await site.MessageAsync(id);
        Assert.Equal(OutboxStatus.Sent, stored.Status);
        Assert.Equal(site.Now, stored.SentUtc);
        Assert.Equal(1, stored.Attempts);
        Assert.Null(stored.ClaimToken);
        var builder = site.App.Services.GetRequiredService<MailMessageBuilder>();
        Assert.Equal(builder.MessageIdOf(stored), mail.MessageId);
    }

    [Fact]
    public async Task Delivery_of_several_batches_over_two_connections_sends_each_message_once_and_records_it_sent()
    {
        using var site = MailSite.Pickup(("Mail:BatchSize", "10"), ("Mail:Connections", "2"));
        var ids = new List<long>();
        for (var i = 0; i < 35; i++) ids.Add(await site.EnqueueAsync($"batch-{i}", to: $"participant{i}@example.org"));

        Assert.Equal(35, await site.Dispatcher.DeliverDueAsync());
        Assert.Equal(0, await site.Dispatcher.DeliverDueAsync());

        var messages = await site.WithDbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());
        Assert.All(messages, m => Assert.Equal((OutboxStatus.Sent, 1, (string?)null), (m.Status, m.Attempts, m.ClaimToken)));
        var files = Directory.GetFiles(Path.Combine(site.DataPath, "mail"), "*.eml");
        var recipients = new List<string>();
        foreach (var file in files) recipients.Add((await MimeMessage.LoadAsync(file)).To.Mailboxes.Single().Address);
        Assert.Equal(Enumerable.Range(0, 35).Select(i => $"participant{i}@example.org").Order(), recipients.Order());
    }

    [Fact]
    public async Task Mail_without_calendar_or_attachments_is_a_plain_alternative_of_text_and_html()
    {
        using var server = StartSmtpServer();
        using var site = MailSite.Smtp(server.Configuration.Port);
        await site.EnqueueAsync("welcome");

        await site.DispatchUntilIdleAsync();

        await MailSite.EventuallyAsync(() => server.ReceivedEmailCount == 1, "the server has the message");
        var mail = MailSite.Parse(server.ReceivedEmail.Single().Data);
        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Empty(mail.Attachments);
    }

    [Fact]
    public async Task Pickup_folder_holds_each_message_as_an_eml_file_that_parses_back()
    {
        using var site = MailSite.Pickup();
        var first = await site.EnqueueAsync("first", calendar: new MailCalendar(Invite, "REQUEST"));
        var second = await site.EnqueueAsync("second", to: "luis@example.org");

        Assert.Equal(2, await site.DispatchUntilIdleAsync());

        var folder = Path.Combine(site.DataPath, "mail");
        var files = Directory.GetFiles(folder);
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.EndsWith(".eml", f, StringComparison.Ordinal));
        var builder = site.App.Services.GetRequiredService<MailMessageBuilder>();
        foreach (var id in new[] { first, second })
        {
            var stored = await site.MessageAsync(id);
            Assert.Equal(OutboxStatus.Sent, stored.Status);
            var path = Path.Combine(folder, $"{builder.MessageIdOf(stored)}.eml");
            var mail = await MimeMessage.LoadAsync(path);
            Assert.Equal(stored.Subject, mail.Subject);
            Assert.Equal(stored.ToAddress, mail.To.Mailboxes.Single().Address);
            Assert.Equal(stored.TextBody, mail.TextBody);
            Assert.DoesNotMatch("[^\r]\n", await File.ReadAllTextAsync(path)); // CRLF throughout, as on the wire
        }
        var invite = await MimeMessage.LoadAsync(Path.Combine(folder, $"{builder.MessageIdOf(await site.MessageAsync(first))}.eml"));
        Assert.Contains(invite.BodyParts, p => p.ContentType.MimeType == "text/calendar" && p.ContentType.Parameters["method"] == "REQUEST");
    }

    [Fact]
    public void A_name_stored_with_a_line_break_reaches_the_address_header_on_one_line()
    {
        using var site = MailSite.Pickup();
        var builder = site.App.Services.GetRequiredService<MailMessageBuilder>();

        var message = builder.Build(new OutboxMessage
        {
            Kind = "test", IdempotencyKey = "test:1", ToAddress = "x@example.org", ToName = "X\r\nBcc: evil@example.org",
            Subject = "Hello", TextBody = "Hello", HtmlBody = "<p>Hello</p>",
        });

        var to = Assert.Single(message.To.Mailboxes);
        Assert.Equal(("X  Bcc: evil@example.org", "x@example.org"), (to.Name, to.Address));
        Assert.Empty(message.Bcc);
    }

    [Fact]
    public async Task List_unsubscribe_headers_are_on_non_essential_mail_only()
    {
        using var site = MailSite.Pickup(("Site:PublicUrl", "https://courses.example.org"));
        var announcement = await site.EnqueueAsync("announcement", to: "Ana.Perez@example.org", essential: false);
        var decision = await site.EnqueueAsync("decision", to: "Ana.Perez@example.org", essential: true);
        await site.DispatchUntilIdleAsync();

        var builder = site.App.Services.GetRequiredService<MailMessageBuilder>();
        async Task<MimeMessage> Load(long id) =>
            await MimeMessage.LoadAsync(Path.Combine(site.DataPath, "mail", $"{builder.MessageIdOf(await site.MessageAsync(id))}.eml"));

        var nonEssential = await Load(announcement);
        var header = nonEssential.Headers["List-Unsubscribe"] ?? "";
        Assert.StartsWith("<https://courses.example.org/mail/unsubscribe/", header, StringComparison.Ordinal);
        Assert.EndsWith(">", header, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", nonEssential.Headers["List-Unsubscribe-Post"]);
        var token = header.TrimEnd('>').Split('/').Last();
        var tokens = site.App.Services.GetRequiredService<UnsubscribeTokens>();
        Assert.True(tokens.TryRead(token, out var address));
        Assert.Equal("ANA.PEREZ@EXAMPLE.ORG", address);

        var essential = await Load(decision);
        Assert.False(essential.Headers.Contains("List-Unsubscribe"));
        Assert.False(essential.Headers.Contains("List-Unsubscribe-Post"));
    }

    [Fact]
    public async Task Replies_go_to_the_contact_address_not_the_sending_one()
    {
        using var site = MailSite.Pickup(("Site:ContactEmail", "programme@institute.example.org"));
        var id = await site.EnqueueAsync("decision", to: "ana@example.org", essential: true);
        await site.DispatchUntilIdleAsync();

        var builder = site.App.Services.GetRequiredService<MailMessageBuilder>();
        var message = await MimeMessage.LoadAsync(Path.Combine(site.DataPath, "mail", $"{builder.MessageIdOf(await site.MessageAsync(id))}.eml"));

        Assert.Equal("programme@institute.example.org", Assert.Single(message.ReplyTo.Mailboxes).Address);
        Assert.NotEqual("programme@institute.example.org", message.From.Mailboxes.Single().Address);
    }

    private static byte[] Content(MimePart part)
    {
        using var stream = new MemoryStream();
        Assert.NotNull(part.Content);
        part.Content.DecodeTo(stream);
        return stream.ToArray();
    }
}
