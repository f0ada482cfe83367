using MimeKit;

namespace CourseHub.Web.Infrastructure.Email;

/// <summary>Where mail goes: a pickup folder or an SMTP server. A session sends one batch.</summary>
public interface IMailTransport
{
    /// <summary>Opens a session (for SMTP, one connection) for a batch; throws <see cref="MailDeliveryException"/>.</summary>
    Task<IMailSession> OpenAsync(CancellationToken cancellationToken);
}

public interface IMailSession : IAsyncDisposable
{
    /// <summary>Returns once the destination has accepted the message; throws <see cref="MailDeliveryException"/>.</summary>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

public enum MailFailure
{
    /// <summary>The destination cannot be reached; says nothing about the message, which waits for it.</summary>
    Unreachable,
    /// <summary>The destination refused this message for now (4xx): try again later, up to MaxAttempts.</summary>
    Temporary,
    /// <summary>The destination refused this message for good (5xx): retrying cannot help.</summary>
    Permanent,
}

public sealed class MailDeliveryException(MailFailure failure, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public MailFailure Failure { get; } = failure;
}
