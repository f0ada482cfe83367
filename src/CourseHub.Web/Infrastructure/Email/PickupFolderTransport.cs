using MimeKit;

namespace CourseHub.Web.Infrastructure.Email;

/// <summary>
/// Writes each message as an .eml file, the way a mail server's pickup folder takes them: a reader of
/// the folder sees a whole file or none, never half of one.
/// </summary>
public sealed class PickupFolderTransport(string folder) : IMailTransport, IMailSession
{
    // CRLF, as on the wire: what mail servers' pickup folders and mail clients expect of an .eml file.
    private static readonly FormatOptions Format = CreateFormat();

    public string Folder { get; } = folder;

    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MailDeliveryException(MailFailure.Unreachable, $"The pickup folder {Folder} cannot be created: {ex.Message}", ex);
        }
        return Task.FromResult<IMailSession>(this);
    }

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var name = FileNameOf(message);
        var path = Path.Combine(Folder, name);
        // Same folder, so the rename is atomic; the dot and .tmp keep watchers of *.eml away from it.
        var temporary = Path.Combine(Folder, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, FileOptions.Asynchronous))
            {
                await message.WriteToAsync(Format, stream, cancellationToken);
                // On disk before the outbox records it as sent: a crash must not lose an "accepted" mail.
                stream.Flush(flushToDisk: true);
            }
            // The name comes from the Message-Id, so a message sent again replaces its own file.
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new MailDeliveryException(MailFailure.Unreachable, $"Writing {path} failed: {ex.Message}", ex);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static string FileNameOf(MimeMessage message)
    {
        var id = string.IsNullOrEmpty(message.MessageId) ? Guid.NewGuid().ToString("N") : message.MessageId;
        var invalid = Path.GetInvalidFileNameChars();
        return string.Concat(id.Select(c => invalid.Contains(c) ? '_' : c)) + ".eml";
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover .tmp file is harmless: it never looks like a message.
        }
    }
}
