using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CourseHub.Web.Infrastructure.Email;

/// <summary>
/// Turns an outbox message into the MIME message that goes on the wire. Every attempt carries the
/// same Message-Id and Date, so a retry is recognisably the same mail.
/// </summary>
public sealed class MailMessageBuilder(IOptions<MailOptions> mail, IOptions<SiteOptions> site, UnsubscribeTokens unsubscribe)
{
    public const string CalendarFileName = "invite.ics";

    private readonly MailboxAddress _from = new(
        string.IsNullOrWhiteSpace(mail.Value.FromName) ? site.Value.Name : mail.Value.FromName, mail.Value.FromAddress);

    private readonly string _publicUrl = site.Value.PublicUrl.TrimEnd('/');

    // Replies reach the programme's people (the contact address), not the sending address, which nobody reads.
    private readonly MailboxAddress? _replyTo = Core.Text.EmailAddress.IsPlain(site.Value.ContactEmail)
        && !string.Equals(site.Value.ContactEmail.Trim(), mail.Value.FromAddress, StringComparison.OrdinalIgnoreCase)
            ? new MailboxAddress(site.Value.Name, site.Value.ContactEmail.Trim())
            : null;

    private readonly string _domain = new Uri(site.Value.PublicUrl).Host;

    public MimeMessage Build(OutboxMessage source)
    {
        var message = new MimeMessage
        {
            Subject = source.Subject,
            Date = new DateTimeOffset(source.CreatedUtc, TimeSpan.Zero),
            MessageId = MessageIdOf(source),
        };
        message.From.Add(_from);
        // Not on mail to the contact address itself (a barrier report): a reply there would go back to the team.
        if (_replyTo is not null && !string.Equals(source.ToAddress, _replyTo.Address, StringComparison.OrdinalIgnoreCase)) message.ReplyTo.Add(_replyTo);
        message.To.Add(new MailboxAddress(OneLine(source.ToName), source.ToAddress));

        if (!source.Essential)
        {
            // RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to this URL.
            message.Headers.Add("List-Unsubscribe", $"<{UnsubscribeUrl(source.ToAddress)}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var alternative = new MultipartAlternative
        {
            Text("plain", source.TextBody),
            Text("html", source.HtmlBody),
        };
        var attachments = new List<MimeEntity>();
        if (source.CalendarIcs is { Length: > 0 } ics)
        {
            var method = (source.CalendarMethod ?? "PUBLISH").ToUpperInvariant();
            // RFC 6047: the calendar as the last alternative, with its iTIP method, is what makes mail
            // clients show accept/decline; the attachment is for clients that only save files.
            var calendar = Text("calendar", ics);
            calendar.ContentType.Parameters.Add("method", method);
            alternative.Add(calendar);
            attachments.Add(Attachment(CalendarFileName, new ContentType("application", "ics"), Encoding.UTF8.GetBytes(ics)));
        }
        if (source.AttachmentsJson is { Length: > 0 } json)
        {
            foreach (var stored in JsonSerializer.Deserialize<List<Outbox.StoredAttachment>>(json) ?? [])
            {
                attachments.Add(Attachment(stored.FileName, ContentType.Parse(stored.ContentType), Convert.FromBase64String(stored.Base64)));
            }
        }

        if (attachments.Count == 0)
        {
            message.Body = alternative;
        }
        else
        {
            var mixed = new Multipart("mixed") { alternative };
            foreach (var attachment in attachments) mixed.Add(attachment);
            message.Body = mixed;
        }

        // Chooses quoted-printable or base64 where needed, so the file in the pickup folder and the
        // bytes sent over SMTP are the same and safe for any server (the HTML is one long line).
        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }

    /// <param name="language">The language of the mail the link is in, for the page it opens; the header's link has none.</param>
    public string UnsubscribeUrl(string address, string? language = null) =>
        $"{_publicUrl}/mail/unsubscribe/{unsubscribe.Create(address)}{(language is null ? "" : $"?lang={language}")}";

    /// <summary>
    /// One Message-Id per outbox message, on every attempt. The hash of the idempotency key keeps ids
    /// from two databases (a test copy, a restored backup) from colliding.
    /// </summary>
    public string MessageIdOf(OutboxMessage source)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source.IdempotencyKey)))[..16];
        return $"{source.Id}.{hash}@{_domain}";
    }

    // Forms keep names to one line; a name stored before they did must still not break the address header.
    private static string OneLine(string? name) => name is null ? "" : string.Concat(name.Select(c => char.IsControl(c) ? ' ' : c));

    private static TextPart Text(string subtype, string text)
    {
        var part = new TextPart(subtype);
        part.SetText(Encoding.UTF8, text);
        return part;
    }

    private static MimePart Attachment(string fileName, ContentType contentType, byte[] content)
    {
        contentType.Name = fileName;
        return new MimePart(contentType)
        {
            Content = new MimeContent(new MemoryStream(content, writable: false)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = fileName },
            ContentTransferEncoding = ContentEncoding.Base64,
        };
    }
}
