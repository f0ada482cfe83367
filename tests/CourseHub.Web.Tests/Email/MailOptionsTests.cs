using CourseHub.Web.Infrastructure.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CourseHub.Web.Tests.Email;

public sealed class MailOptionsTests
{
    [Fact]
    public void Smtp_mode_without_a_host_stops_the_site_from_starting()
    {
        using var site = MailSite.Pickup(("Mail:Mode", "Smtp"));

        var error = Record.Exception(() => site.App.Services);

        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("Mail:Smtp:Host is required when Mail:Mode is Smtp.", validation.Failures);
    }

    [Theory]
    [InlineData("Mail:BatchSize", "0")]
    [InlineData("Mail:FromAddress", "not an address")]
    [InlineData("Mail:RetryBaseDelay", "02:00:00")]
    public void Invalid_mail_settings_stop_the_site_from_starting(string key, string value)
    {
        using var site = MailSite.Pickup((key, value));

        Assert.IsType<OptionsValidationException>(Record.Exception(() => site.App.Services));
    }

    [Fact]
    public void Embedded_default_writes_mail_to_the_mail_folder_of_the_data_path()
    {
        using var site = MailSite.Pickup();

        var transport = Assert.IsType<PickupFolderTransport>(site.App.Services.GetRequiredService<IMailTransport>());
        Assert.Equal(Path.Combine(site.DataPath, "mail"), transport.Folder);
        var options = site.App.Services.GetRequiredService<IOptions<MailOptions>>().Value;
        Assert.Equal((8, 50), (options.MaxAttempts, options.BatchSize));
    }

    [Fact]
    public void Retry_delay_doubles_from_the_base_delay_and_stops_at_the_maximum()
    {
        var options = new MailOptions();

        var delays = new[] { 1, 2, 3, 7, 8, 9, 500 }.Select(options.RetryDelay).ToArray();

        Assert.Equal(
            [TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1920),
             TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1)],
            delays);
    }
}
