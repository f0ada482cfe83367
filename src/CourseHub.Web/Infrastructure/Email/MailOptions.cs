using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CourseHub.Web.Infrastructure.Email;

public enum MailMode
{
    /// <summary>Each message is written as an .eml file to a folder: the embedded default, no server needed.</summary>
    Pickup,
    /// <summary>Messages go to an SMTP server through MailKit.</summary>
    Smtp,
}

/// <summary>How the connection to the SMTP server is secured; maps one to one onto MailKit's options.</summary>
public enum SmtpSecurity
{
    /// <summary>TLS on connect for port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Sign in only when set: a relay on the local network often needs no account.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }
}

public sealed class MailOptions
{
    public const string Section = "Mail";

    public MailMode Mode { get; set; } = MailMode.Pickup;

    /// <summary>Folder of the .eml files in pickup mode; a relative path starts at Site:DataPath.</summary>
    [Required]
    public string PickupPath { get; set; } = "mail";

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "courses@coursehub.local";

    /// <summary>The sender's display name; the site's name when empty.</summary>
    public string? FromName { get; set; }

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Attempts before a temporarily refused message is given up (Failed).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Messages claimed per pass.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// Connections a batch is shared over, each message on one of them. While one connection waits for
    /// the server's answer another is sending: two deliver well beyond one, and any server accepts two.
    /// </summary>
    [Range(1, 8)]
    public int Connections { get; set; } = 2;

    /// <summary>
    /// How long a claim protects a batch. A dispatcher that dies while sending leaves its messages in
    /// Sending; once this passes, another takes them over. Must be well above the time a batch takes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a delivered (or suppressed) mail stays on the outbox page before it is erased.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan KeepSent { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Off in tests, which run passes themselves, and on web nodes that should not send.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>Exponential backoff after the given number of attempts: base, 2·base, 4·base… capped.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        // The exponent is capped so that a message retried for weeks (a server down for long) cannot overflow.
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(RetryBaseDelay.Ticks * factor, RetryMaxDelay.Ticks));
    }
}

/// <summary>The checks data annotations cannot express; run on start with them.</summary>
public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var problems = new List<string>();
        if (options.Mode == MailMode.Smtp && string.IsNullOrWhiteSpace(options.Smtp.Host))
            problems.Add("Mail:Smtp:Host is required when Mail:Mode is Smtp.");
        // Data annotations do not look inside the nested Smtp section.
        if (options.Smtp.Port is < 1 or > 65535)
            problems.Add("Mail:Smtp:Port must be between 1 and 65535.");
        if (options.RetryBaseDelay > options.RetryMaxDelay)
            problems.Add("Mail:RetryBaseDelay must not be longer than Mail:RetryMaxDelay.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
