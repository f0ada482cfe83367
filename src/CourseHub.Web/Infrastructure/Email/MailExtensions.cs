using CourseHub.Web.Features.Admin;
using CourseHub.Web.Features.Unsubscribe;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace CourseHub.Web.Infrastructure.Email;

public static class MailExtensions
{
    public static WebApplicationBuilder AddCourseHubMail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();

        builder.Services.AddScoped<Outbox>();
        builder.Services.AddSingleton<MailLayout>();
        builder.Services.AddSingleton<AccountMails>();
        builder.Services.AddSingleton<ApplicationMails>();
        builder.Services.AddSingleton<SessionMails>();
        builder.Services.AddSingleton<UnsubscribeTokens>();
        builder.Services.AddSingleton<MailMessageBuilder>();
        builder.Services.AddSingleton(TransportFor);
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxDispatcher>());
        builder.Services.AddScoped<OutboxRetentionPass>();
        builder.Services.AddHostedService<OutboxRetention>();

        // The pages that belong to mail: the admin's outbox and the unsubscribe link.
        builder.Services.AddScoped<OutboxPageQuery>();
        builder.Services.AddScoped<RetryOutboxMessage>();
        builder.Services.AddScoped<UnsubscribeHandler>();
        return builder;
    }

    private static IMailTransport TransportFor(IServiceProvider services)
    {
        var mail = services.GetRequiredService<IOptions<MailOptions>>().Value;
        if (mail.Mode == MailMode.Smtp) return ActivatorUtilities.CreateInstance<SmtpTransport>(services);

        var dataPath = services.GetRequiredService<IHostEnvironment>().ResolvePath(services.GetRequiredService<IOptions<SiteOptions>>().Value.DataPath);
        return new PickupFolderTransport(Path.GetFullPath(Path.Combine(dataPath, mail.PickupPath)));
    }
}
