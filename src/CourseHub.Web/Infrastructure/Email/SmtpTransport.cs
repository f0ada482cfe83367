using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CourseHub.Web.Infrastructure.Email;

/// <summary>Sends through an SMTP server with MailKit: one connection per batch, reused for each message.</summary>
public sealed class SmtpTransport(IOptions<MailOptions> options) : IMailTransport
{
    private readonly SmtpSettings _settings = options.Value.Smtp;

    public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        // Checked on start: Smtp mode cannot start without a host.
        var host = _settings.Host ?? throw new InvalidOperationException("Mail:Smtp:Host is not set.");
        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(host, _settings.Port, SecureSocketOptionsOf(_settings.Security), cancellationToken);
            if (!string.IsNullOrEmpty(_settings.User))
            {
                await client.AuthenticateAsync(_settings.User, _settings.Password ?? "", cancellationToken);
            }
            return new Session(client);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            // Refused, unreachable, TLS or sign-in trouble: nothing to do with the messages, which wait.
            throw new MailDeliveryException(MailFailure.Unreachable,
                $"Could not connect to the SMTP server {_settings.Host}:{_settings.Port}: {ex.Message}", ex);
        }
    }

    private static SecureSocketOptions SecureSocketOptionsOf(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    private sealed class Session(SmtpClient client) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            if (!client.IsConnected)
            {
                throw new MailDeliveryException(MailFailure.Unreachable, "The SMTP server closed the connection.");
            }
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException ex)
            {
                throw new MailDeliveryException(FailureOf(ex), $"{(int)ex.StatusCode} {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or TimeoutException)
            {
                throw new MailDeliveryException(MailFailure.Unreachable, $"The connection to the SMTP server failed: {ex.Message}", ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(quit: true);
            }
            catch (Exception ex) when (ex is SmtpProtocolException or SmtpCommandException or IOException or SocketException or ServiceNotConnectedException or TimeoutException)
            {
                // Every message of the batch has its answer already; a failed QUIT changes none of them.
            }
            finally
            {
                client.Dispose();
            }
        }

        /// <summary>
        /// A 5xx about the recipient or the message is the server's final word on this message. A 5xx
        /// about the sender (MAIL FROM) is about our own settings and would hit every message alike, so
        /// it is retried like a 4xx: fixing the settings then lets the queue drain.
        /// </summary>
        private static MailFailure FailureOf(SmtpCommandException ex) =>
            (int)ex.StatusCode >= 500 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted
                ? MailFailure.Permanent
                : MailFailure.Temporary;
    }
}
